import { describe, expect, it } from 'vitest';
import { ConfigurationError, type ConversationListParams } from '../../src/index.js';
import { setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const INBOX = '64a1b2c3d4e5f6789012345c';

describe('G-Tateth list: bad params are refused before any request', () => {
  const cases: Array<[string, ConversationListParams, string]> = [
    ['page 0', { page: 0 }, 'gtateth: page must be an integer from 1 to 9007199254740991'],
    ['a negative page', { page: -1 }, 'gtateth: page must be an integer from 1 to 9007199254740991'],
    ['a fractional page', { page: 1.5 }, 'gtateth: page must be an integer from 1 to 9007199254740991'],
    ['a page that is not a number', { page: '2' as unknown as number }, 'gtateth: page must be an integer'],
    ['an empty inboxId', { inboxId: '' }, 'gtateth: inboxId must be a non-empty string'],
    ['a blank inboxId', { inboxId: '  ' }, 'gtateth: inboxId must be a non-empty string'],
    ['an empty id in an inbox list', { inboxId: [INBOX, ''] }, 'gtateth: inboxId must be a non-empty string'],
    ['a one-id inbox list with an empty id', { inboxId: [''] }, 'gtateth: inboxId must be a non-empty string'],
    ['an empty inbox list', { inboxId: [] }, 'gtateth: inboxId is an empty list, which matches nothing'],
    ['an inboxId that is not a string', { inboxId: 7 as unknown as string }, 'gtateth: inboxId must be a'],
    ['an empty assigneeId', { assigneeId: '' }, 'gtateth: assigneeId must be a non-empty string'],
    ['a blank assigneeId', { assigneeId: ' ' }, 'gtateth: assigneeId must be a non-empty string'],
    ['an empty contactId', { contactId: '' }, 'gtateth: contactId must be a non-empty string'],
    ['a contactId that is not a string', { contactId: { id: 'x' } as unknown as string }, 'gtateth: contactId'],
    ['a before', { before: new Date() }, 'before is not taken by gtateth conversations.list: it does not page by date'],
  ];

  it.each(cases)('%s', async (_, params, message) => {
    const { fake, client } = setup({ conversations: 10 }, noRetry);
    const list = client.conversations.list(params);
    const error = await rejection(() => list);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message.startsWith(message)).toBe(true);
    await expect(list.toArray()).rejects.toBeInstanceOf(ConfigurationError);
    expect(fake.requests()).toHaveLength(0);
  });

  it('good ids and pages still list: null is the unassigned filter, and a page past 1 is taken', async () => {
    const { fake, client } = setup({ conversations: 10 }, noRetry);
    await client.conversations.list({ assigneeId: null });
    const page = await client.conversations.list({ page: 2, limit: 3, inboxId: [fake.inboxes[0]!] });
    expect(page.page).toBe(2);
    expect(fake.requests().at(-1)!.query.get('inboxId')).toBe(fake.inboxes[0]);
  });
});
