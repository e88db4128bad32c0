import { describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, ServerError } from '../../src/index.js';
import { setup } from '../support/tether.js';

const PUT = /^PUT \/api\/conversation\/[0-9a-f]{24}$/;
const GET = /^GET \/api\/conversation\/[0-9a-f]{24}$/;
const RESOLVE = /^PUT \/api\/conversation\/[0-9a-f]{24}\/resolve$/;

describe('tether conversations.update / assign', () => {
  it('assign replaces the assignees with the one user; null unassigns everyone', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo().find((c) => c.assignees.length > 0)!;
    const other = fake.users[2]!._id;
    await client.conversations.assign(record._id, other);
    expect(record.assignees).toEqual([other]);
    await client.conversations.assign(record._id, null);
    expect(record.assignees).toEqual([]);
    expect(fake.requests(PUT).map((r) => r.body)).toEqual([{ assignees: [other] }, { assignees: [] }]);
  });

  for (const updateEnvelope of ['conversation', 'data'] as const) {
    it(`status and assignee go in one PUT and come back mapped ({message, ${updateEnvelope}})`, async () => {
      const { fake, client } = setup({ updateEnvelope });
      const record = [...fake.conversations.values()].find((c) => !c.isResolved)!;
      const user = fake.users[1]!;
      const c = await client.conversations.update(record._id, { status: 'closed', assigneeId: user._id });
      expect(fake.requests(PUT).map((r) => r.body)).toEqual([{ assignees: [user._id], isResolved: true }]);
      expect(fake.requests(GET)).toHaveLength(0);
      expect(c).toMatchObject({
        id: record._id,
        status: 'closed',
        assignees: [{ id: user._id, name: null, email: null }],
      });
      expect(record).toMatchObject({ isResolved: true, assignees: [user._id] });
    });
  }

  it('a partial PUT echo is completed by reading the conversation back', async () => {
    const { fake, client } = setup({ partialUpdate: true });
    const record = [...fake.conversations.values()].find((c) => c.isResolved)!;
    const c = await client.conversations.update(record._id, { status: 'open' });
    expect(c).toMatchObject({
      id: record._id,
      status: 'open',
      contactId: record.contactId,
      channel: record.channelType,
    });
    expect(fake.requests(GET)).toHaveLength(1);
  });

  for (const resolveMode of ['toggle', 'explicit'] as const) {
    it(`a PUT that ignores isResolved (newer servers) falls back to resolve (${resolveMode})`, async () => {
      const { fake, client } = setup({ putIsResolved: 'ignored', resolveMode });
      const record = [...fake.conversations.values()].find((c) => !c.isResolved)!;
      const c = await client.conversations.update(record._id, { status: 'closed' });
      expect(c.status).toBe('closed');
      expect(record.isResolved).toBe(true);
      expect(fake.requests(RESOLVE)).toHaveLength(1);
      const again = await client.conversations.update(record._id, { status: 'closed' });
      expect(again.status).toBe('closed');
      expect(record.isResolved).toBe(true);
    });
  }

  it('the PUT is retried on a 5xx (it is idempotent)', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    fake.inject({ status: 500, route: PUT });
    await client.conversations.assign(record._id, fake.user._id);
    expect(fake.requests(PUT).map((r) => r.status)).toEqual([500, 200]);
    expect(record.assignees).toEqual([fake.user._id]);
  });

  it('an empty patch reads the conversation; a foreign assignee is a 400', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    expect((await client.conversations.update(record._id, {})).id).toBe(record._id);
    expect(fake.requests(PUT)).toHaveLength(0);
    const stranger = fake.addUser({ organizationId: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    const error = await client.conversations.assign(record._id, stranger._id).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain('not a user of this organization');
  });

  it('unassigning yourself hides the conversation from lists, but it stays reachable by id', async () => {
    const { fake, client } = setup();
    const me = fake.user._id;
    const record = fake.visibleTo().find((c) => c.userId !== me)!;
    await client.conversations.assign(record._id, fake.users.find((u) => u._id !== me && u._id !== record.userId)!._id);
    const listed = await client.conversations.list({ contactId: record.contactId }).toArray();
    expect(listed.map((c) => c.id)).not.toContain(record._id);
    expect((await client.conversations.get(record._id)).id).toBe(record._id);
  });
});

describe('tether conversations.markUnread', () => {
  it('posts to the unseen endpoint; the flag is per user and leaves updatedAt alone', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    const updatedAt = record.updatedAt;
    await client.conversations.markUnread(record._id);
    expect(fake.requests('POST /api/conversation/unseen').map((r) => r.body)).toEqual([{ conversationId: record._id }]);
    expect(fake.isUnseen(record._id)).toBe(true);
    expect(fake.isUnseen(record._id, fake.users[1]!._id)).toBe(false);
    expect(record.updatedAt).toBe(updatedAt);
    await expect(client.conversations.markUnread('ffffffffffffffffffffffff')).rejects.toThrow(NotFoundError);
  });
});

describe('tether conversations.delete', () => {
  const DELETE = 'DELETE /api/conversation';

  it('sends the id in a JSON body and removes the conversation and its messages', async () => {
    const { fake, client } = setup();
    const record = [...fake.conversations.values()].find((c) => (fake.messages.get(c._id)?.length ?? 0) > 0)!;
    await client.conversations.delete(record._id);
    const [request] = fake.requests(DELETE);
    expect(request!.path).toBe('/api/conversation');
    expect(request!.body).toEqual({ conversationId: record._id });
    expect(fake.conversations.has(record._id)).toBe(false);
    expect(fake.messages.has(record._id)).toBe(false);
    await expect(client.conversations.get(record._id)).rejects.toThrow(NotFoundError);
    await expect(client.conversations.delete(record._id)).rejects.toThrow(NotFoundError);
  });

  it('a 5xx after the delete took effect: the read-back 404 means done', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    fake.inject({ status: 500, when: 'after', route: DELETE });
    await client.conversations.delete(record._id);
    expect(fake.conversations.has(record._id)).toBe(false);
    expect(fake.requests(DELETE)).toHaveLength(1);
  });

  it('a 5xx before the delete: read back, still there, deleted once more', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    fake.inject({ status: 502, route: DELETE });
    await client.conversations.delete(record._id);
    expect(fake.conversations.has(record._id)).toBe(false);
    expect(fake.requests(DELETE).map((r) => r.status)).toEqual([502, 200]);
  });

  it('a 429 after the effect is resent, and the 404 it gets counts as done', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    fake.inject({ status: 429, when: 'after', route: DELETE });
    await client.conversations.delete(record._id);
    expect(fake.requests(DELETE).map((r) => r.status)).toEqual([429, 404]);
  });

  it('persistent 5xx surfaces as ServerError, with the conversation still there', async () => {
    const { fake, client } = setup();
    const record = fake.visibleTo()[0]!;
    fake.inject({ status: 500, route: DELETE, times: 3 });
    await expect(client.conversations.delete(record._id)).rejects.toThrow(ServerError);
    expect(fake.conversations.has(record._id)).toBe(true);
  });
});
