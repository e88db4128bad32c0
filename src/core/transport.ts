import ky, {
  type BeforeRequestHook,
  type KyInstance,
  TimeoutError as KyTimeoutError,
  NetworkError,
  type Options,
} from 'ky';
import type { ErrorDetails, HttpConfig, ProviderContext, Warning } from '../spec/provider.js';
import type { RateLimitInfo, RequestSpec } from '../spec/request.js';
import { abortable, abortError } from './abort.js';
import type { Clock } from './clock.js';
import {
  AbortError,
  AuthenticationError,
  apiErrorFor,
  ConfigurationError,
  ConnectionError,
  ConversationsError,
  EXCERPT,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Log } from './log.js';
import type { RawRequest, RawResult } from './passthrough.js';
import type { Pass, RateGate } from './rate-gate.js';
import type { CallOptions, RequestOptions } from './request-options.js';
import { validate } from './schema.js';

/**
 * Why a request is sent again: `rate_limit` a 429, `server_error` a 5xx, `timeout` an attempt past the client's
 * `timeout` (or a 408), `connection` no response at all.
 */
export type RetryReason = 'rate_limit' | 'server_error' | 'timeout' | 'connection';

/** One retry, as `onRetry` sees it just before the request goes out again. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the request waited before this retry, in ms. */
  delayMs: number;
  /** Why the previous attempt failed. */
  reason: RetryReason;
  /** The previous attempt's HTTP status; `null` when it got no response. */
  status: number | null;
  /** The previous attempt's request id, when the server sent one. */
  requestId: string | null;
  /** The request's HTTP method. */
  method: string;
  /** The request's path below the provider's base URL. */
  path: string;
}

/**
 * Exponential backoff: waits start at `initialMs` and double up to `maxMs`, each jittered (see
 * {@link ClientOptions.backoff}).
 */
export interface Backoff {
  /** First wait, doubled on each further attempt. */
  initialMs: number;
  /** The longest wait, in ms; `0` turns the waits off. */
  maxMs: number;
}

export interface TransportOptions {
  http: HttpConfig;
  fetch: typeof globalThis.fetch | undefined;
  /** Milliseconds per attempt for the response to arrive, and again for its body to be read. */
  timeout: number;
  /** A response body longer than this is not read: a success is refused, an error keeps no body. */
  maxResponseBytes: number;
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
/**
 * One context's options, resolved. `unsent` is shared by the context's requests: once one of them went
 * out, the context's work has begun, and its later requests settle it rather than stop at the gate.
 */
type Call = RequestOptions & { timeout: number; maxRetries: number; unsent?: { signal: AbortSignal; sent: boolean } };

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
  /** Stops the attempt at the gate while nothing of its context has been sent (`CallOptions.unsent`). */
  unsent: Call['unsent'];
  /** The retry this attempt is, reported once it is through the gate, so `delayMs` is the whole wait. */
  retry: (Omit<RetryInfo, 'delayMs'> & { failedAt: number }) | null;
  /** When it went out, on the client's clock. */
  at: number;
  /** The URL it went to, as ky built it. */
  url?: string;
  /** Its way through the gate, once it passed. */
  pass?: Pass;
  /**
   * Whether ky went on to send it: false until the `beforeRequest` hook is through. What fails before
   * then (a credential no header can carry, a body that is not JSON) never left the client: it is no
   * network failure, and sending it again would fail the same way.
   */
  out?: boolean;
}

/**
 * Statuses worth another attempt; all but 429 only for requests safe to retry. 501 and 505 say the server
 * will never do it, so asking again only repeats the answer.
 */
const retryableStatus = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

const REDACTED = '[redacted]';

/** What a body read that ran out of time rejects with. */
const TIMED_OUT = Symbol('timed out');

/** What `JSON.parse` gave nothing for. */
const NOT_JSON = Symbol('not JSON');

/**
 * The start of `text`, copied: a slice of a string keeps the whole of it alive, and an error made from a
 * huge body must hold only what it shows.
 */
const copy = (text: string, max = EXCERPT): string => JSON.parse(JSON.stringify(text.slice(0, max)));

/**
 * One attempt's options for ky, with only the keys that have a value: ky merges them into its defaults
 * key by key on every call, so each absent key is work saved on every request.
 */
function options(
  method: string,
  headers: Headers,
  searchParams: Record<string, string | number | boolean> | undefined,
  json: unknown,
  call: Call,
  attempt: Attempt,
): Options {
  const o: Options = { method, headers, timeout: call.timeout, context: { attempt } };
  // A redirect's target carries its own query.
  if (searchParams && Object.keys(searchParams).length > 0) o.searchParams = searchParams;
  if (json !== undefined) o.json = json;
  if (call.signal) o.signal = call.signal;
  return o;
}

/** Redirects that are followed, when they stay on the API's origin. */
const REDIRECT = /^30[12378]$/;

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
 * and JSON body, runs the injected fetch under the per-attempt timeout and the caller's signal, and its
 * `beforeRequest` hook takes each attempt through the client's rate gate and adds the credential. The
 * policy stays here: redirects, bodies and their size limit, which failures are retried, how long to
 * wait (on the client's clock, so tests never sleep), credential renewal, failure envelopes,
 * validation, errors and redaction.
 */
export class Transport {
  readonly #o: TransportOptions;
  readonly #ky: KyInstance;
  /** The API's origin: the only one a request, its credential included, is sent to. */
  readonly #origin: string;
  readonly context: ProviderContext;
  /** Renewals of the credential so far, and the one in flight. */
  #generation = 0;
  #renewing: Promise<boolean> | null = null;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.#origin = new URL(options.http.baseUrl).origin;
    this.context = this.contextFor({});
    this.#ky = ky.create({
      prefix: options.http.baseUrl,
      fetch: options.fetch,
      // One attempt per call: retries, their waits and the gate are the loop's below.
      retry: 0,
      // Every status comes back as a response; `#send` reads its body and decides.
      throwHttpErrors: false,
      // Redirects are followed by `#exchange`, on the API's origin only.
      redirect: 'manual',
      hooks: { beforeRequest: [this.#beforeRequest] },
    });
  }

  #call({ unsent, ...options }: CallOptions): Call {
    const { timeout = this.#o.timeout, maxRetries = this.#o.maxRetries } = options;
    return { ...options, timeout, maxRetries, ...(unsent ? { unsent: { signal: unsent, sent: false } } : {}) };
  }

  /** A context whose requests carry one call's options (signal, timeout, retries, headers). */
  contextFor(options: CallOptions): ProviderContext {
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
    const { auth } = this.#o.http;
    // The credential first, so concurrent requests share the login it may need (a login goes ahead of
    // the line, not behind the requests waiting for it); once through the gate it is asked for again,
    // cached, or made anew when the wait outlived it.
    if (spec.auth !== false) await auth.headers(this.context);
    const held = attempt.unsent && !attempt.unsent.sent ? attempt.unsent.signal : undefined;
    const stop = held && attempt.signal ? AbortSignal.any([attempt.signal, held]) : (held ?? attempt.signal);
    attempt.pass = await this.#o.gate.ready(stop, spec.auth === false);
    attempt.url = request.url;
    if (spec.auth !== false) {
      sent.generation = this.#generation;
      sent.headers = await auth.headers(this.context);
      for (const [name, value] of Object.entries(sent.headers)) {
        try {
          request.headers.set(name, value);
        } catch {
          // The runtime's message quotes the value: only the header's name is said.
          throw new ConfigurationError(
            `${spec.method} ${spec.path} was not sent: the credential cannot go in its ${name} header (it holds characters no HTTP header may carry)`,
          );
        }
      }
    }
    attempt.out = true;
    if (attempt.unsent) attempt.unsent.sent = true;
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
      const attempt: Attempt = { spec, sent, signal, unsent: call.unsent, retry, at: clock.now() };
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
        const response = await this.#exchange(attempt, call, headers, searchParams);
        const { status, ok } = response;
        // A success that needs no body is not read (unless a failure envelope could hide in it).
        let text: string | null = '';
        if (ok && !spec.raw && spec.schema === null && !this.#o.http.failure) await response.body?.cancel();
        else text = await abortable(this.#read(response, call.timeout), signal);
        const info = this.#observe(response.headers, attempt);
        if (ok) {
          done(status, this.#requestId(response.headers));
          if (attempt.pass) gate.ok(attempt.pass);
          if (text === null) {
            const message = `the response body is over maxResponseBytes (${this.#o.maxResponseBytes} bytes)`;
            throw this.#apiError(spec, { response, text: '', details: { code: null, message } }, null, sent.headers);
          }
          return this.#success(spec, response, text, sent.headers);
        }
        text ??= '';
        const body = parseBody(text, response.headers);
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
        // Server-paced answers and 429s pause the whole client; other failures back off this request alone.
        if (status === 429 && attempt.pass) {
          const strike = (n: number) => jitter(exponential(rateLimitBackoff, n));
          this.#pause(gate.strike(strike, attempt.pass, serverWait), attempt);
        } else if (serverWait !== null) this.#pause(serverWait, attempt);
        else wait = jitter(exponential(backoff, retries + 1));
      } catch (error) {
        // Ours already: an abort, a credential that could not be had, an answer refused above.
        if (error instanceof ConversationsError) throw this.#scrub(error, sent.headers, spec);
        if (signal?.aborted) throw abortError(signal);
        if (!attempt.out) {
          done('not sent');
          throw this.#scrub(this.#unsent(spec, error), sent.headers, spec);
        }
        const timedOut = error instanceof KyTimeoutError || error === TIMED_OUT;
        done(timedOut ? 'timed out' : 'failed to connect');
        if (!spec.retrySafe || retries >= maxRetries) {
          throw this.#scrub(this.#transportError(spec, call, error, timedOut), sent.headers, spec);
        }
        reason = timedOut ? 'timeout' : 'connection';
        wait = jitter(exponential(backoff, retries + 1));
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
    if (attempt.pass) this.#o.gate.observe(attempt.pass, info);
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

  /**
   * One attempt's exchange: the request, and the redirects that answer it while they stay on the API's
   * origin, at most five (a 303, or a 301 or 302 to a POST, goes on as a GET without a body, as `fetch`
   * does). Any other redirect is refused, so a credential, in a header or a login's body, never reaches
   * another origin; so is one a browser hides (`opaqueredirect`), whose target cannot be checked.
   */
  async #exchange(
    attempt: Attempt,
    call: Call,
    headers: Headers,
    searchParams: Record<string, string | number | boolean>,
  ): Promise<Response> {
    const { spec } = attempt;
    let input: string | URL = spec.path;
    let { method } = spec;
    let json = spec.body;
    for (let hop = 0; ; hop++) {
      attempt.out = false;
      const response: Response = await abortable(
        this.#ky(input, options(method, headers, hop ? undefined : searchParams, json, call, attempt)),
        call.signal,
      );
      const location: string | null = response.headers.get('location');
      const hidden = response.type === 'opaqueredirect';
      if (!hidden && (location === null || !REDIRECT.test(String(response.status)))) return response;
      await response.body?.cancel();
      let to: URL | null = null;
      try {
        to = new URL(location ?? '', attempt.url);
      } catch {}
      if (hidden || hop > 4 || to?.origin !== this.#origin) {
        const message = `a redirect to ${hidden ? 'a hidden location' : (to?.origin ?? 'an invalid URL')} is refused: requests follow up to 5 redirects within ${this.#origin}`;
        throw this.#apiError(
          spec,
          { response, text: '', details: { code: null, message } },
          null,
          attempt.sent.headers,
        );
      }
      attempt.pass?.done();
      input = to;
      if (response.status === 303 || (response.status < 303 && method === 'POST')) {
        method = 'GET';
        json = undefined;
        headers = new Headers(headers);
        headers.delete('content-type');
      }
    }
  }

  /**
   * The body as text, read within `timeout`; null, left unread, when it is over `maxResponseBytes`, as
   * its `content-length` says or its bytes show as they arrive.
   */
  async #read(response: Response, timeout: number): Promise<string | null> {
    const max = this.#o.maxResponseBytes;
    const reader = response.body?.getReader();
    if (!reader) return '';
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(TIMED_OUT), timeout);
    });
    const all = async (): Promise<string | null> => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return text + decoder.decode();
        bytes += chunk.value.byteLength;
        if (bytes > max) return null;
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    try {
      if (Number(response.headers.get('content-length')) > max) return null;
      // One race for the whole body; cancelling the reader below ends a read still pending.
      return await Promise.race([all(), expired]);
    } finally {
      clearTimeout(timer);
      reader.cancel().catch(() => {});
    }
  }

  /**
   * A success: the passthrough's result, or the body validated by the request's schema. A body that is
   * the API's failure envelope (the provider's `failure`) is an `ApiError` with the success status.
   */
  #success(spec: Outgoing<unknown>, response: Response, text: string, credentials: Record<string, string>): unknown {
    let data: unknown = NOT_JSON;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {}
    const details = data === NOT_JSON ? null : this.#o.http.failure?.(data);
    if (details) throw this.#apiError(spec, { response, text, details }, null, credentials);
    const { status, headers } = response;
    if (spec.raw) return { status, headers, data: parseBody(text, headers) ?? null };
    if (spec.schema === null) return undefined;
    const requestId = this.#requestId(headers);
    const excerpt = () => this.#excerpt(spec, text, credentials);
    try {
      if (data === NOT_JSON)
        throw new ResponseValidationError([{ path: '', message: 'body is not JSON' }], requestId, excerpt());
      return validate(spec.schema, data, requestId, excerpt);
    } catch (error) {
      this.#o.log('error', () =>
        this.#redact(`${spec.method} ${spec.path}: ${(error as Error).message}`, credentials, spec),
      );
      throw error;
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

  /** The start of a body for an error; cut before it is redacted, long enough that a credential at the cut is whole. */
  #excerpt(spec: Outgoing<unknown>, text: string, credentials: Record<string, string>): string | null {
    return spec.secret ? null : this.#redact(text.slice(0, 4 * EXCERPT), credentials, spec);
  }

  /**
   * An error of ours as it leaves: every string in it, at any depth (message, code, request id, headers,
   * body, stack), with the request's credentials cut out and copied, so that none is a slice that keeps
   * a huge body alive. An abort's cause is the caller's own and is left alone.
   */
  #scrub(error: ConversationsError, credentials: Record<string, string>, spec: Outgoing<unknown>): ConversationsError {
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        return copy(this.#redact(value.slice(0, 20 * EXCERPT), credentials, spec), Number.POSITIVE_INFINITY);
      }
      if (Array.isArray(value) || Object.getPrototypeOf(value ?? 0) === Object.prototype || value === error) {
        const object = value as Record<string, unknown>;
        // The stack last: it is formatted from the message when first read, and a stack formatted from
        // the message as it came would keep that text alive.
        const keys = Object.getOwnPropertyNames(object);
        for (const key of [...keys.filter((k) => k !== 'stack'), ...keys.filter((k) => k === 'stack')]) {
          object[key] = walk(object[key]);
        }
      }
      return value;
    };
    return error instanceof AbortError ? error : (walk(error) as ConversationsError);
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
    // Server text is cut, copied and redacted before it goes into a message: the runtime may keep the
    // message an error was made with where no property shows it.
    const clean = (text: string | null | undefined) =>
      text == null ? null : this.#redact(copy(text), credentials, spec);
    const requestId = clean(this.#requestId(response.headers, details.requestId));
    const code = clean(details.code);
    const said = clean(details.message ?? (response.statusText || 'Request failed'));
    const message = `${said} (${status}${code ? ` ${code}` : ''}${requestId ? `, request ${requestId}` : ''})`;
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!CREDENTIAL_HEADER.test(name)) headers[this.#redact(name, credentials, spec)] = value;
    });
    // `#scrub` redacts every field once the error is thrown.
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

  /** A request that failed before it went out: a fault of its input, not of the network. */
  #unsent(spec: Outgoing<unknown>, error: unknown) {
    const cause = copy(error instanceof Error ? error.message : String(error));
    return new ConfigurationError(`${spec.method} ${spec.path} was not sent: ${cause}`);
  }

  #transportError(spec: Outgoing<unknown>, call: Call, error: unknown, timedOut: boolean) {
    const what = `${spec.method} ${spec.path}`;
    if (timedOut) return new TimeoutError(`${what} timed out after ${call.timeout} ms`);
    // Only the cause's message: the error itself holds the request, and with it the credentials and URL.
    const cause = error instanceof NetworkError ? error.cause : error;
    return new ConnectionError(`${what} failed: ${cause instanceof Error ? copy(cause.message) : 'network error'}`);
  }
}
