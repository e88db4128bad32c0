import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, createVirtualClock } from '../../src/testing/index.js';
import type { ConformanceTarget } from './target.js';

export const gtatethTarget: ConformanceTarget = {
  name: 'gtateth',
  canUnassign: true,
  setup({ conversations, seed, clientOptions }) {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({ conversations, seed, clock });
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      fetch: fake.fetch,
      clock,
      ...clientOptions,
    });
    return {
      client,
      fake,
      visibleIds: () => fake.sorted().map((c) => c._id),
      stored: (id) => {
        const c = fake.conversations.get(id);
        return c ? { status: c.status, assigneeIds: c.assignedTo ? [c.assignedTo] : [] } : null;
      },
      assignableUserIds: () => fake.users.map((u) => u._id),
      missingId: 'ffffffffffffffffffffffff',
    };
  },
};
