import { describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, ServerError } from '../../src/index.js';
import { setup } from '../support/tether.js';

const SEND = 'POST /api/messages/send';

describe('tether messages.list', () => {
  it('lists the whole conversation oldest first, mapped', async () => {
    const { fake, client } = setup();
    const record = [...fake.conversations.values()].find((c) => (fake.messages.get(c._id)?.length ?? 0) > 2)!;
    const messages = await client.messages.list(record._id).toArray();
    const stored = fake.messages.get(record._id)!;
    expect(messages.map((m) => m.id)).toEqual(stored.map((m) => m._id));
    expect(fake.requests('POST /api/conversation/messages').map((r) => r.body)).toEqual([
      { conversationId: record._id },
    ]);
    for (const [i, m] of messages.entries()) {
      const s = stored[i]!;
      expect(m).toMatchObject({
        conversationId: record._id,
        direction: s.direction,
        text: s.content,
        status: s.direction === 'inbound' ? 'delivered' : 'sent',
        authorId: s.direction === 'outbound' ? s.sentBy : null,
        createdAt: new Date(s.createdAt),
      });
    }
    await expect(client.messages.list('ffffffffffffffffffffffff').toArray()).rejects.toThrow(NotFoundError);
  });
});

describe('tether messages.send', () => {
  it('sends to the conversation and its contact; a Conversation ref costs no read', async () => {
    const { fake, client, clock } = setup();
    const conversation = (await client.conversations.list({ contactId: fake.visibleTo()[0]!.contactId })).items[0]!;
    const before = fake.messages.get(conversation.id)!.length;
    clock.advance(5_000);
    const m = await client.messages.send(conversation, { text: 'Your order shipped' });
    expect(fake.requests(SEND).map((r) => r.body)).toEqual([
      { contactId: conversation.contactId, conversationId: conversation.id, content: 'Your order shipped' },
    ]);
    expect(fake.requests('GET /api/conversation/')).toHaveLength(0);
    expect(m).toMatchObject({
      conversationId: conversation.id,
      direction: 'outbound',
      text: 'Your order shipped',
      status: 'sent',
      authorId: fake.user._id,
    });
    const after = await client.conversations.get(conversation.id);
    expect(after.messageCount).toBe(before + 1);
    expect(after.lastMessage).toEqual({ text: 'Your order shipped', at: m.createdAt });
    expect(after.updatedAt.getTime()).toBe(m.createdAt.getTime());
  });

  it('a bare id costs one read to learn the contact', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    await client.messages.send(record._id, { text: 'hi' });
    expect(
      fake
        .requests()
        .map((r) => `${r.method} ${r.path}`)
        .slice(1),
    ).toEqual([`GET /api/conversation/${record._id}`, SEND]);
    expect(fake.requests(SEND)[0]!.body).toMatchObject({ contactId: record.contactId, conversationId: record._id });
  });

  it('outbound does not reopen; inbound does, and updates the preview, time and count', async () => {
    const { fake, client, clock } = setup();
    const record = [...fake.conversations.values()].find((c) => c.isResolved)!;
    await client.messages.send(record._id, { text: 'Following up' });
    expect((await client.conversations.get(record._id)).status).toBe('closed');
    clock.advance(60_000);
    const count = fake.messages.get(record._id)!.length;
    const inbound = fake.inbound(record._id, 'Still broken');
    const c = await client.conversations.get(record._id);
    expect(c.status).toBe('open');
    expect(record.resolvedAt).toBeNull();
    expect(c.messageCount).toBe(count + 1);
    expect(c.lastMessage).toEqual({ text: 'Still broken', at: new Date(inbound.createdAt) });
    expect(c.updatedAt.getTime()).toBe(inbound.createdAt);
    const listed = await client.messages.list(record._id).toArray();
    expect(listed.at(-1)).toMatchObject({ direction: 'inbound', status: 'delivered', text: 'Still broken' });
  });

  it('with latestMessage as an id, the raw value is the newest message id', async () => {
    const { fake, client } = setup({ latestMessageShape: 'id' }, { latestMessage: 'id' });
    const record = fake.visibleTo()[0]!;
    const m = await client.messages.send(record._id, { text: 'x' });
    const c = await client.conversations.get(record._id);
    expect((c.raw as { latestMessage: string }).latestMessage).toBe(m.id);
    expect(c.lastMessage?.text).toBeNull();
  });

  it('is not retried on a 5xx: one attempt, ServerError, and at most one message', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    const before = fake.messages.get(record._id)!.length;
    fake.inject({ status: 500, when: 'after', route: SEND });
    await expect(client.messages.send(record._id, { text: 'once' })).rejects.toThrow(ServerError);
    expect(fake.requests(SEND)).toHaveLength(1);
    expect(fake.messages.get(record._id)!.length).toBe(before + 1);
  });

  it('is retried on a 429 after its Retry-After (virtual time), creating one message', async () => {
    const { fake, client, clock } = setup();
    const record = fake.visibleTo()[0]!;
    const before = fake.messages.get(record._id)!.length;
    const start = clock.now();
    fake.inject({ status: 429, route: SEND, headers: { 'Retry-After': '2' } });
    await client.messages.send(record._id, { text: 'once' });
    expect(fake.requests(SEND).map((r) => r.status)).toEqual([429, 200]);
    expect(fake.messages.get(record._id)!.length).toBe(before + 1);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
  });

  it('an empty text is the server 400 with its message', async () => {
    const { fake, client } = setup();
    const error = await client.messages.send(fake.visibleTo()[0]!._id, { text: '' }).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('Missing required field: content');
  });
});
