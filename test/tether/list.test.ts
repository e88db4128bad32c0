import { describe, expect, it } from 'vitest';
import { ConfigurationError, ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import type { createFakeTether } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';
import { BASE_URL, expectEachVisibleOnce, setup, visibleOf } from '../support/tether.js';

const LIST = 'POST /api/conversation/all';
const CONTACTS = 'GET /api/contacts';

/** A contact with conversations visible to the acting user on more than one channel. */
function busyContact(fake: ReturnType<typeof createFakeTether>): string {
  const byContact = new Map<string, Set<string>>();
  for (const c of fake.visibleTo()) {
    const set = byContact.get(c.contactId) ?? new Set();
    set.add(c.channelType);
    byContact.set(c.contactId, set);
  }
  const best = [...byContact].sort((a, b) => b[1].size - a[1].size)[0]!;
  expect(best[1].size).toBeGreaterThan(1);
  return best[0];
}

describe('tether conversations.list({ contactId })', () => {
  it('lists every channel type, explicitly, and only the visible conversations', async () => {
    const { fake, client } = setup({ contacts: 4, conversations: 40 });
    const contactId = busyContact(fake);
    const items = await client.conversations.list({ contactId }).toArray();
    expect(items.map((c) => c.id).sort()).toEqual(visibleOf(fake, contactId));
    const hidden = [...fake.conversations.values()].filter((c) => c.contactId === contactId && !fake.isVisible(c));
    expect(hidden.length).toBeGreaterThan(0);
    // The server defaults channelType to sms: every request names its channel.
    expect(fake.requests(LIST).map((r) => r.body)).toEqual(
      ['sms', 'facebook', 'webchat', 'email'].map((channelType) => ({ contactId, channelType })),
    );
    for (const c of items) {
      expect(c.provider).toBe('tether');
      expect(c.contactId).toBe(contactId);
      expect(c.status).toBe(fake.conversations.get(c.id)!.isResolved ? 'closed' : 'open');
    }
  });

  it('maps the channel filter to channelType (server-side, lower-cased)', async () => {
    const { fake, client } = setup({ contacts: 4, conversations: 40 });
    const contactId = busyContact(fake);
    const items = await client.conversations.list({ contactId, channel: 'SMS' }).toArray();
    expect(items.map((c) => c.id).sort()).toEqual(visibleOf(fake, contactId, 'sms'));
    expect(fake.requests(LIST).map((r) => r.body)).toEqual([{ contactId, channelType: 'sms' }]);
    expect(items.every((c) => c.channel === 'sms')).toBe(true);
  });

  it('applies status and assignee filters on the client', async () => {
    const { fake, client } = setup({ contacts: 3, conversations: 60, resolvedRate: 0.5 });
    const contactId = busyContact(fake);
    const closed = await client.conversations.list({ contactId, status: 'closed' }).toArray();
    const open = await client.conversations.list({ contactId, status: 'open' }).toArray();
    const stored = fake.visibleTo().filter((c) => c.contactId === contactId);
    expect(closed.map((c) => c.id).sort()).toEqual(
      stored
        .filter((c) => c.isResolved)
        .map((c) => c._id)
        .sort(),
    );
    expect(open.map((c) => c.id).sort()).toEqual(
      stored
        .filter((c) => !c.isResolved)
        .map((c) => c._id)
        .sort(),
    );
    const me = fake.user._id;
    const mine = await client.conversations.list({ contactId, assigneeId: me }).toArray();
    expect(mine.map((c) => c.id).sort()).toEqual(
      stored
        .filter((c) => c.assignees.includes(me))
        .map((c) => c._id)
        .sort(),
    );
    const unassigned = await client.conversations.list({ contactId, assigneeId: null }).toArray();
    expect(unassigned.map((c) => c.id).sort()).toEqual(
      stored
        .filter((c) => c.assignees.length === 0)
        .map((c) => c._id)
        .sort(),
    );
  });

  it('maps populated assignees with names; an unknown contact lists nothing', async () => {
    const { fake, client } = setup({ contacts: 3, conversations: 30 });
    const record = fake.visibleTo().find((c) => c.assignees.length > 0)!;
    const listed = (await client.conversations.list({ contactId: record.contactId }).toArray()).find(
      (c) => c.id === record._id,
    )!;
    const users = record.assignees.map((id) => fake.users.find((u) => u._id === id)!);
    expect(listed.assignees).toEqual(users.map((u) => ({ id: u._id, name: u.fullName, email: u.email })));
    expect(await client.conversations.list({ contactId: 'ffffffffffffffffffffffff' }).toArray()).toEqual([]);
  });
});

describe('tether conversations.list() without a contact', () => {
  it('walks 40 contacts and yields each visible conversation exactly once', async () => {
    const { fake, client } = setup({ contacts: 40, conversations: 120 });
    const ids = (await client.conversations.list().toArray()).map((c) => c.id);
    expectEachVisibleOnce(fake, ids);
    const contactRequests = fake.requests(CONTACTS);
    for (const r of contactRequests) expect(r.query.get('ownerFilter')).toBe('all');
    expect(contactRequests).toHaveLength(1); // 40 contacts fit one page
    expect(contactRequests[0]!.query.get('size')).toBe('100'); // no limit given: the largest page
    expect(fake.requests(LIST)).toHaveLength(40 * 4);
    // Contacts the acting user neither owns nor is assigned to are walked too (ownerFilter=all).
    const listed = new Set(fake.requests(LIST).map((r) => (r.body as { contactId: string }).contactId));
    expect(listed).toEqual(new Set(fake.contacts.keys()));
  });

  it('pages contacts by `limit` and keeps the channel filter for the whole walk', async () => {
    const { fake, client } = setup({ contacts: 23, conversations: 80 });
    const pages = [];
    for await (const page of client.conversations.list({ limit: 5, channel: 'email' }).pages()) pages.push(page);
    const ids = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(ids.sort()).toEqual(
      fake
        .visibleTo()
        .filter((c) => c.channelType === 'email')
        .map((c) => c._id)
        .sort(),
    );
    expect(fake.requests(CONTACTS).map((r) => [r.query.get('page'), r.query.get('size')])).toEqual(
      [1, 2, 3, 4, 5].map((p) => [String(p), '5']),
    );
    expect(fake.requests(LIST)).toHaveLength(23);
    expect(pages.at(-1)!.cursor).toBeNull();
  });

  it('contacts created mid-walk (rows drift down) are not listed twice', async () => {
    const { fake, client, clock } = setup({ contacts: 20, conversations: 60 });
    const ids: string[] = [];
    let n = 0;
    for await (const page of client.conversations.list({ limit: 5 }).pages()) {
      ids.push(...page.items.map((c) => c.id));
      if (++n <= 2) {
        clock.advance(1000);
        for (let i = 0; i < 3; i++) fake.addContact(); // newest first: pushes every row 3 places down
      }
    }
    const perContact = new Map<string, number>();
    for (const r of fake.requests(LIST)) {
      const id = (r.body as { contactId: string }).contactId;
      perContact.set(id, (perContact.get(id) ?? 0) + 1);
    }
    expect([...perContact.values()].every((count) => count === 4)).toBe(true);
    expectEachVisibleOnce(fake, ids);
  });

  it('contacts deleted behind the walk (rows drift up) do not make it skip the rows that moved', async () => {
    const { fake, client } = setup({ contacts: 20, conversations: 60 });
    const originals = new Set(fake.contacts.keys());
    let n = 0;
    const ids: string[] = [];
    const listedContacts = () => new Set(fake.requests(LIST).map((r) => (r.body as { contactId: string }).contactId));
    for await (const page of client.conversations.list({ limit: 5 }).pages()) {
      ids.push(...page.items.map((c) => c.id));
      if (++n === 1) {
        // Delete three contacts the walk has already listed: the next page's first rows move up.
        for (const id of [...listedContacts()].slice(0, 3)) fake.contacts.delete(id);
      }
    }
    const listed = listedContacts();
    for (const id of originals) if (fake.contacts.has(id)) expect(listed.has(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes from a cursor in a new client with nothing else, yielding the rest once', async () => {
    const { fake, client } = setup({ contacts: 15, conversations: 50 });
    const first = await client.conversations.list({ limit: 5, status: 'open' });
    expect(first.cursor).not.toBeNull();
    const resumed = new ConversationsClient({
      provider: tether({ baseUrl: BASE_URL, email: fake.email, password: fake.password }),
      fetch: fake.fetch,
    });
    const sent = fake.requests().length;
    const refused = await rejection(() => resumed.conversations.list({ cursor: first.cursor!, contactId: 'other' }));
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect(fake.requests()).toHaveLength(sent);
    const rest = await resumed.conversations.list({ cursor: first.cursor! }).toArray();
    const ids = [...first.items, ...rest].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      fake
        .visibleTo()
        .filter((c) => !c.isResolved)
        .map((c) => c._id)
        .sort(),
    );
    expect(rest.every((c) => c.status === 'open')).toBe(true);
  });

  it('an organisation without contacts is one request and no items', async () => {
    const { fake, client } = setup({ contacts: 0, conversations: 0 });
    expect(await client.conversations.list().toArray()).toEqual([]);
    expect(fake.requests().filter((r) => r.path !== '/api/auth/login')).toHaveLength(1);
  });

  it('contacts requests are GETs and retried on 503 with Retry-After (virtual time)', async () => {
    const { fake, client, clock } = setup({ contacts: 5, conversations: 10 });
    const start = clock.now();
    fake.inject({ status: 503, route: CONTACTS });
    const ids = (await client.conversations.list().toArray()).map((c) => c.id);
    expect(ids.sort()).toEqual(
      fake
        .visibleTo()
        .map((c) => c._id)
        .sort(),
    );
    expect(fake.requests(CONTACTS).map((r) => r.status)).toEqual([503, 200]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(1000);
  });
});

describe('tether conversations.get', () => {
  it('maps a conversation with bare-id assignees and every field', async () => {
    const { fake, client } = setup({ contacts: 5, conversations: 40 });
    const record = [...fake.conversations.values()].find(
      (c) => c.assignees.length > 0 && c.channelType === 'email' && (fake.messages.get(c._id)?.length ?? 0) > 0,
    )!;
    const c = await client.conversations.get(record._id);
    const last = fake.messages.get(record._id)!.at(-1)!;
    expect(c).toMatchObject({
      id: record._id,
      provider: 'tether',
      status: record.isResolved ? 'closed' : 'open',
      channel: 'email',
      subject: record.subject,
      priority: null,
      contactId: record.contactId,
      target: record.channelIdentifier,
      inboxId: null,
      unread: null,
      assignees: record.assignees.map((id) => ({ id, name: null, email: null })),
      messageCount: fake.messages.get(record._id)!.length,
      lastMessage: { text: last.content, at: new Date(last.createdAt) },
      createdAt: new Date(record.createdAt),
      updatedAt: new Date(record.updatedAt),
    });
  });

  it('reaches a conversation the user cannot list (by-id routes span the organisation)', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const hidden = [...fake.conversations.values()].find((c) => !fake.isVisible(c))!;
    expect((await client.conversations.get(hidden._id)).id).toBe(hidden._id);
  });

  it('latestMessage as an id is not shown as text when the client is told so', async () => {
    const { fake, client } = setup({ latestMessageShape: 'id', conversations: 30 }, { latestMessage: 'id' });
    const record = [...fake.conversations.values()].find((c) => (fake.messages.get(c._id)?.length ?? 0) > 0)!;
    const c = await client.conversations.get(record._id);
    const last = fake.messages.get(record._id)!.at(-1)!;
    expect(c.lastMessage).toEqual({ text: null, at: new Date(last.createdAt) });
    expect((c.raw as { latestMessage: string }).latestMessage).toBe(last._id);
  });

  it('a conversation without messages has no lastMessage', async () => {
    const { fake, client } = setup();
    const record = fake.insert({ contactId: [...fake.contacts.keys()][0] });
    const c = await client.conversations.get(record._id);
    expect(c.lastMessage).toBeNull();
    expect(c.messageCount).toBe(0);
  });

  it('accepts the vendor example that leaves out contactId, messageCount and resolvedAt', async () => {
    const wire = {
      _id: '65a0c1d2e3f4a5b6c7d8e9f0',
      organizationId: '65a0c1d2e3f4a5b6c7d8e902',
      userId: '65a0c1d2e3f4a5b6c7d8e903',
      assignees: ['65a0c1d2e3f4a5b6c7d8e903', { _id: '65a0c1d2e3f4a5b6c7d8e904', fullName: 'Priya Shah', email: null }],
      channelType: 'whatsapp',
      channelIdentifier: '+14155551234',
      latestMessage: 'See you Tuesday!',
      lastMessageTime: '2025-01-15T12:30:00.000Z',
      isResolved: true,
      subject: null,
      createdAt: '2025-01-15T10:00:00.000Z',
      updatedAt: '2025-01-15T12:30:00.000Z',
      provider: 'twilio',
      __v: 0,
    };
    const client = new ConversationsClient({
      provider: tether({ baseUrl: BASE_URL, token: 't' }),
      fetch: async () => new Response(JSON.stringify(wire), { headers: { 'content-type': 'application/json' } }),
    });
    const c = await client.conversations.get(wire._id);
    expect(c).toMatchObject({
      status: 'closed',
      channel: 'whatsapp',
      contactId: null,
      messageCount: null,
      assignees: [
        { id: '65a0c1d2e3f4a5b6c7d8e903', name: null, email: null },
        { id: '65a0c1d2e3f4a5b6c7d8e904', name: 'Priya Shah', email: null },
      ],
      lastMessage: { text: 'See you Tuesday!', at: new Date('2025-01-15T12:30:00.000Z') },
    });
    expect(c.raw.__v).toBe(0); // an extra field, kept in raw
  });
});
