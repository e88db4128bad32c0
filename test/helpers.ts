import { type ClientOptions, ConversationsClient } from '../src/index.js';
import { gtateth } from '../src/providers/gtateth/index.js';
import {
  createFakeGTateth,
  createVirtualClock,
  type FakeGTateth,
  type FakeGTatethOptions,
} from '../src/testing/index.js';

/** A G-Tateth fake and a client on it, sharing one virtual clock; retries back off in about a millisecond. */
export function setupGTateth(
  fakeOptions: FakeGTatethOptions = {},
  clientOptions: Omit<Partial<ClientOptions>, 'provider'> & {
    authHeader?: 'bearer' | 'x-api-key';
    apiKey?: string;
  } = {},
) {
  const clock = createVirtualClock();
  const fake = createFakeGTateth({ clock, seed: 11, ...fakeOptions });
  const { authHeader, apiKey, ...rest } = clientOptions;
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: apiKey ?? fake.apiKey, ...(authHeader ? { authHeader } : {}) }),
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
    ...rest,
  });
  return { fake, client, clock };
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Another client on an existing G-Tateth fake, e.g. with a different key. */
export function clientFor(fake: FakeGTateth, apiKey: string, options: Omit<Partial<ClientOptions>, 'provider'> = {}) {
  return new ConversationsClient({ provider: gtateth({ apiKey }), fetch: fake.fetch, ...options });
}

/** A clock whose sleeps wake only when the test advances it: shows who is waiting at any moment. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12)) {
  let now = start;
  const sleepers: Array<{ wake: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep(ms: number) {
      return new Promise<void>((resolve) => {
        sleepers.push({ wake: now + ms, resolve });
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
