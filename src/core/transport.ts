import type { ErrorDetails, HttpConfig, ProviderContext, Warning } from '../spec/provider.js';
import type { RateLimitInfo, RequestSpec } from '../spec/request.js';
import type { Clock } from './clock.js';
import { AuthenticationError, apiErrorFor, ConnectionError, ResponseValidationError, TimeoutError } from './errors.js';
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
  /** Milliseconds per attempt, from sending to the last byte of the body. */
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

/** An answer with an error status, read whole. */
interface Failure {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  body: unknown;
  details: ErrorDetails;
}

/**
 * Statuses worth another attempt; all but 429 only for requests safe to retry. 501 and 505 say the server
 * will never do it, so asking again only repeats the answer.
 */
const retryableStatus = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

const REDACTED = '[redacted]';

/** Equal jitter: between half and all of the computed delay, so waits spread but never collapse to 0. */
const jitter = (ms: number) => ms * (0.5 + Math.random() * 0.5);

function exponential(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
}

/** JSON when the content type says so (or says nothing) and it parses; otherwise the text itself. */
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
  // Decimal seconds are out of spec but sent; `Date.parse('1.5')` would read them as a date in 2001.
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  // A date already past (clock skew) is no hint: the client's own backoff applies instead.
  return Number.isNaN(at) || at <= now ? null : at - now;
}

function url(base: string, path: string, query: RequestSpec<unknown>['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value != null) params.set(key, String(value));
  const search = params.toString();
  return base + path + (search ? `?${search}` : '');
}

const TIMED_OUT = Symbol('timed out');

/** The credential one request last sent, and the renewal it was made after. */
interface Sent {
  headers: Record<string, string>;
  generation: number;
}

/**
 * Sends provider-described requests: auth, attempts with a timeout each, retries, the client's rate
 * gate, validation and errors. Every wait goes through the client's clock, so tests never sleep.
 */
export class Transport {
  readonly #o: TransportOptions;
  readonly context: ProviderContext;
  /** Renewals of the credential so far, and the one in flight. */
  #generation = 0;
  #renewing: Promise<boolean> | null = null;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.context = {
      request: (spec) => this.request(spec),
      now: () => options.clock.now(),
      warn: (warning) => options.onWarning?.(warning),
    };
  }

  /**
   * Send one described request. On a refused credential the provider renews it once, one renewal at a
   * time for the whole client: requests refused while a renewal runs wait for it, and a request whose
   * credential is older than the last renewal is simply sent again with the new one.
   */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const sent: Sent = { headers: {}, generation: this.#generation };
    try {
      return await this.#send(spec, sent);
    } catch (error) {
      if (!(error instanceof AuthenticationError) || spec.auth === false) throw error;
      if (!(await this.#renew(sent))) throw error;
      return this.#send(spec, sent);
    }
  }

  #renew(sent: Sent): Promise<boolean> {
    const { refresh } = this.#o.http.auth;
    if (!refresh) return Promise.resolve(false);
    if (sent.generation < this.#generation) return Promise.resolve(true);
    this.#renewing ??= refresh(this.context, sent.headers)
      .then((renewed) => {
        if (renewed) this.#generation += 1;
        return renewed;
      })
      .finally(() => {
        this.#renewing = null;
      });
    return this.#renewing;
  }

  async #send<T>(spec: RequestSpec<T>, sent: Sent): Promise<T> {
    const { http, clock, gate, maxRetries } = this.#o;
    const target = url(http.baseUrl, spec.path, spec.query);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    // The retry about to be sent, reported once it is through the gate, so `delayMs` is the whole wait.
    let retry: (Omit<RetryInfo, 'delayMs'> & { failedAt: number }) | null = null;
    for (let retries = 0; ; retries++) {
      await gate.ready();
      if (retry) {
        const { failedAt, ...info } = retry;
        this.#o.onRetry?.({ ...info, delayMs: clock.now() - failedAt });
      }
      if (spec.auth !== false) {
        sent.generation = this.#generation;
        sent.headers = await http.auth.headers(this.context);
      }
      const headers: Record<string, string> = { accept: 'application/json', ...sent.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';

      const outcome = await this.#attempt(target, { method: spec.method, headers, body }, spec.schema !== null);
      const failedAt = clock.now();
      let failure: Failure | null = null;
      let reason: RetryReason;
      if ('response' in outcome) {
        const { response, text } = outcome;
        const info = this.#observe(response.headers);
        if (response.ok) {
          gate.clear();
          return this.#parse(spec, response, text, sent.headers);
        }
        const parsed = parseBody(text, response.headers.get('content-type'));
        failure = {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          text,
          body: parsed,
          details: http.parseError(response.status, parsed, response.headers),
        };
        const { status } = failure;
        const retryable = retryableStatus(status) && (status === 429 || spec.retrySafe);
        // A retried delete that finds nothing: an earlier attempt took effect (the wire docs' reading; a
        // fake's 429 may land too).
        if (status === 404 && spec.goneMeansDone && retries > 0) return undefined as T;
        const wait = this.#serverWait(failure, info);
        if (!retryable || retries >= maxRetries || (wait !== null && wait > this.#o.maxRetryAfter)) {
          throw this.#apiError(spec, failure, wait, sent.headers);
        }
        reason = status === 429 ? 'rate_limit' : status === 408 ? 'timeout' : 'server_error';
        // Server-paced answers pause the whole client; other failures back off this request alone.
        if (wait !== null) gate.pauseUntil(clock.now() + wait);
        else if (status === 429) gate.strike((n) => jitter(exponential(this.#o.rateLimitBackoff, n)));
        else await clock.sleep(jitter(exponential(this.#o.backoff, retries + 1)));
      } else {
        const timedOut = outcome.error === TIMED_OUT;
        if (!spec.retrySafe || retries >= maxRetries) throw this.#transportError(spec, outcome.error);
        reason = timedOut ? 'timeout' : 'connection';
        await clock.sleep(jitter(exponential(this.#o.backoff, retries + 1)));
      }
      retry = {
        attempt: retries + 1,
        failedAt,
        reason,
        status: failure?.status ?? null,
        requestId: failure ? this.#requestId(failure.headers, failure.details.requestId) : null,
        method: spec.method,
        path: spec.path,
      };
    }
  }

  /**
   * One attempt, bounded by the timeout from sending to the end of the body. The deadline is raced, not
   * only signalled: a fetch-compatible function or a body stream that ignores the abort still ends then.
   */
  async #attempt(
    target: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
    readBody: boolean,
  ): Promise<{ response: Response; text: string } | { error: unknown }> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(TIMED_OUT);
        reject(TIMED_OUT);
      }, this.#o.timeout);
    });
    let response: Response | undefined;
    try {
      const fetch = this.#o.fetch ?? globalThis.fetch;
      response = await Promise.race([fetch(target, { ...init, signal: controller.signal }), deadline]);
      // A success that needs no body is not read; every error body is, for its code and message.
      if (readBody || !response.ok) return { response, text: await Promise.race([response.text(), deadline]) };
      await response.body?.cancel();
      return { response, text: '' };
    } catch (error) {
      if (!controller.signal.aborted) return { error };
      // The body may still be streaming into a reader that will never finish; let it go.
      response?.body?.cancel().catch(() => undefined);
      return { error: TIMED_OUT };
    } finally {
      clearTimeout(timer);
    }
  }

  #observe(headers: Headers): RateLimitInfo | null {
    const info = this.#o.http.rateLimit?.(headers) ?? null;
    const { clock, gate, maxRetryAfter } = this.#o;
    // Waiting out an exhausted window is only worth it when it is short; a longer one surfaces as a 429.
    if (info?.remaining === 0 && info.resetAt != null && info.resetAt - clock.now() <= maxRetryAfter) {
      gate.pauseUntil(info.resetAt);
    }
    return info;
  }

  /** The wait a rate-limited or unavailable answer asks for: header, then body, then the window reset. */
  #serverWait(failure: Failure, info: RateLimitInfo | null): number | null {
    const { status, headers, details } = failure;
    if (status !== 429 && status !== 503) return null;
    const now = this.#o.clock.now();
    // A reset already past (clock skew) is no hint: the client's own backoff applies instead.
    const fromReset = status === 429 && info?.resetAt != null && info.resetAt > now ? info.resetAt - now : null;
    return retryAfterHeader(headers, now) ?? details.retryAfterMs ?? fromReset;
  }

  #parse<T>(spec: RequestSpec<T>, response: Response, text: string, credentials: Record<string, string>): T {
    if (spec.schema === null) return undefined as T;
    const requestId = this.#requestId(response.headers, null);
    const excerpt = this.#excerpt(spec, text, credentials);
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ResponseValidationError([{ path: '', message: 'body is not JSON' }], requestId, excerpt);
    }
    return validate(spec.schema, data, requestId, excerpt);
  }

  /**
   * Text that goes into an error, with every credential of the request cut out: servers echo keys and
   * tokens in their messages. A login's bodies are credentials themselves and are never kept.
   */
  #redact(text: string, credentials: Record<string, string>, spec: RequestSpec<unknown>): string {
    const secrets = Object.values(credentials).flatMap((value) => [value, value.replace(/^\S+\s+/, '')]);
    if (spec.secret && spec.body && typeof spec.body === 'object') {
      secrets.push(...Object.values(spec.body).filter((v): v is string => typeof v === 'string'));
    }
    let out = text;
    for (const secret of secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  #excerpt(spec: RequestSpec<unknown>, text: string, credentials: Record<string, string>): string | null {
    return spec.secret ? null : this.#redact(text, credentials, spec);
  }

  #requestId(headers: Headers, fromBody: string | null | undefined): string | null {
    const header = this.#o.http.requestIdHeader;
    return fromBody ?? (header ? headers.get(header) : null) ?? null;
  }

  #apiError(
    spec: RequestSpec<unknown>,
    failure: Failure,
    retryAfterMs: number | null,
    credentials: Record<string, string>,
  ) {
    const { details } = failure;
    const requestId = this.#requestId(failure.headers, details.requestId);
    const code = details.code ?? null;
    const text = this.#redact(details.message ?? (failure.statusText || 'Request failed'), credentials, spec);
    const message = `${text} (${failure.status}${code ? ` ${code}` : ''}${requestId ? `, request ${requestId}` : ''})`;
    return apiErrorFor({
      status: failure.status,
      code,
      message,
      requestId,
      rateLimit: this.#o.http.rateLimit?.(failure.headers) ?? null,
      body: this.#excerpt(spec, failure.text, credentials),
      retryAfterMs: retryAfterMs ?? details.retryAfterMs ?? null,
    });
  }

  #transportError(spec: RequestSpec<unknown>, error: unknown) {
    if (error === TIMED_OUT)
      return new TimeoutError(`${spec.method} ${spec.path} timed out after ${this.#o.timeout} ms`);
    // Only the cause's message: the error itself may hold the request, and with it the credentials.
    const reason = error instanceof Error ? error.message : 'network error';
    return new ConnectionError(`${spec.method} ${spec.path} failed: ${reason}`);
  }
}
