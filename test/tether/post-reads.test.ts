import { describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeTether, createVirtualClock } from '../../src/testing/index.js';

describe('reads sent as POST are retried like reads', () => {
  it('a whole-organisation walk under 10% injected 5xx completes with every conversation', async () => {
    const clock = createVirtualClock();
    const fake = createFakeTether({ clock, seed: 17, contacts: 40, errorRate: 0.1 });
    const client = new ConversationsClient({
      provider: tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password }),
      fetch: fake.fetch,
      clock,
      backoff: { initialMs: 1, maxMs: 2 },
    });
    const ids = (await client.conversations.list().toArray()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      fake
        .visibleTo()
        .map((c) => c._id)
        .sort(),
    );
    // The POST reads met 5xx answers and were sent again.
    const posts = fake.requests('POST /api/conversation/all');
    expect(posts.filter((r) => r.status === 500).length).toBeGreaterThan(5);
    expect(posts.filter((r) => r.status === 200).length).toBe(40 * 4);
  });

  it('so do the message list and markUnread', async () => {
    const clock = createVirtualClock();
    const fake = createFakeTether({ clock, seed: 17, contacts: 3 });
    const client = new ConversationsClient({
      provider: tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password }),
      fetch: fake.fetch,
      clock,
      backoff: { initialMs: 1, maxMs: 2 },
    });
    const c = (await client.conversations.list().toArray({ max: 1 }))[0]!;
    fake.inject({ status: 502, route: 'POST /api/conversation/messages' });
    await client.messages.list(c).toArray();
    fake.inject({ status: 503, route: 'POST /api/conversation/unseen' });
    await client.conversations.markUnread(c);
    expect(fake.requests('POST /api/conversation/messages').map((r) => r.status)).toEqual([502, 200]);
    expect(fake.requests('POST /api/conversation/unseen').map((r) => r.status)).toEqual([503, 200]);
  });
});
