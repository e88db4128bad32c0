import { describe, expect, it } from 'vitest';
import { ConfigurationError, type ConversationsClient, UnsupportedOperationError } from '../../src/index.js';
import type { FakeServer } from '../../src/testing/index.js';
import * as g from '../support/gtateth.js';
import * as h from '../support/heymarket.js';
import { rejection } from '../support/index.js';
import * as t from '../support/tether.js';

/** Every call below is made through an untyped client: what a JavaScript caller can pass. */
type Loose = {
  [K in 'conversations' | 'messages' | 'users' | 'inboxes']: Record<string, (...args: unknown[]) => unknown>;
};

const providers: Array<{
  name: string;
  make(): { client: ConversationsClient; fake: FakeServer };
  id: string;
  /** The list's start positions it has no use for. */
  unusedStart: Array<Record<string, unknown>>;
  messages: boolean;
}> = [
  {
    name: 'gtateth',
    make: () => g.setup({ conversations: 3 }, { maxRetries: 0 }),
    id: '64a1b2c3d4e5f6789012345a',
    unusedStart: [{ before: new Date() }, { before: '2026-01-15T00:00:00Z' }],
    messages: false,
  },
  {
    name: 'heymarket',
    make: () => h.setup({ conversations: 3 }, { maxRetries: 0 }),
    id: '1',
    unusedStart: [{ page: 2 }, { page: 1, limit: 10 }],
    messages: true,
  },
  {
    name: 'tether',
    make: () => t.setup({ contacts: 2, conversations: 3 }, { maxRetries: 0 }),
    id: '64a1b2c3d4e5f6789012345a',
    unusedStart: [{ page: 2 }, { before: new Date() }],
    messages: true,
  },
];

/** Calls `f`, which must not throw, and resolves with what its promise rejected with. */
async function refused(f: () => unknown): Promise<Error> {
  let result: unknown;
  expect(() => {
    result = f();
  }).not.toThrow();
  return rejection<Error>(() => result as PromiseLike<unknown>);
}

describe.each(providers)(
  'arguments are checked before any request: $name',
  ({ name, make, id, unusedStart, messages }) => {
    it('null or a non-object where params are expected rejects the ListPromise; nothing throws at the call', async () => {
      const { client, fake } = make();
      const c = client as unknown as Loose;
      for (const params of [null, 'open', 5, ['open'], true]) {
        const error = await refused(() => c.conversations.list!(params));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe('conversations.list: params must be an object when given');
        const forMessages = await refused(() => c.messages.list!(id, params));
        expect(forMessages).toBeInstanceOf(messages ? ConfigurationError : UnsupportedOperationError);
        if (messages) expect(forMessages.message).toBe('messages.list: params must be an object when given');
      }
      const cursor = await refused(() => c.conversations.list!({ cursor: 5 }));
      expect(cursor.message).toBe("cursor must be a string: a page's `cursor`");
      expect(fake.requests()).toHaveLength(0);
    });

    it('null where a patch or an input is expected, or a field of the wrong type, is a ConfigurationError', async () => {
      const { client, fake } = make();
      const c = client as unknown as Loose;
      const update = await refused(() => c.conversations.update!(id, null));
      expect(update).toBeInstanceOf(ConfigurationError);
      expect(update.message).toBe('conversations.update: patch must be an object');
      expect((await refused(() => c.conversations.update!(id))).message).toBe(
        'conversations.update: patch must be an object',
      );
      expect((await refused(() => c.conversations.update!(id, { status: null }))).message).toBe(
        'conversations.update: patch.status must be a string when given',
      );
      expect((await refused(() => c.conversations.update!(id, { assigneeId: 7 }))).message).toBe(
        'conversations.update: patch.assigneeId must be a string or null when given',
      );
      const create = await refused(() => c.conversations.create!(null));
      expect(create).toBeInstanceOf(name === 'gtateth' ? ConfigurationError : UnsupportedOperationError);
      if (name === 'gtateth') expect(create.message).toBe('conversations.create: input must be an object');
      if (messages) {
        expect((await refused(() => c.messages.send!(id, null))).message).toBe(
          'messages.send: input must be an object',
        );
        expect((await refused(() => c.messages.send!(id, { text: 5 }))).message).toBe(
          'messages.send: text must be a string',
        );
        expect((await refused(() => c.messages.send!(id, { text: 'hi', idempotencyKey: 5 }))).message).toBe(
          'messages.send: idempotencyKey must be a non-blank string, or left out',
        );
      }
      const list = client.conversations.list();
      const toArray = await refused(() => (list.toArray as (o: unknown) => Promise<unknown>)(null));
      expect(toArray).toBeInstanceOf(ConfigurationError);
      expect(toArray.message).toBe('toArray: options must be an object, { max? }');
      for (const options of [null, 'x', 5]) {
        const error = await refused(() => c.conversations.get!(id, options));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe('request options must be an object: { signal?, timeout?, maxRetries?, headers? }');
      }
      expect(fake.requests()).toHaveLength(0);
    });

    it('request options passed where params are expected are refused, not ignored', async () => {
      const { client, fake } = make();
      const c = client as unknown as Loose;
      const aborted = AbortSignal.abort();
      const error = await refused(() => c.conversations.list!({ signal: aborted }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(
        'conversations.list: signal is a request option, not part of the params: pass it in the last argument, as conversations.list(…, { signal })',
      );
      expect((await refused(() => c.conversations.list!({ status: 'open', timeout: 5, maxRetries: 0 }))).message).toBe(
        'conversations.list: timeout, maxRetries are request options, not part of the params: pass them in the last argument, as conversations.list(…, { timeout })',
      );
      expect((await refused(() => c.conversations.update!(id, { status: 'closed', headers: {} }))).message).toMatch(
        /^conversations\.update: headers is a request option, not part of the patch/,
      );
      if (messages) {
        expect((await refused(() => c.messages.list!(id, { signal: aborted }))).message).toMatch(
          /^messages\.list: signal is a request option/,
        );
        expect((await refused(() => c.messages.send!(id, { text: 'hi', signal: aborted }))).message).toMatch(
          /^messages\.send: signal is a request option, not part of the input/,
        );
      }
      expect(fake.requests()).toHaveLength(0);
    });

    it('a start position this list does not use is refused, not ignored', async () => {
      const { client, fake } = make();
      const c = client as unknown as Loose;
      for (const params of unusedStart) {
        const error = await refused(() => c.conversations.list!(params));
        expect(error).toBeInstanceOf(ConfigurationError);
        const [key] = Object.keys(params);
        expect(error.message).toBe(
          key === 'page'
            ? `page is not taken by ${name} conversations.list: its pages are not numbered`
            : `before is not taken by ${name} conversations.list: it does not page by date`,
        );
      }
      expect(fake.requests()).toHaveLength(0);
    });
  },
);

describe("a conversation's messages always start at the first page", () => {
  it.each([
    ['heymarket', () => h.setup({ conversations: 1 }), '1'],
    ['tether', () => t.setup({ contacts: 1, conversations: 1 }), '64a1b2c3d4e5f6789012345a'],
  ] as const)('%s: a page or a before given to messages.list is refused, not ignored', async (name, make, id) => {
    const { client, fake } = make();
    const c = client as unknown as Loose;
    for (const key of ['page', 'before'] as const) {
      const error = await refused(() => c.messages.list!(id, { [key]: key === 'page' ? 2 : new Date() }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(`${key} is not taken by ${name} messages.list: it always starts at its first page`);
    }
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('the lists that come whole (Heymarket users and inboxes)', () => {
  it('take request options only in the last argument, and neither a limit nor a start', async () => {
    const { client, fake } = h.setup({ conversations: 1 });
    const c = client as unknown as Loose;
    const aborted = AbortSignal.abort();
    for (const list of ['users', 'inboxes'] as const) {
      const error = await refused(() => c[list].list!({ signal: aborted }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(
        `${list}.list: signal is a request option, not part of the params: pass it in the last argument, as ${list}.list(…, { signal })`,
      );
      expect((await refused(() => c[list].list!(undefined, { signal: aborted }))).name).toBe('AbortError');
      expect((await refused(() => c[list].list!(null))).message).toBe(
        `${list}.list: params must be an object when given`,
      );
      expect((await refused(() => c[list].list!({ limit: 2 }))).message).toBe(
        `limit is not taken by heymarket ${list}.list: its pages are the API's own size`,
      );
      expect((await refused(() => c[list].list!({ page: 2 }))).message).toBe(
        `page is not taken by heymarket ${list}.list: its pages are not numbered`,
      );
    }
    expect(fake.requests()).toHaveLength(0);
    expect((await client.users.list()).items.length).toBeGreaterThan(0);
  });

  it('a list the provider lacks says so before its params are looked at', async () => {
    const { client } = t.setup({ contacts: 1, conversations: 1 });
    const c = client as unknown as Loose;
    expect(await refused(() => c.users.list!(null))).toBeInstanceOf(UnsupportedOperationError);
  });
});
