import { describe, expectTypeOf, it } from 'vitest';
import {
  type Conversation,
  ConversationsClient,
  type CursorPage,
  type Message,
  type Unsupported,
} from '../../src/index.js';
import { heymarket, type heymarketWire } from '../../src/providers/heymarket/index.js';

type Wired = Conversation<heymarketWire.WireConversation>;

describe('a Heymarket client is typed by what Heymarket can do', () => {
  const client = new ConversationsClient({ provider: heymarket({ apiKey: 'k', userId: 42 }) });

  it('has what Heymarket supports, with date-cursor pages', () => {
    expectTypeOf(client.conversations.get).returns.toEqualTypeOf<Promise<Wired>>();
    expectTypeOf(client.conversations.transfer).toBeFunction();
    expectTypeOf(client.conversations.markRead).toBeFunction();
    expectTypeOf(client.conversations.markUnread).toBeFunction();
    expectTypeOf(client.messages.send).returns.toEqualTypeOf<Promise<Message>>();
    expectTypeOf(client.inboxes.list).toBeFunction();
    expectTypeOf(client.users.list).toBeFunction();
    expectTypeOf(client.conversations.list).returns.resolves.toEqualTypeOf<CursorPage<Wired>>();
  });

  it('rejects what it does not, at compile time', () => {
    // @ts-expect-error Heymarket has no create
    client.conversations.create({ subject: 'x' });
    // @ts-expect-error Heymarket has no delete
    client.conversations.delete('1');
    expectTypeOf(client.conversations.create).toEqualTypeOf<Unsupported<'conversations.create'>>();
    expectTypeOf(client.conversations.delete).toEqualTypeOf<Unsupported<'conversations.delete'>>();
  });

  it('needs an API key or a secret pair, and the acting user', () => {
    // @ts-expect-error no credential
    heymarket({ userId: 42 });
    // @ts-expect-error a secret pair needs both halves
    heymarket({ secretId: 'id', userId: 42 });
    heymarket({ secretId: 'id', secretKey: 'key', userId: 42 });
  });
});
