import { describe, expect, it } from 'vitest';
import { ConfigurationError, type Conversation, type CursorPage, type Warning } from '../../src/index.js';
import { instantUs, isRfc3339, justAfter } from '../../src/providers/heymarket/instant.js';
import { bodies, clientFor, setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

const ids = (items: readonly Conversation[]) => items.map((c) => c.id);

describe('cursor strings keep the wire string exact', () => {
  it('adds 1 ms, keeping the offset, the separator and any finer precision', () => {
    expect(justAfter('2024-01-15T10:30:00.123Z')).toBe('2024-01-15T10:30:00.124Z');
    expect(justAfter('2024-01-15T10:30:00+00:00')).toBe('2024-01-15T10:30:00.001+00:00');
    expect(justAfter('2024-01-15T10:30:00.5-05:30')).toBe('2024-01-15T10:30:00.501-05:30');
    expect(justAfter('2024-01-15T10:30:00.123456+02:00')).toBe('2024-01-15T10:30:00.123457+02:00');
    expect(justAfter('2024-12-31T23:59:59.999+05:30')).toBe('2025-01-01T00:00:00.000+05:30');
    expect(justAfter('2024-02-28T23:59:59.999Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('compares instants, not strings, across offsets', () => {
    expect(instantUs('2024-01-15T10:30:00.750Z')).toBe(instantUs('2024-01-15T12:30:00.75+02:00'));
    expect(instantUs('2024-01-15T10:30:00.000001Z')! - instantUs('2024-01-15T10:30:00Z')!).toBe(1);
  });

  it('accepts exactly the syntax the server accepts back', () => {
    for (const ok of ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123456-08:00']) expect(isRfc3339(ok)).toBe(true);
    for (const bad of ['2024-01-15T10:30:00', '2024-01-15T10:30:00.1234567Z', '1705314600', '2024-02-30T00:00:00Z']) {
      expect(isRfc3339(bad)).toBe(false);
    }
  });
});

describe('the conversation walk', () => {
  it('yields a tie group split across a page boundary exactly once, sending last updated + 1 ms', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const t = Date.UTC(2026, 0, 10, 9, 0, 0, 250);
    for (let i = 0; i < 5; i++) fake.insert({ id: 200 + i, updated: t + 10 + i });
    for (let i = 0; i < 7; i++) fake.insert({ id: 300 + i, updated: t }); // one instant, across pages of 4
    for (let i = 0; i < 3; i++) fake.insert({ id: 400 + i, updated: t - 5 - i });
    const items = await client.conversations.list({ limit: 4 }).toArray();
    expect(ids(items)).toEqual(ids(items).filter((id, i, all) => all.indexOf(id) === i));
    expect(ids(items).sort()).toEqual(
      fake
        .sorted()
        .map((c) => String(c.id))
        .sort(),
    );
    const dates = bodies(fake, 'POST /v1/conversations').map((b) => b.date);
    expect(dates).toContain('2026-01-10T09:00:00.251Z');
  });

  it('ends only on an empty page: pages capped by the server below the limit do not end it', async () => {
    const { fake, client } = setup({ conversations: 60, pageCap: 7 });
    const pages: number[] = [];
    for await (const page of client.conversations.list({ limit: 50 }).pages()) pages.push(page.items.length);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...pages)).toBe(7);
    // The last request is the one answered [] (the end); none of the items pages was empty.
    const statuses = fake.requests('POST /v1/conversations').map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('reports a tie group larger than the largest page, with the raw wire string, and moves on', async () => {
    const { fake, client, warnings } = setup({ conversations: 0, timestampStyle: 'seconds-offset' });
    const t = Date.UTC(2026, 0, 10, 9, 0, 0);
    fake.insert({ id: 1, updated: t + 5000 });
    for (let i = 0; i < 130; i++) fake.insert({ id: 1000 + i, updated: t });
    fake.insert({ id: 2, updated: t - 5000 });
    const items = await client.conversations.list({ limit: 30 }).toArray();
    expect(new Set(ids(items)).size).toBe(items.length);
    expect(items.length).toBe(102); // 1 + the newest 100 of the group + 1
    expect(ids(items)).toContain('2');
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'tie-overflow',
        resource: 'conversations',
        updated: '2026-01-10T09:00:00+00:00',
        yielded: 100,
        pageSize: 100,
      }),
    ]);
    expect((warnings[0] as Warning).message).toContain('2026-01-10T09:00:00+00:00');
  });

  it('starts strictly before `before`, given as a string (sent as is) or a Date', async () => {
    const { fake, client } = setup({ conversations: 40 });
    const sorted = fake.sorted();
    const pivot = sorted[10]!;
    const raw = fake.stamp(pivot.updated).replace('Z', '+00:00');
    const fromString = await client.conversations.list({ before: raw }).toArray();
    const fromDate = await client.conversations.list({ before: new Date(pivot.updated) }).toArray();
    const expected = sorted.filter((c) => c.updated < pivot.updated).map((c) => String(c.id));
    expect(ids(fromString)).toEqual(expected);
    expect(ids(fromDate)).toEqual(expected);
    expect(bodies(fake, 'POST /v1/conversations').some((b) => b.date === raw)).toBe(true);
    const page = (await client.conversations.list({ before: raw })) as CursorPage<Conversation>;
    expect(page.before).toBe(raw);
  });

  it('rejects a malformed `before` or `limit` before sending anything', async () => {
    const { fake, client } = setup({ conversations: 3 });
    for (const params of [
      { before: '2024-01-15T10:30:00' },
      { before: new Date(Number.NaN) },
      { limit: 0 },
      { limit: 101 },
    ]) {
      await expect(client.conversations.list(params)).rejects.toBeInstanceOf(ConfigurationError);
    }
    expect(fake.log.length).toBe(0);
  });

  it('resumes from a cursor in a new client, with its filters and page size, and without repeats', async () => {
    const { fake, client } = setup({ conversations: 80, tieRate: 0.5 });
    const first = await client.conversations.list({ status: 'open', limit: 9 });
    const second = await first.nextPage();
    const fresh = clientFor(fake); // a new process: nothing shared but the cursor
    // Params beside the cursor that differ from its walk's are refused; the cursor alone resumes it.
    const refused = await rejection(() => fresh.conversations.list({ cursor: second.cursor!, status: 'closed' }));
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect(await rejection(() => fresh.conversations.list({ cursor: second.cursor!, limit: 2 }))).toBeInstanceOf(
      ConfigurationError,
    );
    const rest = await fresh.conversations.list({ cursor: second.cursor! }).toArray();
    const all = [...first.items, ...second.items, ...rest];
    expect(new Set(ids(all)).size).toBe(all.length);
    const open = fake
      .visibleTo()
      .filter((c) => c.status === 'open')
      .map((c) => String(c.id));
    expect(ids(all).sort()).toEqual(open.sort());
    const limits = bodies(fake, 'POST /v1/conversations').map((b) => b.limit);
    expect(new Set(limits)).toEqual(new Set([9]));
  });

  it('walks every inbox the acting user belongs to when no inboxId is given, and only those', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const other = fake.addInbox({ name: 'Not mine', members: [fake.users[1]!.id] });
    for (let i = 0; i < 5; i++) fake.insert({ inbox: other.id });
    const items = await client.conversations.list().toArray();
    expect(items.length).toBe(30);
    expect(items.every((c) => c.inboxId !== String(other.id))).toBe(true);
    const sent = bodies(fake, 'POST /v1/conversations')[0] as { id: number; filters: { inboxes: number[] } };
    expect(sent.id).toBe(fake.userId);
    expect(sent.filters.inboxes).toEqual(fake.inboxes.filter((i) => i.members.includes(fake.userId)).map((i) => i.id));
  });

  it('ends at once, with no list request, when the acting user belongs to no inbox', async () => {
    const { fake, client } = setup({ conversations: 5 }, { userId: 999 });
    expect(await client.conversations.list().toArray()).toEqual([]);
    expect(fake.requests('POST').length).toBe(0);
  });
});

describe('an edited cursor whose state no walk could have made', () => {
  const token = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString());
  const encode = (t: unknown) => Buffer.from(JSON.stringify(t)).toString('base64url');

  it('conversations: a ConfigurationError naming the field, before any request', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const page = await client.conversations.list({ limit: 3, status: 'open' });
    const real = token(page.cursor!);
    const edits: Array<[string, unknown]> = [
      ['bound', 'zzz'],
      ['bound', ''],
      ['bound', 5],
      ['bound', '2024-01-15T10:30:00'],
      ['from', '2024-02-30T00:00:00Z'],
      ['at', 'zzz'],
      ['at', ''],
      ['pending', { at: 'zzz', yielded: 1, page: 3 }],
      ['pending', { at: real.s.at, yielded: -1, page: 3 }],
      ['max', -1],
      ['n', 1.5],
      ['cap', 0],
      ['short', 0],
      ['limit', 101],
      ['inboxes', ['x']],
    ];
    for (const [field, value] of edits) {
      const mark = fake.log.length;
      const cursor = encode({ ...real, s: { ...real.s, [field]: value } });
      const error = await rejection(() => client.conversations.list({ cursor }));
      expect(error, `${field}=${JSON.stringify(value)}`).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(new RegExp(`^Invalid cursor: its state does not fit this list \\(${field}`));
      expect(fake.log.length).toBe(mark);
    }
    // The cursor as it was still resumes the walk.
    expect((await client.conversations.list({ cursor: page.cursor! })).items.length).toBeGreaterThan(0);
  });

  it('message history: the same, for its seconds bound, id, inbox and phone number', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    for (let i = 0; i < 60; i++) fake.addMessage(record.id, { date: Date.UTC(2026, 0, 1) + i * 1000 });
    const page = await client.messages.list(String(record.id));
    const real = token(page.cursor!);
    const edits: Array<[string, unknown]> = [
      ['bound', '2026-01-01T00:00:00Z'],
      ['bound', -5],
      ['bound', 1.5],
      ['from', 5],
      ['id', 'abc'],
      ['inbox', 'x'],
      ['phone', '+14155551234'],
      ['at', 'zzz'],
    ];
    for (const [field, value] of edits) {
      const mark = fake.log.length;
      const cursor = encode({ ...real, s: { ...real.s, [field]: value } });
      const error = await rejection(() => client.messages.list(String(record.id), { cursor }));
      expect(error, `${field}=${JSON.stringify(value)}`).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(new RegExp(`^Invalid cursor: its state does not fit this list \\(${field}`));
      expect(fake.log.length).toBe(mark);
    }
    expect((await client.messages.list(String(record.id), { cursor: page.cursor! })).items.length).toBe(10);
  });
});
