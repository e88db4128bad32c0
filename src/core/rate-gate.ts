import type { Pace } from '../spec/request.js';
import { abortable } from './abort.js';
import type { Clock } from './clock.js';

/** An attempt's way through the gate; `done()` once its answer (or failure) is handled. */
export interface Pass {
  /** The strikes the gate had counted when the attempt passed. */
  readonly struck: number;
  done(): void;
}

/**
 * One gate per client. Every attempt passes through it, so when one response tells the client to pause
 * (a 429, or a window with nothing remaining) every other request waits too, instead of each hitting
 * the limit on its own. An optional pace keeps the client under a documented limit in the first place.
 */
export class RateGate {
  #pausedUntil = 0;
  /** Header-less 429s in a row; a success resets it. */
  #strikes = 0;
  /** Every strike so far, never reset. */
  #struck = 0;
  /** While strikes stand, one attempt at a time goes out to probe the server; the others wait for it. */
  #probe: Promise<void> | null = null;
  // Send times of the last `pace.limit` requests, oldest first: a sliding window never exceeds the
  // server's fixed windows, whatever their phase.
  #sent: number[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly clock: Clock,
    readonly pace: Pace | null = null,
  ) {}

  /**
   * Resolves when this client may send its next request. Calls are served in order. An aborted `signal`
   * rejects at once, wherever the call is in the queue, and its turn takes no slot of the pace.
   */
  ready(signal?: AbortSignal): Promise<Pass> {
    const turn = this.#queue.then(() => this.#waitTurn(signal));
    this.#queue = turn.catch(() => undefined);
    return abortable(turn, signal);
  }

  async #waitTurn(signal: AbortSignal | undefined): Promise<Pass> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      let until = this.#pausedUntil;
      if (this.pace && this.#sent.length >= this.pace.limit) {
        until = Math.max(until, (this.#sent[0] ?? 0) + this.pace.windowMs);
      }
      if (until > now) await this.clock.sleep(until - now, signal);
      else if (this.#probe) await abortable(this.#probe, signal);
      else break;
    }
    if (this.pace) {
      this.#sent.push(this.clock.now());
      if (this.#sent.length > this.pace.limit) this.#sent.shift();
    }
    let done = () => {};
    if (this.#strikes > 0) {
      const probe = new Promise<void>((resolve) => {
        done = resolve;
      });
      this.#probe = probe;
      probe.then(() => {
        if (this.#probe === probe) this.#probe = null;
      });
    }
    return { struck: this.#struck, done: () => done() };
  }

  /** Pause every request until `until` (ms since the epoch); a later pause wins. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /**
   * A rate-limited answer with no server hint: the whole client backs off, longer each time in a row.
   * The 429s of requests that were in flight together are one signal: a strike from a request that
   * passed the gate before the last strike (`pass.struck`), or that lands while the client is paused,
   * does not lengthen the pause. Until a request succeeds, requests then go out one at a time.
   */
  strike(backoff: (attempt: number) => number, pass: Pass): number {
    const paused = this.#pausedUntil - this.clock.now();
    if (paused > 0 || pass.struck < this.#struck) return Math.max(0, paused);
    this.#strikes += 1;
    this.#struck += 1;
    const wait = backoff(this.#strikes);
    this.pauseUntil(this.clock.now() + wait);
    return wait;
  }

  /** A request went through: the next strike starts the backoff over. */
  clear(): void {
    this.#strikes = 0;
  }
}
