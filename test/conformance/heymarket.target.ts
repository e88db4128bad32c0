import * as support from '../support/heymarket.js';
import type { ConformanceTarget } from './target.js';

export const heymarketTarget: ConformanceTarget = {
  name: 'heymarket',
  // Reassign and transfer cannot leave a conversation without an assignee (§8, trap 10).
  canUnassign: false,
  // map.ts: no priority (and no subject).
  fields: ['inboxId', 'channel', 'unread'],
  // Composed of open/close, reassign and transfer: no subject, no priority, no `pending` (checkPatch).
  updatable: { statuses: ['open', 'closed'], priority: false, subject: false },
  codes: { unauthorized: 'unauthorized', notFound: 'not_found', rateLimited: 'rate_limited' },
  // Every response carries an `X-Request-Id` UUID (§2).
  requestId: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  // "429 has no hints" (§7, trap 13): no Retry-After, no rate-limit headers.
  rateLimitWaitMs: null,
  routes: {
    get: /^GET \/v1\/conversations\/[^/]+$/,
    list: /^POST \/v1\/conversations$/,
    send: 'POST /v1/message/send',
  },
  // Every send carries a `local_id`, generated when the caller gives no key (messages.ts: `idempotent: true`).
  sendRetriedOn5xx: true,
  setup({ conversations, seed, clientOptions }) {
    const { fake, client } = support.setup({ conversations, seed }, clientOptions);
    const record = (id: string) => (/^\d+$/.test(id) ? fake.conversations.get(Number(id)) : undefined);
    return {
      client,
      fake,
      visibleIds: () => fake.visibleTo().map((c) => String(c.id)),
      stored: (id) => {
        const c = record(id);
        return c
          ? {
              status: c.status,
              assigneeIds: c.assigned === null ? [] : [String(c.assigned)],
              inboxId: String(c.inbox),
              channel: c.channel.toLowerCase(),
              priority: null,
              subject: null,
              // A list reports the acting user's own read state (D5).
              unread: !c.readBy.has(fake.userId),
            }
          : null;
      },
      conversationCount: () => fake.conversations.size,
      messageCount: (id) => fake.history(Number(id)).length,
      assignableUserIds: (id) => {
        const c = record(id);
        return (fake.inboxes.find((i) => i.id === c?.inbox)?.members ?? []).map(String);
      },
      missingId: '987654321',
      refusedClient: (options) => {
        const credential = `hm_${'0'.repeat(32)}`;
        return {
          credential,
          client: support.clientFor(fake, { ...clientOptions, ...options, auth: 'key', apiKey: credential }),
        };
      },
    };
  },
};
