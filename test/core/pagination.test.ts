import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConfigurationError, ConversationsClient } from '../../src/index.js';
import type { Conversation, ConversationListParams } from '../../src/model/types.js';
import type { CursorPaginator } from '../../src/spec/paginator.js';
import { defineProvider } from '../../src/spec/provider.js';
import type { RequestRecord } from '../../src/testing/index.js';
import { clientFor, setup } from '../support/gtateth.js';
import { rejection, settle } from '../support/index.js';

/** Requests that started with nothing else in flight: each begins a new sequential round trip. */
const sequentialRounds = (log: RequestRecord[]) => log.filter((r) => r.inFlight === 1).length;

describe('offset walk (G-Tateth)', () => {
  it('yields 1,000 conversations at limit 100 each exactly once, in server order', async () => {
    const { fake, client } = setup({ conversations: 1000, tieRate: 0.3 });
    const ids: string[] = [];
    for await (const c of client.conversations.list({ limit: 100 })) ids.push(c.id);
    expect(ids).toEqual(fake.sorted().map((c) => c._id));
    expect(new Set(ids).size).toBe(1000);
  });

  it('fetches pages ahead, so a walk takes fewer sequential round trips', async () => {
    const rounds: number[] = [];
    for (const lookAhead of [0, 3]) {
      const { fake, client } = setup({ conversations: 1000, latency: 3 }, { lookAhead });
      const ids = await client.conversations.list({ limit: 100 }).toArray();
      expect(ids).toHaveLength(1000);
      const log = fake.requests();
      expect(log).toHaveLength(10);
      expect(Math.max(...log.map((r) => r.inFlight))).toBe(lookAhead === 0 ? 1 : 4);
      rounds.push(sequentialRounds(log));
    }
    expect(rounds[0]).toBe(10);
    expect(rounds[1]).toBeLessThanOrEqual(4);
  });

  it('resumes from a saved cursor in a new client and continues where it stopped', async () => {
    const { fake, client } = setup({ conversations: 250 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for await (const page of client.conversations.list({ limit: 40 }).pages()) {
      seen.push(...page.items.map((c) => c.id));
      cursor = page.cursor;
      if (++pages === 3) break;
    }
    expect(JSON.parse(JSON.stringify({ cursor }))).toEqual({ cursor }); // JSON-safe
    const other = clientFor(fake);
    // Params equal to the walk's own may stand beside its cursor.
    const rest = await other.conversations.list({ cursor: cursor!, limit: 40 }).toArray();
    expect([...seen, ...rest.map((c) => c.id)]).toEqual(fake.sorted().map((c) => c._id));
    expect(fake.requests().at(-1)?.query.get('limit')).toBe('40');
  });

  it('params beside a cursor that differ from its walk are a ConfigurationError, before any request', async () => {
    const { fake, client } = setup({ conversations: 60 });
    const first = await client.conversations.list({ status: 'open', limit: 10 });
    const sent = fake.requests().length;
    for (const params of [{ status: 'closed' as const }, { limit: 7 }, { channel: 'email' }, { page: 2 }]) {
      const error = await rejection(() => client.conversations.list({ cursor: first.cursor!, ...params }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(`Params beside a cursor must be its walk's own: ${Object.keys(params)[0]} differ`);
    }
    expect(fake.requests()).toHaveLength(sent);
    // The cursor alone, or with the same params, resumes the walk; its next cursors still carry them.
    const second = await client.conversations.list({ cursor: first.cursor!, status: 'open' });
    expect(second.page).toBe(2);
    const again = await rejection(() => client.conversations.list({ cursor: second.cursor!, status: 'closed' }));
    expect(again).toBeInstanceOf(ConfigurationError);
    expect((await client.conversations.list({ cursor: second.cursor!, limit: 10 })).page).toBe(3);
  });

  it('carries client-side filters in the cursor', async () => {
    const { fake, client } = setup({ conversations: 120 });
    const first = await client.conversations.list({ assigneeId: null, limit: 20 });
    const rest = await client.conversations.list({ cursor: first.cursor! }).toArray();
    const ids = [...first.items, ...rest].map((c) => c.id);
    expect(ids).toEqual(
      fake
        .sorted()
        .filter((c) => c.assignedTo === null)
        .map((c) => c._id),
    );
  });

  it('manual paging fetches no page ahead: await list() and one nextPage() are 2 requests', async () => {
    const { fake, client } = setup({ conversations: 100 }, { lookAhead: 3 });
    const first = await client.conversations.list({ limit: 10 });
    const second = await first.nextPage();
    await settle();
    expect(second.items.map((c) => c.id)).toEqual(
      fake
        .sorted()
        .slice(10, 20)
        .map((c) => c._id),
    );
    expect(fake.requests().map((r) => r.query.get('page'))).toEqual(['1', '2']);
    // Iterating the same list from there fetches ahead again.
    const list = client.conversations.list({ limit: 10 });
    for await (const page of list.pages()) if (page.page === 2) break;
    expect(fake.requests().length).toBeGreaterThan(4);
  });

  it('concurrent nextPage() calls share one request', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const page = await client.conversations.list({ limit: 10 });
    const [a, b] = await Promise.all([page.nextPage(), page.nextPage()]);
    expect(a).toBe(b);
    expect(fake.requests().filter((r) => r.query.get('page') === '2')).toHaveLength(1);
  });

  it('toArray({ max }) stops early; pages() yields every page', async () => {
    const { fake, client } = setup({ conversations: 45 });
    expect(await client.conversations.list({ limit: 10 }).toArray({ max: 12 })).toHaveLength(12);
    const sizes: number[] = [];
    for await (const page of client.conversations.list({ limit: 10 }).pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(fake.requests().length).toBeGreaterThanOrEqual(7);
  });

  it('a list walked a second time yields every item again', async () => {
    const { fake, client } = setup({ conversations: 45 });
    const all = fake.sorted().map((c) => c._id);
    const list = client.conversations.list({ limit: 10 });
    expect((await list.toArray()).map((c) => c.id)).toEqual(all);
    expect((await list.toArray()).map((c) => c.id)).toEqual(all);
    const again: string[] = [];
    for await (const c of list) again.push(c.id);
    expect(again).toEqual(all);
  });

  it('a second pass uses fresh pages, not those fetched ahead for the first', async () => {
    const { fake, client } = setup({ conversations: 15 }, { lookAhead: 2 });
    const list = client.conversations.list({ limit: 3 });
    for await (const page of list.pages()) if (page.page === 2) break; // pages 3 and 4 are in flight
    await settle();
    const original = fake.sorted().map((c) => c._id);
    fake.insert({ inboxId: fake.inboxes[0]! }); // every row moves one place down
    // The first page is the one the list keeps; every later page is fetched anew, so no row is lost.
    const again = (await list.toArray()).map((c) => c.id);
    expect(new Set(again).size).toBe(again.length);
    expect(again.filter((id) => original.includes(id))).toEqual(original);
  });

  it('nextPage() called again on a page gives that next page again, not an empty one', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const first = await client.conversations.list({ limit: 10 });
    const a = await first.nextPage();
    const b = await first.nextPage();
    expect(b.items.map((c) => c.id)).toEqual(a.items.map((c) => c.id));
    expect(a.items.map((c) => c.id)).toEqual(
      fake
        .sorted()
        .slice(10, 20)
        .map((c) => c._id),
    );
    // A page kept from a finished walk still pages on.
    expect((await (await b.nextPage()).items).map((c) => c.id)).toEqual(
      fake
        .sorted()
        .slice(20)
        .map((c) => c._id),
    );
  });

  it('a failed first page is not kept: awaiting the list again retries it', async () => {
    const { fake, client } = setup({ conversations: 5 }, { maxRetries: 0 });
    fake.inject({ status: 500 });
    const list = client.conversations.list();
    expect((await rejection(() => list)).name).toBe('ServerError');
    expect((await list).items).toHaveLength(5);
  });

  it('toArray refuses a max that is not a whole number', async () => {
    const { client } = setup({ conversations: 5 });
    const error = await rejection(() => client.conversations.list().toArray({ max: 2.5 }));
    expect(error).toBeInstanceOf(ConfigurationError);
  });

  it('refuses a cursor of another list', async () => {
    const { client } = setup();
    expect(await rejection(() => client.conversations.list({ cursor: 'garbage!' }))).toBeInstanceOf(ConfigurationError);
  });

  it('conversations created during a walk push rows down but nothing repeats or goes missing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        async (count, limit, insertsPerPage, seed) => {
          const { fake, client, clock } = setup({ conversations: count, seed, tieRate: 0.5 }, { lookAhead: 2 });
          const original = fake.sorted().map((c) => c._id);
          const seen: string[] = [];
          let p = 0;
          for await (const page of client.conversations.list({ limit }).pages()) {
            seen.push(...page.items.map((c) => c.id));
            clock.advance(1000);
            for (let i = 0; i < (insertsPerPage[p++] ?? 0); i++) fake.insert({ inboxId: fake.inboxes[0]! });
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.filter((id) => original.includes(id))).toEqual(original);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** A client of a provider that has only a list, paged as `list` says; its states are page numbers. */
function listClient(list: Pick<CursorPaginator<Conversation, ConversationListParams, number>, 'start' | 'fetch'>) {
  const provider = defineProvider({
    name: 'generic',
    http: {
      baseUrl: 'https://example.test',
      auth: { headers: () => ({}) },
      parseError: () => ({ code: null, message: null }),
    },
    operations: {
      'conversations.list': {
        kind: 'cursor',
        state: z.number(),
        fields: ['status', 'channel'],
        serverFilters: [],
        maxLimit: 100,
        ...list,
      },
    },
  });
  return new ConversationsClient({ provider });
}

describe('generic walk', () => {
  it('an empty page with a next cursor does not end the walk', async () => {
    const client = listClient({
      start: () => 0,
      async fetch(_ctx, n) {
        const items = n % 2 === 0 ? [] : [{ id: String(n) } as never];
        return { items, next: n < 5 ? n + 1 : null };
      },
    });
    const ids = (await client.conversations.list().toArray()).map((c) => c.id);
    expect(ids).toEqual(['1', '3', '5']);
  });

  it('params the provider refuses reject the list instead of throwing at the call', async () => {
    const refused = new ConfigurationError('status open is not for this list');
    const client = listClient({
      start: () => {
        throw refused;
      },
      fetch: async () => ({ items: [], next: null }),
    });
    const list = client.conversations.list({ status: 'open' });
    expect(await rejection(() => list)).toBe(refused);
    expect(await rejection(() => list.toArray())).toBe(refused);
  });
});
