import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConfigurationError,
  type Conversation,
  PermissionDeniedError,
  UnsupportedOperationError,
} from '../../src/index.js';
import type { FakeHeymarket, HeymarketConversationRecord } from '../../src/testing/index.js';
import { bodies, setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

const unified = ({ raw: _raw, ...rest }: Conversation) => rest;
/** The generated shape names no assignee email; the prose shape does. Everything else must match. */
const withoutEmail = (c: Conversation) => ({
  ...unified(c),
  assignees: c.assignees.map((a) => ({ ...a, email: null })),
});
const sms = (fake: FakeHeymarket, pick: (c: HeymarketConversationRecord) => boolean = () => true) =>
  fake.visibleTo().find((c) => c.channel === 'sms' && pick(c))!;
/** Requests after a mark, as `METHOD path` lines. */
const since = (fake: FakeHeymarket, mark: number) => fake.log.slice(mark).map((r) => `${r.method} ${r.path}`);

describe('POST /v1/conversations (list)', () => {
  it('sends the acting user, the inboxes, the server-side filters and the page size', async () => {
    const { fake, client } = setup({ conversations: 40 });
    const inbox = String(fake.inboxes[1]!.id);
    await client.conversations.list({ inboxId: inbox, status: 'closed', unread: true, limit: 12 });
    await client.conversations.list({ inboxId: [inbox, String(fake.inboxes[2]!.id)], status: 'open', unread: false });
    const [first, second] = bodies(fake, 'POST /v1/conversations');
    expect(first).toEqual({
      id: fake.userId,
      filters: { inboxes: [Number(inbox)], closed: true, unread: true },
      limit: 12,
    });
    expect(second).toEqual({
      id: fake.userId,
      filters: { inboxes: [Number(inbox), fake.inboxes[2]!.id], closed: false },
      limit: 100, // no limit given: the largest page
    });
    // An inbox given explicitly is not looked up: no GET /v1/inboxes.
    expect(fake.requests('GET /v1/inboxes').length).toBe(0);
  });

  it('applies status, unread, assignee and channel exactly (the server narrows, the SDK finishes)', async () => {
    const { fake, client } = setup({ conversations: 120 });
    const visible = fake.visibleTo();
    const me = fake.userId;
    const cases: Array<[Parameters<typeof client.conversations.list>[0], (c: HeymarketConversationRecord) => boolean]> =
      [
        [{ status: 'open' }, (c) => c.status === 'open'],
        [{ status: 'pending' }, (c) => c.status === 'pending'],
        [{ status: 'closed' }, (c) => c.status === 'closed'],
        [{ unread: true }, (c) => !c.readBy.has(me)],
        [{ unread: false }, (c) => c.readBy.has(me)],
        [{ assigneeId: String(me) }, (c) => c.assigned === me],
        [{ assigneeId: null }, (c) => c.assigned === null],
        [{ channel: 'SMS' }, (c) => c.channel === 'sms'],
        [
          { inboxId: String(fake.inboxes[0]!.id), status: 'open' },
          (c) => c.inbox === fake.inboxes[0]!.id && c.status === 'open',
        ],
      ];
    for (const [params, keep] of cases) {
      const got = (await client.conversations.list({ ...params, limit: 17 }).toArray()).map((c) => c.id);
      const expected = visible.filter(keep).map((c) => String(c.id));
      expect(expected.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(got, JSON.stringify(params)).toEqual(expected);
    }
  });

  it('an inboxId or assigneeId that is not an integer id is a ConfigurationError before any request', async () => {
    const { fake, client } = setup({ conversations: 20 });
    const cases: Array<Parameters<typeof client.conversations.list>[0]> = [
      { assigneeId: 'abc' },
      { assigneeId: ' 50' },
      { assigneeId: `${fake.userId}.0` },
      { assigneeId: 5 as unknown as string },
      { inboxId: 'abc' },
      { inboxId: ['101', 'x'] },
    ];
    for (const params of cases) {
      const error = await rejection(() => client.conversations.list(params));
      expect(error, JSON.stringify(params)).toBeInstanceOf(ConfigurationError);
      const what = params?.assigneeId !== undefined ? 'assigneeId' : 'inboxId';
      expect(error.message).toBe(`heymarket: ${what} must be an integer id as a string`);
    }
    expect(fake.log.length).toBe(0);
    // null (unassigned) and digits are filters, not mistakes.
    await client.conversations.list({ assigneeId: null });
    await client.conversations.list({ assigneeId: String(fake.userId) });
  });

  it('an inbox the acting user does not belong to is a PermissionDeniedError', async () => {
    const { fake, client } = setup();
    const theirs = fake.addInbox({ members: [fake.users[1]!.id] });
    const foreign = fake.addForeignInbox();
    for (const inbox of [theirs, foreign]) {
      const error = await rejection(() => client.conversations.list({ inboxId: String(inbox.id) }));
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({ status: 403, code: 'denied' });
    }
  });
});

describe('both documented conversation shapes map to the same unified object', () => {
  it('generated (integer ids, read 0/1) and prose (objects, read boolean)', async () => {
    const a = setup({ conversations: 30, conversationShape: 'generated' });
    const b = setup({ conversations: 30, conversationShape: 'prose' });
    const listA = await a.client.conversations.list().toArray();
    const listB = await b.client.conversations.list().toArray();
    expect(listB.map(withoutEmail)).toEqual(listA.map(unified));
    expect(listA.flatMap((c) => c.assignees).every((a) => a.email === null)).toBe(true);
    expect(listB.flatMap((c) => c.assignees).every((a) => a.email?.includes('@'))).toBe(true);
    const assigned = listA.find((c) => c.assignees.length > 0)!;
    expect(typeof (assigned.raw as { assigned: unknown }).assigned).toBe('number');
    expect(typeof (listB.find((c) => c.id === assigned.id)!.raw as { assigned: unknown }).assigned).toBe('object');
    expect(assigned.assignees[0]).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: expect.any(String) });
    const one = sms(a.fake);
    expect(withoutEmail(await b.client.conversations.get(String(one.id)))).toEqual(
      unified(await a.client.conversations.get(String(one.id))),
    );
    expect(listA.some((c) => c.unread === true) && listA.some((c) => c.unread === false)).toBe(true);
  });

  it('maps every field: ids as strings, lower-case channel, the customer as target, dates', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const record = fake.insert({
      id: 9920,
      channel: 'sms',
      assigned: fake.userId,
      target: '14155551234',
      status: 'open',
    });
    const c = await client.conversations.get('9920');
    expect(unified(c)).toEqual({
      id: '9920',
      provider: 'heymarket',
      status: 'open',
      channel: 'sms',
      subject: null,
      priority: null,
      contactId: null,
      target: '14155551234',
      inboxId: String(record.inbox),
      assignees: [{ id: String(fake.userId), name: fake.users[0]!.name, email: null }],
      unread: true,
      lastMessage: null,
      messageCount: null,
      createdAt: new Date(record.created),
      updatedAt: new Date(record.updated),
    });
    record.assigned = 0; // documented: 0 is unassigned too
    expect((await client.conversations.get('9920')).assignees).toEqual([]);
  });
});

describe('conversation actions', () => {
  it('close and reopen send inbox, acting user and chat_id; a Conversation costs no extra request', async () => {
    const { fake, client } = setup({ conversations: 10 });
    const record = sms(fake, (c) => c.status === 'open');
    let mark = fake.log.length;
    await client.conversations.close(String(record.id));
    expect(since(fake, mark)).toEqual([`GET /v1/conversations/${record.id}`, 'POST /v1/conversations/close']);
    expect(bodies(fake, 'POST /v1/conversations/close')[0]).toEqual({
      inbox_id: record.inbox,
      user_id: fake.userId,
      chat_id: record.id,
    });
    expect(record.status).toBe('closed');
    const c = await client.conversations.get(String(record.id));
    mark = fake.log.length;
    await client.conversations.reopen(c);
    await client.conversations.markRead(c);
    await client.conversations.markUnread(c);
    await client.conversations.assign(c, String(fake.userId));
    expect(since(fake, mark)).toEqual([
      'POST /v1/conversations/open',
      'POST /v1/conversations/read',
      'POST /v1/conversations/unread',
      'POST /v1/conversations/reassign',
    ]);
    expect(record.status).toBe('open');
  });

  it('close and reopen are idempotent and bump `updated` only when they change something', async () => {
    const { fake, client, clock } = setup({ conversations: 10 });
    const record = sms(fake, (c) => c.status === 'open');
    clock.advance(5_000);
    await client.conversations.close(String(record.id));
    const closedAt = record.updated;
    expect(closedAt).toBe(clock.now());
    clock.advance(5_000);
    await client.conversations.close(String(record.id));
    expect(record).toMatchObject({ status: 'closed', updated: closedAt });
  });

  it('markRead and markUnread change only the acting user’s read state, by target', async () => {
    const { fake, client } = setup({ conversations: 10 });
    const record = sms(fake);
    const before = record.updated;
    const other = fake.inboxes.find((i) => i.id === record.inbox)!.members.find((m) => m !== fake.userId);
    if (other !== undefined) record.readBy.add(other);
    await client.conversations.markRead(String(record.id));
    expect(record.readBy.has(fake.userId)).toBe(true);
    expect(bodies(fake, 'POST /v1/conversations/read')[0]).toEqual({
      inbox_id: record.inbox,
      user_id: fake.userId,
      target: record.target,
    });
    await client.conversations.markUnread(String(record.id));
    expect(record.readBy.has(fake.userId)).toBe(false);
    if (other !== undefined) expect(record.readBy.has(other)).toBe(true);
    expect(record.updated).toBe(before);
  });

  it('assign sends the current assignee as user_id, or the acting user when unassigned', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const inbox = fake.inboxes[0]!;
    fake.inboxes[0]!.members = fake.users.map((u) => u.id);
    const [a, b] = [fake.users[1]!.id, fake.users[2]!.id];
    const record = fake.insert({ inbox: inbox.id, assigned: null });
    await client.conversations.assign(String(record.id), String(a));
    await client.conversations.assign(String(record.id), String(b));
    expect(bodies(fake, 'POST /v1/conversations/reassign')).toEqual([
      { inbox_id: inbox.id, target: record.target, user_id: fake.userId, reassign_id: a },
      { inbox_id: inbox.id, target: record.target, user_id: a, reassign_id: b },
    ]);
    expect(record.assigned).toBe(b);
  });

  it('assign recovers from a stale Conversation whose assignee changed meanwhile', async () => {
    const { fake, client } = setup({ conversations: 0 });
    fake.inboxes[0]!.members = fake.users.map((u) => u.id);
    const [a, b, c] = [fake.users[1]!.id, fake.users[2]!.id, fake.users[3]!.id];
    const record = fake.insert({ assigned: a });
    const stale = await client.conversations.get(String(record.id));
    record.assigned = b; // someone else reassigned it
    await client.conversations.assign(stale, String(c));
    expect(record.assigned).toBe(c);
    expect(fake.requests('POST /v1/conversations/reassign').map((r) => r.status)).toEqual([400, 200]);
  });

  it('refuses to unassign (the API cannot) and a non-member assignee is a BadRequestError', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const record = sms(fake);
    const mark = fake.log.length;
    await expect(client.conversations.assign(String(record.id), null)).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    expect(fake.log.length).toBe(mark);
    const outsider = fake.addUser({ name: 'Outsider' });
    const error = await rejection(() => client.conversations.assign(String(record.id), String(outsider.id)));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'bad_data', message: expect.stringContaining('reassign_id') });
  });

  it('transfer moves an sms conversation, keeping the assignee only if a member of the new inbox', async () => {
    const { fake, client, clock } = setup({ conversations: 0 });
    const [from, to] = [fake.inboxes[0]!, fake.inboxes[1]!];
    const stranger = fake.addUser();
    from.members.push(stranger.id);
    const kept = fake.insert({ inbox: from.id, assigned: fake.userId });
    const dropped = fake.insert({ inbox: from.id, assigned: stranger.id });
    clock.advance(1000);
    await client.conversations.transfer(String(kept.id), String(to.id));
    await client.conversations.transfer(String(dropped.id), String(to.id));
    expect(kept).toMatchObject({ inbox: to.id, assigned: fake.userId, updated: clock.now() });
    expect(dropped).toMatchObject({ inbox: to.id, assigned: null });
    expect(bodies(fake, 'POST /v1/conversations/transfer')[0]).toEqual({
      conversation_id: kept.id,
      transfer_inbox_id: to.id,
    });
    // Sending it again answers 400; the SDK sees it is already there (what a retried transfer sees).
    await client.conversations.transfer(String(kept.id), String(to.id));
    expect(fake.requests('POST /v1/conversations/transfer').map((r) => r.status)).toEqual([200, 200, 400]);
  });

  it('transfer of an email conversation is a BadRequestError (sms and mms only)', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const email = fake.insert({ channel: 'email', target: 'ana@example.com' });
    const error = await rejection(() => client.conversations.transfer(String(email.id), String(fake.inboxes[1]!.id)));
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('update composes transfer, reassign and close, and returns the result', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const to = fake.inboxes[1]!;
    const helper = fake.users[2]!;
    if (!to.members.includes(helper.id)) to.members.push(helper.id);
    const record = fake.insert({ inbox: fake.inboxes[0]!.id, status: 'open', assigned: null });
    const c = await client.conversations.update(String(record.id), {
      inboxId: String(to.id),
      assigneeId: String(helper.id),
      status: 'closed',
    });
    expect(c).toMatchObject({ inboxId: String(to.id), status: 'closed', assignees: [{ id: String(helper.id) }] });
    expect(fake.requests('POST').map((r) => r.path)).toEqual([
      '/v1/conversations/transfer',
      '/v1/conversations/reassign',
      '/v1/conversations/close',
    ]);
  });

  it('update refuses what Heymarket cannot change before any request', async () => {
    const { fake, client } = setup({ conversations: 3 });
    const id = String(sms(fake).id);
    for (const patch of [
      { subject: 'x' },
      { priority: 'high' as const },
      { status: 'pending' as const },
      { assigneeId: null },
    ]) {
      await expect(client.conversations.update(id, patch)).rejects.toBeInstanceOf(UnsupportedOperationError);
    }
    expect(fake.log.length).toBe(0);
  });
});

describe('messages', () => {
  it('send carries a local_id, reopens a closed conversation and marks it read and replied', async () => {
    const { fake, client, clock } = setup({ conversations: 0 });
    const record = fake.insert({ status: 'closed', replied: false });
    clock.advance(2000);
    const message = await client.messages.send(String(record.id), { text: 'On it!' });
    const [body] = bodies(fake, 'POST /v1/message/send');
    expect(body).toEqual({
      inbox_id: record.inbox,
      creator_id: fake.userId,
      chat_id: record.id,
      text: 'On it!',
      local_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(message).toMatchObject({
      conversationId: String(record.id),
      direction: 'outbound',
      text: 'On it!',
      authorId: String(fake.userId),
      createdAt: new Date(clock.now()),
    });
    expect(record).toMatchObject({ status: 'open', replied: true, updated: clock.now() });
    expect(record.readBy.has(fake.userId)).toBe(true);
  });

  it('an idempotency key is sent as local_id: the same key twice is one message, the first', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    const first = await client.messages.send(String(record.id), { text: 'once', idempotencyKey: 'job-42' });
    const again = await client.messages.send(String(record.id), { text: 'different', idempotencyKey: 'job-42' });
    expect(again.id).toBe(first.id);
    expect(fake.history(record.id).map((m) => m.text)).toEqual(['once']);
  });

  it('list walks the whole history newest first with a seconds timestamp, beyond one page of 50', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 130; i++) fake.addMessage(record.id, { date: base + Math.floor(i / 3) * 1000 + (i % 3) });
    const c = await client.conversations.get(String(record.id));
    const mark = fake.log.length;
    const messages = await client.messages.list(c).toArray();
    expect(messages.map((m) => m.id)).toEqual(fake.history(record.id).map((m) => String(m.id)));
    const queries = fake.log.slice(mark).map((r) => Object.fromEntries(r.query));
    expect(queries[0]).toEqual({ phoneNumber: record.target, inboxID: String(record.inbox) });
    expect(queries.slice(1).every((q) => /^\d{10}$/.test(q.timestamp ?? ''))).toBe(true);
    expect(messages[0]).toMatchObject({ conversationId: String(record.id), direction: 'outbound', status: 'sent' });
  });

  it('list of a conversation without a phone number is refused before any history request', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const email = fake.insert({ channel: 'email', target: 'ana@example.com' });
    await expect(client.messages.list(String(email.id)).toArray()).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(fake.requests('GET /v1/messages').length).toBe(0);
  });
});

describe('lifecycle in the fake', () => {
  it('an inbound message reopens, marks unread for everyone, clears replied and bumps updated', async () => {
    const { fake, client, clock } = setup({ conversations: 0 });
    const record = fake.insert({ status: 'closed', replied: true });
    record.readBy.add(fake.userId);
    clock.advance(3000);
    fake.inbound(record.id, 'Any news?');
    const c = await client.conversations.get(String(record.id));
    expect(c).toMatchObject({ status: 'open', unread: true, updatedAt: new Date(clock.now()) });
    expect(record.replied).toBe(false);
    const [latest] = await client.messages.list(c).toArray();
    expect(latest).toMatchObject({ direction: 'inbound', text: 'Any news?', authorId: null, status: 'received' });
  });

  it('an inbound message from a new number starts a conversation', () => {
    const { fake } = setup({ conversations: 0 });
    const message = fake.inbound({ inbox: fake.inboxes[0]!.id, phone: '14155550100' });
    expect(fake.conversations.get(message.conversation)).toMatchObject({ target: '14155550100', status: 'open' });
  });
});

describe('inboxes and team', () => {
  it('inboxes.list reads both documented list shapes', async () => {
    const bare = setup({ inboxesShape: 'bare' });
    const wrapped = setup({ inboxesShape: 'wrapped' });
    const a = await bare.client.inboxes.list().toArray();
    const b = await wrapped.client.inboxes.list().toArray();
    expect(b.map(({ raw: _, ...i }) => i)).toEqual(a.map(({ raw: _, ...i }) => i));
    expect(a[0]).toMatchObject({ id: String(bare.fake.inboxes[0]!.id), name: 'Support', memberIds: expect.any(Array) });
    expect(
      Array.isArray(
        await (
          await bare.fake.fetch(
            new Request('https://api.heymarket.com/v1/inboxes', {
              headers: { authorization: `Bearer ${bare.fake.apiKey}` },
            }),
          )
        ).json(),
      ),
    ).toBe(true);
  });

  it('users.list reads the team members with their roles', async () => {
    const { fake, client } = setup();
    const users = await client.users.list().toArray();
    expect(users.map(({ raw: _, ...u }) => u)).toEqual(
      fake.users.map((u) => ({ id: String(u.id), name: u.name, email: null, role: u.role })),
    );
    expect(users[0]!.role).toBe('admin');
  });
});
