import { describe, expect, it } from 'vitest';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeGTateth,
  type FakeHeymarket,
  type FakeTether,
} from '../../src/testing/index.js';

// Fakes of realistic size: 100,000 conversations seed in well under a second or two each, and a page
// is served out of them without sorting or scanning the store. Nothing here is timed; the counts of
// records a request reads (below) catch a fake that goes back to scanning.

const N = 100_000;
const SLOW = 30_000;

async function json(fake: { fetch: typeof fetch }, url: string, init: RequestInit): Promise<unknown> {
  const response = await fake.fetch(url, init);
  expect(response.status).toBe(200);
  return response.json();
}

describe('fakes of 100,000 conversations', () => {
  it('G-Tateth: seeds them, and pages them from both ends and filtered', { timeout: SLOW }, async () => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({
      conversations: N,
      seed: 5,
      clock,
      rateLimit: { limit: 1e9, windowSeconds: 3600 },
    });
    expect(fake.conversations.size).toBe(N);
    const sorted = fake.sorted();
    const page = (query: string) =>
      json(fake, `https://api.g-tateth.com/api/v1/conversations?${query}`, {
        headers: { 'x-api-key': fake.apiKey },
      }) as Promise<{ data: Array<{ _id: string }>; pagination: { total: number; totalPages: number } }>;
    const first = await page('limit=100');
    expect(first.pagination).toMatchObject({ total: N, totalPages: 1000 });
    expect(first.data.map((c) => c._id)).toEqual(sorted.slice(0, 100).map((c) => c._id));
    const last = await page('limit=100&page=1000');
    expect(last.data.map((c) => c._id)).toEqual(sorted.slice(-100).map((c) => c._id));
    expect((await page('limit=100&page=1001')).data).toEqual([]);
    const open = await page('status=open&limit=100&page=2');
    const allOpen = sorted.filter((c) => c.status === 'open');
    expect(open.pagination.total).toBe(allOpen.length);
    expect(open.data.map((c) => c._id)).toEqual(allOpen.slice(100, 200).map((c) => c._id));
    // A full client walk of all of them is the bench's (bench/walk.bench.ts): seconds, not a test's time.
  });

  it('Heymarket: seeds them, and pages them from the newest and from the oldest', { timeout: SLOW }, async () => {
    const fake = createFakeHeymarket({ conversations: N, seed: 5, rateLimit: { limit: 1e9, windowSeconds: 60 } });
    // A seeded customer that an inbox already has is skipped, so a few fewer than asked for.
    expect(fake.conversations.size).toBeGreaterThan(0.99 * N);
    expect(fake.conversations.size).toBeLessThanOrEqual(N);
    const sorted = fake.visibleTo();
    expect(sorted).toHaveLength(fake.conversations.size);
    const list = (body: Record<string, unknown>) =>
      json(fake, 'https://api.heymarket.com/v1/conversations', {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: fake.userId, filters: { inboxes: fake.inboxes.map((i) => i.id) }, ...body }),
      }) as Promise<Array<{ id: number; updated: string }>>;
    const first = await list({ limit: 100 });
    expect(first.map((c) => c.id)).toEqual(sorted.slice(0, 100).map((c) => c.id));
    // The page strictly before the 100th oldest row's `updated`: the rows after it.
    const cursor = sorted.at(-100)!;
    const last = await list({ limit: 100, date: new Date(cursor.updated).toISOString() });
    const older = sorted.filter((c) => c.updated < cursor.updated);
    expect(last.map((c) => c.id)).toEqual(older.map((c) => c.id));
    expect(await list({ limit: 100, date: new Date(sorted.at(-1)!.updated).toISOString() })).toEqual([]);
    const closed = await list({ limit: 100, filters: { inboxes: [fake.inboxes[0]!.id], closed: true } });
    expect(closed.map((c) => c.id)).toEqual(
      sorted
        .filter((c) => c.inbox === fake.inboxes[0]!.id && c.status === 'closed')
        .slice(0, 100)
        .map((c) => c.id),
    );
  });

  it('Tether: seeds them over 10,000 contacts, pages the contacts and lists a contact’s', {
    timeout: SLOW,
  }, async () => {
    const fake = createFakeTether({ conversations: N, contacts: 10_000, seed: 5 });
    expect(fake.conversations.size).toBe(N);
    expect(fake.contacts.size).toBe(10_000);
    const headers = { authorization: `Bearer ${fake.issueToken()}`, 'content-type': 'application/json' };
    const contacts = (query: string) =>
      json(fake, `https://acme.tether.test/api/contacts?ownerFilter=all&${query}`, { headers }) as Promise<{
        data: Array<{ _id: string }>;
        total: number;
      }>;
    const byAge = [...fake.contacts.values()].sort((a, b) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : -1));
    const first = await contacts('size=100');
    expect(first.total).toBe(10_000);
    expect(first.data.map((c) => c._id)).toEqual(byAge.slice(0, 100).map((c) => c._id));
    const last = await contacts('size=100&page=100');
    expect(last.data.map((c) => c._id)).toEqual(byAge.slice(-100).map((c) => c._id));
    const contact = byAge[0]!._id;
    const listed = (await json(fake, 'https://acme.tether.test/api/conversation/all', {
      method: 'POST',
      headers,
      body: JSON.stringify({ contactId: contact, channelType: 'sms' }),
    })) as { conversations: Array<{ _id: string }> };
    const expected = fake
      .visibleTo()
      .filter((c) => c.contactId === contact && c.channelType === 'sms')
      .map((c) => c._id);
    expect(listed.conversations.map((c) => c._id).sort()).toEqual(expected.sort());
  });
});

/**
 * Wraps every stored record in a proxy that notes which records are read, so a test can count the
 * records one request reads: a request that sorted or scanned the store would read all of them.
 */
function countReads<K, R extends object>(store: Map<K, R>): { read: Set<object>; reset(): void } {
  const read = new Set<object>();
  for (const [key, record] of [...store]) {
    store.set(
      key,
      new Proxy(record, {
        get(target, property, receiver) {
          read.add(target);
          return Reflect.get(target, property, receiver);
        },
      }),
    );
  }
  return { read, reset: () => read.clear() };
}

/** `countReads` for an array of records: each entry is replaced by a proxy that notes its reads. */
function countEntryReads<R extends object>(store: R[]): { read: Set<object>; reset(): void } {
  const read = new Set<object>();
  store.forEach((record, i) => {
    store[i] = new Proxy(record, {
      get(target, property, receiver) {
        read.add(target);
        return Reflect.get(target, property, receiver);
      },
    });
  });
  return { read, reset: () => read.clear() };
}

describe('a request reads a page’s worth of a large store, not all of it', () => {
  const n = 20_000;

  it('G-Tateth: a page from the middle, a create, a delete', async () => {
    const fake: FakeGTateth = createFakeGTateth({
      conversations: n,
      seed: 2,
      rateLimit: { limit: 1e9, windowSeconds: 3600 },
    });
    const reads = countReads(fake.conversations);
    const headers = { 'x-api-key': fake.apiKey, 'content-type': 'application/json' };
    const base = 'https://api.g-tateth.com/api/v1/conversations';
    reads.reset();
    const page = (await json(fake, `${base}?page=77&limit=100`, { headers })) as { data: unknown[] };
    expect(page.data).toHaveLength(100);
    expect(reads.read.size).toBeLessThan(300);
    reads.reset();
    const created = await fake.fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({ subject: 'New', inboxId: fake.inboxes[0] }),
    });
    expect(created.status).toBe(201);
    expect(reads.read.size).toBeLessThan(100);
    reads.reset();
    const id = fake.sorted()[n / 2]!._id;
    reads.reset();
    expect((await fake.fetch(`${base}/${id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(reads.read.size).toBeLessThan(100);
    // A filtered walk scans the store once, then pages out of what it found until the store changes.
    await json(fake, `${base}?status=open&page=1&limit=100`, { headers });
    reads.reset();
    const second = (await json(fake, `${base}?status=open&page=2&limit=100`, { headers })) as { data: unknown[] };
    expect(second.data).toHaveLength(100);
    expect(reads.read.size).toBeLessThanOrEqual(100);
  });

  it('Heymarket: a page behind a cursor, a write that moves a row, a send to a new number', async () => {
    const fake: FakeHeymarket = createFakeHeymarket({
      conversations: n,
      seed: 2,
      rateLimit: { limit: 1e9, windowSeconds: 60 },
    });
    const sorted = fake.sorted();
    const reads = countReads(fake.conversations);
    const headers = { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fake.fetch(`https://api.heymarket.com${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const inboxes = fake.inboxes.map((i) => i.id);
    reads.reset();
    const cursor = new Date(sorted[n / 2]!.updated).toISOString();
    const page = await post('/v1/conversations', { id: fake.userId, filters: { inboxes }, limit: 100, date: cursor });
    expect(await page.json()).toHaveLength(100);
    expect(reads.read.size).toBeLessThan(300);
    const record = sorted[Math.floor(n / 3)]!;
    reads.reset();
    const close = await post('/v1/conversations/close', {
      inbox_id: record.inbox,
      user_id: fake.userId,
      target: record.target,
    });
    expect(close.status).toBe(200);
    expect(reads.read.size).toBeLessThan(100);
    reads.reset();
    const send = await post('/v1/message/send', {
      inbox_id: inboxes[0],
      creator_id: fake.userId,
      phone_number: '14155550000',
      text: 'Hello',
    });
    expect(send.status).toBe(200);
    expect(reads.read.size).toBeLessThan(100);
    expect(fake.sorted()[0]?.target).toBe('14155550000');
    const sms = sorted.find((c) => c.channel === 'sms' && c.inbox !== inboxes[0])!;
    reads.reset();
    const transfer = await post('/v1/conversations/transfer', {
      conversation_id: sms.id,
      transfer_inbox_id: inboxes[0],
    });
    expect(transfer.status).toBe(200);
    expect(reads.read.size).toBeLessThan(100);
  });

  it('Heymarket: a conversation’s message history, newest and behind a timestamp, after a send', async () => {
    const fake: FakeHeymarket = createFakeHeymarket({
      conversations: n,
      messages: 2,
      seed: 2,
      rateLimit: { limit: 1e9, windowSeconds: 60 },
    });
    const record = fake.sorted()[n / 2]!;
    const base = record.updated - 200_000;
    for (let i = 0; i < 120; i++) fake.addMessage(record.id, { date: base + i * 1000 });
    expect(fake.messages.length).toBeGreaterThan(2 * n);
    const reads = countEntryReads(fake.messages);
    const conversationReads = countReads(fake.conversations);
    const headers = { authorization: `Bearer ${fake.apiKey}` };
    const history = (query = '') =>
      json(fake, `https://api.heymarket.com/v1/messages?phoneNumber=${record.target}&inboxID=${record.inbox}${query}`, {
        headers,
      }) as Promise<Array<{ id: number }>>;
    // Replacing every entry of `messages` (with its proxy) is a change other than an append: the first
    // read after it builds the histories again, once.
    await history();
    const newest = fake.history(record.id).map((m) => ({ id: m.id, date: m.date }));
    expect(newest.length).toBe(122);
    reads.reset();
    conversationReads.reset();
    expect((await history()).map((m) => m.id)).toEqual(newest.slice(0, 50).map((m) => m.id));
    // A binary search and the page: not all of the conversation's 122 messages, nor the store's 40,000.
    expect(reads.read.size).toBeLessThan(80);
    expect(conversationReads.read.size).toBeLessThan(10);
    reads.reset();
    const timestamp = Math.floor((base + 60_500) / 1000);
    const behind = await history(`&timestamp=${timestamp}`);
    expect(behind.map((m) => m.id)).toEqual(
      newest
        .filter((m) => m.date < timestamp * 1000)
        .slice(0, 50)
        .map((m) => m.id),
    );
    expect(reads.read.size).toBeLessThan(80);
    const sent = await fake.fetch('https://api.heymarket.com/v1/message/send', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ inbox_id: record.inbox, creator_id: fake.userId, chat_id: record.id, text: 'Hi' }),
    });
    expect(sent.status).toBe(200);
    reads.reset();
    const after = await history();
    expect(after[0]?.id).toBe(((await sent.json()) as { id: number }).id);
    expect(reads.read.size).toBeLessThan(80);
  });

  it('Tether: a contacts page, and a contact’s conversations', async () => {
    const fake: FakeTether = createFakeTether({ conversations: n, contacts: 2000, seed: 2 });
    const conversationReads = countReads(fake.conversations);
    const contactReads = countReads(fake.contacts);
    const headers = { authorization: `Bearer ${fake.issueToken()}`, 'content-type': 'application/json' };
    contactReads.reset();
    const page = (await json(fake, 'https://acme.tether.test/api/contacts?ownerFilter=all&size=100&page=7', {
      headers,
    })) as { data: unknown[] };
    expect(page.data).toHaveLength(100);
    expect(contactReads.read.size).toBeLessThan(300);
    conversationReads.reset();
    const contact = [...fake.contacts.keys()][500]!;
    await json(fake, 'https://acme.tether.test/api/conversation/all', {
      method: 'POST',
      headers,
      body: JSON.stringify({ contactId: contact }),
    });
    const read = conversationReads.read.size;
    const own = [...fake.conversations.values()].filter((c) => c.contactId === contact).length;
    expect(own).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(own);
  });
});
