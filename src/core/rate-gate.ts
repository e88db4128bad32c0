import type { Pace } from '../spec/request.js';
import type { Clock } from './clock.js';

/**
 * One gate per client. Every attempt passes through it, so when one response tells the client to pause
 * (a 429, or a window with nothing remaining) every other request waits too, instead of each hitting
 * the limit on its own. An optional pace keeps the client under a documented limit in the first place.
 */
export class RateGate {
  #pausedUntil = 0;
  #strikes = 0;
  // Send times of the last `pace.limit` requests, oldest first: a sliding window never exceeds the
  // server's fixed windows, whatever their phase.
  #sent: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly clock: Clock,
    readonly pace: Pace | null = null,
  ) {}

  /** Resolves when this client may send its next request. Calls are served in order. */
  ready(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitTurn());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #waitTurn(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      let until = this.#pausedUntil;
      if (this.pace && this.#sent.length >= this.pace.limit) {
        until = Math.max(until, (this.#sent[0] ?? 0) + this.pace.windowMs);
      }
      if (until <= now) break;
      await this.clock.sleep(until - now);
    }
    if (this.pace) {
      this.#sent.push(this.clock.now());
      if (this.#sent.length > this.pace.limit) this.#sent.shift();
    }
  }

  /** Pause every request until `until` (ms since the epoch); a later pause wins. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /**
   * A rate-limited answer with no server hint: the whole client backs off, longer each time in a row.
   * The 429s of requests that were in flight together are one signal, so a strike that lands while the
   * client is already paused does not lengthen the pause.
   */
  strike(backoff: (attempt: number) => number): number {
    const paused = this.#pausedUntil - this.clock.now();
    if (paused > 0) return paused;
    this.#strikes += 1;
    const wait = backoff(this.#strikes);
    this.pauseUntil(this.clock.now() + wait);
    return wait;
  }

  /** A request went through: the next strike starts the backoff over. */
  clear(): void {
    this.#strikes = 0;
  }
}
