import { describe, expect, it } from 'vitest';
import { ConfigurationError, type ConversationListParams, ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import type { FakeServer } from '../../src/testing/index.js';
import * as g from '../support/gtateth.js';
import * as h from '../support/heymarket.js';
import { rejection } from '../support/index.js';
import * as t from '../support/tether.js';

/** A fresh client on a fresh fake of each provider, and the filters its conversations can never match. */
const providers: Array<{
  name: string;
  make(): { client: ConversationsClient; fake: FakeServer };
  refused: ConversationListParams[];
  kept: ConversationListParams[];
}> = [
  {
    name: 'gtateth',
    make: () => g.setup({ conversations: 5 }, { maxRetries: 0 }),
    refused: [{ unread: true }, { unread: false }],
    kept: [{ priority: 'high' }, { contactId: '64a1b2c3d4e5f6789012345a' }, { channel: 'email' }],
  },
  {
    name: 'heymarket',
    make: () => h.setup({ conversations: 5 }, { maxRetries: 0 }),
    refused: [{ priority: 'high' }, { contactId: 'c1' }],
    kept: [{ unread: true }, { status: 'open' }],
  },
  {
    name: 'tether',
    make: () => t.setup({ contacts: 2, conversations: 5 }, { maxRetries: 0 }),
    refused: [{ inboxId: 'i1' }, { inboxId: ['i1', 'i2'] }, { priority: 'low' }, { unread: false }],
    kept: [{ status: 'open' }, { assigneeId: null }],
  },
];

describe.each(providers)('bad input is refused before any request: $name', ({ name, make, refused, kept }) => {
  it('a filter its conversations can never match is a ConfigurationError when the list starts', async () => {
    const { client, fake } = make();
    for (const params of refused) {
      const [field] = Object.keys(params);
      const list = client.conversations.list(params);
      const error = await rejection(() => list);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(`${name} conversations have no ${field}: a filter on it never matches`);
      expect(await rejection(() => list.toArray())).toBeInstanceOf(ConfigurationError);
    }
    expect(fake.requests()).toHaveLength(0);
    for (const params of kept) await client.conversations.list(params); // filters it has still list
  });

  it('limit is an integer from 1 to 100, checked the same way', async () => {
    const { client, fake } = make();
    for (const limit of [0, -1, 101, 1000, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number]) {
      const error = await rejection(() => client.conversations.list({ limit }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe('limit must be an integer from 1 to 100');
    }
    expect(fake.requests()).toHaveLength(0);
    await client.conversations.list({ limit: 100 });
    await client.conversations.list({ limit: 1 });
  });

  it('messages.list takes no limit where the API has no page size: refused, not ignored', async (ctx) => {
    const { client, fake } = make();
    if (!client.supports('messages.list')) return ctx.skip();
    const m = client.messages as ConversationsClient['messages'];
    const error = await rejection(() => m.list('1', { limit: 10 }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`limit is not taken by ${name} messages.list: its pages are the API's own size`);
    expect(fake.requests()).toHaveLength(0);
  });

  it('empty, blank and non-string ids and refs are a ConfigurationError on every operation', async () => {
    const { client, fake } = make();
    // Called through the loosest type: the refusal is the run-time check, whatever the provider has.
    const c = client.conversations as ConversationsClient['conversations'];
    const m = client.messages as ConversationsClient['messages'];
    const has = (op: string) => client.supports(op);
    for (const id of ['', '   ', 42 as unknown as string, null as unknown as string]) {
      const ref = { id } as never;
      const calls: Array<[string, () => PromiseLike<unknown>]> = [
        ['conversations.get', () => c.get(id)],
        ['conversations.update', () => c.update(id, { status: 'closed' })],
        ['conversations.update', () => c.update(ref, { status: 'closed' })],
        ['conversations.assign', () => c.assign(id, '1')],
        ['conversations.close', () => c.close(ref)],
        ['conversations.reopen', () => c.reopen(id)],
        ['conversations.transfer', () => c.transfer(id, '1')],
        ['conversations.markRead', () => c.markRead(id)],
        ['conversations.markUnread', () => c.markUnread(ref)],
        ['conversations.delete', () => c.delete(id)],
        ['messages.send', () => m.send(id, { text: 'hi' })],
        ['messages.list', () => m.list(id)],
        ['messages.list', () => m.list(ref)],
      ];
      for (const [op, call] of calls.filter(([op]) => has(op))) {
        const error = await rejection(call);
        expect(error, `${op}(${JSON.stringify(id)})`).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe('conversation id must be a non-empty string');
      }
      // The other id arguments too.
      const valid = '64a1b2c3d4e5f6789012345a';
      if (has('conversations.transfer')) {
        expect((await rejection(() => c.transfer(valid, id))).message).toBe('inboxId must be a non-empty string');
      }
      // `null` unassigns: it is not an id.
      if (id !== null) {
        expect((await rejection(() => c.assign(valid, id))).message).toBe('userId must be a non-empty string');
      }
    }
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('Tether baseUrl', () => {
  it('a baseUrl ending in /api is the instance origin: the SDK adds /api to every path itself', async () => {
    const { fake } = t.setup({ contacts: 2, conversations: 4 });
    for (const baseUrl of [`${t.BASE_URL}/api`, `${t.BASE_URL}/api/`, `${t.BASE_URL}/API`]) {
      const provider = tether({ baseUrl, email: fake.email, password: fake.password });
      expect(provider.http.baseUrl).toBe(t.BASE_URL);
    }
    const id = fake.visibleTo()[0]!._id;
    const sent = fake.requests().length;
    const other = new ConversationsClient({
      provider: tether({ baseUrl: `${t.BASE_URL}/api`, email: fake.email, password: fake.password }),
      fetch: fake.fetch,
    });
    expect((await other.conversations.get(id)).id).toBe(id);
    expect(
      fake
        .requests()
        .slice(sent)
        .map((r) => r.path),
    ).toEqual(['/api/auth/login', `/api/conversation/${id}`]);
  });
});
