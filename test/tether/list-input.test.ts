import { describe, expect, it } from 'vitest';
import { ConfigurationError, type ConversationListParams } from '../../src/index.js';
import { rejection } from '../support/index.js';
import { setup } from '../support/tether.js';

describe('Tether list: bad params are refused before any request', () => {
  const cases: Array<[string, ConversationListParams, string]> = [
    ['an empty contactId', { contactId: '' }, 'tether: contactId must be a non-empty string'],
    ['a blank contactId', { contactId: '  ' }, 'tether: contactId must be a non-empty string'],
    ['a contactId that is not a string', { contactId: { id: 'x' } as unknown as string }, 'tether: contactId'],
    ['an empty assigneeId', { assigneeId: '' }, 'tether: assigneeId must be a non-empty string'],
    ['a blank assigneeId', { assigneeId: ' ' }, 'tether: assigneeId must be a non-empty string'],
    // Tether's ids are 24-hex ObjectIds: the server refuses a malformed contactId with a 400, and an
    // assignee id no Tether user can have would match nothing.
    ['a malformed contactId', { contactId: 'contact-1' }, 'tether: contactId must be a 24-hex id'],
    ['a malformed assigneeId', { assigneeId: 'user-1' }, 'tether: assigneeId must be a 24-hex id'],
    ['an empty channel', { channel: '' }, 'tether: channel must be a non-empty string'],
    // Not a TypeError from lower-casing it.
    ['a channel that is not a string', { channel: 5 as unknown as string }, 'tether: channel must be a'],
    ['a page', { page: 2 }, 'page is not taken by tether conversations.list: its pages are not numbered'],
    ['page 0', { page: 0 }, 'page is not taken by tether conversations.list'],
    ['a before', { before: new Date() }, 'before is not taken by tether conversations.list'],
    // Tether conversations have no inbox: refused as a filter that never matches, whatever the id.
    ['an empty inboxId', { inboxId: '' }, 'tether conversations have no inboxId'],
  ];

  it.each(cases)('%s', async (_, params, message) => {
    const { fake, client } = setup({ contacts: 3, conversations: 12 }, { maxRetries: 0 });
    const list = client.conversations.list(params);
    const error = await rejection(() => list);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message.startsWith(message)).toBe(true);
    await expect(list.toArray()).rejects.toBeInstanceOf(ConfigurationError);
    // Not even the login.
    expect(fake.requests()).toHaveLength(0);
  });

  it('null is the unassigned filter, not an id: it lists', async () => {
    const { client } = setup({ contacts: 3, conversations: 12 }, { maxRetries: 0 });
    const items = await client.conversations.list({ assigneeId: null }).toArray();
    expect(items.every((c) => c.assignees.length === 0)).toBe(true);
  });
});

describe('Tether writes: a malformed assignee id is refused before any request', () => {
  it('assign and update, by id and by object', async () => {
    const { fake, client } = setup({ contacts: 3, conversations: 12 }, { maxRetries: 0 });
    const [record] = [...fake.conversations.values()];
    const before = structuredClone(record);
    const mark = fake.requests().length;
    for (const call of [
      () => client.conversations.assign(record!._id, 'user-1'),
      () => client.conversations.update(record!._id, { assigneeId: 'user-1' }),
    ]) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/^tether: assigneeId must be a 24-hex id/);
    }
    expect(fake.requests()).toHaveLength(mark);
    expect(fake.conversations.get(record!._id)).toEqual(before);
  });
});
