import type { Clock } from '../core/clock.js';

/** A clock that only moves when told: pass it to a fake and to a client, and waits cost no real time. */
export interface VirtualClock extends Clock {
  /** Moves the clock to `ms` (ms since the epoch), forwards or back. */
  set(ms: number): void;
  /** Moves the clock `ms` milliseconds forward. */
  advance(ms: number): void;
}

/**
 * Where a virtual clock starts by default, and the instant a fake built without a `clock` seeds its
 * data back from, so its seeded store is the same whatever the wall clock says.
 */
export const VIRTUAL_START = Date.UTC(2026, 0, 15, 12, 0, 0);

/**
 * Virtual time. `sleep(ms)` moves the clock to at least `now + ms` and resolves on the next tick, so
 * concurrent sleepers do not add up and a client's backoff is visible in the fake's timestamps.
 */
export function createVirtualClock(start = VIRTUAL_START): VirtualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      const wake = now + Math.max(0, ms);
      await Promise.resolve();
      now = Math.max(now, wake);
    },
  };
}

/** An instant as the fakes write timestamps: ISO 8601 in UTC, with milliseconds and `Z`. */
export const iso = (ms: number): string => new Date(ms).toISOString();
