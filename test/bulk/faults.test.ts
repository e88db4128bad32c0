import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type BulkCheckpoint,
  type BulkResult,
  type ConversationsError,
  NotFoundError,
  PermissionDeniedError,
} from '../../src/index.js';
import { PROVIDERS, type ProviderName, scenario } from './setup.js';

/** An error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => ConversationsError;

type Fetch = typeof globalThis.fetch;

/** A fetch that calls `after(path)` once the fake has answered a request, before the client sees it. */
const onAnswer =
  (after: (method: string, path: string) => void) =>
  (fetch: Fetch): Fetch =>
  async (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await fetch(input, init);
    after(method, url.pathname);
    return response;
  };

async function collect(job: AsyncIterable<BulkResult> & PromiseLike<unknown>) {
  const results = new Map<string, BulkResult>();
  for await (const r of job) results.set(r.id, r);
  return results;
}

describe("never overwrites someone else's change", () => {
  it('Heymarket: a reassignment between the read and the write is refused by the server and skipped, not retried', async () => {
    let victim = '';
    let moved = false;
    const s = scenario(
      'heymarket',
      { matching: 6 },
      onAnswer((method, path) => {
        if (!moved && method === 'GET' && path === `/v1/conversations/${victim}`) {
          moved = true;
          s.writer.reassign(victim, s.other);
        }
      }),
    );
    victim = s.matching()[2] as string;
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to }));
    expect(moved).toBe(true);
    expect(results.get(victim)).toMatchObject({ outcome: 'skipped', error: null, attempts: 1 });
    expect(results.get(victim)?.reason).toMatch(/changed since it was read/);
    expect(s.snapshot().get(victim)?.assignee).toBe(s.other);
    // One reassign, refused; never sent again with the fresh assignee.
    expect(
      s
        .writes()
        .get(victim)
        ?.map((w) => w.record.status),
    ).toEqual([400]);
    expect(s.matching()).toEqual([]);
  });

  it('Heymarket: a single assign() still decides again on the fresh assignee', async () => {
    const s = scenario('heymarket', { matching: 1 });
    const [id] = s.matching() as [string];
    const stale = await s.client.conversations.get(id);
    s.writer.reassign(id, s.other);
    await s.client.conversations.assign(stale, s.to);
    expect(s.snapshot().get(id)?.assignee).toBe(s.to);
    expect(
      s
        .writes()
        .get(id)
        ?.map((w) => w.record.status),
    ).toEqual([400, 200]);
  });

  it.each(PROVIDERS)('%s: a conversation changed after it was listed is skipped with the reason', async (name) => {
    const byId = /\/conversations?\/([0-9a-f]{24}|\d+)$/;
    let victim = '';
    let closed = '';
    const s = scenario(
      name,
      { matching: 8 },
      onAnswer((method, path) => {
        // At the first conversation's turn, two others change; their turns come later (one at a time).
        const read = byId.exec(path)?.[1];
        if (method !== 'GET' || !read || victim) return;
        [victim, closed] = s.matching().filter((id) => id !== read) as [string, string];
        s.writer.reassign(victim, s.other);
        s.writer.close(closed);
      }),
    );
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 }));
    expect(results.get(victim)).toMatchObject({ outcome: 'skipped', attempts: 0 });
    expect(results.get(victim)?.reason).toBe(`it no longer matches the filter: assigneeId is ${s.other}`);
    expect(results.get(closed)?.reason).toBe('it no longer matches the filter: status is closed');
    expect(s.snapshot().get(victim)?.assignee).toBe(s.other);
    expect(s.snapshot().get(closed)?.assignee).toBe(s.from);
    expect(s.writes().has(victim)).toBe(false);
    expect(s.writes().has(closed)).toBe(false);
  });

  it.each(PROVIDERS)('%s: a conversation deleted before its turn is skipped', async (name) => {
    const byId = /\/conversations?\/([0-9a-f]{24}|\d+)$/;
    let victim = '';
    const s = scenario(
      name,
      { matching: 4 },
      onAnswer((method, path) => {
        const read = byId.exec(path)?.[1];
        if (method !== 'GET' || !read || victim) return;
        victim = s.matching().find((id) => id !== read) as string;
        s.writer.remove(victim);
      }),
    );
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 }));
    expect(results.get(victim)).toMatchObject({ outcome: 'skipped', reason: 'it no longer exists', attempts: 0 });
  });
});

describe('one conversation failing does not stop the job', () => {
  const failing: Array<[ProviderName, number, RegExp, ErrorClass]> = [
    ['gtateth', 404, /^PUT \/api\/v1\/conversations\//, NotFoundError],
    ['gtateth', 403, /^PUT \/api\/v1\/conversations\//, PermissionDeniedError],
    ['heymarket', 403, /^POST \/v1\/conversations\/reassign/, PermissionDeniedError],
    ['tether', 404, /^PUT \/api\/conversation\//, NotFoundError],
  ];
  it.each(failing)('%s: a %d on a write is a failed result with its error', async (name, status, route, Class) => {
    const s = scenario(name, { matching: 10 });
    const count = s.matching().length;
    s.fake.inject({ status, route, times: 1 });
    const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 }));
    const failed = [...results.values()].filter((r) => r.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toBeInstanceOf(Class);
    expect(failed[0]?.reason).toContain(String(status));
    expect([...results.values()].filter((r) => r.outcome === 'done')).toHaveLength(count - 1);
    // It is still at A, reported, and the job converged anyway.
    expect(s.matching()).toEqual([failed[0]?.id]);
  });

  it.each(PROVIDERS)(
    '%s: a write applied and then failed counts as done, read back, not written again',
    async (name) => {
      const s = scenario(name, { matching: 5, client: { maxRetries: 0 } });
      const route = { gtateth: 'PUT /api/v1/', heymarket: 'POST /v1/conversations/reassign', tether: 'PUT /api/' }[
        name
      ];
      s.fake.inject({ status: 500, when: 'after', route, times: 2 });
      const results = await collect(s.client.bulk.reassign({ filter: s.filter, to: s.to, concurrency: 1 }));
      expect([...results.values()].every((r) => r.outcome === 'done')).toBe(true);
      expect(s.matching()).toEqual([]);
      for (const writes of s.writes().values()) expect(writes).toHaveLength(1);
    },
  );

  it('a refused credential ends the job once the writes in flight settle; the last checkpoint resumes it', async () => {
    const s = scenario('gtateth', { matching: 12 });
    const saved: BulkCheckpoint[] = [];
    let n = 0;
    const job = s.client.bulk.reassign({
      filter: s.filter,
      to: s.to,
      concurrency: 2,
      onCheckpoint: (cp) => {
        saved.push(cp);
        if (++n === 5) s.fake.inject({ status: 401, times: 1000 });
      },
    });
    await expect(job).rejects.toBeInstanceOf(AuthenticationError);
    s.fake.clearFaults();
    const last = JSON.parse(JSON.stringify(saved.at(-1))) as BulkCheckpoint;
    expect(last.settled.length).toBeGreaterThanOrEqual(5);
    const summary = await s.newClient().bulk.reassign({ filter: s.filter, to: s.to, checkpoint: last });
    expect(s.matching()).toEqual([]);
    expect(summary.done + last.settled.length).toBe(12);
    for (const writes of s.writes().values()) expect(writes.filter((w) => w.record.status === 200)).toHaveLength(1);
  });
});
