// A job told to stop while its writes wait at the rate gate: those writes have not gone out, so they are
// not sent (not after the wait, not ever), the job ends at once, and its checkpoint resumes them.
import { describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createVirtualClock,
  type FakeServer,
} from '../../src/testing/index.js';
import { manualClock, settle } from '../support/index.js';

type Clock = ReturnType<typeof manualClock> | ReturnType<typeof createVirtualClock>;

const providers = {
  gtateth: (clock: Clock) => {
    const fake = createFakeGTateth({ clock, conversations: 100, seed: 5 });
    return { fake, client: (c: Clock) => client(gtateth({ apiKey: fake.apiKey }), fake, c) };
  },
  heymarket: (clock: Clock) => {
    const fake = createFakeHeymarket({ clock, conversations: 100, seed: 5 });
    return {
      fake,
      client: (c: Clock) => client(heymarket({ apiKey: fake.apiKey, userId: fake.userId }), fake, c),
    };
  },
};

function client(
  provider: ConstructorParameters<typeof ConversationsClient>[0]['provider'],
  fake: FakeServer,
  clock: Clock,
) {
  // Eight requests a minute: the ninth of a job waits a minute at the gate.
  return new ConversationsClient({ provider, fetch: fake.fetch, clock, pace: { limit: 8, windowMs: 60_000 } });
}

describe.each(Object.keys(providers) as (keyof typeof providers)[])(
  '%s: stopped while writes wait at the gate',
  (name) => {
    it('sends none of them, ends at once, and the checkpoint resumes them', async () => {
      const clock = manualClock();
      const { fake, client: clientOn } = providers[name](clock);
      const open = () => [...fake.conversations.values()].filter((c) => c.status === 'open').length;
      const before = open();
      expect(before).toBeGreaterThan(8);
      const controller = new AbortController();
      const job = clientOn(clock).bulk.run({
        filter: { status: 'open' },
        action: { type: 'close' },
        concurrency: 4,
        signal: controller.signal,
      });
      const summary = Promise.resolve(job);
      // Run until the pace is spent and the job's next requests wait at the gate.
      for (let i = 0; i < 200 && clock.sleeping === 0; i++) await settle(1);
      expect(clock.sleeping).toBeGreaterThan(0);
      const sent = fake.requests().length;
      controller.abort();
      // Ends without the clock moving: nothing it still had to do was waiting for the gate.
      const first = await Promise.race([
        summary,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000)),
      ]);
      expect(first, 'the job ended without the gate letting its writes through').not.toBeNull();
      // The minute passes: nothing goes out.
      clock.advance(10 * 60_000);
      await settle();
      expect(fake.requests().length).toBe(sent);
      expect(first!.failed).toBe(0);
      // Resumed, on a clock that makes every wait free: the rest is done, and nothing twice.
      const rest = await clientOn(createVirtualClock(clock.now())).bulk.run({
        filter: { status: 'open' },
        action: { type: 'close' },
        concurrency: 4,
        checkpoint: first!.checkpoint,
      });
      expect(open()).toBe(0);
      expect(first!.done + rest.done).toBe(before);
    });
  },
);
