import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { createFakeGTateth, createVirtualClock, type FakeGTatethOptions, type Fault } from '../../src/testing/index.js';
import { clientFor, setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const BASE = 'https://api.g-tateth.com/api/v1/conversations';

/** What the tests read of a body: the standard envelope, or the flat 429 (`code`, `retryAfter`). */
interface WireBody {
  success: boolean;
  code?: string;
  retryAfter?: number;
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

/** A fake on a virtual clock 300 ms into a second, and a raw fetch with its key. */
function rawFake(options: FakeGTatethOptions = {}) {
  const clock = createVirtualClock();
  clock.advance(300);
  const fake = createFakeGTateth({ clock, conversations: 5, ...options });
  const auth = { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' };
  const call = async (url = BASE, init: RequestInit = {}) => {
    const response = await fake.fetch(url, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: response.status, body: body as WireBody, rate: rateOf(response) };
  };
  return { fake, clock, call, id: fake.sorted()[0]!._id };
}

function rateOf(response: Response) {
  const h = (name: string) => response.headers.get(`x-ratelimit-${name}`);
  return h('limit') === null && h('remaining') === null && h('reset') === null
    ? null
    : { limit: Number(h('limit')), remaining: Number(h('remaining')), reset: Number(h('reset')) };
}

describe("G-Tateth: the fake's own fixed window (§7, D7)", () => {
  it('the 6th request of a 5-per-minute key is a flat 429 with Remaining 0; the client waits it out', async () => {
    const { fake, clock, call } = rawFake({ rateLimit: { limit: 5, windowSeconds: 60 } });
    const t0 = clock.now();
    const reset = Math.ceil((t0 + 60_000) / 1000);
    for (let i = 0; i < 5; i++) expect((await call()).rate).toEqual({ limit: 5, remaining: 4 - i, reset });
    const sixth = await call();
    expect(sixth.status).toBe(429);
    expect(sixth.rate).toEqual({ limit: 5, remaining: 0, reset });
    expect(sixth.body).toEqual({
      success: false,
      error: 'Rate limit exceeded',
      code: 'RATE_LIMIT_EXCEEDED',
      retryAfter: Math.ceil(reset - t0 / 1000), // Reset − now, whole seconds: 61 at 300 ms into a second
    });
    expect(sixth.body.retryAfter).toBe(61);

    // A client on the spent key: its first attempt is refused too, then it waits on the virtual clock.
    const client = clientFor(fake, { clock, maxRetryAfter: 120_000 });
    expect((await client.conversations.list()).items).toHaveLength(5);
    const log = fake.requests();
    expect(log.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 200]);
    expect(log.at(-1)!.at).toBeGreaterThanOrEqual(reset * 1000);
    expect(log.at(-1)!.at - t0).toBeLessThan(62_000);
  });

  it('with the default maxRetryAfter (60 s), an hour-long window surfaces RateLimitError carrying the wait', async () => {
    const { fake, client, clock } = setup({ conversations: 3, rateLimit: { limit: 2, windowSeconds: 3600 } });
    await client.conversations.list();
    await client.conversations.list(); // Remaining 0, but the reset is too far off to wait for
    const error = (await rejection(() => client.conversations.list())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED', requestId: null });
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.rateLimit).toEqual({ limit: 2, remaining: 0, resetAt: clock.now() + 3_600_000 });
    expect(fake.requests().map((r) => r.status)).toEqual([200, 200, 429]); // no sleep, no retry
  });

  it('4xx answers count against the window; 401s and 429s (the window’s or injected) do not', async () => {
    const { fake, clock, call, id } = rawFake({ rateLimit: { limit: 3, windowSeconds: 60 } });
    expect(await call(`${BASE}?limit=101`)).toMatchObject({ status: 400, rate: { remaining: 2 } });
    expect(await call(`${BASE}`, { headers: { authorization: 'Bearer sk_live_nope' } })).toMatchObject({
      status: 401,
      rate: null,
    });
    fake.inject({ status: 429 });
    expect(await call()).toMatchObject({ status: 429, rate: { remaining: 0 } });
    expect(await call(`${BASE}/ffffffffffffffffffffffff`)).toMatchObject({ status: 404, rate: { remaining: 1 } });
    expect(await call(`${BASE}/${id}`)).toMatchObject({ status: 200, rate: { remaining: 0 } });
    for (let i = 0; i < 3; i++) expect(await call()).toMatchObject({ status: 429, rate: { remaining: 0 } });
    clock.advance(60_000);
    expect(await call()).toMatchObject({ status: 200, rate: { limit: 3, remaining: 2 } });
  });
});

describe('G-Tateth: rate-limit headers on every authenticated answer, faults included (§7, D7)', () => {
  const faults: Array<[string, Fault, number]> = [
    ['an injected 500', { status: 500 }, 500],
    ['an injected 409', { status: 409 }, 409],
    ['an injected 400', { status: 400 }, 400],
    ['an injected 403', { status: 403 }, 403],
    ['an injected 404', { status: 404 }, 404],
    ['an injected 422', { status: 422 }, 422],
    ['an injected 503 gateway page', { status: 503 }, 503],
    ['a when:"after" 500', { status: 500, when: 'after' }, 500],
    ['a fault with its own body', { status: 500, body: { oops: true } }, 500],
  ];

  it.each(faults)('%s is counted and carries Limit, Remaining and Reset', async (_, fault, status) => {
    const { fake, clock, call } = rawFake({ rateLimit: { limit: 10, windowSeconds: 60 } });
    const reset = Math.ceil((clock.now() + 60_000) / 1000);
    await call();
    fake.inject(fault);
    expect(await call()).toMatchObject({ status, rate: { limit: 10, remaining: 8, reset } });
    expect(await call()).toMatchObject({ status: 200, rate: { remaining: 7 } });
  });

  it('a when:"after" fault counts the request once', async () => {
    const { fake, call } = rawFake({ rateLimit: { limit: 10, windowSeconds: 60 } });
    fake.inject({ status: 500, when: 'after', route: 'POST' });
    const before = fake.conversations.size;
    const failed = await call(BASE, {
      method: 'POST',
      body: JSON.stringify({ subject: 'x', inboxId: fake.inboxes[0] }),
    });
    expect(failed).toMatchObject({ status: 500, rate: { remaining: 9 } });
    expect(fake.conversations.size).toBe(before + 1);
    expect(await call()).toMatchObject({ status: 200, rate: { remaining: 8 } });
  });

  it('an injected 429 says Remaining 0 and is not counted; an injected 401 carries no headers', async () => {
    const { fake, call } = rawFake({ rateLimit: { limit: 10, windowSeconds: 60 } });
    fake.inject({ status: 429 });
    expect(await call()).toMatchObject({ status: 429, rate: { limit: 10, remaining: 0 } });
    fake.inject({ status: 401 });
    expect(await call()).toMatchObject({ status: 401, rate: null, body: { error: { code: 'AUTH_REQUIRED' } } });
    expect(await call()).toMatchObject({ status: 200, rate: { remaining: 9 } });
  });

  it('random faults carry them too', async () => {
    const { fake, call } = rawFake({ errorRate: 0.5, rateLimitRate: 0.3, seed: 4 });
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const { status, rate } = await call();
      seen.add(status);
      expect(rate, `answer ${i} (${status})`).toMatchObject({ limit: 5000 });
      if (status === 429) expect(rate?.remaining).toBe(0);
    }
    expect([...seen].sort()).toEqual([200, 429, 500]);
    expect(fake.requests()).toHaveLength(30);
  });

  it('unauthenticated answers never carry them, even with a fault queued', async () => {
    const { fake, call } = rawFake();
    fake.inject({ status: 500 });
    const unauth = await call(BASE, { headers: { authorization: '' } });
    expect(unauth).toMatchObject({ status: 401, rate: null });
    expect(await call()).toMatchObject({ status: 500, rate: { remaining: 4999 } }); // the fault waited its turn
  });
});

describe('G-Tateth: injected faults get the body code of their status', () => {
  it.each([
    [400, 'VALIDATION_ERROR', true],
    [422, 'VALIDATION_ERROR', true],
    [401, 'AUTH_REQUIRED', false],
    [403, 'INSUFFICIENT_PERMISSIONS', false],
    [404, 'NOT_FOUND', false],
    [409, 'CONFLICT', false],
    [500, 'INTERNAL_ERROR', false],
    [501, 'INTERNAL_ERROR', false],
  ])('%i → %s', async (status, code, withDetails) => {
    const { fake, call } = rawFake();
    fake.inject({ status });
    const { body } = await call();
    expect(body.success).toBe(false);
    expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.stringMatching(/^req_/) });
    expect('details' in body.error).toBe(withDetails);
    fake.inject({ status, code: 'CUSTOM_CODE' });
    expect((await call()).body.error.code).toBe('CUSTOM_CODE');
  });

  it.each(['flat', 'nested'] as const)('a chosen code is honoured on a %s 429', async (rateLimitBody) => {
    const { fake, call } = rawFake({ rateLimitBody });
    fake.inject({ status: 429, code: 'QUOTA_EXCEEDED' });
    const { body } = await call();
    expect(rateLimitBody === 'flat' ? body.code : body.error.code).toBe('QUOTA_EXCEEDED');
    fake.inject({ status: 429 });
    const plain = (await call()).body;
    expect(rateLimitBody === 'flat' ? plain.code : plain.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });

  it.each([
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
    [504, 'Gateway Timeout'],
  ])('%i is a gateway HTML page', async (status, reason) => {
    const { fake, call } = rawFake();
    fake.inject({ status });
    const { body } = await call();
    expect(body).toBe(`<html><body><h1>${status} ${reason}</h1></body></html>`);
  });
});
