import { describe, expect, it, vi } from 'vitest';
import { setup } from '../support/gtateth.js';

describe('random faults', () => {
  it('seeded 5xx, 429 and dropped connections hit a walk, which still yields every id once', async () => {
    const { fake, client } = setup(
      { conversations: 600, errorRate: 0.15, rateLimitRate: 0.15, dropRate: 0.1, seed: 99 },
      { maxRetries: 8 },
    );
    const ids = (await client.conversations.list({ limit: 20 }).toArray()).map((c) => c.id);
    expect(ids).toEqual(fake.sorted().map((c) => c._id));
    const statuses = fake.requests().map((r) => r.status);
    expect(statuses).toContain(500);
    expect(statuses).toContain(429);
    expect(statuses).toContain('dropped');
  });

  it('the same seed injects the same faults', async () => {
    const run = async () => {
      const { fake, client } = setup({ conversations: 100, errorRate: 0.3, seed: 7 }, { maxRetries: 10 });
      await client.conversations.list({ limit: 10 }).toArray();
      return fake.requests().map((r) => r.status);
    };
    expect(await run()).toEqual(await run());
  });

  it('latency holds each response for the configured time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { fake, client } = setup({ conversations: 5, latency: 20 });
      let done = false;
      const pending = client.conversations.list().then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(19);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(done).toBe(true);
      expect(fake.requests()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
