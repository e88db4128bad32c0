import ky, { type HTTPError, isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { HttpConfig, ProviderContext, RequestSpec, Warning } from '../providers/provider.js';
import type { Clock } from './clock.js';
import {
  type ApiError,
  AuthenticationError,
  apiErrorFor,
  ConnectionError,
  type RateLimitInfo,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { RateGate } from './rate-gate.js';
import { validate } from './schema.js';

export type RetryReason = 'rate_limit' | 'server_error' | 'timeout' | 'connection';

/** One retry, as `onRetry` sees it just before the request goes out again. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the request waited before this retry, in ms. */
  delayMs: number;
  reason: RetryReason;
  status: number | null;
  requestId: string | null;
  method: string;
  path: string;
}

export interface Backoff {
  /** First wait, doubled on each further attempt. */
  initialMs: number;
  maxMs: number;
}

export interface TransportOptions {
  http: HttpConfig;
  fetch: typeof globalThis.fetch | undefined;
  timeout: number;
  maxRetries: number;
  /** A server-requested wait longer than this fails with `RateLimitError` instead of sleeping. */
  maxRetryAfter: number;
  backoff: Backoff;
  /** Backoff of the whole client after rate-limited answers that carry no wait. */
  rateLimitBackoff: Backoff;
  clock: Clock;
  gate: RateGate;
  onRetry: ((info: RetryInfo) => void) | undefined;
  onWarning: ((warning: Warning) => void) | undefined;
}

interface FailedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  body: unknown;
}

const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const ALL_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head'] as const;

/** Equal jitter: between half and all of the computed delay, so waits spread but never collapse to 0. */
const jitter = (ms: number) => ms * (0.5 + Math.random() * 0.5);

function exponential(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!text) return undefined;
  if (contentType && !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `Retry-After` as delta seconds or an HTTP date, in ms from now. */
function retryAfterHeader(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after');
  if (value == null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Sends provider-described requests: auth, retries, the client's rate gate, validation, errors. */
export class Transport {
  readonly #ky: KyInstance;
  readonly #o: TransportOptions;
  readonly context: ProviderContext;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.#ky = ky.create({
      ...(options.fetch ? { fetch: options.fetch } : {}),
      timeout: options.timeout,
      throwHttpErrors: true,
    });
    this.context = {
      request: (spec) => this.request(spec),
      now: () => options.clock.now(),
      warn: (warning) => options.onWarning?.(warning),
    };
  }

  /** Send one described request; on a refused credential, refresh it once if the provider can. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const sent: { headers: Record<string, string> } = { headers: {} };
    try {
      return await this.#send(spec, sent);
    } catch (error) {
      const { refresh } = this.#o.http.auth;
      if (!(error instanceof AuthenticationError) || !refresh || spec.auth === false) throw error;
      if (!(await refresh(this.context, sent.headers))) throw error;
      return this.#send(spec, sent);
    }
  }

  async #send<T>(spec: RequestSpec<T>, sent: { headers: Record<string, string> }): Promise<T> {
    const o = this.#o;
    const { http, clock, gate } = o;
    // Per-call state the hooks share: ky runs them in order, one attempt at a time.
    const st = {
      failure: null as FailedResponse | null,
      failedAt: clock.now(),
      retryAfterMs: null as number | null,
      noRetry: false,
      retried: false,
    };

    const authenticate = async (request: Request) => {
      if (spec.auth === false) return;
      sent.headers = await http.auth.headers(this.context);
      for (const [name, value] of Object.entries(sent.headers)) request.headers.set(name, value);
    };
    const observe = (headers: Headers): RateLimitInfo | null => {
      const info = http.rateLimit?.(headers) ?? null;
      // Waiting out an exhausted window is only worth it when it is short; a longer one surfaces as a 429.
      if (info?.remaining === 0 && info.resetAt != null && info.resetAt - clock.now() <= o.maxRetryAfter) {
        gate.pauseUntil(info.resetAt);
      }
      return info;
    };

    let response: Response;
    try {
      response = await this.#ky(http.baseUrl.replace(/\/+$/, '') + spec.path, {
        method: spec.method,
        ...(spec.body === undefined ? {} : { json: spec.body }),
        ...(spec.query ? { searchParams: cleanQuery(spec.query) } : {}),
        retry: {
          limit: o.maxRetries,
          methods: [...ALL_METHODS],
          statusCodes: RETRY_STATUSES,
          // Server-given waits are handled below, through the client's gate, so ky never sleeps on them.
          afterStatusCodes: [],
          retryOnTimeout: true,
          delay: (attempt) => exponential(o.backoff, attempt),
          backoffLimit: o.backoff.maxMs,
          jitter,
          shouldRetry: ({ error }) => {
            st.failedAt = clock.now();
            if (!isHTTPError(error)) st.failure = null;
            if (st.noRetry) return false;
            if (isHTTPError(error) && error.response.status === 429) return undefined;
            return spec.idempotent ? undefined : false;
          },
        },
        hooks: {
          beforeRequest: [
            async ({ request }) => {
              await gate.ready(request.signal);
              await authenticate(request);
            },
          ],
          beforeRetry: [
            async ({ request, error, retryCount }) => {
              st.retried = true;
              await gate.ready();
              await authenticate(request);
              o.onRetry?.({
                attempt: retryCount,
                delayMs: clock.now() - st.failedAt,
                reason: reasonOf(error, st.failure),
                status: st.failure?.status ?? null,
                requestId: st.failure ? this.#requestId(st.failure.headers, undefined) : null,
                method: spec.method,
                path: spec.path,
              });
            },
          ],
          afterResponse: [
            async ({ response: res, retryCount }) => {
              const info = observe(res.headers);
              if (res.ok) {
                st.failure = null;
                gate.clear();
                return;
              }
              const text = await res.text();
              const body = parseBody(text, res.headers.get('content-type'));
              st.failure = { status: res.status, statusText: res.statusText, headers: res.headers, text, body };
              st.failedAt = clock.now();
              const serverPaced = res.status === 429 || (res.status === 503 && spec.idempotent);
              if (!serverPaced) return;
              const details = http.parseError(res.status, body, res.headers);
              const fromReset = info?.resetAt != null ? Math.max(0, info.resetAt - clock.now()) : null;
              const wait =
                retryAfterHeader(res.headers, clock.now()) ??
                details.retryAfterMs ??
                (res.status === 429 ? fromReset : null);
              st.retryAfterMs = wait;
              if (wait != null && wait > o.maxRetryAfter) {
                st.noRetry = true;
                return;
              }
              if (retryCount >= o.maxRetries) return;
              if (wait != null) gate.pauseUntil(clock.now() + wait);
              else if (res.status === 429) gate.strike((n) => jitter(exponential(o.rateLimitBackoff, n)));
              else return; // a 503 without a hint: ky's own backoff
              return ky.retry({ delay: 0 });
            },
          ],
        },
      });
    } catch (error) {
      if (spec.goneMeansDone && st.retried && st.failure?.status === 404) return undefined as T;
      throw this.#mapError(error, st.failure, st.retryAfterMs, spec);
    }

    const requestId = this.#requestId(response.headers, undefined);
    if (spec.schema === null) {
      await response.body?.cancel();
      return undefined as T;
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ResponseValidationError([{ path: '', message: 'body is not JSON' }], requestId, text);
    }
    return validate(spec.schema, data, requestId, text);
  }

  #requestId(headers: Headers, details: { requestId?: string | null } | undefined): string | null {
    const header = this.#o.http.requestIdHeader;
    return details?.requestId ?? (header ? headers.get(header) : null) ?? null;
  }

  #mapError(error: unknown, failure: FailedResponse | null, retryAfterMs: number | null, spec: RequestSpec<unknown>) {
    if (failure && (isHTTPError(error) || (error as Error)?.name === 'ForceRetryError')) {
      const details = this.#o.http.parseError(failure.status, failure.body, failure.headers);
      const requestId = this.#requestId(failure.headers, details);
      const code = details.code ?? null;
      const message = `${details.message ?? (failure.statusText || 'Request failed')} (${failure.status}${code ? ` ${code}` : ''}${requestId ? `, request ${requestId}` : ''})`;
      return apiErrorFor({
        status: failure.status,
        code,
        message,
        requestId,
        rateLimit: this.#o.http.rateLimit?.(failure.headers) ?? null,
        body: failure.text,
        retryAfterMs: retryAfterMs ?? details.retryAfterMs ?? null,
      });
    }
    if (isTimeoutError(error)) {
      return new TimeoutError(`${spec.method} ${spec.path} timed out after ${this.#o.timeout} ms`);
    }
    if (isNetworkError(error)) {
      const cause = (error as { cause?: unknown }).cause;
      const reason = cause instanceof Error ? cause.message : 'network error';
      return new ConnectionError(`${spec.method} ${spec.path} failed: ${reason}`);
    }
    if (isHTTPError(error)) return httpErrorWithoutBody(error as HTTPError, this.#o.http.requestIdHeader);
    return error;
  }
}

function httpErrorWithoutBody(error: HTTPError, requestIdHeader: string | undefined): ApiError {
  const { status, statusText, headers } = error.response;
  const requestId = requestIdHeader ? headers.get(requestIdHeader) : null;
  return apiErrorFor({ status, code: null, message: `${statusText || 'Request failed'} (${status})`, requestId });
}

function reasonOf(error: Error, failure: FailedResponse | null): RetryReason {
  if (failure?.status === 429) return 'rate_limit';
  if (failure?.status === 408 || isTimeoutError(error)) return 'timeout';
  if (failure) return 'server_error';
  return 'connection';
}

function cleanQuery(query: NonNullable<RequestSpec<unknown>['query']>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value != null) out[key] = String(value);
  return out;
}
