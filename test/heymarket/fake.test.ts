import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { heymarketWire as wire } from '../../src/providers/heymarket/index.js';
import {
  createFakeHeymarket,
  createVirtualClock,
  type FakeHeymarket,
  type FakeHeymarketOptions,
  type HeymarketMessageRecord,
} from '../../src/testing/index.js';

const BASE = 'https://api.heymarket.com';
const errorBody = z.object({ error: z.string(), message: z.string() });

function call(
  fake: FakeHeymarket,
  method: string,
  path: string,
  body?: unknown,
  authorization = `Bearer ${fake.apiKey}`,
) {
  return fake.fetch(`${BASE}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const variants: FakeHeymarketOptions[] = [
  {},
  { conversationShape: 'prose', inboxesShape: 'wrapped', timestampStyle: 'seconds-offset' },
  { pageCap: 3, tieRate: 0.6 },
];

describe('everything the Heymarket fake emits parses with the provider wire schemas', () => {
  it.each(variants)('variant %o', async (options) => {
    const fake = createFakeHeymarket({
      conversations: 30,
      messages: [1, 4],
      seed: 4,
      ...options,
      rateLimit: { limit: 40, windowSeconds: 60 },
    });
    const c = fake.visibleTo().find((x) => x.channel === 'sms')!;
    const inboxes = fake.inboxes.map((i) => i.id);
    const me = fake.userId;
    const calls: Array<[string, string, unknown, z.ZodMiniType | null]> = [
      ['POST', '/v1/conversations', { id: me, filters: { inboxes }, limit: 7 }, wire.conversationList],
      [
        'POST',
        '/v1/conversations',
        { id: me, filters: { inboxes, closed: false, unread: true }, date: '2099-01-01T00:00:00-07:00' },
        wire.conversationList,
      ],
      ['GET', `/v1/conversations/${c.id}`, undefined, wire.conversation],
      ['POST', '/v1/conversations/close', { inbox_id: c.inbox, user_id: me, chat_id: c.id }, wire.actionResponse],
      ['POST', '/v1/conversations/open', { inbox_id: c.inbox, user_id: me, target: c.target }, wire.actionResponse],
      ['POST', '/v1/conversations/read', { inbox_id: c.inbox, user_id: me, target: c.target }, wire.actionResponse],
      ['POST', '/v1/conversations/unread', { inbox_id: c.inbox, user_id: me, target: c.target }, wire.actionResponse],
      [
        'POST',
        '/v1/conversations/reassign',
        { inbox_id: c.inbox, target: c.target, user_id: c.assigned ?? me, reassign_id: me },
        wire.actionResponse,
      ],
      [
        'POST',
        '/v1/message/send',
        { inbox_id: c.inbox, creator_id: me, chat_id: c.id, text: 'hi', local_id: 'l1' },
        wire.sendResponse,
      ],
      [
        'POST',
        '/v1/message/send',
        { inbox_id: c.inbox, creator_id: me, phone_number: '14155550199', text: 'new' },
        wire.sendResponse,
      ],
      ['GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${c.inbox}`, undefined, wire.messageList],
      ['GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${c.inbox}&timestamp=1`, undefined, wire.messageList],
      ['GET', '/v1/inboxes', undefined, wire.inboxList],
      ['GET', '/v1/team', undefined, wire.team],
      [
        'POST',
        '/v1/conversations/transfer',
        { conversation_id: c.id, transfer_inbox_id: inboxes.find((i) => i !== c.inbox) },
        wire.actionResponse,
      ],
      // Errors
      ['POST', '/v1/conversations', '{', null],
      ['POST', '/v1/conversations', { id: 0, filters: { inboxes } }, null],
      ['GET', '/v1/conversations/abc', undefined, null],
      ['GET', '/v1/messages/all', undefined, null],
    ];
    for (const [method, path, body, schema] of calls) {
      const response = await call(fake, method, path, body);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const parsed = z.safeParse(schema ?? errorBody, await response.json());
      expect(parsed.success, `${method} ${path} ${response.status}`).toBe(true);
      expect(response.status >= 400, `${method} ${path}`).toBe(schema === null);
    }
    // The window is full now: a header-less 429 in the same body shape.
    for (let i = 0; i < 40; i++) await call(fake, 'GET', '/v1/team');
    const limited = await call(fake, 'GET', '/v1/team');
    expect(limited.status).toBe(429);
    expect(z.safeParse(errorBody, await limited.json()).success).toBe(true);
  });

  it('action answers are exactly the JSON string "ok"', async () => {
    const fake = createFakeHeymarket({ conversations: 5, seed: 4 });
    const c = fake.sorted()[0]!;
    const response = await call(fake, 'POST', '/v1/conversations/close', {
      inbox_id: c.inbox,
      user_id: fake.userId,
      chat_id: c.id,
    });
    expect(await response.text()).toBe('"ok"');
  });
});

describe('the fake follows the pagination rules (§5)', () => {
  const list = (fake: FakeHeymarket, extra: Record<string, unknown>) =>
    call(fake, 'POST', '/v1/conversations', {
      id: fake.userId,
      filters: { inboxes: fake.inboxes.map((i) => i.id) },
      ...extra,
    });

  it('accepts 0-6 fraction digits and any offset, compares instants, and refuses anything else', async () => {
    const fake = createFakeHeymarket({ conversations: 0, clock: createVirtualClock() });
    const t = Date.UTC(2026, 0, 10, 12, 0, 0, 500);
    fake.insert({ id: 1, updated: t });
    fake.insert({ id: 2, updated: t - 1 });
    const ids = async (date: string) =>
      ((await (await list(fake, { date })).json()) as Array<{ id: number }>).map((c) => c.id);
    expect(await ids('2026-01-10T12:00:00.5Z')).toEqual([2]);
    expect(await ids('2026-01-10T14:00:00.500001+02:00')).toEqual([1, 2]);
    expect(await ids('2026-01-10T07:00:00.499-05:00')).toEqual([]);
    for (const date of [
      '2026-01-10T12:00:00',
      '2026-01-10T12:00:00.1234567Z',
      '1768046400',
      '2026-01-10 12:00:00Z',
      5,
    ]) {
      const response = await list(fake, { date });
      expect(response.status, String(date)).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'bad_data' });
    }
  });

  it('validates limit (1-100, never clamped), refuses id 0, and ignores paging look-alikes', async () => {
    const fake = createFakeHeymarket({ conversations: 12 });
    for (const limit of [0, 101, 2.5, '5']) expect((await list(fake, { limit })).status).toBe(400);
    expect(
      (await call(fake, 'POST', '/v1/conversations', { id: 0, filters: { inboxes: [fake.inboxes[0]!.id] } })).status,
    ).toBe(403);
    const plain = await (await list(fake, { limit: 5 })).json();
    const decorated = await (
      await list(fake, { limit: 5, page: 2, order: 'asc', ascending: true, archived: true })
    ).json();
    expect(decorated).toEqual(plain);
  });

  it('checks in the order 401, 429, 400, 403, 404', async () => {
    const fake = createFakeHeymarket({ conversations: 2, rateLimit: { limit: 1, windowSeconds: 60 } });
    const bad = { id: 0, filters: {} };
    expect((await call(fake, 'POST', '/v1/conversations', bad, 'Bearer nope')).status).toBe(401);
    expect((await call(fake, 'POST', '/v1/conversations', bad)).status).toBe(400);
    expect((await call(fake, 'POST', '/v1/conversations', bad)).status).toBe(429);
    const fresh = createFakeHeymarket({ conversations: 2 });
    const body = { inbox_id: fresh.inboxes[0]!.id, user_id: 1, chat_id: 424242 };
    expect((await call(fresh, 'POST', '/v1/conversations/close', body)).status).toBe(403);
    expect((await call(fresh, 'POST', '/v1/conversations/close', { ...body, user_id: fresh.userId })).status).toBe(404);
  });

  it('message history: 50 newest, seconds timestamps, and a "+" in the number is a 400', async () => {
    const fake = createFakeHeymarket({ conversations: 0 });
    const c = fake.insert();
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 70; i++) fake.addMessage(c.id, { date: base + i * 1000 });
    const page = async (query: string) =>
      (await call(fake, 'GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${c.inbox}${query}`)).json();
    expect((await page('')).length).toBe(50);
    expect((await page(`&timestamp=${base / 1000 + 10}`)).length).toBe(10);
    // Milliseconds where seconds belong lie far in the future: the newest page again (trap 9).
    expect(await page(`&timestamp=${base + 10_000}`)).toEqual(await page(''));
    const plus = await call(fake, 'GET', `/v1/messages?phoneNumber=+${c.target}&inboxID=${c.inbox}`);
    expect(plus.status).toBe(400);
    expect(await (await call(fake, 'GET', `/v1/messages?phoneNumber=19995550000&inboxID=${c.inbox}`)).json()).toEqual(
      [],
    );
    const foreign = fake.addForeignInbox();
    expect((await call(fake, 'GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${foreign.id}`)).status).toBe(403);
  });
});

describe('message history out of the index', () => {
  /** What the history route answered when it filtered and sorted every message on each call. */
  function reference(fake: FakeHeymarket, conversation: number, bound: number): HeymarketMessageRecord[] {
    return fake.messages
      .filter((m) => m.conversation === conversation)
      .sort((a, b) => b.date - a.date || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .filter((m) => m.date < bound)
      .slice(0, 50);
  }

  it('keeps messages that tie on date and id in the order messages holds them, after a write moves one away and back', async () => {
    const fake = createFakeHeymarket({ conversations: 0 });
    const c = fake.insert();
    const date = Date.UTC(2026, 0, 1);
    const [a, b] = [fake.addMessage(c.id, { id: 7, date }), fake.addMessage(c.id, { id: 7, date })];
    a!.date = date + 1;
    a!.date = date;
    expect(fake.history(c.id)[0]).toBe(a);
    const listed = await (await call(fake, 'GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${c.inbox}`)).json();
    expect(listed).toEqual([a, b].map((m) => fake.messageToWire(m!)));
  });

  it('answers what filtering and sorting every message did, through changes to messages however made', async () => {
    const base = Date.UTC(2026, 0, 1);
    const op = fc.oneof(
      {
        arbitrary: fc.record({ add: fc.nat(2), second: fc.nat(2), half: fc.boolean(), id: fc.option(fc.nat(1)) }),
        weight: 4,
      },
      { arbitrary: fc.record({ date: fc.nat(), second: fc.nat(2) }), weight: 4 },
      { arbitrary: fc.record({ move: fc.nat(), to: fc.nat(2) }), weight: 4 },
      { arbitrary: fc.record({ id: fc.nat(), to: fc.nat(1) }), weight: 4 },
      { arbitrary: fc.record({ push: fc.nat(2), second: fc.nat(2) }), weight: 4 },
      // Changes other than appends rebuild the histories: rarer, so that writes pile up between them.
      { arbitrary: fc.record({ splice: fc.nat(), count: fc.nat(3) }), weight: 1 },
      { arbitrary: fc.record({ replace: fc.nat(), second: fc.nat(2) }), weight: 1 },
      { arbitrary: fc.record({ truncate: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ read: fc.nat(2), timestamp: fc.option(fc.nat(7)) }), weight: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 120 }), async (ops) => {
        const fake = createFakeHeymarket({ conversations: 0, seed: 1 });
        const conversations = [0, 1, 2].map((k) => fake.insert({ target: `1415555000${k}` }));
        const at = (second: number, half = false) => base + second * 1000 + (half ? 500 : 0);
        const some = (n: number) => fake.messages[n % Math.max(1, fake.messages.length)];
        // Every message's text is its own, so an answer in another order of ties does not compare equal.
        let texts = 0;
        const plain = (conversation: number, second: number): HeymarketMessageRecord => ({
          id: 5,
          conversation,
          text: `pushed ${texts++}`,
          media: '',
          type: 'inbound',
          status: 'received',
          date: at(second),
          updated: at(second),
          user: 0,
          author: '',
          localId: '',
        });
        for (const o of ops) {
          if ('add' in o) {
            const c = conversations[o.add]!.id;
            fake.addMessage(c, {
              date: at(o.second, o.half),
              text: `added ${texts++}`,
              ...(o.id === null ? {} : { id: o.id }),
            });
          } else if ('date' in o) {
            const m = some(o.date);
            if (m) m.date = at(o.second);
          } else if ('move' in o) {
            const m = some(o.move);
            if (m) Object.assign(m, { conversation: conversations[o.to]!.id });
          } else if ('id' in o && 'to' in o) {
            const m = some(o.id);
            if (m) m.id = o.to;
          } else if ('push' in o) {
            fake.messages.push(plain(conversations[o.push]!.id, o.second));
          } else if ('splice' in o) {
            fake.messages.splice(o.splice % Math.max(1, fake.messages.length), o.count);
          } else if ('replace' in o) {
            if (fake.messages.length > 0) {
              fake.messages[o.replace % fake.messages.length] = plain(conversations[0]!.id, o.second);
            }
          } else if ('truncate' in o) {
            fake.messages.length = Math.min(fake.messages.length, o.truncate % 8);
          } else {
            const c = conversations[o.read]!;
            const query = o.timestamp === null ? '' : `&timestamp=${base / 1000 + o.timestamp}`;
            const got = await (
              await call(fake, 'GET', `/v1/messages?phoneNumber=${c.target}&inboxID=${c.inbox}${query}`)
            ).json();
            const bound = o.timestamp === null ? Number.POSITIVE_INFINITY : (base / 1000 + o.timestamp) * 1000;
            expect(got).toEqual(reference(fake, c.id, bound).map((m) => fake.messageToWire(m)));
          }
        }
        const places = (rows: HeymarketMessageRecord[]) => rows.map((m) => fake.messages.indexOf(m));
        for (const c of conversations) {
          expect(places(fake.history(c.id))).toEqual(places(reference(fake, c.id, Infinity)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('seeding', () => {
  it('holds as many conversations as asked for, drawing again when a target repeats in an inbox', () => {
    // These seeds drew a repeated target (the same phone number in the same inbox): the fake held one fewer.
    for (const [conversations, seed] of [
      [3000, 3],
      [5000, 3],
      [10000, 3],
    ] as const) {
      const fake = createFakeHeymarket({ conversations, seed });
      expect(fake.conversations.size).toBe(conversations);
      const keys = new Set([...fake.conversations.values()].map((c) => `${c.inbox} ${c.target}`));
      expect(keys.size).toBe(conversations);
    }
  });
});
