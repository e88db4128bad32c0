import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/core/cursor.js';
import type { Json } from '../../src/index.js';
import { ConfigurationError, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeGTateth, createFakeHeymarket, createFakeTether, type FakeServer } from '../../src/testing/index.js';

/** Every list of every provider, started from a cursor, with the fake it talks to. */
function lists(): Array<{ name: string; fake: FakeServer; start(cursor: string): PromiseLike<unknown> }> {
  const g = createFakeGTateth({ seed: 3 });
  const gc = new ConversationsClient({ provider: gtateth({ apiKey: g.apiKey }), fetch: g.fetch });
  const h = createFakeHeymarket({ seed: 3 });
  const hc = new ConversationsClient({
    provider: heymarket({ secretId: h.secretId, secretKey: h.secretKey, userId: h.userId }),
    fetch: h.fetch,
  });
  const t = createFakeTether({ seed: 3 });
  const tc = new ConversationsClient({
    provider: tether({ baseUrl: 'https://acme.tether.test', email: t.email, password: t.password }),
    fetch: t.fetch,
  });
  return [
    { name: 'gtateth:conversations.list', fake: g, start: (cursor) => gc.conversations.list({ cursor }) },
    { name: 'heymarket:conversations.list', fake: h, start: (cursor) => hc.conversations.list({ cursor }) },
    { name: 'heymarket:messages.list', fake: h, start: (cursor) => hc.messages.list('1000', { cursor }) },
    { name: 'heymarket:inboxes.list', fake: h, start: (cursor) => hc.inboxes.list({ cursor }) },
    { name: 'heymarket:users.list', fake: h, start: (cursor) => hc.users.list({ cursor }) },
    { name: 'tether:conversations.list', fake: t, start: (cursor) => tc.conversations.list({ cursor }) },
    { name: 'tether:messages.list', fake: t, start: (cursor) => tc.messages.list('x', { cursor }) },
  ];
}

async function refusal(start: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await start();
  } catch (error) {
    return error;
  }
  throw new Error('expected the list to reject');
}

// States of every wrong shape: none is the state of any list (each is an object with required fields).
const wrongStates: Json[] = [7, 'page 2', null, [1, 2], { page: '2' }, { pending: 'x', seen: 3 }];

describe('a cursor with the right owner and a wrong state', () => {
  for (const list of lists()) {
    it(`${list.name}: a ConfigurationError naming the cursor, before any request`, async () => {
      for (const state of wrongStates) {
        const error = await refusal(() => list.start(encodeCursor(list.name, state, undefined)));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toMatch(/^Invalid cursor: its state does not fit this list/);
      }
      expect(list.fake.requests()).toHaveLength(0);
    });
  }

  it('a real cursor whose client-side filters were edited is refused too', async () => {
    const fake = createFakeGTateth({ seed: 3, conversations: 30 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
    const page = await client.conversations.list({ channel: 'email', limit: 5 });
    const token = JSON.parse(Buffer.from(page.cursor!, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...token, f: { channel: 5 } })).toString('base64url');
    const sent = fake.requests().length;
    const error = await refusal(() => client.conversations.list({ cursor: edited }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Invalid cursor: its filters do not fit this list \(channel:/);
    expect(fake.requests()).toHaveLength(sent);
  });

  it('a cursor cut short, or not made by this SDK, is refused with a clear message', async () => {
    const [list] = lists();
    const real = encodeCursor(list!.name, { page: 2, limit: 10, q: {} }, undefined);
    for (const cursor of [real.slice(0, real.length - 6), 'not-a-cursor', '']) {
      const error = await refusal(() => list!.start(cursor));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/^Invalid cursor/);
    }
  });

  it("another list's cursor is refused as not belonging to it", async () => {
    const [g] = lists();
    const error = await refusal(() => g!.start(encodeCursor('tether:conversations.list', {}, undefined)));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('Cursor does not belong to gtateth:conversations.list');
  });
});
