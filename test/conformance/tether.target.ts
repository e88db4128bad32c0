import * as support from '../support/tether.js';
import type { ConformanceTarget } from './target.js';

export const tetherTarget: ConformanceTarget = {
  name: 'tether',
  canUnassign: true,
  // map.ts: no inboxes, no priority, no read state (unseen is write-only, §8).
  fields: ['channel'],
  // PUT takes assignees and isResolved only (conversations.ts checkPatch).
  updatable: { statuses: ['open', 'closed'], priority: false, subject: false },
  // 401 bodies are the string shape `{"error": "…"}` and injected 429s the flat shape without `code` (§6).
  codes: { unauthorized: null, notFound: 'not_found', rateLimited: null },
  // "No request-id header is documented" (§7).
  requestId: null,
  // Injected 429s carry `Retry-After: 1` (D8).
  rateLimitWaitMs: 1_000,
  routes: {
    get: /^GET \/api\/conversation\/[0-9a-f]{24}$/,
    list: 'POST /api/conversation/all',
    send: 'POST /api/messages/send',
  },
  // No idempotency key on this API (trap 7; messages.ts: `idempotent: false`).
  sendRetriedOn5xx: false,
  setup({ conversations, seed, clientOptions }) {
    // About three conversations per contact, so a walk crosses contact pages and channels. A list without
    // `contactId` is walked by the provider itself: contact pages, then each contact on each channel.
    // The client starts from a token (as an app that cached one would), so faults aimed at "the next request"
    // hit the call under test, not a login; email and password renew it on a 401.
    const { fake, client } = support.setup(
      { conversations, contacts: Math.max(5, Math.ceil(conversations / 3)), seed },
      { auth: 'token+login', ...clientOptions },
    );
    return {
      client,
      fake,
      visibleIds: () => fake.visibleTo().map((c) => c._id),
      stored: (id) => {
        const c = fake.conversations.get(id);
        return c
          ? {
              status: c.isResolved ? 'closed' : 'open',
              assigneeIds: [...c.assignees],
              inboxId: null,
              channel: c.channelType.toLowerCase(),
              priority: null,
              subject: c.subject,
              unread: null,
            }
          : null;
      },
      conversationCount: () => fake.conversations.size,
      messageCount: (id) => fake.messages.get(id)?.length ?? 0,
      assignableUserIds: () => fake.users.filter((u) => u.organizationId === fake.organizationId).map((u) => u._id),
      missingId: 'ffffffffffffffffffffffff',
      refusedClient: (options) => {
        // A token-only client: a 401 is final (D2), no login to fall back on.
        const credential = `eyJhbGciOiJIUzI1NiJ9.${'0'.repeat(48)}.${'0'.repeat(43)}`;
        return {
          credential,
          client: support.clientFor(fake, { ...clientOptions, ...options, auth: 'token', token: credential }),
        };
      },
    };
  },
};
