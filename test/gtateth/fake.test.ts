import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConnectionError, ConversationsClient } from '../../src/index.js';
import { gtateth, gtatethWire } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, type FakeGTateth, type FakeGTatethOptions, type Fault } from '../../src/testing/index.js';
import { toMswHandlers } from '../../src/testing/msw.js';
import { serveFake } from '../../src/testing/node-server.js';
import { rejection } from '../support/index.js';

/** The standard error envelope (the fake always sends requestId and timestamp), or the flat 429. */
const errorBody = z.union([
  z.looseObject({
    success: z.literal(false),
    error: z.looseObject({ code: z.string(), message: z.string(), requestId: z.string(), timestamp: z.string() }),
  }),
  z.looseObject({ success: z.literal(false), error: z.string(), code: z.string(), retryAfter: z.number() }),
]);
const deleted = z.looseObject({ success: z.literal(true), data: z.null() });

const variants: FakeGTatethOptions[] = [
  {},
  { populateCustomer: true },
  { populateAssignee: true },
  { populateCustomer: true, populateAssignee: true, sparseProfiles: 0.6 },
  { deleteResponse: '200', rateLimitBody: 'nested' },
];

const BASE = 'https://api.g-tateth.com/api/v1/conversations';
type Call = [what: string, url: string, init: RequestInit, fault?: Fault];

/** Every request of the contract, success and failure, against one fake. */
function calls(fake: FakeGTateth): Call[] {
  const auth = { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' };
  const id = fake.sorted().find((c) => c.customerId)!._id;
  const other = fake.sorted().find((c) => c._id !== id)!._id;
  const writeOnly = fake.addKey({ permissions: ['write:conversations'] });
  const expired = fake.addKey({ permissions: ['read:conversations'], expired: true });
  const put = (body: string): RequestInit => ({ method: 'PUT', headers: auth, body });
  return [
    ['list page 2', `${BASE}?limit=7&page=2`, { headers: auth }],
    ['list filtered', `${BASE}?status=open&priority=high`, { headers: auth }],
    ['list past the end', `${BASE}?page=99`, { headers: auth }],
    ['get', `${BASE}/${id}`, { headers: auth }],
    [
      'create',
      BASE,
      { method: 'POST', headers: auth, body: JSON.stringify({ subject: 'x', inboxId: fake.inboxes[0] }) },
    ],
    ['update', `${BASE}/${id}`, put(JSON.stringify({ assignedTo: fake.users[0]!._id }))],
    ['delete', `${BASE}/${id}`, { method: 'DELETE', headers: auth }],
    ['delete again: 404', `${BASE}/${id}`, { method: 'DELETE', headers: auth }],
    ['limit 101: 400', `${BASE}?limit=101`, { headers: auth }],
    ['malformed JSON: 400', `${BASE}/${other}`, put('{')],
    ['empty PUT: 400', `${BASE}/${other}`, put('{}')],
    ['no credential: 401', BASE, { headers: {} }],
    ['unknown key: 401', BASE, { headers: { 'x-api-key': 'sk_live_nope' } }],
    ['expired key: 401', BASE, { headers: { 'x-api-key': expired } }],
    ['JWT: 401', BASE, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' } }],
    ['write-only key: 403', BASE, { headers: { 'x-api-key': writeOnly } }],
    ['unknown route: 404', 'https://api.g-tateth.com/api/v1/messages', { headers: auth }],
    ['injected 409', `${BASE}/${other}`, { headers: auth }, { status: 409 }],
    ['injected 500', BASE, { headers: auth }, { status: 500 }],
    ['injected 422', BASE, { headers: auth }, { status: 422 }],
    [
      'injected after 500',
      `${BASE}/${other}`,
      put(JSON.stringify({ status: 'pending' })),
      { status: 500, when: 'after' },
    ],
    ['injected 429', BASE, { headers: auth }, { status: 429 }],
    ['injected 502', BASE, { headers: auth }, { status: 502 }],
    ['injected 503', BASE, { headers: auth }, { status: 503 }],
    ['injected 504', BASE, { headers: auth }, { status: 504 }],
    ['list', BASE, { headers: auth }],
    ['list, the window is spent: 429', BASE, { headers: auth }],
  ];
}

const EXPECTED_STATUSES = [
  200, 200, 200, 200, 201, 200, 204, 404, 400, 400, 400, 401, 401, 401, 401, 403, 404, 409, 500, 422, 500, 429, 502,
  503, 504, 200, 429,
];

/** Checks one answer: success bodies against the provider's schemas, error bodies through its parseError. */
async function check(fake: FakeGTateth, what: string, url: string, init: RequestInit, response: Response) {
  const label = `${what}: ${init.method ?? 'GET'} ${url} → ${response.status}`;
  const { parseError } = gtateth({ apiKey: fake.apiKey }).http;
  const text = await response.text();
  // Every authenticated answer carries the rate-limit headers, and unauthenticated ones none (§7, D7).
  const rate = ['limit', 'remaining', 'reset'].map((h) => response.headers.get(`x-ratelimit-${h}`));
  if (response.status === 401) expect(rate, label).toEqual([null, null, null]);
  else for (const value of rate) expect(value, label).toMatch(/^\d+$/);
  if (response.status === 204) {
    expect(text, label).toBe('');
    return undefined;
  }
  if (response.status >= 502) {
    // A gateway page, not an API body: no code or message in it, the client keeps the text.
    expect(response.headers.get('content-type'), label).toBe('text/html');
    expect(text, label).toMatch(/^<html>.*<\/html>$/);
    expect(parseError(response.status, text, response.headers), label).toMatchObject({ code: null, message: null });
    return undefined;
  }
  const body = JSON.parse(text);
  if (response.status >= 400) {
    expect(z.safeParse(errorBody, body).success, `${label}: ${text}`).toBe(true);
    const details = parseError(response.status, body, response.headers);
    expect(details.code, label).toEqual(expect.any(String));
    expect(details.message, label).toEqual(expect.any(String));
    const flat = typeof body.error === 'string';
    expect(details.requestId, label).toEqual(flat ? null : expect.stringMatching(/^req_[0-9a-f]{16}$/));
    if (response.status === 429) expect(details.retryAfterMs, label).toBeGreaterThan(0);
    return body;
  }
  const isList = new URL(url).pathname === '/api/v1/conversations' && !init.method;
  const schema = isList ? gtatethWire.listResponse : body.data === null ? deleted : gtatethWire.itemResponse;
  const parsed = z.safeParse(schema as z.ZodMiniType, body);
  expect(parsed.success, `${label}: ${text}`).toBe(true);
  return body;
}

describe('everything the G-Tateth fake emits parses with the provider wire schemas', () => {
  it.each(variants)('variant %o', async (options) => {
    const fake = createFakeGTateth({ conversations: 30, ...options, rateLimit: { limit: 20, windowSeconds: 60 } });
    const bodies: Record<string, { data?: Record<string, unknown>; error?: { code?: string; message?: string } }> = {};
    for (const [what, url, init, fault] of calls(fake)) {
      if (fault) fake.inject(fault);
      bodies[what] = await check(fake, what, url, init, await fake.fetch(url, init));
    }
    const statuses = fake.requests().map((r) => r.status);
    expect(statuses).toEqual(EXPECTED_STATUSES.map((s) => (s === 204 && options.deleteResponse ? 200 : s)));
    expect(bodies['expired key: 401']?.error?.code).toBe('API_KEY_EXPIRED');
    expect(bodies['JWT: 401']?.error?.code).toBe('AUTH_INVALID');
    expect(bodies['write-only key: 403']?.error?.code).toBe('INSUFFICIENT_PERMISSIONS');
    expect(bodies['malformed JSON: 400']?.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'Request body must be a JSON object',
    });
    // Each switch really changes the form: the schemas above saw populated objects.
    const { customerId } = bodies.get!.data!;
    const { assignedTo } = bodies.update!.data!;
    expect(customerId).toEqual(
      options.populateCustomer ? expect.objectContaining({ _id: expect.any(String) }) : expect.any(String),
    );
    expect(assignedTo).toEqual(
      options.populateAssignee
        ? expect.objectContaining({ _id: expect.any(String), name: expect.any(String) })
        : expect.any(String),
    );
    expect(bodies['unknown route: 404']?.error?.code).toBe('NOT_FOUND');
  });

  it.each(variants)('random faults, variant %o', async (options) => {
    const fake = createFakeGTateth({ conversations: 12, ...options, errorRate: 0.4, rateLimitRate: 0.3, seed: 21 });
    const init = { headers: { 'x-api-key': fake.apiKey } };
    for (let i = 0; i < 30; i++) {
      const url = i % 2 ? BASE : `${BASE}/${fake.sorted()[i % 12]!._id}`;
      await check(fake, `random ${i}`, url, init, await fake.fetch(url, init));
    }
    expect(new Set(fake.requests().map((r) => r.status))).toEqual(new Set([200, 429, 500]));
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
    expect(await rejection(() => client.conversations.list())).toBeInstanceOf(ConnectionError);
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
