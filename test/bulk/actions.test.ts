import { describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, createVirtualClock, type FakeHeymarket } from '../../src/testing/index.js';
import { PROVIDERS, scenario } from './setup.js';

describe.each(PROVIDERS)('%s: every action the provider has', (name) => {
  it('close, then reopen: each ends in its state, and a second run writes nothing', async () => {
    const s = scenario(name, { matching: 25 });
    const { status: _, ...filter } = s.filter;
    const targets = s.matching();
    const closed = await s.client.bulk.run({ filter, action: { type: 'close' } });
    expect(closed.done).toBe(targets.length);
    for (const id of targets) expect(s.snapshot().get(id)?.status).toBe('closed');
    const writes = [...s.writes().values()].flat().length;
    // Closing what is closed: every one is already there, and is skipped without a write.
    const again = await s.client.bulk.run({ filter, action: { type: 'close' } });
    expect(again.skipped).toBe(again.matched);
    expect([...s.writes().values()].flat().length).toBe(writes);
    const reopened = await s.client.bulk.run({ filter, action: { type: 'reopen' } });
    expect(reopened.done).toBe(reopened.matched);
    for (const id of targets) expect(s.snapshot().get(id)?.status).toBe('open');
  });

  it('unassigns where the API can', async () => {
    const s = scenario(name, { matching: 8 });
    const targets = s.matching();
    const job = s.client.bulk.reassign({ filter: s.filter, to: null });
    if (name === 'heymarket') {
      await expect(job).rejects.toThrow(/cannot unassign/);
      return;
    }
    const summary = await job;
    expect(summary.done).toBe(targets.length);
    for (const id of targets) expect(s.snapshot().get(id)?.assignee).toBeNull();
  });
});

describe('provider-specific actions', () => {
  it('Heymarket: transfer to another inbox, the conversations the target inbox already has failing', async () => {
    const s = scenario('heymarket', { matching: 12 });
    const fake = s.fake as FakeHeymarket;
    const other = fake.inboxes[1] as (typeof fake.inboxes)[number];
    const targets = s.matching();
    // The other inbox already talks to one of these customers: that transfer is refused (400).
    const clash = fake.conversations.get(Number(targets[0]));
    if (clash) fake.insert({ inbox: other.id, target: clash.target });
    const results = new Map<string, string>();
    for await (const r of s.client.bulk.run({
      filter: s.filter,
      action: { type: 'transfer', inboxId: String(other.id) },
    })) {
      results.set(r.id, r.outcome);
    }
    expect(results.get(String(targets[0]))).toBe('failed');
    for (const id of targets.slice(1)) {
      expect(results.get(id)).toBe('done');
      expect(fake.conversations.get(Number(id))?.inbox).toBe(other.id);
    }
  });

  it('G-Tateth: an update that leaves the conversations matching reads each page once, and two passes', async () => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({
      clock,
      seed: 4,
      conversations: 0,
      rateLimit: { limit: 1e6, windowSeconds: 3600 },
    });
    const inbox = fake.inboxes[0] as string;
    for (let i = 0; i < 250; i++) fake.insert({ inboxId: inbox, priority: 'low', createdAt: fake.seededAt - i * 1000 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch, clock });
    const summary = await client.bulk.run({
      filter: { inboxId: inbox },
      action: { type: 'update', patch: { priority: 'high' } },
    });
    expect(summary.done).toBe(250);
    expect([...fake.conversations.values()].every((c) => c.priority === 'high')).toBe(true);
    // Pages of 100: three per pass, none read again (no row left the list), two passes.
    expect(
      fake.requests('GET /api/v1/conversations?').length + fake.requests(/^GET \/api\/v1\/conversations$/).length,
    ).toBe(6);
    expect(summary.passes).toBe(2);
  });
});
