import { type Clock, systemClock } from './core/clock.js';
import { Runtime } from './core/dispatch.js';
import { ConfigurationError } from './core/errors.js';
import { createLog, type Logger, type LogLevel } from './core/log.js';
import { checkRawRequest, type RawRequest, type RawResult } from './core/passthrough.js';
import { RateGate } from './core/rate-gate.js';
import { checkRequestOptions, integer, type RequestOptions } from './core/request-options.js';
import { type Backoff, type RetryInfo, Transport } from './core/transport.js';
import { type BulkResource, bulkResource } from './resources/bulk.js';
import { type ConversationsResource, conversationsResource } from './resources/conversations.js';
import { type InboxesResource, inboxesResource } from './resources/inboxes.js';
import { type MessagesResource, messagesResource } from './resources/messages.js';
import { type UsersResource, usersResource } from './resources/users.js';
import type { Capability, Provider, Warning } from './spec/provider.js';
import type { Pace } from './spec/request.js';

/**
 * What {@link ConversationsClient} takes: the provider, and how the client retries, paces, times out and logs.
 * Every option but `provider` has a default; a bad value is a {@link ConfigurationError} at construction.
 */
export interface ClientOptions<P extends Provider = Provider> {
  /** From a provider factory: `gtateth({ apiKey })`, `heymarket(...)`, `tether(...)`. */
  provider: P;
  /** Retries per request after the first attempt. Default 2; 0 disables retries. */
  maxRetries?: number;
  /** Milliseconds per attempt, for the response and again for its body. Default 30 000. */
  timeout?: number;
  /**
   * The longest response body the client reads, in bytes. A longer success is refused with an `ApiError`
   * (the body is not read); a longer error body is not kept. Default 32 MiB.
   */
  maxResponseBytes?: number;
  /** Any fetch-compatible function; the fakes pass theirs. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** A server-requested wait longer than this (ms) fails with `RateLimitError` instead. Default 60 000. */
  maxRetryAfter?: number;
  /** Backoff between retries of failed attempts. Default 500 ms doubling to 8 s, with jitter. */
  backoff?: Partial<Backoff>;
  /** Backoff of the whole client after 429s that carry no wait. Default 1 s doubling to 60 s, with jitter. */
  rateLimitBackoff?: Partial<Backoff>;
  /** Request budget the client keeps to; default the provider's documented limit. `null` disables it. */
  pace?: Pace | null;
  /** Offset lists: pages fetched ahead while earlier ones are consumed. Default 3. */
  lookAhead?: number;
  /** Called before each retry is sent. */
  onRetry?: (info: RetryInfo) => void;
  /** Called for conditions worth knowing that do not fail a call (e.g. a tie group too large to page). */
  onWarning?: (warning: Warning) => void;
  /** Time source for waits between retries and rate-limit pauses; tests pass a fake clock. */
  clock?: Clock;
  /** Where log lines go. Default `console`. No credential is ever logged. */
  logger?: Logger;
  /**
   * `debug`: every attempt; `info`: retries and rate-limit pauses; `warn`: what `onWarning` reports;
   * `error`: responses that break the API's contract. Default the `CONVERSATIONS_SDK_LOG` environment
   * variable where `process.env` exists, else `'warn'`.
   */
  logLevel?: LogLevel;
}

// Timers take a signed 32-bit delay (`integer` caps every option there); a longer one fires at once.
const positiveInt = integer;

function backoffOf(value: Partial<Backoff> | undefined, name: string, fallback: Backoff): Backoff {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new ConfigurationError(`${name} must be { initialMs?, maxMs? }`);
  }
  // The checked values, not a spread: an explicit `undefined` must fall back, not become NaN waits.
  return {
    initialMs: positiveInt(value?.initialMs, `${name}.initialMs`, fallback.initialMs),
    // A max below the start is a cap, not a mistake: `{ maxMs: 0 }` turns the waits off.
    maxMs: positiveInt(value?.maxMs, `${name}.maxMs`, fallback.maxMs),
  };
}

/**
 * `pace`: both fields, or `null` to turn pacing off. A field left out is an error, not a default: an
 * incomplete pace that quietly turned pacing off would drop the provider's documented limit with it.
 */
function paceOf(value: Pace | null | undefined, fallback: Pace | undefined): Pace | null {
  if (value === undefined) return fallback ?? null;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigurationError('pace must be { limit, windowMs }, or null to turn pacing off');
  }
  const missing = (['limit', 'windowMs'] as const).find((field) => value[field] === undefined);
  if (missing) {
    throw new ConfigurationError(
      `pace.${missing} is required: pace is { limit, windowMs }, or null to turn pacing off`,
    );
  }
  // Copied, so a caller changing its object later does not change the client's pace.
  return {
    limit: positiveInt(value.limit, 'pace.limit', 0, 1, Number.MAX_SAFE_INTEGER),
    windowMs: positiveInt(value.windowMs, 'pace.windowMs', 0, 1),
  };
}

function callback<F>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new ConfigurationError(`${name} must be a function`);
  return value;
}

/**
 * One client for every provider.
 *
 * @example
 * const client = new ConversationsClient({ provider: gtateth({ apiKey: process.env.GTATETH_KEY }) });
 * for await (const c of client.conversations.list({ status: 'open' })) console.log(c.subject);
 */
export class ConversationsClient<P extends Provider = Provider> {
  /** The provider the client was built with: its name, HTTP settings and operations. */
  readonly provider: P;
  /** Conversations; their `raw` is typed as the provider's wire object. */
  readonly conversations: ConversationsResource<P>;
  /** A conversation's messages: list and send (Heymarket, Tether). */
  readonly messages: MessagesResource<P>;
  /** The team's shared inboxes (Heymarket). */
  readonly inboxes: InboxesResource<P>;
  /** The team's members, whom conversations can be assigned to (Heymarket). */
  readonly users: UsersResource<P>;
  /** Bulk jobs: an action on every conversation matching a filter, paced, resumable, reported per item. */
  readonly bulk: BulkResource<P>;
  readonly #transport: Transport;

  /**
   * A client on one provider. Bad options throw `ConfigurationError` here, before any request.
   * @param options The provider (required) and the client's options.
   */
  constructor(options: ClientOptions<P>) {
    const { provider } = options ?? {};
    if (
      !provider ||
      typeof provider !== 'object' ||
      typeof provider.http?.baseUrl !== 'string' ||
      typeof provider.http.auth?.headers !== 'function' ||
      !provider.operations
    ) {
      throw new ConfigurationError('provider is required: pass gtateth(...), heymarket(...) or tether(...)');
    }
    // `null` is no clock: left out, the system clock applies.
    const clock = options.clock === undefined ? systemClock : options.clock;
    if (typeof clock?.now !== 'function' || typeof clock.sleep !== 'function') {
      throw new ConfigurationError('clock must have now() and sleep(ms)');
    }
    const maxRetryAfter = positiveInt(options.maxRetryAfter, 'maxRetryAfter', 60_000);
    const log = createLog(options.logger, options.logLevel);
    const transport = new Transport({
      http: provider.http,
      fetch: callback(options.fetch, 'fetch'),
      timeout: positiveInt(options.timeout, 'timeout', 30_000, 1),
      maxResponseBytes: positiveInt(options.maxResponseBytes, 'maxResponseBytes', 2 ** 25, 1, Number.MAX_SAFE_INTEGER),
      maxRetries: positiveInt(options.maxRetries, 'maxRetries', 2),
      maxRetryAfter,
      backoff: backoffOf(options.backoff, 'backoff', { initialMs: 500, maxMs: 8_000 }),
      rateLimitBackoff: backoffOf(options.rateLimitBackoff, 'rateLimitBackoff', { initialMs: 1_000, maxMs: 60_000 }),
      clock,
      // One attempt in flight at first: the gate widens it as answers come back (see RateGate).
      gate: new RateGate(clock, paceOf(options.pace, provider.http.pace), { window: 1, maxWait: maxRetryAfter, log }),
      onRetry: callback(options.onRetry, 'onRetry'),
      onWarning: callback(options.onWarning, 'onWarning'),
      log,
    });
    this.provider = provider;
    this.#transport = transport;
    const rt = new Runtime(provider, (o) => transport.contextFor(o), positiveInt(options.lookAhead, 'lookAhead', 3));
    // The facades are built for any provider; their types narrow them to what this provider has. The
    // type system cannot check that at run time, so missing operations throw `UnsupportedOperationError`.
    this.conversations = conversationsResource(rt) as ConversationsResource<P>;
    this.messages = messagesResource(rt) as MessagesResource<P>;
    this.inboxes = inboxesResource(rt) as InboxesResource<P>;
    this.users = usersResource(rt) as UsersResource<P>;
    this.bulk = bulkResource(rt) as BulkResource<P>;
  }

  /**
   * Sends a request to any endpoint of the provider's API, with the client's auth, base URL, retries
   * (unless `idempotent: false`), rate gate, timeout and errors. Resolves for any success status.
   *
   * @example
   * const { data } = await client.request({ method: 'GET', path: '/v1/inboxes' });
   */
  async request(request: RawRequest, options?: RequestOptions): Promise<RawResult> {
    return this.#transport.raw(checkRawRequest(request), checkRequestOptions(options));
  }

  /** Whether the provider has an operation, e.g. `client.supports('conversations.transfer')`. */
  supports(name: Capability | (string & {})): boolean {
    return (this.provider.capabilities as readonly string[]).includes(name);
  }
}
