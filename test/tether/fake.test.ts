import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { tetherWire } from '../../src/providers/tether/index.js';
import {
  createFakeTether,
  createVirtualClock,
  type FakeTether,
  type FakeTetherOptions,
} from '../../src/testing/index.js';

const BASE = 'https://acme.tether.test';
const MISSING = 'ffffffffffffffffffffffff';

/** The three documented error shapes; nothing else may come out of the fake. */
const errorBody = z.union([
  z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) }),
  z.strictObject({ error: z.string() }),
  z.strictObject({ message: z.string(), code: z.optional(z.string()) }),
]);

function caller(fake: FakeTether, token: string | null = fake.issueToken()) {
  return async (method: string, path: string, body?: unknown, raw?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fake.fetch(`${BASE}${path}`, {
      method,
      headers,
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
}

const variants: FakeTetherOptions[] = [
  {},
  { resolveMode: 'explicit', resolveEnvelope: 'data', updateEnvelope: 'data', latestMessageShape: 'id' },
  { partialUpdate: true, errorShape: 'nested' },
  { errorShape: 'string' },
  { errorShape: 'flat' },
];

describe('everything the Tether fake emits parses with the provider wire schemas', () => {
  it.each(variants)('variant %o', async (options) => {
    const fake = createFakeTether({ seed: 3, ...options });
    const call = caller(fake);
    const record = fake.visibleTo()[0]!;
    const { contactId, _id: id } = record;
    const ok: Array<[Promise<{ status: number; body: unknown }>, z.ZodMiniType]> = [
      [call('POST', '/api/auth/login', { email: fake.email, password: fake.password }), tetherWire.loginResponse],
      [call('POST', '/api/conversation/all', { contactId }), tetherWire.conversationList],
      [call('POST', '/api/conversation/all', { contactId, channelType: 'email' }), tetherWire.conversationList],
      [call('GET', `/api/conversation/${id}`), tetherWire.conversation],
      [
        call('PUT', `/api/conversation/${id}`, { assignees: [fake.user._id], isResolved: true }),
        tetherWire.updateResponse,
      ],
      [call('PUT', `/api/conversation/${id}/resolve`, { isResolved: false }), tetherWire.resolveResponse],
      [call('POST', '/api/conversation/messages', { conversationId: id }), tetherWire.messageList],
      [call('POST', '/api/messages/send', { contactId, conversationId: id, content: 'hi' }), tetherWire.message],
      [call('POST', '/api/messages/send', { contactId, content: 'hi', attachments: ['a.png'] }), tetherWire.message],
      [call('GET', '/api/contacts?page=1&size=5&ownerFilter=all'), tetherWire.contactPage],
      [call('POST', '/api/conversation/unseen', { conversationId: id }), z.looseObject({ message: z.string() })],
      [call('DELETE', '/api/conversation', { conversationId: id }), z.looseObject({ message: z.string() })],
    ];
    for (const [pending, schema] of ok) {
      const { status, body } = await pending;
      expect(status).toBe(200);
      expect(z.safeParse(schema, body).success).toBe(true);
    }
    const errors = [
      call('POST', '/api/auth/login', { email: fake.email, password: 'wrong' }),
      call('POST', '/api/auth/login', { email: fake.email }),
      caller(fake, null)('GET', `/api/conversation/${MISSING}`),
      call('GET', `/api/conversation/${id}`),
      call('GET', '/api/conversation/all'),
      call('POST', '/api/conversation/all', {}),
      call('POST', '/api/conversation/all', { contactId, channelType: 'fax' }),
      call('PUT', `/api/conversation/${MISSING}`, { isResolved: 'yes' }),
      call('GET', '/api/contacts?size=101'),
      call('POST', '/api/auth/refresh', { refreshToken: 'x' }),
      call('PUT', `/api/conversation/${MISSING}`, undefined, '{'),
    ];
    for (const pending of errors) {
      const { status, body } = await pending;
      expect(status).toBeGreaterThanOrEqual(400);
      expect(z.safeParse(errorBody, body).success).toBe(true);
    }
  });
});

describe('the Tether fake follows the wire rules', () => {
  it('gives each status its default error shape (§6), and forced shapes everywhere', async () => {
    const fake = createFakeTether();
    const call = caller(fake);
    expect((await call('POST', '/api/conversation/all', {})).body).toEqual({
      error: { code: 'invalid_request', message: 'Missing required field: contactId' },
    });
    expect((await caller(fake, 'nope')('GET', `/api/conversation/${MISSING}`)).body).toEqual({
      error: 'Invalid or expired token',
    });
    expect((await call('GET', `/api/conversation/${MISSING}`)).body).toEqual({
      message: 'Conversation not found',
      code: 'not_found',
    });
    fake.inject({ status: 429 }).inject({ status: 503 }).inject({ status: 500 }).inject({ status: 403 });
    const r429 = await call('GET', `/api/conversation/${MISSING}`);
    expect([r429.status, r429.body, r429.headers.get('retry-after')]).toEqual([
      429,
      { message: 'Too many requests' },
      '1',
    ]);
    const r503 = await call('GET', `/api/conversation/${MISSING}`);
    expect([r503.status, r503.body, r503.headers.get('retry-after')]).toEqual([
      503,
      { message: 'Service unavailable' },
      '1',
    ]);
    const r500 = await call('GET', `/api/conversation/${MISSING}`);
    expect([r500.status, r500.body, r500.headers.get('retry-after')]).toEqual([
      500,
      { message: 'Internal server error' },
      null,
    ]);
    expect((await call('GET', `/api/conversation/${MISSING}`)).body).toEqual({
      message: 'Forbidden',
      code: 'forbidden',
    });

    const nested = createFakeTether({ errorShape: 'nested' });
    expect((await caller(nested)('GET', `/api/conversation/${MISSING}`)).body).toEqual({
      error: { code: 'not_found', message: 'Conversation not found' },
    });
    const string = createFakeTether({ errorShape: 'string' });
    expect((await caller(string)('POST', '/api/conversation/all', {})).body).toEqual({
      error: 'Missing required field: contactId',
    });
  });

  it('checks 401, then 400, then 404 (D3)', async () => {
    const fake = createFakeTether();
    expect((await caller(fake, null)('PUT', `/api/conversation/${MISSING}`, { isResolved: 'x' })).status).toBe(401);
    expect((await caller(fake)('PUT', `/api/conversation/${MISSING}`, { isResolved: 'x' })).status).toBe(400);
    expect((await caller(fake)('PUT', `/api/conversation/${MISSING}`, { isResolved: true })).status).toBe(404);
    expect((await caller(fake)('PUT', '/api/conversation/not-hex', { isResolved: true })).status).toBe(404);
  });

  it('expires tokens after tokenTtlSeconds on its clock, without revoking on re-login (D2)', async () => {
    const clock = createVirtualClock();
    const fake = createFakeTether({ clock, tokenTtlSeconds: 10 });
    const login = async () =>
      (await caller(fake, null)('POST', '/api/auth/login', { email: fake.email, password: fake.password })).body
        .token as string;
    const first = await login();
    expect((await caller(fake, first)('GET', '/api/auth/verify-token')).body).toEqual({ message: 'Token is good' });
    clock.advance(5_000);
    const second = await login();
    expect((await caller(fake, first)('GET', '/api/auth/verify-token')).status).toBe(200);
    clock.advance(5_000);
    expect((await caller(fake, first)('GET', '/api/auth/verify-token')).status).toBe(401);
    expect((await caller(fake, second)('GET', '/api/auth/verify-token')).status).toBe(200);
    expect(fake.loginCount).toBe(2);
  });

  it('lists only owned or assigned conversations, sms by default, newest activity first (D5)', async () => {
    const fake = createFakeTether({ contacts: 3, conversations: 60 });
    const call = caller(fake);
    for (const contactId of fake.contacts.keys()) {
      const { body } = await call('POST', '/api/conversation/all', { contactId });
      const rows = (body as { conversations: Array<Record<string, unknown>> }).conversations;
      const expected = fake
        .visibleTo()
        .filter((c) => c.contactId === contactId && c.channelType === 'sms')
        .map((c) => c._id);
      expect(rows.map((r) => r._id).sort()).toEqual(expected.sort());
      const times = rows.map((r) => (r.lastMessageTime ? Date.parse(r.lastMessageTime as string) : -Infinity));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const r of rows) for (const a of r.assignees as unknown[]) expect(typeof a).toBe('object');
    }
    expect((await call('POST', '/api/conversation/all', { contactId: MISSING })).body).toEqual({ conversations: [] });
    const hidden = [...fake.conversations.values()].find((c) => !fake.isVisible(c))!;
    const got = await call('GET', `/api/conversation/${hidden._id}`);
    expect(got.status).toBe(200);
    expect((got.body as { assignees: unknown[] }).assignees.every((a) => typeof a === 'string')).toBe(true);
  });

  it('PUT assignees replaces and dedupes; updatedAt moves only on a change', async () => {
    const clock = createVirtualClock();
    const fake = createFakeTether({ clock });
    const call = caller(fake);
    const record = fake.visibleTo()[0]!;
    const [a, b] = [fake.users[1]!._id, fake.users[2]!._id];
    clock.advance(1000);
    await call('PUT', `/api/conversation/${record._id}`, { assignees: [a, b, a] });
    expect(record.assignees).toEqual([a, b]);
    const at = record.updatedAt;
    clock.advance(1000);
    await call('PUT', `/api/conversation/${record._id}`, { assignees: [a, b], isAutopilot: true });
    expect(record.updatedAt).toBe(at);
    await call('PUT', `/api/conversation/${record._id}`, { assignees: [] });
    expect(record.assignees).toEqual([]);
    expect(record.updatedAt).toBe(at + 1000);
  });

  it('resolve toggles (ignoring the body) or sets explicitly (D9)', async () => {
    const toggle = createFakeTether();
    const t = toggle.visibleTo().find((c) => !c.isResolved)!;
    const callT = caller(toggle);
    expect((await callT('PUT', `/api/conversation/${t._id}/resolve`, { isResolved: true })).body).toMatchObject({
      message: 'Conversation resolved successfully',
      isResolved: true,
    });
    expect((await callT('PUT', `/api/conversation/${t._id}/resolve`, { isResolved: true })).body).toEqual({
      message: 'Conversation unresolved successfully',
      isResolved: false,
      resolvedAt: null,
    });
    const explicit = createFakeTether({ resolveMode: 'explicit', resolveEnvelope: 'data' });
    const e = explicit.visibleTo().find((c) => !c.isResolved)!;
    const callE = caller(explicit);
    expect((await callE('PUT', `/api/conversation/${e._id}/resolve`, {})).status).toBe(400);
    for (let i = 0; i < 2; i++) {
      const { body } = await callE('PUT', `/api/conversation/${e._id}/resolve`, { isResolved: true });
      expect(body).toMatchObject({ message: 'Conversation resolved', data: { _id: e._id, isResolved: true } });
    }
  });

  it('send without conversationId goes to the newest sms conversation, or creates one (D10)', async () => {
    const fake = createFakeTether({ contacts: 2, conversations: 0 });
    const call = caller(fake);
    const contact = [...fake.contacts.values()][0]!;
    const first = (await call('POST', '/api/messages/send', { contactId: contact._id, content: 'hello' })).body as {
      conversationId: string;
    };
    const created = fake.conversations.get(first.conversationId)!;
    expect(created).toMatchObject({
      contactId: contact._id,
      userId: fake.user._id,
      assignees: [fake.user._id],
      channelType: 'sms',
      channelIdentifier: contact.phoneNumber,
    });
    const second = (await call('POST', '/api/messages/send', { contactId: contact._id, content: 'again' })).body as {
      conversationId: string;
    };
    expect(second.conversationId).toBe(first.conversationId);
    const other = [...fake.contacts.values()][1]!;
    const wrong = await call('POST', '/api/messages/send', {
      contactId: other._id,
      conversationId: first.conversationId,
      content: 'x',
    });
    expect(wrong.status).toBe(400);
    expect((await call('POST', '/api/messages/send', { contactId: MISSING, content: 'x' })).status).toBe(404);
  });

  it('pages contacts by createdAt desc with a live total; ownerFilter and search narrow them (D6)', async () => {
    const fake = createFakeTether({ contacts: 12 });
    const call = caller(fake);
    const all = [...fake.contacts.values()].sort((a, b) => b.createdAt - a.createdAt).map((c) => c._id);
    const page2 = (await call('GET', '/api/contacts?page=2&size=5&ownerFilter=all')).body;
    expect(page2).toMatchObject({ total: 12, page: 2, size: 5 });
    expect(page2.data.map((c: { _id: string }) => c._id)).toEqual(all.slice(5, 10));
    expect((await call('GET', '/api/contacts?page=9&ownerFilter=all')).body).toEqual({
      data: [],
      total: 12,
      page: 9,
      size: 10,
    });
    const other = fake.users[1]!._id;
    const theirs = [...fake.contacts.values()][0]!;
    theirs.userId = other;
    const mine = (await call('GET', '/api/contacts?size=100')).body;
    expect(mine.total).toBe(11);
    expect((await call('GET', `/api/contacts?ownerFilter=${other}`)).body.total).toBe(1);
    const search = (await call('GET', `/api/contacts?ownerFilter=all&search=${encodeURIComponent(theirs.phoneNumber)}`))
      .body;
    expect(search.data.map((c: { _id: string }) => c._id)).toContain(theirs._id);
    for (const bad of ['page=0', 'page=1.5', 'size=0', 'size=101', 'size=x']) {
      expect((await call('GET', `/api/contacts?${bad}`)).status).toBe(400);
    }
  });

  it('seeds a single-user organisation with every conversation visible', () => {
    const fake = createFakeTether({ users: 1, conversations: 20 });
    expect(fake.visibleTo()).toHaveLength(20);
    expect([...fake.conversations.values()].every((c) => c.userId === fake.user._id)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = createFakeTether({ seed: 9, clock: createVirtualClock() });
    const b = createFakeTether({ seed: 9, clock: createVirtualClock() });
    expect([...a.conversations.values()]).toEqual([...b.conversations.values()]);
    expect(a.password).toBe(b.password);
  });
});
