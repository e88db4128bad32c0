import { at, errorEnvelope, secondsToMs, str } from '../../core/body.js';
import { ConfigurationError, type RateLimitInfo, UnsupportedOperationError } from '../../core/errors.js';
import { refId } from '../../core/ref.js';
import { checkBaseUrl } from '../../core/url.js';
import type { ConversationListParams, ConversationPatch, ConversationRef } from '../../model/types.js';
import { defineProvider, type ErrorDetails, type OffsetState, type ProviderContext } from '../provider.js';
import { toConversation } from './map.js';
import { itemResponse, listResponse } from './wire.js';

export { toConversation } from './map.js';
export * as gtatethWire from './wire.js';

export interface GTatethOptions {
  /** `sk_live_…` or `sk_test_…`. */
  apiKey: string;
  /** Default `https://api.g-tateth.com`. */
  baseUrl?: string;
  /** How the key is sent: `Authorization: Bearer` (default) or the `X-API-Key` header. */
  authHeader?: 'bearer' | 'x-api-key';
}

const BASE = '/api/v1/conversations';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** A 429 is flat (`error` a string, `retryAfter` top-level); every other error nests under `error`. */
function parseError(_status: number, body: unknown): ErrorDetails {
  const error = at(body, 'error');
  return {
    ...errorEnvelope(body),
    requestId: str(at(error, 'requestId')),
    retryAfterMs: secondsToMs(at(body, 'retryAfter')) ?? secondsToMs(at(error, 'details', 'retryAfter')),
  };
}

function rateLimit(headers: Headers): RateLimitInfo | null {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (limit === null && remaining === null && reset === null) return null;
  const n = (v: string | null) => (v === null || v.trim() === '' || Number.isNaN(Number(v)) ? null : Number(v));
  const resetSeconds = n(reset);
  // X-RateLimit-Reset is an absolute unix time in seconds, not a delta.
  return { limit: n(limit), remaining: n(remaining), resetAt: resetSeconds === null ? null : resetSeconds * 1000 };
}

type ListState = OffsetState & { q: Record<string, string> };

function startList(params: ConversationListParams): ListState {
  const q: Record<string, string> = {};
  if (params.status) q.status = params.status;
  if (params.priority) q.priority = params.priority;
  if (params.contactId) q.customerId = params.contactId;
  // Single ids narrow on the server; the SDK still applies every filter on the client as well.
  const inbox = Array.isArray(params.inboxId) && params.inboxId.length === 1 ? params.inboxId[0] : params.inboxId;
  if (typeof inbox === 'string') q.inboxId = inbox;
  if (typeof params.assigneeId === 'string') q.assignedTo = params.assigneeId;
  return { page: params.page ?? 1, limit: params.limit ?? 50, q };
}

async function update(ctx: ProviderContext, ref: ConversationRef, patch: ConversationPatch) {
  if (patch.inboxId !== undefined) {
    throw new UnsupportedOperationError('conversations.update with inboxId', 'gtateth');
  }
  const body: Record<string, unknown> = {};
  if (patch.subject !== undefined) body.subject = patch.subject;
  if (patch.status !== undefined) body.status = patch.status;
  if (patch.priority !== undefined) body.priority = patch.priority;
  // `null` must reach the wire: it unassigns. `undefined` leaves the assignee alone.
  if (patch.assigneeId !== undefined) body.assignedTo = patch.assigneeId;
  if (Object.keys(body).length === 0) return get(ctx, refId(ref));
  const res = await ctx.request({
    method: 'PUT',
    path: path(refId(ref)),
    body,
    idempotent: true,
    schema: itemResponse,
  });
  return toConversation(res.data);
}

async function get(ctx: ProviderContext, id: string) {
  const res = await ctx.request({ method: 'GET', path: path(id), idempotent: true, schema: itemResponse });
  return toConversation(res.data);
}

/**
 * The G-Tateth provider.
 *
 * @example
 * new ConversationsClient({ provider: gtateth({ apiKey: 'sk_live_…' }) })
 */
export function gtateth(options: GTatethOptions) {
  const { apiKey, authHeader = 'bearer' } = options ?? ({} as GTatethOptions);
  if (typeof apiKey !== 'string' || !/^sk_[A-Za-z0-9_-]+$/.test(apiKey)) {
    throw new ConfigurationError('gtateth: apiKey must be a G-Tateth key (sk_live_… or sk_test_…)');
  }
  if (authHeader !== 'bearer' && authHeader !== 'x-api-key') {
    throw new ConfigurationError("gtateth: authHeader must be 'bearer' or 'x-api-key'");
  }
  const headers: Record<string, string> =
    authHeader === 'bearer' ? { Authorization: `Bearer ${apiKey}` } : { 'X-API-Key': apiKey };
  return defineProvider({
    name: 'gtateth',
    serverFilters: ['status', 'priority', 'contactId'],
    http: {
      baseUrl: checkBaseUrl(options.baseUrl ?? 'https://api.g-tateth.com', 'gtateth'),
      auth: { headers: () => headers },
      parseError,
      rateLimit,
      requestIdHeader: 'x-request-id',
    },
    operations: {
      'conversations.list': {
        kind: 'offset',
        start: startList,
        key: (c) => c.id,
        async fetch(ctx, state) {
          const s = state as ListState;
          const res = await ctx.request({
            method: 'GET',
            path: BASE,
            query: { ...s.q, page: s.page, limit: s.limit },
            idempotent: true,
            schema: listResponse,
          });
          const { totalPages, total } = res.pagination;
          // The end is an empty page or the last page by the newest total; both are recomputed each time.
          const done = res.data.length === 0 || s.page >= totalPages;
          return {
            items: res.data.map(toConversation),
            next: done ? null : { ...s, page: s.page + 1 },
            total,
            totalPages,
          };
        },
      },
      'conversations.get': get,
      async 'conversations.create'(ctx, input) {
        const body = {
          subject: input.subject,
          customerId: input.contactId,
          inboxId: input.inboxId,
          channel: input.channel,
          priority: input.priority,
        };
        // No idempotency key on this API: a create is retried on 429 only, never after it may have landed.
        const res = await ctx.request({ method: 'POST', path: BASE, body, idempotent: false, schema: itemResponse });
        return toConversation(res.data);
      },
      'conversations.update': update,
      async 'conversations.assign'(ctx, ref, userId) {
        await update(ctx, ref, { assigneeId: userId });
      },
      async 'conversations.close'(ctx, ref) {
        await update(ctx, ref, { status: 'closed' });
      },
      async 'conversations.reopen'(ctx, ref) {
        await update(ctx, ref, { status: 'open' });
      },
      async 'conversations.delete'(ctx, ref) {
        await ctx.request({
          method: 'DELETE',
          path: path(refId(ref)),
          idempotent: true,
          schema: null,
          goneMeansDone: true,
        });
      },
    },
  });
}
