import { ConversationsClient } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { createFakeHeymarket, createVirtualClock } from '../../src/testing/index.js';
import type { ConformanceTarget } from './target.js';

export const heymarketTarget: ConformanceTarget = {
  name: 'heymarket',
  // Reassign and transfer cannot leave a conversation without an assignee (§8, trap 10).
  canUnassign: false,
  setup({ conversations, seed, clientOptions }) {
    const clock = clientOptions?.clock ?? createVirtualClock();
    const fake = createFakeHeymarket({ conversations, seed, clock });
    const client = new ConversationsClient({
      provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
      fetch: fake.fetch,
      clock,
      ...clientOptions,
    });
    const record = (id: string) => (/^\d+$/.test(id) ? fake.conversations.get(Number(id)) : undefined);
    return {
      client,
      fake,
      visibleIds: () => fake.visibleTo().map((c) => String(c.id)),
      stored: (id) => {
        const c = record(id);
        return c ? { status: c.status, assigneeIds: c.assigned === null ? [] : [String(c.assigned)] } : null;
      },
      assignableUserIds: (id) => {
        const c = record(id);
        return (fake.inboxes.find((i) => i.id === c?.inbox)?.members ?? []).map(String);
      },
      missingId: '987654321',
    };
  },
};
