import type * as z from 'zod/mini';
import { VIRTUAL_START } from './clock.js';
import { Random } from './random.js';

/** What a fake's clock must do; a `VirtualClock` or `{ now: Date.now }`. */
export interface FakeClock {
  /** The fake's current time, in ms since the epoch. */
  now(): number;
}

/** One injected failure. By default it applies once, to the next request, before it takes effect. */
export interface Fault {
  /** Answer with this status (429, 500, 502, 503, …) in the provider's error body. */
  status?: number;
  /** Override the error body's code. */
  code?: string;
  /** Drop the connection instead of answering. */
  drop?: boolean;
  /** Hold the response this long (ms) first; with a short client timeout, a timeout. */
  delay?: number;
  /** `before` (default): nothing happens on the server; `after`: the request is applied, then fails. */
  when?: 'before' | 'after';
  /** Only requests matching `METHOD /path` (a string prefix or a RegExp on `"GET /api/v1/…"`). */
  route?: string | RegExp;
  /** How many matching requests it applies to. Default 1. */
  times?: number;
  /**
   * The wait, in whole seconds (a fraction is rounded up), that an injected 429 asks for where the API's
   * answer carries one: on G-Tateth the body's `retryAfter` and `X-RateLimit-Reset` (default 60, at
   * least 1); on Tether the `Retry-After` header of a 429 or 503 (default 1). Heymarket's 429 carries no
   * wait at all (no headers, no `Retry-After`, nothing in the body), so it does not apply there, and
   * neither does it to statuses whose answer carries no wait (a G-Tateth 503 is a gateway page).
   */
  retryAfter?: number;
  /** Extra response headers, e.g. `Retry-After`; they win over the fake's own. */
  headers?: Record<string, string>;
  /** Replace the error body with this JSON value (the status and headers stay the provider's). */
  body?: unknown;
}

/** Faults drawn at random for every request, from the fake's seed. */
export interface RandomFaults {
  /** Latency per request in ms, fixed or `[min, max]`. Real time: keep it small in tests. */
  latency?: number | [number, number];
  /** Fraction of requests answered 500. */
  errorRate?: number;
  /** Fraction of requests answered 429. */
  rateLimitRate?: number;
  /**
   * The wait random 429s ask for, in seconds, as `Fault.retryAfter` does for injected ones; by default
   * each fake's own (G-Tateth 60, Tether 1). Heymarket's 429 carries no wait, so it does not apply there.
   */
  rateLimitRetryAfter?: number;
  /** Fraction of connections dropped before an answer. */
  dropRate?: number;
}

/** What every fake takes: its seed, its clock and the random faults it draws. */
export interface FakeOptions extends RandomFaults {
  /** Seed of the fake's PRNG: the same seed gives the same seeded store and the same random faults. Default 1. */
  seed?: number;
  /**
   * The fake's time: request timestamps, token expiry, rate-limit windows, new ids. Default `Date.now`.
   * Seeded data is generated back from this clock's `now()` at construction; without a clock, back from
   * a fixed instant (see `FakeServer.seededAt`), so the same seed gives the same store whenever it runs.
   */
  clock?: FakeClock;
}

/** One request as the fake saw it. `startSeq`/`endSeq` order events, so overlap is visible without wall time. */
export interface RequestRecord {
  /** The request's HTTP method. */
  method: string;
  /** The request's path, without the query. */
  path: string;
  /** The request's search parameters. */
  query: URLSearchParams;
  /** The parsed JSON body (the raw text when it did not parse; `undefined` when empty). */
  body: unknown;
  /** The status answered, or `dropped` for a dropped connection. */
  status: number | 'dropped';
  /** The fake's clock when the request arrived. */
  at: number;
  /** Sequence number of the request's arrival, shared with every `endSeq` of this fake. */
  startSeq: number;
  /** Sequence number of the request's answer; `startSeq`s below it arrived before it was answered. */
  endSeq: number;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
  /** The `x-request-id` the answer carried, if any. */
  requestId: string | null;
}

/** A request, read once, for a fake's route handlers. */
export interface FakeRequest {
  /** The request's HTTP method. */
  method: string;
  /** The request's path, without the query. */
  path: string;
  /** The request's search parameters. */
  query: URLSearchParams;
  /** The request's headers. */
  headers: Headers;
  /** The parsed JSON body; `undefined` when empty; `INVALID_JSON` when it does not parse. */
  body: unknown;
}

/** What {@link FakeRequest.body} holds for a body that is not valid JSON. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON');

/**
 * What a fake may send where the provider parses with schema `S`: the schema's input type, met with its
 * output type too, because an open enum declares its input as `unknown` and only its output as a string.
 */
export type WireOf<S extends z.ZodMiniType> = z.input<S> & z.output<S>;

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Thrown by `serve` when a fault drops the connection; adapters turn it into their own network failure. */
export class DroppedConnection extends Error {}

/**
 * The part every fake shares: a fetch handler over route handlers, the request log, injected and
 * random faults, latency. A provider's fake supplies `handle` and its own error body.
 */
export abstract class FakeServer {
  /** The fake's seeded PRNG, which seeds its store and draws its random faults. */
  readonly random: Random;
  /** The fake's clock: `options.clock`, else the wall clock. */
  readonly clock: FakeClock;
  /**
   * The instant the seeded data is generated back from: the clock's `now()` at construction when a
   * `clock` is passed; otherwise 2026-01-15T12:00:00Z, where `createVirtualClock()` starts, so seeded ids
   * and times do not depend on the wall clock. (Should the wall clock read earlier than that, it is the
   * wall clock's now, so seeded data still lies in the fake's past.)
   */
  readonly seededAt: number;
  /** Every request, in arrival order. */
  readonly log: RequestRecord[] = [];
  #faults: Fault[] = [];
  #seq = 0;
  #inFlight = 0;
  readonly #random: RandomFaults;

  /** A fake with the faults, latency, clock and seed of `options`; providers' fakes add their routes. */
  constructor(options: FakeOptions) {
    this.random = new Random(options.seed ?? 1);
    this.clock = options.clock ?? { now: () => Date.now() };
    this.seededAt = options.clock ? options.clock.now() : Math.min(VIRTUAL_START, this.clock.now());
    checkWait(options.rateLimitRetryAfter, 'rateLimitRetryAfter');
    this.#random = options;
  }

  /** Route a request; answer in the wire format. */
  protected abstract handle(request: FakeRequest): Promise<Response> | Response;
  /** The provider's error response for an injected fault. */
  protected abstract faultResponse(status: number, fault: Fault, request: FakeRequest): Response;
  /**
   * Answers a request ahead of every injected and random fault: return a response (a health check, a
   * refused credential, an exhausted window) and no fault applies to the request, or null to go on.
   * Synchronous, so faults are still taken in arrival order. By default, nothing is answered early.
   */
  protected admit(_request: FakeRequest): Response | null {
    return null;
  }
  /** Headers every response of this API carries (e.g. a request id). */
  protected responseHeaders(_request: FakeRequest): Record<string, string> {
    return {};
  }

  /** Queue a fault; it applies to the next matching request(s). */
  inject(fault: Fault): this {
    checkWait(fault.retryAfter, 'retryAfter');
    this.#faults.push({ times: 1, ...fault });
    return this;
  }

  /** Forget queued faults. */
  clearFaults(): void {
    this.#faults = [];
  }

  /** Requests so far, optionally only those matching `METHOD /path` prefix. */
  requests(route?: string | RegExp): RequestRecord[] {
    return route === undefined ? [...this.log] : this.log.filter((r) => matches(route, r.method, r.path));
  }

  /** A fetch-compatible function serving this fake, for `new ConversationsClient({ fetch: fake.fetch })`. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    try {
      return await this.serve(request);
    } catch (error) {
      if (error instanceof DroppedConnection) throw new TypeError('fetch failed');
      throw error;
    }
  };

  /** Serve one request; a dropped connection rejects with `DroppedConnection`. Used by the adapters. */
  async serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = INVALID_JSON;
      }
    }
    const req: FakeRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
    };
    this.#inFlight += 1;
    const record: RequestRecord = {
      method: req.method,
      path: req.path,
      query: req.query,
      body: body === INVALID_JSON ? text : body,
      status: 'dropped',
      at: this.clock.now(),
      startSeq: ++this.#seq,
      endSeq: 0,
      inFlight: this.#inFlight,
      requestId: null,
    };
    this.log.push(record);
    try {
      const response = await this.#respond(req, request.signal);
      record.status = response.status;
      record.requestId = response.headers.get('x-request-id');
      return response;
    } finally {
      this.#inFlight -= 1;
      record.endSeq = ++this.#seq;
    }
  }

  async #respond(req: FakeRequest, signal: AbortSignal): Promise<Response> {
    const r = this.#random;
    const latency = Array.isArray(r.latency) ? this.random.int(r.latency[0], r.latency[1]) : (r.latency ?? 0);
    const early = this.admit(req);
    const taken = early ? null : this.#takeFault(req);
    const wait = latency + (taken?.delay ?? 0);
    if (wait > 0) await sleep(wait, signal);
    if (early) return this.#withHeaders(early, req);
    // A fault that only delays lets the request through once the delay is over.
    const fault = taken && (taken.status !== undefined || taken.drop) ? taken : null;
    if (fault && fault.when !== 'after') return this.#fail(fault, req);
    if (!taken) {
      if (this.random.chance(r.dropRate ?? 0)) throw new DroppedConnection();
      if (this.random.chance(r.rateLimitRate ?? 0)) {
        const wait = r.rateLimitRetryAfter;
        return this.#fail(wait === undefined ? { status: 429 } : { status: 429, retryAfter: wait }, req);
      }
      if (this.random.chance(r.errorRate ?? 0)) return this.#fail({ status: 500 }, req);
    }
    const response = await this.handle(req);
    if (fault) return this.#fail(fault, req);
    return this.#withHeaders(response, req);
  }

  #fail(fault: Fault, req: FakeRequest): Response {
    if (fault.drop) throw new DroppedConnection();
    let response = this.faultResponse(fault.status ?? 500, fault, req);
    if (fault.body !== undefined) response = json(response.status, fault.body, Object.fromEntries(response.headers));
    for (const [name, value] of Object.entries(fault.headers ?? {})) response.headers.set(name, value);
    return this.#withHeaders(response, req);
  }

  #withHeaders(response: Response, req: FakeRequest): Response {
    for (const [name, value] of Object.entries(this.responseHeaders(req))) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  }

  #takeFault(req: FakeRequest): Fault | null {
    const index = this.#faults.findIndex((f) => f.route === undefined || matches(f.route, req.method, req.path));
    if (index < 0) return null;
    const fault = this.#faults[index] as Fault;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.#faults.splice(index, 1);
    return fault;
  }
}

function checkWait(seconds: number | undefined, name: string): void {
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds >= 0)) {
    throw new RangeError(`${name} must be a finite number of seconds, 0 or more`);
  }
}

/** A fault's wait in whole seconds (`retryAfter`, else `fallback`), rounded up and at least `min`. */
export function faultWait(fault: Fault, fallback: number, min = 0): number {
  return Math.max(min, Math.ceil(fault.retryAfter ?? fallback));
}

function matches(route: string | RegExp, method: string, path: string): boolean {
  const line = `${method} ${path}`;
  return typeof route === 'string' ? line.startsWith(route) : route.test(line);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
