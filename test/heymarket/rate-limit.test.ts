import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/testing/index.js';
import { setup } from '../support/heymarket.js';

/** The shortest whole-client pause after a header-less 429: 1 s with equal jitter (at least half). */
const MIN_PAUSE = 500;

/**
 * Checks the log for a client that pauses as a whole: after a 429 at time t, a request arrives either
 * at t itself (it was already past the client's gate when the 429 came back) or after the pause.
 * Returns, per 429, how many requests were already under way.
 */
function inFlightAfter429s(log: RequestRecord[]): number[] {
  const counts: number[] = [];
  for (const limited of log.filter((r) => r.status === 429)) {
    const later = log.filter((r) => r.startSeq > limited.endSeq);
    const early = later.filter((r) => r.at < limited.at + MIN_PAUSE);
    expect(early.every((r) => r.at === limited.at)).toBe(true);
    counts.push(early.length);
  }
  return counts;
}

describe('rate limits', () => {
  it('30% injected 429s: a 2,000-conversation walk yields every id once, the client pausing as a whole', async () => {
    const { fake, client } = setup(
      { conversations: 2000, rateLimitRate: 0.3, seed: 21 },
      // One 429 in three means some request meets several in a row; allow for it.
      { auth: 'key', maxRetries: 12 },
    );
    const open = fake.visibleTo().filter((c) => c.status === 'open');
    // A walk and, beside it, a stream of reads: two requests of one client in flight at a time.
    const reads = (async () => {
      for (const c of open.slice(0, 150)) await client.conversations.get(String(c.id));
    })();
    const ids = (await client.conversations.list().toArray()).map((c) => c.id);
    await reads;
    expect(ids.length).toBe(2000);
    expect(new Set(ids).size).toBe(2000);
    const limited = fake.log.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThan(30);
    // No burst: besides the one other request already under way, nothing arrives during a pause.
    const inFlight = inFlightAfter429s(fake.log);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(1);
    // The 429s arrive one at a time, never as a volley of parallel requests.
    expect(fake.log.filter((r) => r.status === 429).every((r) => r.inFlight <= 2)).toBe(true);
  }, 30_000);

  it('a real 429 pauses the whole client with growing backoff until the window reopens; nothing fails', async () => {
    const { fake, client, clock } = setup(
      { conversations: 5, rateLimit: { limit: 40, windowSeconds: 60 } },
      { auth: 'key', pace: null, maxRetries: 10 },
    );
    const id = String(fake.sorted()[0]!.id);
    const start = clock.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 12; i++) await client.conversations.get(id);
      }),
    );
    const ok = fake.log.filter((r) => r.status === 200);
    const limited = fake.log.filter((r) => r.status === 429);
    expect(ok.length).toBe(96);
    expect(limited.length).toBeGreaterThan(0);
    // Only the requests in flight when the window filled meet the limit: a handful, not a storm.
    expect(limited.length).toBeLessThan(30);
    expect(Math.max(...inFlightAfter429s(fake.log))).toBeLessThan(8);
    // The second window's requests start after it opened.
    const firstLimited = limited[0]!;
    expect(
      ok
        .filter((r) => r.startSeq > firstLimited.endSeq)
        .every((r) => r.at >= start + 60_000 || r.at === firstLimited.at),
    ).toBe(true);
  });

  it('keeps to 500 requests per minute by default, so a burst of 1,200 never meets a 429', async () => {
    const { fake, client, clock } = setup({ conversations: 3 }, { auth: 'key' });
    const id = String(fake.sorted()[0]!.id);
    const start = clock.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 120; i++) await client.conversations.get(id);
      }),
    );
    expect(fake.log.length).toBe(1200);
    expect(fake.log.every((r) => r.status === 200)).toBe(true);
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('the pace is overridable', async () => {
    const { fake, client } = setup(
      { conversations: 3, rateLimit: { limit: 100, windowSeconds: 60 } },
      { auth: 'key', pace: { limit: 100, windowMs: 60_000 } },
    );
    const id = String(fake.sorted()[0]!.id);
    for (let i = 0; i < 250; i++) await client.conversations.get(id);
    expect(fake.log.every((r) => r.status === 200)).toBe(true);
    // Any 60 s span holds at most 100 requests.
    const times = fake.log.map((r) => r.at);
    for (let i = 100; i < times.length; i++) expect(times[i]! - times[i - 100]!).toBeGreaterThanOrEqual(60_000);
  });

  it('the fake counts per credential, not 429s, and sends no rate-limit headers', async () => {
    const { fake, clock } = setup({ conversations: 1, rateLimit: { limit: 2, windowSeconds: 60 } });
    const get = () =>
      fake.fetch('https://api.heymarket.com/v1/team', { headers: { authorization: `Bearer ${fake.apiKey}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get()).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const response = await get();
    expect([...response.headers.keys()].filter((h) => /rate|retry/i.test(h))).toEqual([]);
    expect(await response.json()).toEqual({ error: 'rate_limited', message: 'rate limit exceeded' });
    clock.advance(60_000);
    expect((await get()).status).toBe(200);
  });
});
