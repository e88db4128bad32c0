/**
 * What a window answers for one request: whether it may pass, what is left, and when the window ends (ms).
 * @inline
 */
export interface WindowSlot {
  /** Whether the request may pass. */
  ok: boolean;
  /** Requests left in the window after this one. */
  remaining: number;
  /** When the window ends, in ms since the epoch. */
  resetAt: number;
}

/** A fixed-window request counter per key, as the real APIs' limits behave. */
export class FixedWindow {
  #windows = new Map<string, { start: number; count: number }>();
  /** Every key starts a window of its own at its first request. */
  constructor(
    /** Requests allowed per key in one window. */
    readonly limit: number,
    /** The window's length, in ms. */
    readonly windowMs: number,
  ) {}

  /** What `take` would answer now, without counting anything. */
  peek(key: string, now: number): WindowSlot {
    const w = this.#windows.get(key);
    if (!w || now >= w.start + this.windowMs) return { ok: true, remaining: this.limit, resetAt: now + this.windowMs };
    return { ok: w.count < this.limit, remaining: Math.max(0, this.limit - w.count), resetAt: w.start + this.windowMs };
  }

  /** Counts a request unless the window is full. */
  take(key: string, now: number): WindowSlot {
    let w = this.#windows.get(key);
    if (!w || now >= w.start + this.windowMs) {
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    const resetAt = w.start + this.windowMs;
    if (w.count >= this.limit) return { ok: false, remaining: 0, resetAt };
    w.count += 1;
    return { ok: true, remaining: this.limit - w.count, resetAt };
  }
}
