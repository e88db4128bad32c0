import ky, {
  type BeforeRequestHook,
  HTTPError,
  type KyInstance,
  TimeoutError as KyTimeoutError,
  NetworkError,
} from 'ky';
import type { ErrorDetails, HttpConfig, ProviderContext, Warning } from '../spec/provider.js';
import type { RateLimitInfo, RequestSpec } from '../spec/request.js';
import { abortable, abortError } from './abort.js';
import type { Clock } from './clock.js';
import {
  AuthenticationError,
  apiErrorFor,
  ConnectionError,
  ConversationsError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Log } from './log.js';
import type { RawRequest, RawResult } from './passthrough.js';
import type { Pass, RateGate } from './rate-gate.js';
import type { RequestOptions } from './request-options.js';
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
  /** Milliseconds per attempt for the response to arrive, and again for its body to be read (ky's `timeout`). */
  timeout: number;
  maxRetries: number;
  /** A server-requested wait longer than this fails with `RateLimitError` instead of sleeping. */
  maxRetryAfter: number;
  backoff: Backoff;
  /** Backoff of the whole client after rate-limited answers that carry no wait. */
  rateLimitBackoff: Backoff;
  clock: Clock;
  gate: RateGate;
  log: Log;
  onRetry: ((info: RetryInfo) => void) | undefined;
  onWarning: ((warning: Warning) => void) | undefined;
}

/** A request as the transport sends it: a provider's spec, or a passthrough (`raw`) with any method. */
type Outgoing<T> = Omit<RequestSpec<T>, 'method'> & { method: string; raw?: boolean };

/** One call's settings: the client's, overridden by the call's own options. */
type Call = RequestOptions & { timeout: number; maxRetries: number };

/** The credential one request last sent, and the renewal it was made after. */
interface Sent {
  headers: Record<string, string>;
  generation: number;
}

/** One attempt; it travels to the `beforeRequest` hook in ky's `context`. */
interface Attempt {
  spec: Outgoing<unknown>;
  sent: Sent;
  signal: AbortSignal | undefined;
  /** The retry this attempt is, reported once it is through the gate, so `delayMs` is the whole wait. */
  retry: (Omit<RetryInfo, 'delayMs'> & { failedAt: number }) | null;
  /** When it went out, on the client's clock. */
  at: number;
  /** Its way through the gate, once it passed. */
  pass?: Pass;
}

/**
 * Statuses worth another attempt; all but 429 only for requests safe to retry. 501 and 505 say the server
 * will never do it, so asking again only repeats the answer.
 */
const retryableStatus = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

const REDACTED = '[redacted]';

/** Response headers that may carry a credential; they never reach an error. */
const CREDENTIAL_HEADER = /auth|cookie|token|secret|key|pass|session/i;

/** Equal jitter: between half and all of the computed delay, so waits spread but never collapse to 0. */
const jitter = (ms: number) => ms * (0.5 + Math.random() * 0.5);

function exponential(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
}

/** JSON when the content type says so (or says nothing) and it parses; otherwise the text itself. */
function parseBody(text: string, headers: Headers): unknown {
  const contentType = headers.get('content-type');
  if (!text) return undefined;
  if (contentType && !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `Retry-After` as delta seconds or an HTTP date, in ms from now (the client's clock, not the wall's). */
function retryAfterHeader(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after');
  if (value == null) return null;
  // Decimal seconds are out of spec but sent; `Date.parse('1.5')` would read them as a date in 2001.
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  // A date already past (clock skew) is no hint: the client's own backoff applies instead.
  return Number.isNaN(at) || at <= now ? null : at - now;
}

/** An answer with an error status, and its body as far as ky read it. */
interface Failure {
  response: Response;
  text: string;
  details: ErrorDetails;
}

/**
 * Sends provider-described requests through one ky instance, one attempt per ky call: ky builds the URL
 * and JSON body, runs the injected fetch under the per-attempt timeout and the caller's signal, reads
 * bodies within the timeout, and its `beforeRequest` hook takes each attempt through the client's rate
 * gate and adds the credential. The policy stays here: which failures are retried, how long to wait
 * (on the client's clock, so tests never sleep), credential renewal, validation, errors and redaction.
 */
export class Transport {
  readonly #o: TransportOptions;
  readonly #ky: KyInstance;
  readonly context: ProviderContext;
  /** Renewals of the credential so far, and the one in flight. */
  #generation = 0;
  #renewing: Promise<boolean> | null = null;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.context = this.contextFor({});
    this.#ky = ky.create({
      prefix: options.http.baseUrl,
      fetch: options.fetch,
      // One attempt per call: retries, their waits and the gate are the loop's below.
      retry: 0,
      // Error bodies reach the error as the text the server sent; the provider's parser reads it.
      parseJson: (text) => text,
      hooks: { beforeRequest: [this.#beforeRequest] },
    });
  }

  #call(options: RequestOptions): Call {
    const { timeout = this.#o.timeout, maxRetries = this.#o.maxRetries } = options;
    return { ...options, timeout, maxRetries };
  }

  /** A context whose requests carry one call's options (signal, timeout, retries, headers). */
  contextFor(options: RequestOptions): ProviderContext {
    const call = this.#call(options);
    return {
      request: <T>(spec: RequestSpec<T>) => this.#request(spec, call) as Promise<T>,
      now: () => this.#o.clock.now(),
      warn: (warning) => {
        this.#o.log('warn', () => warning.message);
        this.#o.onWarning?.(warning);
      },
    };
  }

  /** The passthrough: any endpoint, with the provider's auth, the retries, the gate and the error tree. */
  raw({ idempotent, ...request }: RawRequest, options: RequestOptions): Promise<RawResult> {
    const spec = { ...request, retrySafe: idempotent !== false, schema: null, raw: true };
    return this.#request(spec, this.#call(options)) as Promise<RawResult>;
  }

  /**
   * On a refused credential the provider renews it once, one renewal at a time for the whole client:
   * requests refused while a renewal runs wait for it, and a request whose credential is older than the
   * last renewal is simply sent again with the new one.
   */
  async #request(spec: Outgoing<unknown>, call: Call): Promise<unknown> {
    const sent: Sent = { headers: {}, generation: this.#generation };
    try {
      return await this.#send(spec, call, sent);
    } catch (error) {
      if (!(error instanceof AuthenticationError) || spec.auth === false) throw error;
      if (!(await abortable(this.#renew(sent), call.signal))) throw error;
      return this.#send(spec, call, sent);
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

  /**
   * Every attempt passes the client's gate, then carries the credential the provider gives it; a retry
   * is reported (`onRetry`, the `info` log) once it is through, just before it goes out.
   */
  readonly #beforeRequest: BeforeRequestHook = async ({ request, options }) => {
    const attempt = options.context.attempt as Attempt;
    const { spec, sent, retry } = attempt;
    attempt.pass = await this.#o.gate.ready(attempt.signal);
    if (spec.auth !== false) {
      sent.generation = this.#generation;
      sent.headers = await this.#o.http.auth.headers(this.context);
      for (const [name, value] of Object.entries(sent.headers)) request.headers.set(name, value);
    }
    attempt.at = this.#o.clock.now();
    if (retry) {
      const { failedAt, ...info } = retry;
      const report = { ...info, delayMs: attempt.at - failedAt };
      this.#log(
        'info',
        attempt,
        `retry ${report.attempt} after ${report.delayMs} ms: ${report.reason}${report.status ? ` ${report.status}` : ''}`,
      );
      this.#o.onRetry?.(report);
    }
  };

  /** Writes a line about an attempt, when the level lets it through, with its credentials cut out. */
  #log(severity: 'debug' | 'info', { spec, sent }: Attempt, line: string): void {
    this.#o.log(severity, () => this.#redact(`${spec.method} ${spec.path} ${line}`, sent.headers, spec));
  }

  async #send(spec: Outgoing<unknown>, call: Call, sent: Sent): Promise<unknown> {
    const { clock, gate, backoff, rateLimitBackoff, maxRetryAfter } = this.#o;
    const { signal, maxRetries } = call;
    // Set last: extra headers never replace what the SDK needs (the hook sets the credential later still).
    const headers = new Headers(call.headers);
    headers.set('accept', 'application/json');
    if (spec.body !== undefined) headers.set('content-type', 'application/json');
    const searchParams: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value != null) searchParams[key] = value;
    let retry: Attempt['retry'] = null;
    for (let retries = 0; ; retries++) {
      const attempt: Attempt = { spec, sent, signal, retry, at: clock.now() };
      const done = (outcome: unknown, requestId: string | null = null) =>
        this.#log(
          'debug',
          attempt,
          `${outcome} in ${clock.now() - attempt.at} ms (attempt ${retries + 1}${requestId ? `, request ${requestId}` : ''})`,
        );
      let failure: Failure | null = null;
      let reason: RetryReason;
      /** This request's own backoff, waited once its pass through the gate is done. */
      let wait = 0;
      try {
        const pending = this.#ky(spec.path, {
          method: spec.method,
          headers,
          searchParams,
          json: spec.body,
          timeout: call.timeout,
          signal,
          context: { attempt },
        });
        const response = await abortable(pending, signal);
        // A success that needs no body is not read; ky reads every error body itself.
        const read = spec.raw || spec.schema !== null;
        const text = read ? await abortable(pending.text(), signal) : '';
        if (!read) await response.body?.cancel();
        done(response.status, this.#requestId(response.headers));
        this.#observe(response.headers, attempt);
        gate.clear();
        return spec.raw
          ? { status: response.status, headers: response.headers, data: parseBody(text, response.headers) ?? null }
          : this.#parse(spec, response, text, sent.headers);
      } catch (error) {
        // Ours already: an abort, a credential that could not be had, a body that failed validation.
        if (error instanceof ConversationsError) throw error;
        if (signal?.aborted) throw abortError(signal);
        if (error instanceof HTTPError) {
          const { response, data } = error;
          const text = typeof data === 'string' ? data : '';
          const body = parseBody(text, response.headers);
          const info = this.#observe(response.headers, attempt);
          const { status } = response;
          failure = { response, text, details: this.#o.http.parseError(status, body, response.headers) };
          const requestId = this.#requestId(response.headers, failure.details.requestId);
          done(status, requestId);
          // A retried delete that finds nothing: an earlier attempt took effect (the wire docs' reading; a
          // fake's 429 may land too).
          if (status === 404 && spec.goneMeansDone && retries > 0) return undefined;
          const serverWait = this.#serverWait(failure, info);
          if (
            !(retryableStatus(status) && (status === 429 || spec.retrySafe)) ||
            retries >= maxRetries ||
            (serverWait !== null && serverWait > maxRetryAfter)
          ) {
            throw this.#apiError(spec, failure, serverWait, sent.headers);
          }
          reason = status === 429 ? 'rate_limit' : status === 408 ? 'timeout' : 'server_error';
          // Server-paced answers pause the whole client; other failures back off this request alone.
          if (serverWait !== null) this.#pause(serverWait, attempt);
          else if (status === 429 && attempt.pass) {
            this.#pause(
              gate.strike((n) => jitter(exponential(rateLimitBackoff, n)), attempt.pass),
              attempt,
            );
          } else wait = jitter(exponential(backoff, retries + 1));
        } else {
          const timedOut = error instanceof KyTimeoutError;
          done(timedOut ? 'timed out' : 'failed to connect');
          if (!spec.retrySafe || retries >= maxRetries) throw this.#transportError(spec, call, error);
          reason = timedOut ? 'timeout' : 'connection';
          wait = jitter(exponential(backoff, retries + 1));
        }
      } finally {
        attempt.pass?.done();
      }
      const failedAt = clock.now();
      if (wait > 0) await abortable(clock.sleep(wait, signal), signal);
      retry = {
        attempt: retries + 1,
        failedAt,
        reason,
        status: failure?.response.status ?? null,
        requestId: failure ? this.#requestId(failure.response.headers, failure.details.requestId) : null,
        method: spec.method,
        path: spec.path,
      };
    }
  }

  /** Pauses every request of the client for `ms` (a strike may have set the pause already). */
  #pause(ms: number, attempt: Attempt): void {
    if (ms <= 0) return;
    this.#o.gate.pauseUntil(this.#o.clock.now() + ms);
    this.#log('info', attempt, `rate limited: every request waits ${Math.round(ms)} ms`);
  }

  #observe(headers: Headers, attempt: Attempt): RateLimitInfo | null {
    const info = this.#o.http.rateLimit?.(headers) ?? null;
    const ahead = (info?.resetAt ?? 0) - this.#o.clock.now();
    // Waiting out an exhausted window is only worth it when it is short; a longer one surfaces as a 429.
    if (info?.remaining === 0 && ahead > 0 && ahead <= this.#o.maxRetryAfter) this.#pause(ahead, attempt);
    return info;
  }

  /** The wait a rate-limited or unavailable answer asks for: header, then body, then the window reset. */
  #serverWait({ response: { status, headers }, details }: Failure, info: RateLimitInfo | null): number | null {
    if (status !== 429 && status !== 503) return null;
    const now = this.#o.clock.now();
    // A reset already past (clock skew) is no hint: the client's own backoff applies instead.
    const fromReset = status === 429 && info?.resetAt != null && info.resetAt > now ? info.resetAt - now : null;
    return retryAfterHeader(headers, now) ?? details.retryAfterMs ?? fromReset;
  }

  #parse(spec: Outgoing<unknown>, response: Response, text: string, credentials: Record<string, string>): unknown {
    if (spec.schema === null) return undefined;
    const requestId = this.#requestId(response.headers);
    const excerpt = this.#excerpt(spec, text, credentials);
    try {
      return validate(spec.schema, text === '' ? undefined : JSON.parse(text), requestId, excerpt);
    } catch (error) {
      const invalid =
        error instanceof ResponseValidationError
          ? error
          : new ResponseValidationError([{ path: '', message: 'body is not JSON' }], requestId, excerpt);
      this.#o.log('error', () => `${spec.method} ${spec.path}: ${invalid.message}`);
      throw invalid;
    }
  }

  /**
   * Text that goes into an error or a log line, with every credential of the request cut out: servers
   * echo keys and tokens in their messages. A login's bodies are credentials themselves and are never kept.
   */
  #redact(text: string, credentials: Record<string, string>, spec: Outgoing<unknown>): string {
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

  #excerpt(spec: Outgoing<unknown>, text: string, credentials: Record<string, string>): string | null {
    return spec.secret ? null : this.#redact(text, credentials, spec);
  }

  #requestId(headers: Headers, fromBody?: string | null): string | null {
    const header = this.#o.http.requestIdHeader;
    return fromBody ?? (header ? headers.get(header) : null) ?? null;
  }

  #apiError(
    spec: Outgoing<unknown>,
    { response, text, details }: Failure,
    retryAfterMs: number | null,
    credentials: Record<string, string>,
  ) {
    const { status } = response;
    const requestId = this.#requestId(response.headers, details.requestId);
    const code = details.code ?? null;
    const message = `${this.#redact(details.message ?? (response.statusText || 'Request failed'), credentials, spec)} (${status}${code ? ` ${code}` : ''}${requestId ? `, request ${requestId}` : ''})`;
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!CREDENTIAL_HEADER.test(name)) headers[name] = this.#redact(value, credentials, spec);
    });
    return apiErrorFor({
      status,
      code,
      message,
      requestId,
      rateLimit: this.#o.http.rateLimit?.(response.headers) ?? null,
      body: this.#excerpt(spec, text, credentials),
      headers,
      retryAfterMs: retryAfterMs ?? details.retryAfterMs ?? null,
    });
  }

  #transportError(spec: Outgoing<unknown>, call: Call, error: unknown) {
    const what = `${spec.method} ${spec.path}`;
    if (error instanceof KyTimeoutError) return new TimeoutError(`${what} timed out after ${call.timeout} ms`);
    // Only the cause's message: the error itself holds the request, and with it the credentials and URL.
    const cause = error instanceof NetworkError ? error.cause : error;
    return new ConnectionError(`${what} failed: ${cause instanceof Error ? cause.message : 'network error'}`);
  }
}
