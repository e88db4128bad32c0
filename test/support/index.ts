import type { ApiError, ClientOptions, Logger, Warning } from '../../src/index.js';
import { createVirtualClock, type FakeServer, type VirtualClock } from '../../src/testing/index.js';

/**
 * What every provider's `setup()` and `clientFor()` take for the client: any client option but the provider
 * (built from the fake's credentials), and a virtual `clock`, which `setup()` shares with the fake.
 */
export type SupportClientOptions = Omit<Partial<ClientOptions>, 'provider' | 'clock'> & { clock?: VirtualClock };

/** What every provider's `setup()` returns: a fake and a client on it sharing one virtual clock, and the client's warnings. */
export interface Setup<Fake, Client> {
  fake: Fake;
  client: Client;
  clock: VirtualClock;
  warnings: Warning[];
}

/**
 * The client options every support client shares, before the caller's: the fake's fetch, retries that back
 * off in about a millisecond, and the fake's clock when it can sleep (a virtual clock; a fake made without
 * one keeps the client's default clock).
 */
export function onFake(fake: FakeServer): Omit<Partial<ClientOptions>, 'provider'> {
  const clock = fake.clock as Partial<VirtualClock>;
  return {
    fetch: fake.fetch,
    backoff: { initialMs: 1, maxMs: 2 },
    ...(typeof clock.sleep === 'function' ? { clock: clock as VirtualClock } : {}),
  };
}

/**
 * The `setup()` of every provider: `createFake` on one virtual clock (`clientOptions.clock`, else a fresh one),
 * and a client on it by that provider's `clientFor`, collecting its warnings (a caller's own `onWarning` wins).
 */
export function setupWith<Fake extends FakeServer, Options extends SupportClientOptions, Client>(
  createFake: (clock: VirtualClock) => Fake,
  clientFor: (fake: Fake, clientOptions: Options) => Client,
  clientOptions: Options,
): Setup<Fake, Client> {
  const clock = clientOptions.clock ?? createVirtualClock();
  const fake = createFake(clock);
  const warnings: Warning[] = [];
  const client = clientFor(fake, { onWarning: (w: Warning) => warnings.push(w), ...clientOptions, clock });
  return { fake, client, clock, warnings };
}

/**
 * What a promise, or a function's call, rejected with (fails the test when it resolves). A function also
 * catches what it throws before returning a promise. Typed as an API error for assertions.
 */
export async function rejection<E = ApiError>(
  promise: PromiseLike<unknown> | (() => PromiseLike<unknown> | unknown),
): Promise<E> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection');
}

/** A clock whose sleeps wake only when the test advances it: shows who is waiting at any moment. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12)) {
  let now = start;
  const sleepers: Array<{ wake: number; resolve: () => void }> = [];
  return {
    now: () => now,
    /** As `Clock.sleep`: rejects with the signal's reason as soon as it aborts. */
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { wake: now + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            const at = sleepers.indexOf(sleeper);
            if (at >= 0) sleepers.splice(at, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    /** Number of pending sleeps. */
    get sleeping() {
      return sleepers.length;
    },
    advance(ms: number) {
      now += ms;
      for (const sleeper of sleepers.splice(0)) {
        if (sleeper.wake <= now) sleeper.resolve();
        else sleepers.push(sleeper);
      }
    },
  };
}

/** Lets pending promise callbacks run. */
export const settle = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A logger that keeps every line with its severity; `at` gives the lines of one severity that match. */
export function collecting() {
  const lines: Array<[keyof Logger, string]> = [];
  const logger: Logger = {
    debug: (m) => lines.push(['debug', m]),
    info: (m) => lines.push(['info', m]),
    warn: (m) => lines.push(['warn', m]),
    error: (m) => lines.push(['error', m]),
  };
  const at = (severity: keyof Logger, pattern: RegExp) =>
    lines.filter(([s, m]) => s === severity && pattern.test(m)).map(([, m]) => m);
  return { lines, logger, at };
}
