import { describe, expectTypeOf, it } from 'vitest';
import { type Conversation, ConversationsClient, type ListPromise, type Page } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';

describe('a client is typed by its provider', () => {
  const client = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });

  it('has what G-Tateth supports', () => {
    expectTypeOf(client.conversations.list).returns.toEqualTypeOf<ListPromise<Conversation, Page<Conversation>>>();
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
});
