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
    ['an empty channel', { channel: '' }, 'tether: channel must be a non-empty string'],
    // Not a TypeError from lower-casing it.
    ['a channel that is not a string', { channel: 5 as unknown as string }, 'tether: channel must be a'],
    ['a page', { page: 2 }, 'page is not taken by tether conversations.list: a walk starts at the first contact'],
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
