// Kill and resume: a job stopped at a random point, by its signal or by a crash that loses everything
// but the last checkpoint it handed out, and resumed in a new client, ends in the same state as a run
// that was never interrupted, and redoes nothing that had settled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulkCheckpoint, BulkJobOptions } from '../../src/index.js';
import { PROVIDERS, type ProviderName, type Scenario, scenario } from './setup.js';

type Fetch = typeof globalThis.fetch;

/**
 * Two kinds of job: one whose written conversations leave the filter (reassign A's open ones to B), and
 * one whose written conversations still match it (close A's, whatever their status), so that a resumed
 * job lists settled conversations again and only its checkpoint keeps it from reading them again.
 */
type Kind = 'reassign' | 'close';

function start(s: Scenario, kind: Kind, options: Omit<BulkJobOptions, 'filter'>) {
  if (kind === 'reassign') return s.client.bulk.reassign({ filter: s.filter, to: s.to, ...options });
  const { status: _, ...filter } = s.filter;
  return s.client.bulk.run({ filter, action: { type: 'close' }, ...options });
}

/** The store after an uninterrupted run on the same seed. */
async function uninterrupted(name: ProviderName, kind: Kind, seed: number, matching: number) {
  const s = scenario(name, { seed, matching, tieRate: 0.5 });
  await start(s, kind, {});
  return s.snapshot();
}

const cases = PROVIDERS.flatMap((name) => (['reassign', 'close'] as const).map((kind) => [name, kind] as const));

describe.each(cases)('%s: kill and resume a %s job', (name, kind) => {
  it('aborted at a random point and resumed from its summary: the same end state, nothing redone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 5, max: 50 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat({ max: 60 }),
        async (seed, matching, concurrency, stopAfter) => {
          const expected = await uninterrupted(name, kind, seed, matching);
          const s = scenario(name, { seed, matching, tieRate: 0.5 });
          const controller = new AbortController();
          let settled = 0;
          const first = await start(s, kind, {
            concurrency,
            signal: controller.signal,
            onCheckpoint: () => {
              if (settled++ === stopAfter) controller.abort();
            },
          });
          // As JSON, as it would be saved to a file.
          const checkpoint = JSON.parse(JSON.stringify(first.checkpoint)) as BulkCheckpoint;
          const resumedAt = s.fake.requests().length;
          const second = await start({ ...s, client: s.newClient() }, kind, { concurrency, checkpoint });
          expect(s.snapshot()).toEqual(expected);
          for (const [id, writes] of s.writes()) expect(writes, id).toHaveLength(1);
          expect(first.done + second.done).toBe(s.writes().size);
          // Nothing settled before is read or written again.
          const log = s.fake.requests();
          for (const id of checkpoint.settled) {
            expect(
              s.touching(id).filter((r) => log.indexOf(r) >= resumedAt),
              id,
            ).toEqual([]);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('crashed at a random request and resumed from the last saved checkpoint: the same end state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 5, max: 50 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 150 }),
        async (seed, matching, concurrency, crashAt) => {
          const expected = await uninterrupted(name, kind, seed, matching);
          // The process dies when its request number `crashAt` goes out: that request and every later one
          // never reach the server, and answers still on their way back are lost.
          let sent = 0;
          let dead = false;
          const never = new Promise<Response>(() => undefined);
          const crashing =
            (fetch: Fetch): Fetch =>
            async (input, init) => {
              if (dead || ++sent >= crashAt) {
                dead = true;
                return never;
              }
              const response = await fetch(input, init);
              return dead ? never : response;
            };
          const s = scenario(name, { seed, matching, tieRate: 0.5 }, crashing);
          let saved: string | null = null;
          const job = start(s, kind, {
            concurrency,
            onCheckpoint: (cp) => {
              if (!dead) saved = JSON.stringify(cp);
            },
          });
          const outcome = await Promise.race([job.then(() => 'finished' as const), until(() => dead)]);
          const before = new Map([...s.writes()].map(([id, w]) => [id, w.length]));
          const checkpoint = saved === null ? undefined : (JSON.parse(saved) as BulkCheckpoint);
          await start({ ...s, client: s.newClient() }, kind, { concurrency, ...(checkpoint ? { checkpoint } : {}) });
          expect(s.snapshot()).toEqual(expected);
          // Only writes in flight at the crash could go out again, and none needs to: the conversation a
          // lost write changed is read first and found changed (or in the target state), so not written.
          const again = [...s.writes()].filter(([id, w]) => w.length > (before.get(id) ?? 0) && w.length > 1);
          expect(again.length).toBeLessThanOrEqual(outcome === 'finished' ? 0 : concurrency);
          expect(again).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });
});

/** Resolves once `done()` holds, checking on every turn of the event loop. */
async function until(done: () => boolean): Promise<'crashed'> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 0));
  return 'crashed';
}
