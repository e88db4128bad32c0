import { describe, expect, it } from 'vitest';
import type { BulkResult } from '../../src/index.js';
import { PROVIDERS, scenario } from './setup.js';

describe.each(PROVIDERS)('%s: reassign every open conversation of A in X to B', (name) => {
  it('leaves none matching, all at B, each written once, and the summary adds up', async () => {
    // More matches than one page of the largest size, so offset pages shrink under the walk.
    const s = scenario(name, { matching: 230, tieRate: 0.3 });
    const targets = s.matching();
    expect(targets.length).toBeGreaterThan(200);
    const results: BulkResult[] = [];
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to });
    for await (const r of job) results.push(r);
    const summary = await job;

    expect(s.matching()).toEqual([]);
    const state = s.snapshot();
    for (const id of targets) expect(state.get(id)?.assignee).toBe(s.to);
    const writes = s.writes();
    expect([...writes.keys()].sort()).toEqual([...targets].sort());
    for (const id of targets) expect(writes.get(id)?.map((w) => [w.record.status, w.sets])).toEqual([[200, s.to]]);
    // Each conversation read once by id, right before its write.
    for (const id of targets) expect(s.reads(id)).toHaveLength(1);

    expect(results.map((r) => r.id).sort()).toEqual([...targets].sort());
    expect(results.every((r) => r.outcome === 'done' && r.reason === null && r.attempts === 1)).toBe(true);
    expect(summary).toMatchObject({ matched: targets.length, done: targets.length, skipped: 0, failed: 0, planned: 0 });
    expect(summary.matched).toBe(summary.done + summary.skipped + summary.failed + summary.planned);
    // A working pass and one that finds nothing left: rows moving under the walk are neither missed nor
    // written twice, and no extra pass is needed to find them.
    expect(summary.passes).toBe(2);
    expect(summary.requests).toBe(s.fake.requests().length - (name === 'tether' ? 1 : 0)); // Tether's login
    expect(summary.aborted).toBe(false);
    expect(summary.checkpoint).toMatchObject({ at: null, found: false, pass: 2 });
    expect(summary.checkpoint.settled).toHaveLength(targets.length);
  });

  it('leaves what does not match alone', async () => {
    const s = scenario(name, { matching: 10, seeded: 40 });
    const before = s.snapshot();
    const targets = new Set(s.matching());
    await s.client.bulk.reassign({ filter: s.filter, to: s.to });
    for (const [id, was] of before) {
      if (!targets.has(id)) expect(s.snapshot().get(id)).toEqual(was);
    }
    for (const id of s.unreachable()) expect(s.writes().has(id)).toBe(false);
  });
});
