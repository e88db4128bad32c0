import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  ConversationsClient,
  RateLimitError,
  type RetryInfo,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, type Fault } from '../../src/testing/index.js';
import { setup } from '../support/gtateth.js';
import { manualClock, rejection, settle } from '../support/index.js';

function withRetries(fakeOptions = {}, clientOptions = {}) {
  const retries: RetryInfo[] = [];
  const env = setup({ conversations: 5, ...fakeOptions }, { onRetry: (r) => retries.push(r), ...clientOptions });
  return { ...env, retries, id: env.fake.sorted()[0]!._id };
}

describe('retries', () => {
  it('waits the body retryAfter of a 429 (through the client clock), then succeeds', async () => {
    const { client, fake, retries, id } = withRetries();
    fake.inject({ status: 429 });
    const t0 = fake.clock.now();
    expect((await client.conversations.get(id)).id).toBe(id);
    const [first, second] = fake.requests();
    expect([first?.status, second?.status]).toEqual([429, 200]);
    expect(second!.at - t0).toBeGreaterThanOrEqual(60_000);
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, reason: 'rate_limit', status: 429, method: 'GET', delayMs: 60_000 }),
    ]);
  });

  it('waits until X-RateLimit-Reset when a 429 body carries no wait', async () => {
    const { client, fake, id } = withRetries();
    fake.inject({ status: 429, body: { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' } });
    const t0 = fake.clock.now();
    await client.conversations.get(id);
    const reset = Number(Math.ceil((t0 + 60_000) / 1000)) * 1000;
    expect(fake.requests()[1]!.at).toBeGreaterThanOrEqual(reset);
  });

  it('a server wait longer than maxRetryAfter fails at once with RateLimitError carrying the wait', async () => {
    const { client, fake, id } = withRetries({}, { maxRetryAfter: 10_000 });
    fake.inject({ status: 429 });
    const error = (await rejection(() => client.conversations.get(id))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(60_000);
    expect(fake.requests()).toHaveLength(1);
  });

  const idempotentCalls = {
    get: (c: ConversationsClient, id: string) => c.conversations.get(id),
    list: (c: ConversationsClient) => c.conversations.list(),
    update: (c: ConversationsClient, id: string) => c.conversations.update(id, { priority: 'high' }),
  };
  // Each failure, with the reason `onRetry` must report for it.
  const faults: Record<string, [Fault, RetryInfo['reason']]> = {
    '429 with retryAfter in the body': [{ status: 429 }, 'rate_limit'],
    '429 with only X-RateLimit-Reset': [
      { status: 429, body: { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' } },
      'rate_limit',
    ],
    '5xx': [{ status: 503 }, 'server_error'],
    'dropped connection': [{ drop: true }, 'connection'],
    timeout: [{ delay: 200 }, 'timeout'],
  };

  for (const [name, call] of Object.entries(idempotentCalls)) {
    for (const [what, [fault, reason]] of Object.entries(faults)) {
      it(`retries ${name} after a ${what}`, async () => {
        const { client, fake, retries, id } = withRetries({}, { timeout: 40 });
        fake.inject(fault);
        await call(client as ConversationsClient, id);
        expect(fake.requests()).toHaveLength(2);
        expect(retries).toHaveLength(1);
        expect(retries[0]!.reason).toBe(reason);
      });
    }
  }

  it('reports every retry in order, then surfaces the last error', async () => {
    const { client, fake, retries, id } = withRetries();
    fake.inject({ status: 500, times: 3 });
    const error = await rejection(() => client.conversations.get(id));
    expect(error).toBeInstanceOf(ServerError);
    expect(retries.map((r) => [r.attempt, r.reason, r.status])).toEqual([
      [1, 'server_error', 500],
      [2, 'server_error', 500],
    ]);
    expect(fake.requests()).toHaveLength(3);
  });

  it('maxRetries: 0 disables retries', async () => {
    const { client, fake, id } = withRetries({}, { maxRetries: 0 });
    fake.inject({ status: 500 });
    expect(await rejection(() => client.conversations.get(id))).toBeInstanceOf(ServerError);
    fake.inject({ status: 429 });
    expect(await rejection(() => client.conversations.get(id))).toBeInstanceOf(RateLimitError);
    expect(fake.requests()).toHaveLength(2);
  });

  describe('create is not idempotent', () => {
    const input = (fake: ReturnType<typeof createFakeGTateth>) => ({ subject: 'New', inboxId: fake.inboxes[0]! });

    it.each([
      ['a 5xx', { status: 500, when: 'after' as const }, ServerError],
      ['a dropped connection', { drop: true, when: 'after' as const }, ConnectionError],
      ['a timeout', { delay: 200 }, TimeoutError],
    ])('is not retried after %s', async (_, fault, ErrorClass) => {
      const { client, fake } = withRetries({}, { timeout: 40 });
      const before = fake.conversations.size;
      fake.inject({ route: 'POST', ...fault });
      expect(await rejection(() => client.conversations.create(input(fake)))).toBeInstanceOf(ErrorClass);
      expect(fake.requests('POST')).toHaveLength(1);
      expect(fake.conversations.size - before).toBe('when' in fault ? 1 : 0);
    });

    it('is retried on 429 and creates exactly one conversation', async () => {
      const { client, fake } = withRetries();
      const before = fake.conversations.size;
      fake.inject({ route: 'POST', status: 429 });
      const c = await client.conversations.create(input(fake));
      expect(fake.requests('POST').map((r) => r.status)).toEqual([429, 201]);
      expect(fake.conversations.size - before).toBe(1);
      expect(fake.conversations.has(c.id)).toBe(true);
    });
  });
});

describe('one rate gate per client', () => {
  it('a 429 pauses every request of the client, not just the one that hit it', async () => {
    const clock = manualClock();
    const fake = createFakeGTateth({ clock, conversations: 5 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch, clock });
    const id = fake.sorted()[0]!._id;
    fake.inject({ status: 429 });
    const first = client.conversations.get(id);
    await settle();
    expect(fake.requests().map((r) => r.status)).toEqual([429]);
    const others = [client.conversations.get(id), client.conversations.list()];
    await settle();
    expect(fake.requests()).toHaveLength(1); // nobody else went out during the pause
    clock.advance(60_000);
    await Promise.all([first, ...others]);
    expect(fake.requests().map((r) => r.status)).toEqual([429, 200, 200, 200]);
    expect(
      fake
        .requests()
        .slice(1)
        .every((r) => r.at >= fake.requests()[0]!.at + 60_000),
    ).toBe(true);
  });

  it('a retry takes one slot of the pace, like any attempt', async () => {
    const { client, fake } = setup({ conversations: 5 }, { pace: { limit: 3, windowMs: 60_000 } });
    const id = fake.sorted()[0]!._id;
    fake.inject({ status: 500 });
    await client.conversations.get(id); // two attempts
    await client.conversations.get(id); // the third slot: no wait
    await client.conversations.get(id); // the fourth: waits for the window
    const [first, , third, fourth] = fake.requests();
    expect(third!.at - first!.at).toBeLessThan(1_000);
    expect(fourth!.at - first!.at).toBeGreaterThanOrEqual(60_000);
  });

  it('X-RateLimit-Remaining: 0 pauses the client until the reset, so it never sees a 429', async () => {
    const { client, fake } = setup({ conversations: 5, rateLimit: { limit: 3, windowSeconds: 60 } });
    const id = fake.sorted()[0]!._id;
    for (let i = 0; i < 7; i++) await client.conversations.get(id);
    const log = fake.requests();
    expect(log.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(log[3]!.at - log[0]!.at).toBeGreaterThanOrEqual(60_000);
    expect(log[6]!.at - log[0]!.at).toBeGreaterThanOrEqual(120_000);
  });
});
