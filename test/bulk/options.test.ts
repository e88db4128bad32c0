import { describe, expect, it } from 'vitest';
import {
  type BulkOptions,
  ConfigurationError,
  type ConversationsClient,
  type ConversationsError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { PROVIDERS, scenario } from './setup.js';

/** An error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => ConversationsError;

/** What a call rejected with. */
async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('bad options are a ConfigurationError before any request', () => {
  const s = scenario('gtateth', { matching: 3 });
  // Deliberately wrong at run time, as untyped callers (JavaScript, JSON config) can pass them.
  const run = (options: unknown) => s.client.bulk.run(options as BulkOptions);
  const base = { filter: s.filter, action: { type: 'close' } };

  it.each([
    ['no options', undefined, /options are required/],
    ['no filter', { action: { type: 'close' } }, /filter is required/],
    ['a paging param', { ...base, filter: { ...s.filter, limit: 10 } }, /filter takes no 'limit'/],
    ['a cursor', { ...base, filter: { cursor: 'x' } }, /filter takes no 'cursor'/],
    ['an unknown filter', { ...base, filter: { assignee: 'x' } }, /unknown filter 'assignee'/],
    ['a bad filter value', { ...base, filter: { status: 'done' } }, /bad filter \(status/],
    ['an empty inbox list', { ...base, filter: { inboxId: [] } }, /empty list/],
    ['no action', { filter: s.filter }, /action must be/],
    ['an unknown action', { ...base, action: { type: 'archive' } }, /action must be/],
    ['assign without to', { ...base, action: { type: 'assign' } }, /needs `to`/],
    ['an empty patch', { ...base, action: { type: 'update', patch: {} } }, /non-empty patch/],
    ['a misspelt patch field', { ...base, action: { type: 'update', patch: { assignee: 'x' } } }, /unknown field/],
    ['concurrency 0', { ...base, concurrency: 0 }, /concurrency must be an integer from 1/],
    ['concurrency 2.5', { ...base, concurrency: 2.5 }, /concurrency/],
    ['a non-boolean dryRun', { ...base, dryRun: 'yes' }, /dryRun/],
    ['a signal that is not one', { ...base, signal: {} }, /signal/],
    ['an unknown option', { ...base, concurency: 3 }, /unknown option 'concurency'/],
    ['a malformed checkpoint', { ...base, checkpoint: { settled: 'x' } }, /not a bulk job checkpoint/],
  ])('%s', async (_, options, message) => {
    const before = s.fake.requests().length;
    const error = await rejection(run(options));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(s.fake.requests().length).toBe(before);
  });

  it('reassign takes `to`, not an action', async () => {
    const reassign = (options: unknown) => s.client.bulk.reassign(options as never);
    expect(await rejection(reassign({ filter: s.filter }))).toBeInstanceOf(ConfigurationError);
    expect(await rejection(reassign({ filter: s.filter, to: '' }))).toBeInstanceOf(ConfigurationError);
    expect(await rejection(reassign({ filter: s.filter, to: 'x', action: { type: 'close' } }))).toBeInstanceOf(
      ConfigurationError,
    );
    expect(s.fake.requests()).toHaveLength(0);
  });
});

describe('a `to` the provider refuses ends the job before its first write', () => {
  // A malformed id would be a 400 on every write, one conversation at a time, each costing a read.
  it.each(['gtateth', 'tether'] as const)('%s: a `to` that is not a 24-hex id', async (name) => {
    const s = scenario(name, { matching: 3 });
    const error = await rejection(s.client.bulk.reassign({ filter: s.filter, to: 'bogus' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(new RegExp(`^${name}: assigneeId must be a 24-hex id`));
    expect(s.fake.requests().filter((r) => r.method === 'PUT')).toHaveLength(0);
  });
});

describe('an action the provider lacks is an UnsupportedOperationError before any request', () => {
  it('transfer on G-Tateth and Tether', async () => {
    for (const name of ['gtateth', 'tether'] as const) {
      const s = scenario(name, { matching: 2 });
      // A client of any provider compiles the call; the provider's own client does not (types.test-d.ts).
      const client: ConversationsClient = s.client;
      const error = await rejection(client.bulk.run({ filter: s.filter, action: { type: 'transfer', inboxId: '1' } }));
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(s.fake.requests()).toHaveLength(0);
    }
  });

  it('what Heymarket refuses before sending: unassigning, a field it has not, a malformed id', async () => {
    const s = scenario('heymarket', { matching: 2 });
    const cases: Array<[BulkOptions['action'], ErrorClass]> = [
      [{ type: 'assign', to: null }, UnsupportedOperationError],
      [{ type: 'update', patch: { priority: 'high' } }, UnsupportedOperationError],
      [{ type: 'update', patch: { status: 'pending' } }, UnsupportedOperationError],
      [{ type: 'assign', to: 'not-a-number' }, ConfigurationError],
      [{ type: 'transfer', inboxId: 'inbox-x' }, ConfigurationError],
    ];
    for (const [action, Class] of cases) {
      const error = await rejection(s.client.bulk.run({ filter: s.filter, action }));
      expect(error, JSON.stringify(action)).toBeInstanceOf(Class);
    }
    for (const dryRun of [false, true]) {
      const error = await rejection(s.client.bulk.reassign({ filter: s.filter, to: null, dryRun }));
      expect(error).toBeInstanceOf(UnsupportedOperationError);
    }
    expect(s.fake.requests()).toHaveLength(0);
  });
});

describe.each(PROVIDERS)('%s: dry run', (name) => {
  it('lists and yields planned for each match, and sends no write', async () => {
    const s = scenario(name, { matching: 120 });
    const before = s.snapshot();
    const targets = s.matching();
    const outcomes: string[] = [];
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to, dryRun: true });
    for await (const r of job) outcomes.push(`${r.id}:${r.outcome}:${r.attempts}`);
    const summary = await job;
    expect(outcomes.sort()).toEqual(targets.map((id) => `${id}:planned:0`).sort());
    expect(summary).toMatchObject({ matched: targets.length, planned: targets.length, done: 0, passes: 1 });
    expect(s.snapshot()).toEqual(before);
    expect(s.writes().size).toBe(0);
    const lists = /conversations$|conversation\/all|contacts|inboxes/;
    const login = /auth\/login/;
    expect(s.fake.requests().filter((r) => !lists.test(r.path) && !login.test(r.path))).toEqual([]);
  });
});

describe('a filter no conversation of the provider can satisfy', () => {
  it.each([
    ['gtateth', { unread: true }],
    ['heymarket', { priority: 'high' }],
    ['tether', { inboxId: '1' }],
  ] as const)('%s %o is a ConfigurationError before any request', async (name, filter) => {
    const s = scenario(name, { matching: 2 });
    const error = await rejection(s.client.bulk.reassign({ filter, to: s.to }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(s.fake.requests()).toHaveLength(0);
  });
});
