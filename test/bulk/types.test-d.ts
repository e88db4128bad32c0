import { describe, expectTypeOf, it } from 'vitest';
import {
  type BulkAction,
  type BulkCheckpoint,
  type BulkJob,
  type BulkOptions,
  type BulkResult,
  type BulkSummary,
  ConversationsClient,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';

const g = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });
const h = new ConversationsClient({ provider: heymarket({ apiKey: 'k', userId: 1 }) });
const t = new ConversationsClient({ provider: tether({ baseUrl: 'https://t.test', token: 't' }) });
const filter = { status: 'open', assigneeId: '55' } as const;

describe('bulk jobs are typed by the provider', () => {
  it('a job is awaitable for its summary and iterable for its results', async () => {
    const job = g.bulk.reassign({ filter, to: '72' });
    expectTypeOf(job).toEqualTypeOf<BulkJob>();
    expectTypeOf(job).resolves.toEqualTypeOf<BulkSummary>();
    expectTypeOf<BulkSummary['checkpoint']>().toEqualTypeOf<BulkCheckpoint>();
    expectTypeOf<Parameters<NonNullable<BulkOptions['onCheckpoint']>>[0]>().toEqualTypeOf<BulkCheckpoint>();
    for await (const r of job) expectTypeOf(r).toEqualTypeOf<BulkResult>();
  });

  it('offers every action the provider has', () => {
    h.bulk.run({ filter, action: { type: 'transfer', inboxId: '102' } });
    h.bulk.run({ filter, action: { type: 'close' } });
    g.bulk.run({ filter, action: { type: 'update', patch: { priority: 'high' } } });
    t.bulk.run({ filter, action: { type: 'reopen' } });
    expectTypeOf<BulkAction<typeof h.provider>['type']>().toEqualTypeOf<
      'assign' | 'close' | 'reopen' | 'transfer' | 'update'
    >();
    expectTypeOf<BulkAction<typeof g.provider>['type']>().toEqualTypeOf<'assign' | 'close' | 'reopen' | 'update'>();
  });

  it('rejects an action the provider lacks, and paging in the filter, at compile time', () => {
    // @ts-expect-error G-Tateth has no transfer
    g.bulk.run({ filter, action: { type: 'transfer', inboxId: '1' } });
    // @ts-expect-error Tether has no transfer
    t.bulk.run({ filter, action: { type: 'transfer', inboxId: '1' } });
    // @ts-expect-error a job lists from the start itself
    g.bulk.reassign({ filter: { ...filter, limit: 10 }, to: '72' });
    // @ts-expect-error a job lists from the start itself
    g.bulk.reassign({ filter: { cursor: 'x' }, to: '72' });
    // @ts-expect-error the filter is required
    g.bulk.reassign({ to: '72' });
  });

  it('a client of one provider still fits where any client is accepted', () => {
    const clients: ConversationsClient[] = [g, h, t];
    const any = clients[0] as ConversationsClient;
    any.bulk.run({ filter, action: { type: 'transfer', inboxId: '1' } });
    expectTypeOf(any.bulk.reassign).toBeFunction();
  });
});
