import * as support from '../support/gtateth.js';
import type { ConformanceTarget } from './target.js';

export const gtatethTarget: ConformanceTarget = {
  name: 'gtateth',
  canUnassign: true,
  // map.ts: no read state (`unread` is always null).
  fields: ['inboxId', 'channel', 'priority'],
  // PUT takes subject, status (open, pending, closed), priority and assignedTo; inboxId is refused (§8).
  updatable: { statuses: ['open', 'closed', 'pending'], priority: true, subject: true },
  codes: { unauthorized: 'API_KEY_INVALID', notFound: 'NOT_FOUND', rateLimited: 'RATE_LIMIT_EXCEEDED' },
  // In the error envelope's body (§6); no request-id header.
  requestId: /^req_[0-9a-f]{16}$/,
  // The fake's 429 carries `retryAfter: 60` in the body (and an absolute X-RateLimit-Reset).
  rateLimitWaitMs: 60_000,
  routes: {
    get: /^GET \/api\/v1\/conversations\/[^/]+$/,
    list: /^GET \/api\/v1\/conversations$/,
    create: /^POST \/api\/v1\/conversations$/,
  },
  sendRetriedOn5xx: false, // no messages API
  setup({ conversations, seed, clientOptions }) {
    const { fake, client } = support.setup({ conversations, seed }, clientOptions);
    return {
      client,
      fake,
      visibleIds: () => fake.sorted().map((c) => c._id),
      stored: (id) => {
        const c = fake.conversations.get(id);
        return c
          ? {
              status: c.status,
              assigneeIds: c.assignedTo ? [c.assignedTo] : [],
              inboxId: c.inboxId,
              channel: c.channel.toLowerCase(),
              priority: c.priority,
              subject: c.subject,
              unread: null,
            }
          : null;
      },
      conversationCount: () => fake.conversations.size,
      assignableUserIds: () => fake.users.map((u) => u._id),
      missingId: 'ffffffffffffffffffffffff',
      createInput: { subject: 'Conformance create', inboxId: fake.inboxes[0] as string },
      refusedClient: (options) => {
        const credential = `sk_test_${'0'.repeat(24)}`;
        return {
          credential,
          client: support.clientFor(fake, { ...clientOptions, ...options, apiKey: credential }),
        };
      },
    };
  },
};
