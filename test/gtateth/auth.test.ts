import { describe, expect, it } from 'vitest';
import { type ApiError, AuthenticationError, PermissionDeniedError } from '../../src/index.js';
import { createFakeGTateth, createVirtualClock } from '../../src/testing/index.js';
import { clientFor, setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const LIST = 'https://api.g-tateth.com/api/v1/conversations';
const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** One request straight to the fake, for what the client cannot send. */
async function send(fake: ReturnType<typeof createFakeGTateth>, headers: Record<string, string>, url = LIST) {
  const response = await fake.fetch(new Request(url, { headers }));
  const text = await response.text();
  return { response, body: text === '' ? undefined : JSON.parse(text) };
}

const rateHeadersOf = (response: Response) => RATE_HEADERS.map((h) => response.headers.get(h));

describe('G-Tateth: credentials (§2, D1)', () => {
  it('Authorization wins over X-API-Key when both are sent', async () => {
    const fake = createFakeGTateth({ conversations: 3 });
    const good = await send(fake, { authorization: `Bearer ${fake.apiKey}`, 'x-api-key': 'sk_live_unknown' });
    expect(good.response.status).toBe(200);
    expect(good.body.data).toHaveLength(3);
    const bad = await send(fake, { authorization: 'Bearer sk_live_unknown', 'x-api-key': fake.apiKey });
    expect(bad.response.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: 'API_KEY_INVALID', requestId: expect.stringMatching(/^req_/) });
  });

  it('no credential is 401 AUTH_REQUIRED, with no rate-limit headers', async () => {
    const fake = createFakeGTateth();
    const { response, body } = await send(fake, {});
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ success: false, error: { code: 'AUTH_REQUIRED' } });
    expect(body.error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
    expect(rateHeadersOf(response)).toEqual([null, null, null]);
  });

  it('a user JWT as bearer is 401 AUTH_INVALID; other malformed bearers are API_KEY_INVALID', async () => {
    const fake = createFakeGTateth();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const asJwt = await send(fake, { authorization: `Bearer ${jwt}` });
    expect([asJwt.response.status, asJwt.body.error.code]).toEqual([401, 'AUTH_INVALID']);
    expect(rateHeadersOf(asJwt.response)).toEqual([null, null, null]);
    for (const authorization of [`Basic ${fake.apiKey}`, 'Bearer not-a-key', fake.apiKey]) {
      const { response, body } = await send(fake, { authorization });
      expect([response.status, body.error.code]).toEqual([401, 'API_KEY_INVALID']);
    }
  });

  it('a revoked key is 401 API_KEY_INVALID through the client, not retried', async () => {
    const { fake } = setup();
    const client = clientFor(fake, { apiKey: fake.addKey({ permissions: ['read:conversations'], revoked: true }) });
    const error = (await rejection(() => client.conversations.list())) as ApiError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'API_KEY_INVALID', rateLimit: null });
    expect(error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
    expect(fake.requests()).toHaveLength(1);
  });

  it('an expired key is AuthenticationError API_KEY_EXPIRED with its request id', async () => {
    const { fake } = setup();
    const client = clientFor(fake, { apiKey: fake.addKey({ permissions: ['read:conversations'], expired: true }) });
    const error = (await rejection(() => client.conversations.get(fake.sorted()[0]!._id))) as ApiError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'API_KEY_EXPIRED' });
    expect(error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
  });

  it('rejectTestKeys: the default key is sk_live_ and works; sk_test_ keys are API_KEY_INVALID', async () => {
    const { fake, client } = setup({ conversations: 4, rejectTestKeys: true }, noRetry);
    expect(fake.apiKey).toMatch(/^sk_live_[0-9a-f]{24}$/);
    expect((await client.conversations.list()).items).toHaveLength(4);
    const added = fake.addKey({ permissions: ['read:conversations'] });
    expect(added).toMatch(/^sk_live_/);
    expect((await clientFor(fake, { apiKey: added }).conversations.list()).total).toBe(4);
    const testKey = fake.addKey({ key: 'sk_test_0123456789abcdef', permissions: ['read:conversations'] });
    const error = await rejection(() => clientFor(fake, { apiKey: testKey, ...noRetry }).conversations.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });
    // Without the switch, the same test key is accepted.
    const lenient = createFakeGTateth({ conversations: 2 });
    expect(lenient.apiKey).toMatch(/^sk_test_/);
    lenient.addKey({ key: testKey, permissions: ['read:conversations'] });
    expect((await clientFor(lenient, { apiKey: testKey }).conversations.list()).total).toBe(2);
  });
});

describe('G-Tateth: permissions are split (D1, trap 12)', () => {
  it('a write-only key gets 403 INSUFFICIENT_PERMISSIONS on list and get, and can still write', async () => {
    const { fake } = setup({ conversations: 3 });
    const client = clientFor(fake, { apiKey: fake.addKey({ permissions: ['write:conversations'] }) });
    const id = fake.sorted()[0]!._id;
    for (const call of [() => client.conversations.list(), () => client.conversations.get(id)]) {
      const error = (await rejection(call)) as ApiError;
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({ status: 403, code: 'INSUFFICIENT_PERMISSIONS' });
      expect(error.message).toContain('read:conversations');
      expect(error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
      expect(error.rateLimit).toMatchObject({ limit: 5000 }); // authenticated, so counted and reported
    }
    const c = await client.conversations.create({ subject: 'Write only', inboxId: fake.inboxes[0]! });
    expect(fake.conversations.get(c.id)?.subject).toBe('Write only');
    expect(fake.requests().map((r) => r.status)).toEqual([403, 403, 201]);
  });
});

describe('G-Tateth: health (§2)', () => {
  it('needs no auth, carries no rate-limit headers, and is never limited, faulted or counted', async () => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({ clock, rateLimit: { limit: 1, windowSeconds: 60 } });
    const auth = { 'x-api-key': fake.apiKey };
    expect((await send(fake, auth)).response.status).toBe(200);
    expect((await send(fake, auth)).response.status).toBe(429); // the key's window is spent
    // Every API request of this one is faulted at random; its health checks are not.
    const noisy = createFakeGTateth({ clock, errorRate: 1, rateLimitRate: 1, dropRate: 1 });
    await expect(send(noisy, auth)).rejects.toThrow(TypeError);
    for (const target of [fake, noisy]) {
      for (const headers of [{}, auth]) {
        const { response, body } = await send(target, headers, 'https://api.g-tateth.com/api/v1/health');
        expect(response.status).toBe(200);
        expect(body).toEqual({ status: 'ok' });
        expect(rateHeadersOf(response)).toEqual([null, null, null]);
      }
    }
    // An injected fault is left for the next API request, not spent on a health check.
    fake.inject({ status: 500 });
    expect((await send(fake, {}, 'https://api.g-tateth.com/api/v1/health')).response.status).toBe(200);
    clock.advance(60_000);
    const next = await send(fake, auth);
    expect([next.response.status, next.body.error.code]).toEqual([500, 'INTERNAL_ERROR']);
    expect(next.response.headers.get('x-ratelimit-remaining')).toBe('0'); // health did not count
  });
});
