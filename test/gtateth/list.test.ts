import { describe, expect, it } from 'vitest';
import { type ApiError, BadRequestError, ConfigurationError, type ConversationListParams } from '../../src/index.js';
import { createFakeGTateth, createVirtualClock } from '../../src/testing/index.js';
import { setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const BASE = 'https://api.g-tateth.com/api/v1';

describe('G-Tateth: ids and order (§5, §8, D6)', () => {
  it('creates at one virtual instant land at the top of page 1, newest first, with increasing ids', async () => {
    const { fake, client, clock } = setup({ conversations: 30 });
    clock.advance(250); // mid-second: every create shares the ObjectId's seconds
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await client.conversations.create({ subject: `At once ${i}`, inboxId: fake.inboxes[0]! })).id);
    }
    expect([...created].sort()).toEqual(created); // ids made within one second still increase
    expect(new Set(created.map((id) => fake.conversations.get(id)!.createdAt))).toEqual(new Set([clock.now()]));
    const page = await client.conversations.list({ limit: 10 });
    expect(page.items.slice(0, 5).map((c) => c.id)).toEqual([...created].reverse());
    expect(page.total).toBe(35);
  });

  it('an ObjectIds instance draws its random middle once: same-second ids differ only in the counter', () => {
    const fake = createFakeGTateth({ conversations: 0, seed: 3 });
    const at = Date.UTC(2026, 0, 15, 12, 0, 0, 500);
    const [a, b, c] = [fake.ids.next(at), fake.ids.next(at), fake.ids.next(at + 1_000)];
    expect(a!.slice(0, 18)).toBe(b!.slice(0, 18));
    expect(Number.parseInt(b!.slice(18), 16) - Number.parseInt(a!.slice(18), 16)).toBe(1);
    expect(a! < b! && b! < c!).toBe(true);
    expect(c!.slice(0, 8)).toBe((Math.floor(at / 1000) + 1).toString(16));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: seeded rows end strictly before now, with no ties', (seed) => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({ clock, seed, conversations: 300 });
    const times = fake.sorted().map((c) => c.createdAt);
    expect(Math.max(...times)).toBeLessThan(clock.now());
    expect(new Set(times).size).toBe(300);
    // Seeded ids increase with createdAt, so the list order is the order of the ids.
    expect(fake.sorted().map((c) => c._id)).toEqual(
      fake
        .sorted()
        .map((c) => c._id)
        .sort()
        .reverse(),
    );
  });

  it('seeding is deterministic, and tieRate still produces ties, ordered by _id desc', () => {
    const make = () => createFakeGTateth({ clock: createVirtualClock(), seed: 5, conversations: 100, tieRate: 0.4 });
    const [a, b] = [make(), make()];
    expect(a.sorted()).toEqual(b.sorted());
    const times = a.sorted().map((c) => c.createdAt);
    expect(new Set(times).size).toBeLessThan(80);
    expect(Math.max(...times)).toBeLessThan(a.clock.now());
    const sorted = a.sorted();
    for (let i = 1; i < sorted.length; i++) {
      const [prev, next] = [sorted[i - 1]!, sorted[i]!];
      if (prev.createdAt === next.createdAt) expect(prev._id > next._id).toBe(true);
    }
  });
});

describe('G-Tateth: list validation (400 VALIDATION_ERROR, never clamped)', () => {
  const cases: Array<[string, ConversationListParams, string, string]> = [
    ['a bad status enum', { status: 'archived' as 'open' }, 'status', 'archived'],
    ['a bad priority enum', { priority: 'critical' as 'low' }, 'priority', 'critical'],
  ];

  it.each(cases)('%s', async (_, params, field, sent) => {
    const { fake, client } = setup({ conversations: 10 }, noRetry);
    const error = (await rejection(() => client.conversations.list(params))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
    expect(error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
    expect(JSON.parse(error.body!).error.details).toMatchObject({ field });
    const [request] = fake.requests();
    expect(request).toMatchObject({ status: 400 });
    expect(request!.query.get(field)).toBe(sent); // the value went out as given, and was refused, not clamped
    expect(fake.requests()).toHaveLength(1);
  });

  // A malformed id is the client's to refuse, as the server would (so a bulk job with a typo in `to`
  // ends before its first write); sent as it is, the fake refuses it the way the API does.
  it.each([
    ['a malformed assignee id', { assigneeId: 'user-1' }, 'assignedTo', 'user-1'],
    ['a malformed inbox id', { inboxId: 'inbox-1' }, 'inboxId', 'inbox-1'],
    ['a malformed customer id', { contactId: '64a1b2c3d4e5f678901234' }, 'customerId', '64a1b2c3d4e5f678901234'],
  ] as const)('%s: refused before any request, and a 400 from the fake', async (_, params, field, sent) => {
    const { fake, client } = setup({ conversations: 10 }, noRetry);
    const error = await rejection(() => client.conversations.list(params));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^gtateth: \w+ must be a 24-hex id/);
    expect(fake.requests()).toHaveLength(0);
    const response = await fake.fetch(`${BASE}/conversations?${field}=${sent}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field } });
  });

  // The client refuses these itself before any request (test/core/bad-input.test.ts); sent as they are,
  // the fake refuses them the way the API does.
  it.each([
    ['limit < 1', '0'],
    ['a non-integer limit', '2.5'],
    ['limit > 100', '101'],
    ['a limit that is not a number', 'NaN'],
  ])('%s sent to the fake: 400 VALIDATION_ERROR on limit, never clamped', async (_, limit) => {
    const fake = createFakeGTateth({ conversations: 3 });
    const response = await fake.fetch(`${BASE}/conversations?limit=${limit}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'limit' } });
    expect(body.error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
    expect(fake.requests()[0]!.query.get('limit')).toBe(limit);
  });

  it.each([0, 2.5, 101, Number.NaN])('the client refuses limit %s before any request', async (limit) => {
    const { fake, client } = setup({ conversations: 10 }, noRetry);
    const error = await rejection(() => client.conversations.list({ limit }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe('limit must be an integer from 1 to 100');
    expect(fake.requests()).toHaveLength(0);
  });

  // The client refuses a page below 1 or not an integer itself (list-input.test.ts); sent as it is, the fake
  // refuses it the way the API does.
  it('a page below 1 or not an integer, and limit 100 / page 1 at the bounds', async () => {
    const fake = createFakeGTateth({ conversations: 3 });
    const headers = { authorization: `Bearer ${fake.apiKey}` };
    for (const page of ['0', '1.5']) {
      const bad = await fake.fetch(`${BASE}/conversations?page=${page}`, { headers });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'page' } });
    }
    const ok = await fake.fetch(`${BASE}/conversations?page=1&limit=100`, { headers });
    expect(await ok.json()).toMatchObject({ pagination: { total: 3, page: 1, limit: 100, totalPages: 1 } });
  });
});

describe('G-Tateth: pagination past the end', () => {
  it('a page past the end is empty, keeps the totals, and has no next page', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const page = await client.conversations.list({ page: 99, limit: 10 });
    expect(page.items).toEqual([]);
    expect([page.page, page.limit, page.total, page.totalPages, page.hasNextPage()]).toEqual([99, 10, 30, 3, false]);
    expect(fake.requests()).toHaveLength(1);
  });
});

describe('G-Tateth: routes outside the contract (§3, trap 11)', () => {
  it.each(['/messages', '/inboxes', '/conversations/64a1b2c3d4e5f6789012345a/messages'])(
    'GET /api/v1%s is 404 NOT_FOUND "Route not found"',
    async (path) => {
      const fake = createFakeGTateth();
      const response = await fake.fetch(`${BASE}${path}`, { headers: { 'x-api-key': fake.apiKey } });
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body).toMatchObject({ success: false, error: { code: 'NOT_FOUND', message: 'Route not found' } });
      expect(body.error.requestId).toMatch(/^req_/);
      expect(response.headers.get('x-ratelimit-remaining')).toBe('4999'); // authenticated: counted
    },
  );
});
