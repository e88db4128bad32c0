import type { ErrorDetails } from '../../spec/provider.js';
import type { RateLimitInfo } from '../../spec/request.js';
import { at, errorEnvelope, secondsToMs, str } from '../kit/body.js';

/** A 429 is flat (`error` a string, `retryAfter` top-level); every other error nests under `error`. */
export function parseError(_status: number, body: unknown): ErrorDetails {
  const error = at(body, 'error');
  return {
    ...errorEnvelope(body),
    requestId: str(at(error, 'requestId')),
    retryAfterMs: secondsToMs(at(body, 'retryAfter')) ?? secondsToMs(at(error, 'details', 'retryAfter')),
  };
}

/** `{"success": false, "error": {…}}` under a success status: the envelope says the call failed. */
export const failure = (body: unknown): ErrorDetails | null =>
  at(body, 'success') === false ? parseError(200, body) : null;

/** The `X-RateLimit-*` headers every authenticated answer carries. */
export function rateLimit(headers: Headers): RateLimitInfo | null {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (limit === null && remaining === null && reset === null) return null;
  const n = (v: string | null) => (v === null || v.trim() === '' || Number.isNaN(Number(v)) ? null : Number(v));
  const resetSeconds = n(reset);
  // X-RateLimit-Reset is an absolute unix time in seconds, not a delta.
  return { limit: n(limit), remaining: n(remaining), resetAt: resetSeconds === null ? null : resetSeconds * 1000 };
}
