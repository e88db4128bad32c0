import { describe, expect, it } from 'vitest';
import { ConfigurationError, type Json } from '../../src/index.js';
import { rejection } from '../support/index.js';
import { expectEachVisibleOnce, setup } from '../support/tether.js';

const OWNER = 'tether:conversations.list';

const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString());
const encode = (token: unknown) => Buffer.from(JSON.stringify(token)).toString('base64url');

describe('Tether list: an edited cursor whose state is out of range is refused before any request', () => {
  // Each edit keeps the state's shape (numbers stay numbers, arrays of strings stay so) but names
  // something the server refuses with a 400, or a walk that could only list nothing.
  const edits: Array<[string, Record<string, Json>, string]> = [
    ['size 0', { size: 0 }, 'size: must be at least 1'],
    ['a negative size', { size: -1 }, 'size: must be at least 1'],
    ['a fractional size', { size: 1.5 }, 'size: must be an integer'],
    ['a size over the largest page', { size: 1_000_000_000 }, 'size: must be at most 100'],
    ['page 0', { page: 0 }, 'page: must be at least 1'],
    ['a fractional page', { page: 2.5 }, 'page: must be an integer'],
    ['a negative total', { total: -1 }, 'total: must be at least 0'],
    ['a fractional total', { total: 1.5 }, 'total: must be an integer'],
    ['an empty pending contact id', { pending: [''] }, 'pending[0]: must be a non-empty string'],
    [
      'a blank recent contact id',
      { recent: ['6968c73408ff49b6f700a098', ' '] },
      'recent[1]: must be a non-empty string',
    ],
    ['no channels', { channels: [] }, 'channels: must name at least one channel'],
    ['an empty channel', { channels: ['sms', ''] }, 'channels[1]: must be a non-empty string'],
  ];

  it.each(edits)('%s', async (_, edit, issue) => {
    const { fake, client } = setup({ contacts: 12, conversations: 30 }, { maxRetries: 0 });
    const page = await client.conversations.list({ limit: 3 });
    const token = decode(page.cursor!);
    expect(token.o).toBe(OWNER);
    token.s = { ...token.s, ...edit };
    const sent = fake.requests().length;
    const error = await rejection(() => client.conversations.list({ cursor: encode(token) }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message.startsWith(`Invalid cursor: its state does not fit this list (${issue}`)).toBe(true);
    expect(fake.requests()).toHaveLength(sent);
  });

  it('the cursors the walk makes still resume it: every visible conversation once', async () => {
    const { fake, client } = setup({ contacts: 12, conversations: 30 }, { maxRetries: 0 });
    const ids: string[] = [];
    let page = await client.conversations.list({ limit: 3 });
    ids.push(...page.items.map((c) => c.id));
    while (page.cursor !== null) {
      page = await client.conversations.list({ cursor: page.cursor });
      ids.push(...page.items.map((c) => c.id));
    }
    expectEachVisibleOnce(fake, ids);
  });
});
