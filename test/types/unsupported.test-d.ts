import { describe, expectTypeOf, it } from 'vitest';
import {
  type Conversation,
  ConversationsClient,
  type CursorPage,
  type ListPromise,
  type OffsetPage,
  type Page,
  type Unsupported,
} from '../../src/index.js';
import { gtateth, type gtatethWire } from '../../src/providers/gtateth/index.js';
import { heymarket, type heymarketWire } from '../../src/providers/heymarket/index.js';
import { tether, type tetherWire } from '../../src/providers/tether/index.js';

type GConversation = Conversation<gtatethWire.WireConversation>;
type HConversation = Conversation<heymarketWire.WireConversation>;
type TConversation = Conversation<tetherWire.WireConversation>;

describe('a client is typed by its provider', () => {
  const client = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });

  it('has what G-Tateth supports', () => {
    expectTypeOf(client.conversations.list).returns.toEqualTypeOf<
      ListPromise<GConversation, OffsetPage<GConversation>>
    >();
    // An offset list's pages carry their totals, no cast needed.
    expectTypeOf<Awaited<ReturnType<typeof client.conversations.list>>['totalPages']>().toEqualTypeOf<number>();
    expectTypeOf(client.conversations.delete).toBeFunction();
    expectTypeOf(client.conversations.create).parameter(0).toHaveProperty('subject');
  });

  it("types raw as the provider's validated wire object", async () => {
    const c = await client.conversations.get('64a1b2c3d4e5f6789012345a');
    expectTypeOf(c.raw.labels).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(client.conversations.update).returns.resolves.toEqualTypeOf<GConversation>();
    expectTypeOf(client.conversations.create).returns.resolves.toEqualTypeOf<GConversation>();
    // Unknown extra fields stay reachable, typed as what they are: unknown.
    expectTypeOf(c.raw.isResolved).toBeUnknown();
    for await (const item of client.conversations.list()) expectTypeOf(item).toEqualTypeOf<GConversation>();
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
    // What the editor shows for it: the operation it lacks, by name, not `never`.
    expectTypeOf(client.conversations.transfer).toEqualTypeOf<Unsupported<'conversations.transfer'>>();
    expectTypeOf(client.conversations.transfer).returns.toBeNever();
  });

  it('is still a ConversationsClient where any client is accepted', () => {
    const any: ConversationsClient = client;
    expectTypeOf(any.conversations.transfer).toBeFunction();
  });

  it('types pages by how the provider pages', () => {
    const hm = new ConversationsClient({ provider: heymarket({ apiKey: 'k', userId: 1 }) });
    const te = new ConversationsClient({ provider: tether({ baseUrl: 'https://t.test', token: 't' }) });
    expectTypeOf(hm.conversations.list).returns.toEqualTypeOf<ListPromise<HConversation, CursorPage<HConversation>>>();
    // Tether lists by contact, not by date: its pages carry no `before`.
    expectTypeOf(te.conversations.list).returns.toEqualTypeOf<ListPromise<TConversation, Page<TConversation>>>();
    const any: ConversationsClient = hm;
    expectTypeOf(any.conversations.list).returns.toEqualTypeOf<
      ListPromise<Conversation, OffsetPage<Conversation> | CursorPage<Conversation> | Page<Conversation>>
    >();
  });
});

describe('a provider chosen at run time', () => {
  const pick = (name: string) =>
    name === 'gtateth' ? gtateth({ apiKey: 'sk_test_x' }) : heymarket({ apiKey: 'k', userId: 1 });

  it('builds a client without an annotation, typed by what both providers have', () => {
    const client = new ConversationsClient({ provider: pick(process.env.PROVIDER ?? 'gtateth') });
    expectTypeOf(client.conversations.assign).toBeFunction();
    expectTypeOf(client.conversations.close).toBeFunction();
    // @ts-expect-error G-Tateth has no transfer, so a client of either provider has none
    client.conversations.transfer('id', 'inbox');
    // @ts-expect-error Heymarket has no create
    client.conversations.create({ subject: 's' });
    expectTypeOf(client.conversations.list).returns.toEqualTypeOf<
      ListPromise<
        Conversation<gtatethWire.WireConversation | heymarketWire.WireConversation>,
        | OffsetPage<Conversation<gtatethWire.WireConversation | heymarketWire.WireConversation>>
        | CursorPage<Conversation<gtatethWire.WireConversation | heymarketWire.WireConversation>>
      >
    >();
    const any: ConversationsClient = client;
    expectTypeOf(any).toEqualTypeOf<ConversationsClient>();
  });
});
