import type { Pace, RateLimitInfo } from '../spec/request.js';
import { abortable } from './abort.js';
import type { Clock } from './clock.js';
import type { Log } from './log.js';

/** An attempt's way through the gate; `done()` once its answer (or failure) is handled. */
export interface Pass {
  /** The 429s the gate had counted when the attempt passed. */
  readonly struck: number;
  /** When it passed, on the gate's clock. */
  readonly at: number;
  /** How many attempts had passed, this one included. */
  readonly seq: number;
  done(): void;
}

export interface GateOptions {
  /** Attempts in flight at first, while the server's limit is unknown. Default: no bound. */
  window?: number;
  /** A server budget that resets later than this (ms) is not waited for: its requests meet the 429. */
  maxWait?: number;
  /** Where the gate says why it holds the client (see {@link LONG_WAIT}). */
  log?: Log;
}

/**
 * A wait of the client's pace (or of a rate learned from 429s) this long or longer is logged at `info`;
 * a shorter one at `debug`. A client kept to its pace waits a little before most requests, and a line
 * for each would bury everything else; a wait of a second or more is a pause a caller notices. A wait
 * for a server budget that is spent (its headers said nothing remains) is always `info`: it happens
 * once per window. Pauses after a 429 are logged where the 429 is handled.
 */
export const LONG_WAIT = 1000;

/** A rate learned from 429s is forgotten after this many of its windows without another one. */
const KEEP = 60;

/**
 * One gate per client. Every attempt passes through it, so when one response tells the client to pause
 * (a 429, or a window with nothing remaining) every other request waits too, instead of each hitting
 * the limit on its own. It also meters what it lets through:
 * - a pace (a documented limit, or the client's `pace`) keeps the client under it, as a sliding window;
 * - a budget the server reports (rate-limit headers) is spent and not exceeded until its window resets;
 * - without one, the gate finds the rate: few attempts are in flight at first (`window`), one more for
 *   each answer that took time to come (parallel requests only help while answers take time), half as
 *   many after a 429; and a 429 sets the rate to the successes of the last
 *   second, per second, doubling that window at each further 429. A learned rate is kept for 60 of its
 *   windows after the last 429.
 */
export class RateGate {
  #pausedUntil = 0;
  /** 429s in a row; a success resets it. */
  #strikes = 0;
  /** Every 429 counted so far, never reset. */
  #struck = 0;
  #passed = 0;
  /** While strikes stand, one attempt at a time goes out to probe the server; the others wait for it. */
  #probe: Promise<void> | null = null;
  // Send times, oldest first: a sliding window never exceeds the server's fixed windows, whatever their
  // phase.
  #sent: number[] = [];
  /** Send times of the successes of the last second. */
  #ok: number[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #window: number;
  #inFlight = 0;
  /** Wakes the turn waiting for an attempt to finish. */
  #wake: (() => void) | null = null;
  #learned: { limit: number; windowMs: number; until: number } | null = null;
  /** What the server said is left of its budget until `resetAt`. */
  #budget: { left: number; resetAt: number } | null = null;
  readonly #maxWait: number;
  readonly #log: Log | undefined;

  constructor(
    readonly clock: Clock,
    readonly pace: Pace | null = null,
    { window = Number.POSITIVE_INFINITY, maxWait = Number.POSITIVE_INFINITY, log }: GateOptions = {},
  ) {
    this.#window = window;
    this.#maxWait = maxWait;
    this.#log = log;
  }

  /**
   * Resolves when this client may send its next request. Calls are served in order. An aborted `signal`
   * rejects at once, wherever the call is in the queue, and its turn takes no slot of the pace. A call
   * `ahead` (a login) skips the queue, the window and the probe, but not a pause or a pace: the
   * requests ahead of it may be waiting for the credential it fetches.
   */
  ready(signal?: AbortSignal, ahead = false): Promise<Pass> {
    const turn = ahead ? this.#waitTurn(signal, ahead) : this.#queue.then(() => this.#waitTurn(signal, ahead));
    if (!ahead) this.#queue = turn.catch(() => undefined);
    // A turn that comes after its caller gave up is handed back.
    turn.then(
      (pass) => signal?.aborted && pass.done(),
      () => undefined,
    );
    return abortable(turn, signal);
  }

  async #waitTurn(signal: AbortSignal | undefined, ahead: boolean): Promise<Pass> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      let until = this.#pausedUntil;
      // What sets `until`: a pause (logged where the 429 set it), a pace (`why`), or a spent server budget.
      let why: string | null = null;
      let spent = false;
      const learned = this.#learned && now < this.#learned.until ? this.#learned : null;
      for (const pace of [this.pace, learned]) {
        const n = this.#sent.length;
        const at = pace && n >= pace.limit ? (this.#sent[n - pace.limit] ?? 0) + pace.windowMs : 0;
        if (pace && at > until) {
          until = at;
          const requests = `${pace.limit} request${pace.limit === 1 ? '' : 's'}`;
          why = `at most ${requests} per ${pace.windowMs} ms${pace === learned ? ', the rate learned from 429s' : ''}`;
        }
      }
      // Once its window is over, a budget is forgotten: the next answer brings the new one.
      if (this.#budget && this.#budget.resetAt <= now) this.#budget = null;
      const budget = this.#budget;
      if (budget && budget.left < 1 && budget.resetAt - now <= this.#maxWait && budget.resetAt > until) {
        until = budget.resetAt;
        spent = true;
      }
      // Time passes only once the answers in flight are in: they may change the wait, and a virtual
      // clock would otherwise jump ahead of requests still on their way.
      const room = until > now ? 1 : budget ? Number.POSITIVE_INFINITY : this.#window;
      if (!ahead && this.#inFlight >= room) await abortable(new Promise<void>((wake) => (this.#wake = wake)), signal);
      else if (until > now) {
        const ms = Math.round(until - now);
        if (spent) this.#log?.('info', () => `rate limit window spent: every request waits ${ms} ms for its reset`);
        else if (why)
          this.#log?.(ms >= LONG_WAIT ? 'info' : 'debug', () => `pacing: every request waits ${ms} ms (${why})`);
        await this.clock.sleep(until - now, signal);
      } else if (this.#probe && !ahead) await abortable(this.#probe, signal);
      else break;
    }
    const at = this.clock.now();
    this.#sent.push(at);
    // As many as a pace needs, and those of the last second, which a learned rate starts from.
    const keep = Math.max(this.pace?.limit ?? 0, this.#learned?.limit ?? 0);
    while (this.#sent.length > keep && (this.#sent[0] ?? at) <= at - 1000) this.#sent.shift();
    if (this.#budget) this.#budget.left -= 1;
    this.#inFlight += 1;
    let probed = () => {};
    if (this.#strikes > 0) {
      const probe = new Promise<void>((resolve) => {
        probed = resolve;
      });
      this.#probe = probe;
      probe.then(() => {
        if (this.#probe === probe) this.#probe = null;
      });
    }
    let open = true;
    const done = () => {
      if (!open) return;
      open = false;
      this.#inFlight -= 1;
      probed();
      this.#nudge();
    };
    return { struck: this.#struck, at, seq: ++this.#passed, done };
  }

  #nudge(): void {
    this.#wake?.();
    this.#wake = null;
  }

  /** Pause every request until `until` (ms since the epoch); a later pause wins. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /**
   * A rate-limited answer. The whole client pauses for the server's `wait`, or else backs off, longer
   * each time in a row. The 429s of requests that were in flight together are one signal: a 429 from a
   * request that passed the gate before the last one counted (`pass.struck`), or that lands while the
   * client is paused, neither lengthens the backoff nor teaches the gate anything. Until a request
   * succeeds, requests then go out one at a time. Returns the pause.
   */
  strike(backoff: (attempt: number) => number, pass: Pass, wait: number | null = null): number {
    const now = this.clock.now();
    const paused = this.#pausedUntil - now;
    const fresh = paused <= 0 && pass.struck >= this.#struck;
    if (fresh) {
      this.#strikes += 1;
      this.#struck += 1;
      this.#window = Math.max(1, Math.floor(this.#window / 2));
      const learned = this.#learned && now < this.#learned.until ? this.#learned : null;
      const ok = this.#ok.filter((t) => t > now - 1000).length;
      const next = learned
        ? { ...learned, windowMs: Math.min(learned.windowMs * 2, 60_000) }
        : { limit: ok, windowMs: 1000 };
      if (!this.#budget && next.limit > 0) this.#learned = { ...next, until: now + KEEP * next.windowMs };
    }
    const pause = wait ?? (fresh ? backoff(this.#strikes) : Math.max(0, paused));
    this.pauseUntil(now + pause);
    return pause;
  }

  /** A request went through: the next strike starts the backoff over. */
  clear(): void {
    this.#strikes = 0;
  }

  /** A success: an answer that took time widens the window by one. */
  ok(pass: Pass): void {
    const now = this.clock.now();
    this.clear();
    if (now > pass.at) this.#window += 1;
    this.#ok.push(pass.at);
    while ((this.#ok[0] ?? now) <= now - 1000) this.#ok.shift();
    this.#nudge();
  }

  /**
   * What an answer said of the server's budget: what remains until the reset, less the attempts sent
   * since this one. Another reset time starts another budget; within one window, the lowest count wins.
   */
  observe(pass: Pass, info: RateLimitInfo | null): void {
    const { remaining, resetAt } = info ?? {};
    if (remaining == null || resetAt == null || resetAt <= this.clock.now()) return;
    const left = remaining - (this.#passed - pass.seq);
    const budget = this.#budget;
    if (budget?.resetAt === resetAt) budget.left = Math.min(budget.left, left);
    else this.#budget = { left, resetAt };
    this.#nudge();
  }
}
