import { describe, expectTypeOf, it } from 'vitest';
import {
  type Conversation,
  ConversationsClient,
  type CursorPage,
  type ListPromise,
  type OffsetPage,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';

describe('a client is typed by its provider', () => {
  const client = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });

  it('has what G-Tateth supports', () => {
    expectTypeOf(client.conversations.list).returns.toEqualTypeOf<
      ListPromise<Conversation, OffsetPage<Conversation>>
    >();
    // An offset list's pages carry their totals, no cast needed.
    expectTypeOf<Awaited<ReturnType<typeof client.conversations.list>>['totalPages']>().toEqualTypeOf<number>();
    expectTypeOf(client.conversations.delete).toBeFunction();
    expectTypeOf(client.conversations.create).parameter(0).toHaveProperty('subject');
  });

  it('rejects what it does not, at compile time', () => {
    // @ts-expect-error G-Tateth has no transfer
    client.conversations.transfer('id', 'inbox');
    // @ts-expect-error G-Tateth has no messages API
    client.messages.send('id', { text: 'hi' });
    // @ts-expect-error G-Tateth has no inboxes API
    client.inboxes.list();
    // @ts-expect-error G-Tateth has no read state
    client.conversations.markRead('id');
    expectTypeOf(client.conversations.transfer).toBeNever();
  });

  it('is still a ConversationsClient where any client is accepted', () => {
    const any: ConversationsClient = client;
    expectTypeOf(any.conversations.transfer).toBeFunction();
  });

  it('types pages by how the provider pages', () => {
    const hm = new ConversationsClient({ provider: heymarket({ apiKey: 'k', userId: 1 }) });
    const te = new ConversationsClient({ provider: tether({ baseUrl: 'https://t.test', token: 't' }) });
    expectTypeOf(hm.conversations.list).returns.toEqualTypeOf<ListPromise<Conversation, CursorPage<Conversation>>>();
    expectTypeOf(te.conversations.list).returns.toEqualTypeOf<ListPromise<Conversation, CursorPage<Conversation>>>();
    const any: ConversationsClient = hm;
    expectTypeOf(any.conversations.list).returns.toEqualTypeOf<
      ListPromise<Conversation, OffsetPage<Conversation> | CursorPage<Conversation>>
    >();
  });
});
