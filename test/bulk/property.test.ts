// Random stores with heavy ties on the sort key, a concurrent writer changing the fake's store during
// the job (reassigning, closing, creating matching conversations), and injected faults (429, 5xx,
// dropped connections, applied-then-failed writes). The invariants hold on every provider.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulkResult } from '../../src/index.js';
import { PROVIDERS, scenario } from './setup.js';

type Fetch = typeof globalThis.fetch;

interface Change {
  kind: 'reassign' | 'close' | 'create';
  id: string;
  /** Requests the fake had received when the change was made. */
  at: number;
}

const action = fc.record({
  at: fc.nat({ max: 120 }),
  kind: fc.constantFrom('reassign' as const, 'close' as const, 'create' as const),
  pick: fc.nat(),
});

const faults = fc.record({
  errorRate: fc.constantFrom(0, 0.05, 0.1),
  rateLimitRate: fc.constantFrom(0, 0.05),
  dropRate: fc.constantFrom(0, 0.03),
});

describe.each(PROVIDERS)('%s: a bulk reassignment under change and faults', (name) => {
  it('leaves only failed or late conversations matching, writes each once, overwrites no one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 5, max: 60 }),
        fc.constantFrom(0, 0.5, 0.9),
        fc.integer({ min: 1, max: 8 }),
        fc.array(action, { maxLength: 12 }),
        faults,
        fc.array(
          fc.record({ status: fc.constantFrom(500, 503), when: fc.constantFrom('before' as const, 'after' as const) }),
          { maxLength: 3 },
        ),
        async (seed, matching, tieRate, concurrency, plan, random, injected) => {
          const changes: Change[] = [];
          const pending = [...plan].sort((a, b) => a.at - b.at);
          const s = scenario(
            name,
            { seed, matching, tieRate, client: { maxRetries: 6 } },
            (fetch: Fetch): Fetch =>
              async (input, init) => {
                const at = s.fake.requests().length;
                while (pending[0] && pending[0].at <= at) {
                  const step = pending.shift() as (typeof plan)[number];
                  const ids = s.matching();
                  if (step.kind === 'create') changes.push({ kind: 'create', id: s.writer.create(), at });
                  else if (ids.length > 0) {
                    const id = ids[step.pick % ids.length] as string;
                    if (step.kind === 'reassign') s.writer.reassign(id, s.other);
                    else s.writer.close(id);
                    changes.push({ kind: step.kind, id, at });
                  }
                }
                return fetch(input, init);
              },
          );
          const route = { gtateth: 'PUT /api/v1/', heymarket: 'POST /v1/conversations/reassign', tether: 'PUT /api/' }[
            name
          ];
          // Tether logs in on the first request, and a login is not retried after a 5xx: faults start
          // once the client holds a token.
          if (name === 'tether') await s.client.conversations.get(s.matching()[0] as string);
          s.faults(random);
          for (const f of injected) s.fake.inject({ ...f, route });
          const passStart = new Map<number, number>();
          const results = new Map<string, BulkResult>();
          const job = s.client.bulk.reassign({
            filter: s.filter,
            to: s.to,
            concurrency,
            onCheckpoint: (cp) => {
              if (!passStart.has(cp.pass)) passStart.set(cp.pass, s.fake.requests().length);
            },
          });
          for await (const r of job) {
            expect(results.has(r.id)).toBe(false); // one result per conversation
            results.set(r.id, r);
          }
          const summary = await job;
          expect(summary.matched).toBe(results.size);
          expect(summary.done + summary.skipped + summary.failed).toBe(summary.matched);
          const lastPass = passStart.get(summary.checkpoint.pass) ?? 0;

          // Still matching at the end: failed (with a reason), or created after the last pass began.
          for (const id of s.matching()) {
            const r = results.get(id);
            const late = changes.some((c) => c.kind === 'create' && c.id === id && c.at >= lastPass);
            expect(r?.outcome === 'failed' || late, `${id} still matches: ${JSON.stringify(r)}`).toBe(true);
            if (r?.outcome === 'failed') expect(r.reason).toBeTruthy();
          }
          for (const r of results.values()) {
            if (r.outcome !== 'done') expect(r.reason).toBeTruthy();
          }

          // No conversation written with two different effects; one the job wrote is at B.
          const state = s.snapshot();
          for (const [id, writes] of s.writes()) {
            const bodies = new Set(writes.map((w) => JSON.stringify(w.record.body)));
            expect(bodies.size, `${id}: ${[...bodies].join(' / ')}`).toBe(1);
            expect(writes.every((w) => w.sets === s.to)).toBe(true);
          }

          // The writer's changes stand. A reassignment may be overwritten only where the API has no
          // conditional write (G-Tateth, Tether), and only if it landed between the job's read of that
          // conversation and its write; Heymarket's server refuses that write.
          for (const change of changes) {
            const later = changes.filter((c) => c.id === change.id && c.at >= change.at);
            if (later.length > 1) continue;
            const now = state.get(change.id);
            if (change.kind === 'close') expect(now?.status).toBe('closed');
            if (change.kind !== 'reassign' || now?.assignee === s.other) continue;
            expect(name, `${change.id}: the writer's reassignment was overwritten`).not.toBe('heymarket');
            const log = s.fake.requests();
            const wrote = (s.writes().get(change.id) ?? []).map((w) => log.indexOf(w.record));
            const read = s.reads(change.id).map((r) => log.indexOf(r));
            const raced = wrote.some((w) => w >= change.at && read.some((g) => g < change.at && g < w));
            expect(raced, `${change.id}: overwritten outside the read-write window`).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
