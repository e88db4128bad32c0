import { describe, expectTypeOf, it } from 'vitest';
import { type Conversation, ConversationsClient, type Message, type Unsupported } from '../../src/index.js';
import { tether, type tetherWire } from '../../src/providers/tether/index.js';

type Wired = Conversation<tetherWire.WireConversation>;

describe('a Tether client is typed by what Tether can do', () => {
  const client = new ConversationsClient({ provider: tether({ baseUrl: 'https://x.test', token: 't' }) });

  it('has what Tether supports', () => {
    expectTypeOf(client.conversations.get).returns.toEqualTypeOf<Promise<Wired>>();
    expectTypeOf(client.conversations.markUnread).toBeFunction();
    expectTypeOf(client.conversations.delete).toBeFunction();
    expectTypeOf(client.messages.send).returns.toEqualTypeOf<Promise<Message>>();
    expectTypeOf(client.messages.list).toBeFunction();
  });

  it('rejects what it does not, at compile time', () => {
    // @ts-expect-error Tether has no create
    client.conversations.create({ subject: 'x' });
    // @ts-expect-error Tether has no transfer
    client.conversations.transfer('id', 'inbox');
    // @ts-expect-error Tether has no mark-read
    client.conversations.markRead('id');
    // @ts-expect-error Tether has no inboxes API
    client.inboxes.list();
    expectTypeOf(client.users.list).toEqualTypeOf<Unsupported<'users.list'>>();
  });

  it('needs a token or an email and password', () => {
    // @ts-expect-error neither a token nor a login
    tether({ baseUrl: 'https://x.test' });
    // @ts-expect-error a login needs the password
    tether({ baseUrl: 'https://x.test', email: 'a@b.c' });
    tether({ baseUrl: 'https://x.test', email: 'a@b.c', password: 'p', token: 't' });
  });
});
