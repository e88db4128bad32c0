import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConnectionError, ConversationsClient } from '../../src/index.js';
import { gtateth, gtatethWire } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, type FakeGTatethOptions } from '../../src/testing/index.js';
import { toMswHandlers } from '../../src/testing/msw.js';
import { serveFake } from '../../src/testing/node-server.js';
import { caught } from '../helpers.js';

const errorBody = z.union([
  z.looseObject({
    success: z.literal(false),
    error: z.looseObject({ code: z.string(), message: z.string(), requestId: z.string(), timestamp: z.string() }),
  }),
  z.looseObject({ success: z.literal(false), error: z.string(), code: z.string(), retryAfter: z.number() }),
]);

const variants: FakeGTatethOptions[] = [
  {},
  { populateCustomer: true, populateAssignee: true },
  { deleteResponse: '200', rateLimitBody: 'nested' },
];

describe('everything the G-Tateth fake emits parses with the provider wire schemas', () => {
  it.each(variants)('variant %o', async (options) => {
    const fake = createFakeGTateth({ conversations: 30, ...options, rateLimit: { limit: 11, windowSeconds: 60 } });
    const auth = { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' };
    const base = 'https://api.g-tateth.com/api/v1/conversations';
    const id = fake.sorted()[0]!._id;
    const calls: Array<[string, RequestInit]> = [
      [`${base}?limit=7&page=2`, { headers: auth }],
      [`${base}?status=open&priority=high`, { headers: auth }],
      [`${base}/${id}`, { headers: auth }],
      [base, { method: 'POST', headers: auth, body: JSON.stringify({ subject: 'x', inboxId: fake.inboxes[0] }) }],
      [`${base}/${id}`, { method: 'PUT', headers: auth, body: JSON.stringify({ assignedTo: fake.users[0]!._id }) }],
      [`${base}/${id}`, { method: 'DELETE', headers: auth }],
      [`${base}/${id}`, { method: 'DELETE', headers: auth }],
      [`${base}?limit=101`, { headers: auth }],
      [`${base}`, { method: 'PUT', headers: auth, body: '{' }],
      [base, { headers: {} }],
      [base, { headers: { 'x-api-key': 'sk_live_nope' } }],
      ['https://api.g-tateth.com/api/v1/messages', { headers: auth }],
      [base, { headers: auth }],
      [base, { headers: auth }], // the 12th counted request of an 11-per-window key
    ];
    for (const [url, init] of calls) {
      const response = await fake.fetch(url, init);
      if (response.status === 204) {
        expect(await response.text()).toBe('');
        continue;
      }
      const body = await response.json();
      const schema =
        response.status >= 400
          ? errorBody
          : url.includes('?') || (url === base && !init.method)
            ? gtatethWire.listResponse
            : body.data === null
              ? z.looseObject({ success: z.literal(true), data: z.null() })
              : gtatethWire.itemResponse;
      const parsed = z.safeParse(schema as z.ZodMiniType, body);
      expect(parsed.success, `${init.method ?? 'GET'} ${url} → ${response.status}: ${JSON.stringify(body)}`).toBe(true);
    }
    expect(fake.requests().at(-1)?.status).toBe(429);
  });

  it('sends X-RateLimit-* on authenticated answers only', async () => {
    const fake = createFakeGTateth();
    const ok = await fake.fetch('https://x/api/v1/conversations', { headers: { 'x-api-key': fake.apiKey } });
    expect(ok.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const unauth = await fake.fetch('https://x/api/v1/conversations');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-ratelimit-limit')).toBeNull();
    const health = await fake.fetch('https://x/api/v1/health');
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});

describe('msw adapter', () => {
  const fake = createFakeGTateth({ conversations: 12 });
  const server = setupServer(...toMswHandlers(fake, 'https://api.g-tateth.com'));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it('serves the fake to a client using the global fetch', async () => {
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      backoff: { initialMs: 1, maxMs: 1 },
    });
    expect(await client.conversations.list().toArray()).toHaveLength(12);
    fake.inject({ drop: true });
    expect((await client.conversations.list()).items).toHaveLength(12); // a dropped connection is retried
    fake.inject({ drop: true, times: 3 });
    expect(await caught(() => client.conversations.list())).toBeInstanceOf(ConnectionError);
  });
});

describe('node server adapter', () => {
  it('serves the fake on a loopback port, dropped connections included', async () => {
    const fake = createFakeGTateth({ conversations: 120 });
    const served = await serveFake(fake);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new ConversationsClient({
        provider: gtateth({ apiKey: fake.apiKey, baseUrl: served.url }),
        backoff: { initialMs: 1, maxMs: 1 },
      });
      fake.inject({ drop: true });
      const all = await client.conversations.list({ limit: 25 }).toArray();
      expect(all.map((c) => c.id)).toEqual(fake.sorted().map((c) => c._id));
      const first = all[0]!;
      await client.conversations.update(first, { status: 'pending' });
      expect(fake.conversations.get(first.id)?.status).toBe('pending');
      expect(fake.requests()[0]?.status).toBe('dropped');
    } finally {
      await served.close();
    }
  });
});
