import { ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeTether, createVirtualClock } from '../../src/testing/index.js';
import type { ConformanceTarget } from './target.js';

export const tetherTarget: ConformanceTarget = {
  name: 'tether',
  canUnassign: true,
  setup({ conversations, seed, clientOptions }) {
    const clock = clientOptions?.clock ?? createVirtualClock();
    // About three conversations per contact, so a walk crosses contact pages and channels.
    const fake = createFakeTether({ conversations, contacts: Math.max(5, Math.ceil(conversations / 3)), seed, clock });
    const client = new ConversationsClient({
      // Starts from a token (as an app that cached one would), so faults aimed at "the next request" hit the
      // call under test, not a login; email and password renew it on a 401.
      provider: tether({
        baseUrl: 'https://tether.conformance.test',
        token: fake.issueToken(),
        email: fake.email,
        password: fake.password,
      }),
      fetch: fake.fetch,
      clock,
      ...clientOptions,
    });
    return {
      client,
      fake,
      visibleIds: () => fake.visibleTo().map((c) => c._id),
      stored: (id) => {
        const c = fake.conversations.get(id);
        return c ? { status: c.isResolved ? 'closed' : 'open', assigneeIds: [...c.assignees] } : null;
      },
      assignableUserIds: () => fake.users.filter((u) => u.organizationId === fake.organizationId).map((u) => u._id),
      missingId: 'ffffffffffffffffffffffff',
    };
  },
};
