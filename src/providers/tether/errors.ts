import { errorEnvelope } from '../../core/body.js';
import { ConnectionError, RateLimitError, ServerError, TimeoutError } from '../../core/errors.js';
import type { ErrorDetails } from '../provider.js';

/** Three body shapes on one host (§6, trap 9): `error` may be a string, an object, or absent. */
export function parseError(_status: number, body: unknown): ErrorDetails {
  return errorEnvelope(body);
}

/**
 * A failure after which the request may or may not have taken effect (a 5xx, a timeout, a dropped
 * connection, a 429 still refused after its retries: faults can come after the effect, D8). Such a
 * failure is settled by reading the state back, never by resending blindly.
 */
export const ambiguous = (error: unknown): boolean =>
  error instanceof ServerError ||
  error instanceof TimeoutError ||
  error instanceof ConnectionError ||
  error instanceof RateLimitError;
