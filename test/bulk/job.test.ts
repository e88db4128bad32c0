import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/bulk/checkpoint.js';
import { type BulkCheckpoint, type BulkResult, ConfigurationError } from '../../src/index.js';
import type { FakeGTateth } from '../../src/testing/index.js';
import { scenario } from './setup.js';

describe('a BulkJob', () => {
  it('sends nothing until it is iterated or awaited', async () => {
    const s = scenario('gtateth', { matching: 5 });
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(s.fake.requests()).toHaveLength(0);
    expect(String(job)).toBe('[object BulkJob]');
    await job;
    expect(s.matching()).toEqual([]);
  });

  it('can be iterated and awaited together: one result per conversation, and the summary', async () => {
    const s = scenario('heymarket', { matching: 40 });
    const count = s.matching().length;
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 6 });
    const awaited = job.then((summary) => summary);
    const seen: BulkResult[] = [];
    for await (const r of job) seen.push(r);
    const summary = await awaited;
    expect(seen).toHaveLength(count);
    expect(new Set(seen.map((r) => r.id)).size).toBe(count);
    expect(summary.done).toBe(count);
    expect(await job).toBe(summary);
  });

  it('keeps at most `concurrency` conversations in flight', async () => {
    // Real latency, so that requests overlap at the fake.
    const s = scenario('gtateth', { matching: 40, faults: { latency: [1, 3] } });
    await s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 3 });
    const byId = s.fake.requests(/^(GET|PUT) \/api\/v1\/conversations\/[0-9a-f]{24}$/);
    expect(Math.max(...byId.map((r) => r.inFlight))).toBeLessThanOrEqual(3);
    expect(Math.max(...byId.map((r) => r.inFlight))).toBe(3);
  });

  it('hands out checkpoints that are JSON-safe and stay as they were made', async () => {
    const s = scenario('tether', { matching: 10 });
    const saved: BulkCheckpoint[] = [];
    const summary = await s.client.bulk.reassign({ filter: s.filter, to: s.to, onCheckpoint: (cp) => saved.push(cp) });
    const sizes = saved.map((cp) => cp.settled.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes.at(-1)).toBe(summary.done);
    for (const cp of saved) expect(JSON.parse(JSON.stringify(cp))).toEqual({ ...cp });
    expect(saved[0]?.settled).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(summary.checkpoint)).settled).toHaveLength(summary.done);
  });

  it('leaving a for await early aborts it: writes in flight settle, and its checkpoint resumes the rest', async () => {
    const s = scenario('gtateth', { matching: 30 });
    const count = s.matching().length;
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 4 });
    let taken = 0;
    for await (const _ of job) if (++taken === 7) break;
    const summary = await job;
    expect(summary.aborted).toBe(true);
    expect(summary.done).toBeGreaterThanOrEqual(7);
    expect(summary.done).toBeLessThan(count);
    // Every write that started settled and is in the checkpoint.
    expect(s.writes().size).toBe(summary.done);
    expect(summary.checkpoint.settled).toHaveLength(summary.done);
    const rest = await s.client.bulk.reassign({ filter: s.filter, to: s.to, checkpoint: summary.checkpoint });
    expect(rest.aborted).toBe(false);
    // It goes on where the first run stopped: the rest of that pass, then one that finds nothing.
    expect(rest.passes).toBe(2);
    expect(summary.done + rest.done).toBe(count);
    expect(s.matching()).toEqual([]);
    for (const writes of s.writes().values()) expect(writes).toHaveLength(1);
  });

  it('an aborted signal starts no new write; the summary says aborted and carries a checkpoint', async () => {
    const s = scenario('heymarket', { matching: 30 });
    const controller = new AbortController();
    let settled = 0;
    const job = s.client.bulk.reassign({
      filter: s.filter,
      to: s.to,
      signal: controller.signal,
      onCheckpoint: () => {
        if (++settled === 10) controller.abort();
      },
    });
    const summary = await job;
    const writesAtEnd = s.writes().size;
    expect(summary.aborted).toBe(true);
    // Those in flight when it aborted settled; none started after.
    expect(writesAtEnd).toBe(summary.done);
    expect(summary.done).toBeGreaterThanOrEqual(10);
    expect(summary.done).toBeLessThanOrEqual(10 + 4);
    expect(summary.checkpoint.settled).toHaveLength(summary.done);
    // Its place is the page whose conversations were not all handed out.
    expect(summary.checkpoint.at).toEqual({ cursor: null });
    const rest = await s.client.bulk.reassign({ filter: s.filter, to: s.to, checkpoint: summary.checkpoint });
    expect(rest.passes).toBe(2);
    expect(s.matching()).toEqual([]);
  });

  it('a signal aborted before it starts sends nothing', async () => {
    const s = scenario('tether', { matching: 3 });
    const summary = await s.client.bulk.reassign({ filter: s.filter, to: s.to, signal: AbortSignal.abort() });
    expect(summary).toMatchObject({ aborted: true, matched: 0, passes: 0 });
    expect(s.fake.requests()).toHaveLength(0);
  });

  it('resuming a converged job lists once more and writes nothing', async () => {
    const s = scenario('heymarket', { matching: 12 });
    const first = await s.client.bulk.reassign({ filter: s.filter, to: s.to });
    const writes = s.writes().size;
    const again = await s.client.bulk.reassign({ filter: s.filter, to: s.to, checkpoint: first.checkpoint });
    expect(again).toMatchObject({ matched: 0, passes: 1 });
    expect(s.writes().size).toBe(writes);
  });
});

describe('a checkpoint of another job is refused before any request', () => {
  it('another filter, action, dry run or provider', async () => {
    const s = scenario('gtateth', { matching: 4 });
    const { checkpoint } = await s.client.bulk.reassign({ filter: s.filter, to: s.to });
    const before = s.fake.requests().length;
    const refuse = async (job: PromiseLike<unknown>) => {
      await expect(job).rejects.toThrow(ConfigurationError);
      await expect(job).rejects.toThrow(/belongs to another job/);
    };
    await refuse(s.client.bulk.reassign({ filter: { ...s.filter, status: 'pending' }, to: s.to, checkpoint }));
    await refuse(s.client.bulk.reassign({ filter: s.filter, to: s.other, checkpoint }));
    await refuse(s.client.bulk.run({ filter: s.filter, action: { type: 'close' }, checkpoint }));
    await refuse(s.client.bulk.reassign({ filter: s.filter, to: s.to, dryRun: true, checkpoint }));
    expect(s.fake.requests().length).toBe(before);
    const t = scenario('tether', { matching: 1 });
    await refuse(t.client.bulk.reassign({ filter: s.filter, to: s.to, checkpoint }));
    expect(t.fake.requests()).toHaveLength(0);
  });

  it('the same job, however its filter is spelt, is the same job', async () => {
    const s = scenario('heymarket', { matching: 4 });
    const { inboxId, ...rest } = s.filter;
    const { checkpoint } = await s.client.bulk.reassign({ filter: s.filter, to: s.to });
    const again = await s.client.bulk.reassign({ filter: { ...rest, inboxId }, to: s.to, checkpoint });
    expect(again.matched).toBe(0);
  });

  it('inboxes are a set: another order, a repeat or a list of one is the same job; a checkpoint saved before in the order given still resumes', async () => {
    const s = scenario('gtateth', { matching: 4 });
    const [x, y] = (s.fake as FakeGTateth).inboxes as [string, string];
    const job = (inboxId: string | string[], checkpoint?: BulkCheckpoint) =>
      s.client.bulk.reassign({ filter: { ...s.filter, inboxId }, to: s.to, ...(checkpoint ? { checkpoint } : {}) });
    const { checkpoint } = await job([y, x]);
    expect((await job([x, y], checkpoint)).matched).toBe(0);
    expect((await job([x, y, x], checkpoint)).matched).toBe(0);
    const one = (await job(x)).checkpoint;
    expect((await job([x, x], one)).matched).toBe(0);
    expect((await job([x], one)).matched).toBe(0);
    await expect(job([x, y], one)).rejects.toThrow(/belongs to another job/);
    // Saved by a version that fingerprinted the list as given: resumed when given the same way.
    const { inboxId: _, ...rest } = s.filter;
    const given = [y, x, y];
    const before = {
      ...checkpoint,
      job: fingerprint('gtateth', { ...rest, inboxId: given }, { type: 'assign', to: s.to }, false),
    };
    expect((await job(given, before)).matched).toBe(0);
    await expect(job([x, y, x], before)).rejects.toThrow(/belongs to another job/);
  });

  it('an edited checkpoint is refused', async () => {
    const s = scenario('gtateth', { matching: 2 });
    const { checkpoint } = await s.client.bulk.reassign({ filter: s.filter, to: s.to });
    const edited = { ...JSON.parse(JSON.stringify(checkpoint)), pass: 0 };
    await expect(s.client.bulk.reassign({ filter: s.filter, to: s.to, checkpoint: edited })).rejects.toThrow(
      /not a bulk job checkpoint \(pass/,
    );
  });
});
