import { describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { createFakeHeymarket } from '../../src/testing/index.js';
import { serveFake } from '../../src/testing/node-server.js';

describe('the Heymarket fake over real HTTP on a loopback port', () => {
  it('serves a signed-JWT client end to end: list, act, send, history, through a dropped connection', async () => {
    const fake = createFakeHeymarket({ conversations: 40, seed: 9 });
    const served = await serveFake(fake);
    try {
      const client = new ConversationsClient({
        provider: heymarket({
          secretId: fake.secretId,
          secretKey: fake.secretKey,
          userId: fake.userId,
          baseUrl: served.url,
        }),
        backoff: { initialMs: 1, maxMs: 1 },
      });
      fake.inject({ drop: true });
      const all = await client.conversations.list({ limit: 15 }).toArray();
      expect(all.map((c) => c.id)).toEqual(fake.visibleTo().map((c) => String(c.id)));
      const c = all.find((x) => x.channel === 'sms')!;
      await client.conversations.close(c);
      fake.inject({ drop: true, when: 'after', route: 'POST /v1/message/send' });
      const sent = await client.messages.send(c, { text: 'over the wire' });
      const history = await client.messages.list(c).toArray();
      expect(history[0]).toMatchObject({ id: sent.id, text: 'over the wire' });
      expect(history.filter((m) => m.text === 'over the wire')).toHaveLength(1);
      expect(fake.conversations.get(Number(c.id))?.status).toBe('open');
    } finally {
      await served.close();
    }
  });
});
