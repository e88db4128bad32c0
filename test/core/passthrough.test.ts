import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  ConversationsClient,
  NotFoundError,
  type RawRequest,
  ServerError,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
} from '../../src/testing/index.js';

/** A client on each fake, sharing a virtual clock with it; retries back off in a millisecond. */
function gtatethClient() {
  const clock = createVirtualClock();
  const fake = createFakeGTateth({ clock, seed: 5, conversations: 12 });
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: fake.apiKey, authHeader: 'x-api-key' }),
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { fake, client };
}

function heymarketClient() {
  const clock = createVirtualClock();
  const fake = createFakeHeymarket({ clock, seed: 5, conversations: 12 });
  const client = new ConversationsClient({
    provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { fake, client };
}

function tetherClient(tokenTtlSeconds?: number) {
  const clock = createVirtualClock();
  const fake = createFakeTether({ clock, seed: 5, contacts: 6, ...(tokenTtlSeconds ? { tokenTtlSeconds } : {}) });
  const client = new ConversationsClient({
    provider: tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password }),
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { fake, client, clock };
}

describe('client.request (passthrough)', () => {
  it("G-Tateth: the client's base URL, x-api-key credential, query and parsed JSON", async () => {
    const { fake, client } = gtatethClient();
    const result = await client.request({
      method: 'GET',
      path: '/api/v1/conversations',
      query: { limit: 5, page: 2, status: undefined },
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('application/json');
    const data = result.data as { data: unknown[]; pagination: { page: number } };
    expect(data.data).toHaveLength(5);
    expect(data.pagination.page).toBe(2);
    const [sent] = fake.requests();
    expect(sent!.query.get('status')).toBeNull();
  });

  it('G-Tateth: an error status is the error tree, with the response headers on the error', async () => {
    const { client } = gtatethClient();
    const error = (await client
      .request({ method: 'GET', path: '/api/v1/conversations/64a1b2c3d4e5f6789012345f' })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.headers['content-type']).toContain('application/json');
  });

  it('Heymarket: signed with a JWT, a POST read with a JSON body', async () => {
    const { fake, client } = heymarketClient();
    const inboxes = (await client.request({ method: 'GET', path: '/v1/inboxes' })).data;
    expect(Array.isArray(inboxes) || typeof inboxes === 'object').toBe(true);
    const body = { id: Number(fake.userId), filters: { inboxes: [fake.sorted()[0]!.inbox] }, limit: 3 };
    const { status, data } = await client.request({ method: 'POST', path: '/v1/conversations', body });
    expect(status).toBe(200);
    expect(data).toHaveLength(3);
    expect(fake.requests('POST /v1/conversations')[0]!.body).toEqual(body);
  });

  it('Tether: logs in first, and again when the token has expired', async () => {
    const { fake, client, clock } = tetherClient(60);
    const first = await client.request({
      method: 'GET',
      path: '/api/contacts',
      query: { page: 1, size: 2, ownerFilter: 'all' },
    });
    expect(first.status).toBe(200);
    expect(fake.requests('POST /api/auth/login')).toHaveLength(1);
    clock.advance(120_000); // the token has expired: a 401, one shared re-login, the same request again
    const second = await client.request({ method: 'GET', path: '/api/auth/verify-token' });
    expect(second.data).toEqual({ message: 'Token is good' });
    expect(fake.requests('POST /api/auth/login')).toHaveLength(2);
  });

  it('retries an idempotent request on a 5xx, and one marked idempotent: false only on a 429', async () => {
    const { fake, client } = gtatethClient();
    fake.inject({ status: 500, route: 'GET' });
    expect((await client.request({ method: 'GET', path: '/api/v1/conversations' })).status).toBe(200);
    expect(fake.requests().map((r) => r.status)).toEqual([500, 200]);
    const create: RawRequest = {
      method: 'POST',
      path: '/api/v1/conversations',
      body: { subject: 'x', inboxId: fake.inboxes[0] },
      idempotent: false,
    };
    fake.inject({ status: 500, route: 'POST', when: 'after' });
    expect(await client.request(create).catch((e: unknown) => e)).toBeInstanceOf(ServerError);
    expect(fake.requests('POST')).toHaveLength(1);
    fake.inject({ status: 429, route: 'POST', retryAfter: 1 });
    expect((await client.request(create)).status).toBe(201);
    expect(fake.requests('POST').map((r) => r.status)).toEqual([500, 429, 201]);
  });

  it('a body that is not JSON resolves as its text; no body as null', async () => {
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: 'sk_test_abc123' }),
      fetch: async (input) => {
        const { pathname } = new URL(new Request(input).url);
        return pathname === '/health'
          ? new Response('OK', { headers: { 'content-type': 'text/plain' } })
          : new Response(null, { status: 204 });
      },
    });
    expect((await client.request({ method: 'GET', path: '/health' })).data).toBe('OK');
    expect(await client.request({ method: 'DELETE', path: '/x' })).toMatchObject({ status: 204, data: null });
  });

  it('a refused credential surfaces as AuthenticationError', async () => {
    const fake = createFakeGTateth({ conversations: 1 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_live_nosuchkey' }), fetch: fake.fetch });
    expect(
      await client.request({ method: 'GET', path: '/api/v1/conversations' }).catch((e: unknown) => e),
    ).toBeInstanceOf(AuthenticationError);
  });

  it.each<[string, RawRequest]>([
    ['another host', { method: 'GET', path: 'https://evil.example/steal' }],
    ['a protocol-relative path', { method: 'GET', path: '//evil.example/steal' }],
    ['a backslash path', { method: 'GET', path: '/\\evil.example' }],
    ['an unknown method', { method: 'TRACE' as 'GET', path: '/x' }],
    ['a GET with a body', { method: 'GET', path: '/x', body: {} }],
  ])('refuses %s before anything is sent', async (_, request) => {
    const { fake, client } = gtatethClient();
    expect(await client.request(request).catch((e: unknown) => e)).toBeInstanceOf(ConfigurationError);
    expect(fake.requests()).toHaveLength(0);
  });
});
