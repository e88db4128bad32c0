import { describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, createVirtualClock } from '../../src/testing/index.js';
import * as h from '../support/heymarket.js';
import { collecting } from '../support/index.js';

describe('the rate gate says why it holds the client', () => {
  it('a server budget that is spent is an info line per window, and no request meets a 429', async () => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({ clock, conversations: 3, rateLimit: { limit: 3, windowSeconds: 30 } });
    const { logger, at } = collecting();
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      fetch: fake.fetch,
      clock,
      logger,
      logLevel: 'info',
    });
    const [id] = [...fake.conversations.keys()];
    const start = clock.now();
    for (let i = 0; i < 7; i++) await client.conversations.get(id as string);
    expect(clock.now() - start).toBe(60_000);
    expect(at('info', /./)).toEqual([
      'conversations-sdk: rate limit window spent: every request waits 30000 ms for its reset',
      'conversations-sdk: rate limit window spent: every request waits 30000 ms for its reset',
    ]);
    expect(fake.requests().filter((r) => r.status === 429)).toHaveLength(0);
  });

  it("a pause of the client's pace of a second or more is an info line", async () => {
    const { logger, at } = collecting();
    const { client, clock } = h.setup(
      { conversations: 1 },
      { logger, logLevel: 'info', pace: { limit: 2, windowMs: 10_000 } },
    );
    const start = clock.now();
    for (let i = 0; i < 5; i++) await client.users.list();
    expect(clock.now() - start).toBe(20_000);
    expect(at('info', /./)).toEqual([
      'conversations-sdk: pacing: every request waits 10000 ms (at most 2 requests per 10000 ms)',
      'conversations-sdk: pacing: every request waits 10000 ms (at most 2 requests per 10000 ms)',
    ]);
  });

  it('steady pacing (short waits before most requests) logs at debug, not a line per request at info', async () => {
    const { logger, at } = collecting();
    const { client, clock } = h.setup(
      { conversations: 1 },
      { logger, logLevel: 'debug', pace: { limit: 1, windowMs: 200 } },
    );
    const start = clock.now();
    for (let i = 0; i < 20; i++) await client.users.list();
    expect(clock.now() - start).toBe(19 * 200);
    expect(at('info', /./)).toEqual([]);
    const waits = at('debug', /pacing/);
    expect(waits).toHaveLength(19);
    expect(waits[0]).toBe('conversations-sdk: pacing: every request waits 200 ms (at most 1 request per 200 ms)');
  });

  it('at the default level nothing of it is logged', async () => {
    const { lines, logger } = collecting();
    const { client } = h.setup({ conversations: 1 }, { logger, logLevel: 'warn', pace: { limit: 1, windowMs: 5_000 } });
    for (let i = 0; i < 3; i++) await client.users.list();
    expect(lines).toEqual([]);
  });
});
