import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  BadRequestError,
  ConfigurationError,
  type ConversationCreateInput,
  NotFoundError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const REQ = /^req_[0-9a-f]{16}$/;
const UNKNOWN = 'ffffffffffffffffffffffff';

/** The `error` object of an ApiError's body. */
const bodyError = (error: Error) => JSON.parse((error as ApiError).body!).error;

/** A 400 VALIDATION_ERROR whose `details.field` names the field. */
function expectInvalid(error: Error, field: string, message?: string) {
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', requestId: expect.stringMatching(REQ) });
  expect(bodyError(error).details).toMatchObject({ field });
  if (message) expect(error.message).toContain(message);
}

describe('G-Tateth: create (§3, §8, D3)', () => {
  const cases: Array<[string, (inbox: string, customer: string) => Record<string, unknown>, string, string]> = [
    ['a missing subject', (inboxId) => ({ inboxId }), 'subject', 'subject is required'],
    ['an empty subject', (inboxId) => ({ subject: '', inboxId }), 'subject', 'subject is required'],
    ['neither customerId nor inboxId (D3)', () => ({ subject: 'x' }), 'customerId', 'customerId or inboxId'],
    ['a bad channel', (inboxId) => ({ subject: 'x', inboxId, channel: 'fax' }), 'channel', 'channel must be'],
    ['a bad priority', (inboxId) => ({ subject: 'x', inboxId, priority: 'p0' }), 'priority', 'priority must be'],
    ['an unknown customer', () => ({ subject: 'x', contactId: UNKNOWN }), 'customerId', 'Unknown customerId'],
    ['an unknown inbox', (_, c) => ({ subject: 'x', contactId: c, inboxId: UNKNOWN }), 'inboxId', 'Unknown inboxId'],
  ];

  it.each(cases)('%s is 400 naming the field, and creates nothing', async (_, input, field, message) => {
    const { fake, client } = setup({ conversations: 5 }, noRetry);
    const before = fake.conversations.size;
    const error = await rejection(() =>
      client.conversations.create(
        input(fake.inboxes[0]!, fake.customers[0]!._id) as unknown as ConversationCreateInput,
      ),
    );
    expectInvalid(error, field, message);
    expect(fake.conversations.size).toBe(before);
    expect(fake.requests('POST')).toHaveLength(1);
  });

  it('a malformed customer or inbox id is refused before any request, and a 400 from the fake', async () => {
    const { fake, client } = setup({ conversations: 5 }, noRetry);
    const before = fake.conversations.size;
    for (const input of [
      { subject: 'x', contactId: 'cust-1' },
      { subject: 'x', inboxId: 'inbox-1' },
    ]) {
      const error = await rejection(() => client.conversations.create(input));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/^gtateth: (contactId|inboxId) must be a 24-hex id/);
    }
    expect(fake.requests()).toHaveLength(0);
    // Sent as it is (the passthrough), the fake refuses it the way the API does.
    const error = await rejection(() =>
      client.request({ method: 'POST', path: '/api/v1/conversations', body: { subject: 'x', customerId: 'cust-1' } }),
    );
    expectInvalid(error, 'customerId', 'must be a valid id');
    expect(fake.conversations.size).toBe(before);
  });

  it('defaults channel email and priority medium; an inbox-only create maps contactId to null', async () => {
    const { fake, client, clock } = setup({ conversations: 5 });
    const c = await client.conversations.create({ subject: 'Inbox only', inboxId: fake.inboxes[1]! });
    expect(fake.requests('POST')[0]?.body).toEqual({ subject: 'Inbox only', inboxId: fake.inboxes[1] });
    expect(fake.requests('POST')[0]?.status).toBe(201);
    expect(c).toMatchObject({
      subject: 'Inbox only',
      channel: 'email',
      priority: 'medium',
      status: 'open',
      contactId: null,
      target: null,
      inboxId: fake.inboxes[1],
      assignees: [],
    });
    expect(c.createdAt.getTime()).toBe(clock.now());
    expect(c.updatedAt.getTime()).toBe(clock.now());
    expect(fake.conversations.get(c.id)).toMatchObject({ customerId: null, source: 'api', labels: [] });
  });

  it('a whitespace-only subject is non-empty, so it is accepted (create and update)', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const c = await client.conversations.create({ subject: '  ', inboxId: fake.inboxes[0]! });
    expect(fake.conversations.get(c.id)?.subject).toBe('  ');
    const id = fake.sorted()[3]!._id;
    expect((await client.conversations.update(id, { subject: ' ' })).subject).toBe(' ');
    expect(fake.conversations.get(id)?.subject).toBe(' ');
  });
});

describe('G-Tateth: update (§3, §8, D4)', () => {
  it('an unknown user is 400 assignedTo, and nothing changes', async () => {
    const { fake, client } = setup({ conversations: 5 }, noRetry);
    const record = fake.sorted()[0]!;
    const before = { ...record };
    const error = await rejection(() => client.conversations.assign(record._id, UNKNOWN));
    expectInvalid(error, 'assignedTo', 'Unknown user');
    expect(fake.conversations.get(record._id)).toEqual(before);
  });

  it.each([
    ['status', { status: 'archived' }],
    ['priority', { priority: 'p0' }],
    ['subject', { subject: '' }],
  ])('a bad %s value is 400', async (field, patch) => {
    const { fake, client } = setup({ conversations: 5 }, noRetry);
    const record = fake.sorted()[0]!;
    const before = { ...record };
    expectInvalid(await rejection(() => client.conversations.update(record._id, patch as never)), field);
    expect(fake.conversations.get(record._id)).toEqual(before);
  });

  it('a malformed assignee id is refused before any request (assign, update), and a 400 from the fake', async () => {
    const { fake, client } = setup({ conversations: 5 }, noRetry);
    const record = fake.sorted()[0]!;
    const before = { ...record };
    for (const call of [
      () => client.conversations.assign(record._id, 'user-1'),
      () => client.conversations.update(record._id, { assigneeId: 'user-1' }),
    ]) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/^gtateth: assigneeId must be a 24-hex id/);
    }
    expect(fake.requests()).toHaveLength(0);
    const error = await rejection(() =>
      client.request({ method: 'PUT', path: `/api/v1/conversations/${record._id}`, body: { assignedTo: 'user-1' } }),
    );
    expectInvalid(error, 'assignedTo');
    expect(fake.conversations.get(record._id)).toEqual(before);
  });

  it('a PUT on an unknown id is NotFoundError', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const error = await rejection(() => client.conversations.update(UNKNOWN, { status: 'closed' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.stringMatching(REQ) });
    expect(fake.requests('PUT').map((r) => r.status)).toEqual([404]);
  });

  it('D4: a body with none of the four fields is 400 at the fake (misspelt or ignored fields only)', async () => {
    const { fake } = setup({ conversations: 5 });
    const record = fake.sorted()[0]!;
    const before = { ...record };
    for (const body of [{}, { stauts: 'closed' }, { inboxId: fake.inboxes[2], labels: ['x'] }]) {
      const response = await fake.fetch(
        new Request(`https://api.g-tateth.com/api/v1/conversations/${record._id}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'body' } });
    }
    expect(fake.conversations.get(record._id)).toEqual(before);
  });

  it('update(ref, { inboxId }) throws UnsupportedOperationError before any request', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const id = fake.sorted()[0]!._id;
    const error = await rejection(() =>
      client.conversations.update(id, { inboxId: fake.inboxes[1]!, status: 'closed' }),
    );
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toMatchObject({ operation: 'conversations.update with inboxId', provider: 'gtateth' });
    expect(fake.requests()).toHaveLength(0);
  });

  it('a no-op update does not bump updatedAt; a real change does', async () => {
    const { fake, client, clock } = setup({ conversations: 5 });
    const record = fake.sorted()[0]!;
    const updatedAt = record.updatedAt;
    clock.advance(10_000);
    const same = await client.conversations.update(record._id, { status: record.status as 'open' });
    expect(same.updatedAt.getTime()).toBe(updatedAt);
    expect(fake.conversations.get(record._id)?.updatedAt).toBe(updatedAt);
    expect(fake.requests('PUT')).toHaveLength(1); // it was sent, and answered 200
    const changed = await client.conversations.update(record._id, {
      priority: record.priority === 'low' ? 'high' : 'low',
    });
    expect(changed.updatedAt.getTime()).toBe(clock.now());
  });

  it('closing keeps assignedTo, and updates never reorder the list', async () => {
    const { fake, client } = setup({ conversations: 12 });
    const record = fake.sorted().find((c) => c.assignedTo && c.status !== 'closed')!;
    const order = fake.sorted().map((c) => c._id);
    await client.conversations.close(record._id);
    expect(fake.conversations.get(record._id)).toMatchObject({ status: 'closed', assignedTo: record.assignedTo });
    const c = await client.conversations.get(record._id);
    expect(c.assignees.map((a) => a.id)).toEqual([record.assignedTo]);
    expect((await client.conversations.list()).items.map((x) => x.id)).toEqual(order);
  });
});

describe('G-Tateth: delete is permanent (§8)', () => {
  it('a second delete is NotFoundError, as is a get; the list total drops at once', async () => {
    const { fake, client } = setup({ conversations: 8 }, noRetry);
    const id = fake.sorted()[2]!._id;
    expect((await client.conversations.list({ limit: 5 })).total).toBe(8);
    await client.conversations.delete(id);
    const page = await client.conversations.list({ limit: 5 });
    expect([page.total, page.totalPages]).toEqual([7, 2]);
    expect(page.items.map((c) => c.id)).not.toContain(id);

    const again = await rejection(() => client.conversations.delete(id));
    expect(again).toBeInstanceOf(NotFoundError);
    expect(again).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.stringMatching(REQ) });
    const get = await rejection(() => client.conversations.get(id));
    expect(get).toBeInstanceOf(NotFoundError);
    expect(fake.requests('DELETE').map((r) => r.status)).toEqual([204, 404]);
    const update = await rejection(() => client.conversations.close(id));
    expect(update).toBeInstanceOf(NotFoundError);
  });

  it('the client with retries on still reports a first-attempt 404 of a delete', async () => {
    const { fake, client } = setup({ conversations: 3 });
    const error = await rejection(() => client.conversations.delete(UNKNOWN));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(fake.requests('DELETE')).toHaveLength(1);
  });
});
