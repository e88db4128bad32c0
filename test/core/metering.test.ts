import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeTether, createVirtualClock, FixedWindow, type VirtualClock } from '../../src/testing/index.js';
import * as gtateth from '../support/gtateth.js';
import * as heymarket from '../support/heymarket.js';
import * as tether from '../support/tether.js';

type Provider = 'gtateth' | 'heymarket' | 'tether';
type TetherWait = 'Retry-After' | 'no wait';

/** What one burst did: calls that failed, and every answer the server gave. */
interface Outcome {
  failed: number;
  statuses: number[];
}

/**
 * A Tether fake behind a fetch that allows `limit` requests per fixed one-second window, on the fake's
 * clock, and answers 429 beyond: `Too many requests` with `Retry-After` in whole seconds, or with no wait.
 */
function limitedTether(clock: VirtualClock, limit: number, wait: TetherWait) {
  const fake = createFakeTether({ clock, conversations: 5, seed: 3 });
  const window = new FixedWindow(limit, 1000);
  const statuses: number[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const slot = window.take('key', clock.now());
    if (!slot.ok) {
      statuses.push(429);
      const headers: Record<string, string> =
        wait === 'Retry-After' ? { 'retry-after': String(Math.ceil((slot.resetAt - clock.now()) / 1000)) } : {};
      return Response.json({ error: 'Too many requests' }, { status: 429, headers });
    }
    const response = await fake.fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return { fake, fetch, statuses };
}

/** `burst` concurrent `get()` calls through one client with default options, against `limit` requests per second. */
async function burst(
  provider: Provider,
  limit: number,
  size: number,
  wait: TetherWait = 'Retry-After',
  auth: 'token' | 'login' = 'token',
): Promise<Outcome> {
  const rateLimit = { limit, windowSeconds: 1 };
  let get: () => Promise<unknown>;
  let statuses: () => number[];
  if (provider === 'tether') {
    const clock = createVirtualClock();
    const server = limitedTether(clock, limit, wait);
    const client = tether.clientFor(server.fake, { auth, clock, fetch: server.fetch, backoff: undefined });
    const id = [...server.fake.conversations.keys()][0]!;
    get = () => client.conversations.get(id);
    statuses = () => server.statuses;
  } else if (provider === 'gtateth') {
    const { fake, client } = gtateth.setup({ conversations: 5, rateLimit }, { backoff: undefined });
    const id = fake.sorted()[0]!._id;
    get = () => client.conversations.get(id);
    statuses = () => fake.requests().map((r) => r.status as number);
  } else {
    const { fake, client } = heymarket.setup({ conversations: 5, rateLimit }, { auth: 'key', backoff: undefined });
    const id = String(fake.sorted()[0]!.id);
    get = () => client.conversations.get(id);
    statuses = () => fake.requests().map((r) => r.status as number);
  }
  const results = await Promise.allSettled(Array.from({ length: size }, get));
  return { failed: results.filter((r) => r.status === 'rejected').length, statuses: statuses() };
}

const limited = ({ statuses }: Outcome) => statuses.filter((s) => s === 429).length;

describe('the rate gate meters requests to a limit it has to find', () => {
  it.each<[string, Provider, TetherWait]>([
    ['G-Tateth', 'gtateth', 'Retry-After'],
    ['Heymarket', 'heymarket', 'Retry-After'],
    ['Tether, 429s with Retry-After', 'tether', 'Retry-After'],
    ['Tether, 429s with no wait', 'tether', 'no wait'],
  ])(
    '%s: fifty concurrent get() at 10 per second all succeed, under 10% of requests answered 429',
    async (_, provider, wait) => {
      const outcome = await burst(provider, 10, 50, wait);
      expect(outcome.failed).toBe(0);
      expect(limited(outcome) / outcome.statuses.length).toBeLessThan(0.1);
    },
  );

  it('Tether with email and password: the login shares the budget, and the burst still succeeds', async () => {
    const outcome = await burst('tether', 10, 50, 'Retry-After', 'login');
    expect(outcome.failed).toBe(0);
    expect(limited(outcome) / outcome.statuses.length).toBeLessThan(0.1);
  });

  it('G-Tateth: the rate-limit headers give the budget, so no request meets a 429', async () => {
    const outcome = await burst('gtateth', 10, 50);
    expect(limited(outcome)).toBe(0);
  });

  it('any limit, any burst: every call succeeds; 429s stay under 10% of requests, or are the one that shows the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Provider>('gtateth', 'heymarket', 'tether'),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom<TetherWait>('Retry-After', 'no wait'),
        async (provider, limit, size, wait) => {
          const outcome = await burst(provider, limit, size, wait);
          expect(outcome.failed).toBe(0);
          expect(limited(outcome)).toBeLessThanOrEqual(Math.max(1, Math.floor(outcome.statuses.length / 10)));
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
