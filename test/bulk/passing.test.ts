// Failures that may pass (5xx, 429, timeouts, dropped connections) still there after the client's own
// retries: the conversation is tried again on a later pass, a page is read again, and only a run of
// them with nothing settled in between stops the job, resumable from its checkpoint.
import { describe, expect, it } from 'vitest';
import { type BulkCheckpoint, type BulkResult, RateLimitError, ServerError } from '../../src/index.js';
import { scenario } from './setup.js';

async function collect(job: AsyncIterable<BulkResult> & PromiseLike<unknown>) {
  const results = new Map<string, BulkResult>();
  for await (const r of job) results.set(r.id, r);
  return results;
}

const outcomes = (results: Map<string, BulkResult>) => [...results.values()].map((r) => r.outcome);

describe('a failure that outlives the retries', () => {
  it('G-Tateth: a write answered 500 past the retries is written on a later pass, once', async () => {
    const s = scenario('gtateth', { matching: 6 });
    const victim = s.matching()[2] as string;
    // The client sends a write three times (two retries) before it gives up.
    s.fake.inject({ status: 500, route: `PUT /api/v1/conversations/${victim}`, times: 3 });
    const job = s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 });
    const results = await collect(job);
    const summary = await job;
    expect(outcomes(results).every((o) => o === 'done')).toBe(true);
    expect(summary).toMatchObject({ done: 6, failed: 0 });
    expect(s.matching()).toEqual([]);
    expect(
      s
        .writes()
        .get(victim)
        ?.map((w) => w.record.status),
    ).toEqual([500, 500, 500, 200]);
    for (const writes of s.writes().values()) expect(writes.filter((w) => w.record.status === 200)).toHaveLength(1);
  });

  it('G-Tateth: a conversation whose write keeps failing is failed after three tries; the others are done', async () => {
    const s = scenario('gtateth', { matching: 6 });
    const victim = s.matching()[3] as string;
    s.fake.inject({ status: 500, route: `PUT /api/v1/conversations/${victim}`, times: 1000 });
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 }));
    expect(results.get(victim)).toMatchObject({ outcome: 'failed' });
    expect(results.get(victim)?.error).toBeInstanceOf(ServerError);
    expect(results.get(victim)?.reason).toMatch(/\(500.*\(tried 3 times\)$/);
    expect(s.writes().get(victim)).toHaveLength(9);
    expect(outcomes(results).filter((o) => o === 'done')).toHaveLength(5);
    expect(s.matching()).toEqual([victim]);
  });

  it('Heymarket: a read by id answered 429 past the retries is read again on a later pass', async () => {
    const s = scenario('heymarket', { matching: 6 });
    const count = s.matching().length;
    const victim = s.matching()[1] as string;
    s.fake.inject({ status: 429, route: `GET /v1/conversations/${victim}`, times: 3 });
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 2 }));
    expect(outcomes(results).every((o) => o === 'done')).toBe(true);
    expect(results.size).toBe(count);
    expect(s.reads(victim).map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(s.matching()).toEqual([]);
    for (const writes of s.writes().values()) expect(writes).toHaveLength(1);
  });

  it.each(['heymarket', 'gtateth'] as const)(
    '%s: a list page answered 500 past the retries is read again; the job converges',
    async (name) => {
      const s = scenario(name, { matching: 250 });
      const count = s.matching().length;
      const list = { heymarket: /^POST \/v1\/conversations$/, gtateth: /^GET \/api\/v1\/conversations$/ }[name];
      let settled = 0;
      const job = s.client.bulk.reassign({
        filter: s.filter,
        to: s.to,
        // Once the first page is being worked on: the next list request fails three times in a row.
        onCheckpoint: () => {
          if (++settled === 3) s.fake.inject({ status: 500, route: list, times: 3 });
        },
      });
      const summary = await job;
      expect(s.fake.requests(list).filter((r) => r.status === 500)).toHaveLength(3);
      expect(summary).toMatchObject({ done: count, failed: 0 });
      expect(s.matching()).toEqual([]);
      for (const writes of s.writes().values()) expect(writes).toHaveLength(1);
    },
  );

  it('a rate limit the client will not wait for stops the job cleanly; the checkpoint resumes it, nothing lost or redone', async () => {
    const s = scenario('gtateth', { matching: 20 });
    const saved: BulkCheckpoint[] = [];
    let settled = 0;
    const job = s.client.bulk.reassign({
      filter: s.filter,
      to: s.to,
      concurrency: 2,
      onCheckpoint: (cp) => {
        saved.push(cp);
        // An hour's wait, over the client's maxRetryAfter (a minute): every request meets it at once.
        if (++settled === 5) s.fake.inject({ status: 429, retryAfter: 3600, times: 1000 });
      },
    });
    const results: BulkResult[] = [];
    const error = await (async () => {
      try {
        for await (const r of job) results.push(r);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    // Nothing was reported failed for the rate limit, and it gave up after a few refused requests.
    expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
    const refused = s.fake.log.filter((r) => r.status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(8 + 2);
    s.fake.clearFaults();
    const last = JSON.parse(JSON.stringify(saved.at(-1))) as BulkCheckpoint;
    const summary = await s.newClient().bulk.reassign({ filter: s.filter, to: s.to, checkpoint: last });
    expect(s.matching()).toEqual([]);
    expect(summary.failed).toBe(0);
    expect(summary.done + last.settled.length).toBe(20);
    for (const writes of s.writes().values()) expect(writes.filter((w) => w.record.status === 200)).toHaveLength(1);
  });

  it('the client given a long maxRetryAfter waits out the same rate limit on its clock and converges', async () => {
    const s = scenario('gtateth', { matching: 12, client: { maxRetryAfter: 3_600_000 } });
    let settled = 0;
    const job = s.client.bulk.reassign({
      filter: s.filter,
      to: s.to,
      concurrency: 2,
      onCheckpoint: () => {
        if (++settled === 3) s.fake.inject({ status: 429, retryAfter: 3600, times: 1 });
      },
    });
    const summary = await job;
    expect(summary).toMatchObject({ done: 12, failed: 0 });
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(3_600_000);
    expect(s.matching()).toEqual([]);
  });
});
