import { describe, expect, it } from 'vitest';
import { ConfigurationError, type ConversationListParams } from '../../src/index.js';
import { setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const OWNER = 'gtateth:conversations.list';

const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString());
const encode = (token: unknown) => Buffer.from(JSON.stringify(token)).toString('base64url');

describe('G-Tateth list: an edited cursor whose state is out of range is refused before any request', () => {
  // Each edit keeps the state's shape (numbers stay numbers, strings strings) but names something the
  // server refuses with a 400. `q` edits are merged into the query the cursor carries.
  const edits: Array<[string, { page?: number; limit?: number; q?: Record<string, string> }, string]> = [
    ['page 0', { page: 0 }, 'page: must be at least 1'],
    ['a negative page', { page: -3 }, 'page: must be at least 1'],
    ['a fractional page', { page: 1.5 }, 'page: must be an integer'],
    ['limit 0', { limit: 0 }, 'limit: must be at least 1'],
    ['a limit over the largest page', { limit: 1_000_000_000 }, 'limit: must be at most 100'],
    ['limit 101', { limit: 101 }, 'limit: must be at most 100'],
    ['an unknown status', { q: { status: 'zzz' } }, 'q.status:'],
    ['an empty status', { q: { status: '' } }, 'q.status:'],
    ['an unknown priority', { q: { priority: 'critical' } }, 'q.priority:'],
    ['an empty inbox id', { q: { inboxId: '' } }, 'q.inboxId: must be a 24-hex id'],
    ['a blank assignee id', { q: { assignedTo: ' ' } }, 'q.assignedTo: must be a 24-hex id'],
    ['an empty customer id', { q: { customerId: '' } }, 'q.customerId: must be a 24-hex id'],
    ['a malformed assignee id', { q: { assignedTo: 'user-1' } }, 'q.assignedTo: must be a 24-hex id'],
    ['a query parameter the list never sends', { q: { limit: '5000' } }, 'q:'],
  ];

  it.each(edits)('%s', async (_, edit, issue) => {
    const { fake, client } = setup({ conversations: 30 }, noRetry);
    const page = await client.conversations.list({ limit: 3, status: 'open' });
    const token = decode(page.cursor!);
    expect(token.o).toBe(OWNER);
    token.s = { ...token.s, ...edit, q: { ...token.s.q, ...edit.q } };
    const sent = fake.requests().length;
    const error = await rejection(() => client.conversations.list({ cursor: encode(token) }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message.startsWith(`Invalid cursor: its state does not fit this list (${issue}`)).toBe(true);
    expect(fake.requests()).toHaveLength(sent);
  });

  it('the cursors the list makes still resume it, filters and all', async () => {
    const { fake, client } = setup({ conversations: 100 }, noRetry);
    const params: ConversationListParams = { status: 'open', inboxId: fake.inboxes[0]!, priority: 'high' };
    const first = await client.conversations.list({ ...params, limit: 2 });
    expect(first.cursor).not.toBeNull();
    const rest = await client.conversations.list({ cursor: first.cursor! }).toArray();
    const all = await client.conversations.list(params).toArray();
    expect(all.length).toBeGreaterThan(2);
    expect([...first.items, ...rest].map((c) => c.id)).toEqual(all.map((c) => c.id));
  });
});
