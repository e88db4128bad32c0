import { describe, expect, it } from 'vitest';
import { RateLimitError, ServerError } from '../../src/index.js';
import {
  createFakeGTateth,
  createFakeTether,
  type FakeGTatethOptions,
  type FakeHeymarketOptions,
  type FakeTetherOptions,
} from '../../src/testing/index.js';
import * as gtateth from '../support/gtateth.js';
import * as heymarket from '../support/heymarket.js';
import { rejection } from '../support/index.js';
import * as tether from '../support/tether.js';

const GT = 'https://api.g-tateth.com/api/v1/conversations';

/** A fake and a client sharing one virtual clock, so a server-asked wait costs no real time. */
const onGTateth = (options: FakeGTatethOptions = {}, maxRetries = 0) =>
  gtateth.setup({ conversations: 5, seed: 5, ...options }, { maxRetries });

function onTether(options: FakeTetherOptions = {}, maxRetries = 0) {
  const env = tether.setup({ conversations: 5, seed: 5, ...options }, { auth: 'token', maxRetries });
  return { ...env, id: [...env.fake.conversations.keys()][0]! };
}

const onHeymarket = (options: FakeHeymarketOptions = {}) =>
  heymarket.setup({ conversations: 5, seed: 5, ...options }, { auth: 'key', maxRetries: 0 });

/** Milliseconds between the first and the second request the fake saw. */
const gap = (fake: { requests(): Array<{ at: number }> }) => {
  const [first, second] = fake.requests();
  return second!.at - first!.at;
};

describe('G-Tateth: a fault chooses the wait its 429 asks for', () => {
  it('an injected { status: 429, retryAfter: 1 } is a RateLimitError asking for 1000 ms', async () => {
    const { fake, client } = onGTateth();
    fake.inject({ status: 429, retryAfter: 1 });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
    expect(fake.requests()).toHaveLength(1);
  });

  it.each(['flat', 'nested'] as const)('%s body, header and client agree on the wait', async (rateLimitBody) => {
    const { fake, client, clock } = onGTateth({ rateLimitBody });
    clock.advance(250); // not on a whole second: Reset is the first whole second at or after now + wait
    const headers = { 'x-api-key': fake.apiKey };
    fake.inject({ status: 429, retryAfter: 7 });
    const response = await fake.fetch(GT, { headers });
    const body = await response.json();
    expect(response.status).toBe(429);
    expect(rateLimitBody === 'flat' ? body.retryAfter : body.error.details.retryAfter).toBe(7);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((clock.now() + 7000) / 1000));
    expect(response.headers.get('retry-after')).toBeNull(); // G-Tateth never sends one (§7)
    fake.inject({ status: 429, retryAfter: 7 });
    const error = (await rejection(() => client.conversations.list())) as RateLimitError;
    expect(error.retryAfterMs).toBe(7000);
    expect(error.rateLimit?.resetAt).toBe(Math.ceil((clock.now() + 7000) / 1000) * 1000);
  });

  it('with retries, the second attempt goes out the asked wait later, on the virtual clock', async () => {
    const { fake, client } = onGTateth({}, 1);
    fake.inject({ status: 429, retryAfter: 1 });
    expect((await client.conversations.list()).items).toHaveLength(5);
    expect(fake.requests().map((r) => r.status)).toEqual([429, 200]);
    expect(gap(fake)).toBeGreaterThanOrEqual(1000);
    expect(gap(fake)).toBeLessThan(2000);
  });

  it('fractions round up, 0 becomes the documented minimum of 1 s, and the default stays 60 s', async () => {
    const { fake } = onGTateth();
    const headers = { 'x-api-key': fake.apiKey };
    const wait = async (fault: { retryAfter?: number }) => {
      fake.inject({ status: 429, ...fault });
      return (await (await fake.fetch(GT, { headers })).json()).retryAfter;
    };
    expect(await wait({ retryAfter: 1.2 })).toBe(2);
    expect(await wait({ retryAfter: 0 })).toBe(1);
    expect(await wait({})).toBe(60);
  });

  it('random 429s ask for rateLimitRetryAfter (default 60 s)', async () => {
    for (const [options, expected] of [
      [{ rateLimitRate: 1, rateLimitRetryAfter: 2 }, 2],
      [{ rateLimitRate: 1 }, 60],
    ] as const) {
      const { fake, client } = onGTateth(options);
      const response = await fake.fetch(GT, { headers: { 'x-api-key': fake.apiKey } });
      expect((await response.json()).retryAfter).toBe(expected);
      expect((await rejection(() => client.conversations.list())) as RateLimitError).toMatchObject({
        retryAfterMs: expected * 1000,
      });
    }
    // A short random wait lets a client with retries through without real time.
    const { fake, client } = onGTateth({ conversations: 120, rateLimitRate: 0.3, rateLimitRetryAfter: 1, seed: 8 }, 20);
    expect(await client.conversations.list({ limit: 10 }).toArray()).toHaveLength(120);
    expect(fake.requests().map((r) => r.status)).toContain(429);
  });
});

describe('Tether: a fault chooses its Retry-After', () => {
  it('an injected { status: 429, retryAfter: 1 } is a RateLimitError asking for 1000 ms', async () => {
    const { fake, client, id } = onTether();
    fake.inject({ status: 429, retryAfter: 1 });
    const error = await rejection(() => client.conversations.get(id));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
  });

  it('429 and 503 carry it as Retry-After in integer seconds; a 500 carries none', async () => {
    const { fake, id } = onTether();
    const init = { headers: { authorization: `Bearer ${fake.issueToken()}` } };
    const url = `https://acme.tether.test/api/conversation/${id}`;
    const retryAfter = async (fault: { status: number; retryAfter?: number }) => {
      fake.inject(fault);
      const response = await fake.fetch(url, init);
      expect(response.status).toBe(fault.status);
      return response.headers.get('retry-after');
    };
    expect(await retryAfter({ status: 429, retryAfter: 30 })).toBe('30');
    expect(await retryAfter({ status: 503, retryAfter: 2.5 })).toBe('3');
    expect(await retryAfter({ status: 503, retryAfter: 0 })).toBe('0');
    expect(await retryAfter({ status: 429 })).toBe('1'); // the default is unchanged
    expect(await retryAfter({ status: 500, retryAfter: 5 })).toBeNull();
  });

  it.each([429, 503])('with retries, a %i is retried the asked wait later, on the virtual clock', async (status) => {
    const { fake, client, id } = onTether({}, 1);
    fake.inject({ status, retryAfter: 2, route: 'GET /api/conversation/' });
    expect((await client.conversations.get(id)).id).toBe(id);
    expect(fake.requests().map((r) => r.status)).toEqual([status, 200]);
    expect(gap(fake)).toBeGreaterThanOrEqual(2000);
    expect(gap(fake)).toBeLessThan(3000);
  });

  it('a 503 with maxRetries 0 is a ServerError', async () => {
    const { fake, client, id } = onTether();
    fake.inject({ status: 503, retryAfter: 1 });
    expect(await rejection(() => client.conversations.get(id))).toBeInstanceOf(ServerError);
  });

  it('random 429s carry rateLimitRetryAfter', async () => {
    const { fake, id } = onTether({ rateLimitRate: 1, rateLimitRetryAfter: 4 });
    const response = await fake.fetch(`https://acme.tether.test/api/conversation/${id}`, {
      headers: { authorization: `Bearer ${fake.issueToken()}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
  });
});

describe('Heymarket: a 429 carries no wait (§7), whatever the fault says', () => {
  it('no Retry-After, no rate-limit headers, the documented body; the client has no wait to report', async () => {
    const { fake, client } = onHeymarket({ rateLimitRetryAfter: 9 });
    fake.inject({ status: 429, retryAfter: 5 });
    const response = await fake.fetch('https://api.heymarket.com/v1/inboxes', {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect([...response.headers.keys()].filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
    expect(await response.json()).toEqual({ error: 'rate_limited', message: 'rate limit exceeded' });
    fake.inject({ status: 429, retryAfter: 5 });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeNull();
  });
});

describe('bad waits are refused', () => {
  it('a negative or non-finite retryAfter or rateLimitRetryAfter throws a RangeError', () => {
    const fake = createFakeTether();
    expect(() => fake.inject({ status: 429, retryAfter: -1 })).toThrow(RangeError);
    expect(() => fake.inject({ status: 429, retryAfter: Number.NaN })).toThrow(RangeError);
    expect(() => createFakeGTateth({ rateLimitRetryAfter: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(fake.requests()).toHaveLength(0);
  });
});
