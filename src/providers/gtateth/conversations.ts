import * as z from 'zod/mini';
import { ConfigurationError, UnsupportedOperationError } from '../../core/errors.js';
import { integer } from '../../core/request-options.js';
import type {
  Conversation,
  ConversationCreateInput,
  ConversationListParams,
  ConversationPatch,
  ConversationRef,
} from '../../model/types.js';
import type { OffsetPaginator } from '../../spec/paginator.js';
import type { ConversationListInfo, ProviderContext } from '../../spec/provider.js';
import { objectId, requireObjectId } from '../kit/ids.js';
import { refId } from '../kit/ref.js';
import { intFrom } from '../kit/schema.js';
import { toConversation } from './map.js';
import { itemResponse, listResponse, PRIORITIES, STATUSES, type WireConversation } from './wire.js';

const BASE = '/api/v1/conversations';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** The largest page the list serves. */
const MAX_LIMIT = 100;

/**
 * Where a walk stands: the page, its size, and the query the server filters by. A cursor brings it back
 * as the caller kept it, so every field is checked to the range the server takes: an edited one is a
 * `ConfigurationError` before any request, not a 400.
 */
const listState = z.object({
  /** The page to fetch, from 1. */
  page: intFrom(1),
  /** The page size. */
  limit: intFrom(1, MAX_LIMIT),
  /** The filters sent as query parameters; no others, since an unknown one would go to the server as it is. */
  q: z.strictObject({
    /** The `status` query parameter. */
    status: z.optional(z.enum(STATUSES)),
    /** The `priority` query parameter. */
    priority: z.optional(z.enum(PRIORITIES)),
    /** The `customerId` query parameter: the unified `contactId`. */
    customerId: z.optional(objectId),
    /** The `inboxId` query parameter: a single inbox filter. */
    inboxId: z.optional(objectId),
    /** The `assignedTo` query parameter: the unified `assigneeId`. */
    assignedTo: z.optional(objectId),
  }),
});
type ListState = z.infer<typeof listState>;

/** Ids the server filters by (and an inbox list the client filters by) must name something: a blank one is refused. */
function checkIds(params: ConversationListParams): void {
  if (params.contactId !== undefined) requireObjectId(params.contactId, 'contactId', 'gtateth');
  // `null` is the unassigned filter, not an id.
  if (params.assigneeId !== undefined && params.assigneeId !== null)
    requireObjectId(params.assigneeId, 'assigneeId', 'gtateth');
  const { inboxId } = params;
  if (Array.isArray(inboxId)) {
    if (inboxId.length === 0) throw new ConfigurationError('gtateth: inboxId is an empty list, which matches nothing');
    for (const id of inboxId) requireObjectId(id, 'inboxId', 'gtateth');
  } else if (inboxId !== undefined) requireObjectId(inboxId, 'inboxId', 'gtateth');
}

function startList(params: ConversationListParams): ListState {
  // A `before` never gets here: the core refuses a start this list does not take.
  checkIds(params);
  const page = integer(params.page, 'gtateth: page', 1, 1, Number.MAX_SAFE_INTEGER);
  const q: ListState['q'] = {};
  if (params.status) q.status = params.status;
  if (params.priority) q.priority = params.priority;
  if (params.contactId) q.customerId = params.contactId;
  // Single ids narrow on the server; the SDK still applies every filter on the client as well.
  const inbox = Array.isArray(params.inboxId) && params.inboxId.length === 1 ? params.inboxId[0] : params.inboxId;
  if (typeof inbox === 'string') q.inboxId = inbox;
  if (typeof params.assigneeId === 'string') q.assignedTo = params.assigneeId;
  // Without a limit the largest page: a round trip costs more than the client's work on thousands of items.
  return { page, limit: params.limit ?? MAX_LIMIT, q };
}

/**
 * G-Tateth's conversation list: offset pages.
 * @inline
 */
type ConversationList = OffsetPaginator<Conversation<WireConversation>, ConversationListParams, ListState> &
  ConversationListInfo;

/** Offset pages sorted by `createdAt` desc; `totalPages` is recomputed from every response. */
const list: ConversationList = {
  kind: 'offset',
  // map.ts: no read state, so no `unread`.
  fields: ['status', 'inboxId', 'assigneeId', 'contactId', 'channel', 'priority'],
  serverFilters: ['status', 'priority', 'contactId'],
  maxLimit: MAX_LIMIT,
  state: listState,
  start: startList,
  key: (c) => c.id,
  async fetch(ctx, s) {
    const res = await ctx.request({
      method: 'GET',
      path: BASE,
      query: { ...s.q, page: s.page, limit: s.limit },
      retrySafe: true,
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
};

async function get(ctx: ProviderContext, id: string) {
  const res = await ctx.request({ method: 'GET', path: path(id), retrySafe: true, schema: itemResponse });
  return toConversation(res.data);
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
  if (patch.assigneeId !== undefined) {
    body.assignedTo = patch.assigneeId === null ? null : requireObjectId(patch.assigneeId, 'assigneeId', 'gtateth');
  }
  if (Object.keys(body).length === 0) return get(ctx, refId(ref));
  const res = await ctx.request({ method: 'PUT', path: path(refId(ref)), body, retrySafe: true, schema: itemResponse });
  return toConversation(res.data);
}

export const conversationOperations = {
  /**
   * Offset pages (`limit` 1 to 100, default 100), newest `createdAt` first; `status`, `priority`, `contactId` and
   * single `inboxId` and `assigneeId` filters go to the server.
   */
  'conversations.list': list,
  /** `GET /api/v1/conversations/{id}`: one request. */
  'conversations.get': get,
  /**
   * `POST /api/v1/conversations`; retried on 429 only, since a create that may have landed cannot be repeated safely.
   */
  async 'conversations.create'(ctx: ProviderContext, input: ConversationCreateInput) {
    for (const name of ['contactId', 'inboxId'] as const) {
      if (input[name] != null) requireObjectId(input[name], name, 'gtateth');
    }
    // The unified contact is G-Tateth's customer.
    const body = {
      subject: input.subject,
      customerId: input.contactId,
      inboxId: input.inboxId,
      channel: input.channel,
      priority: input.priority,
    };
    // No idempotency key on this API: a create is retried on 429 only, never after it may have landed.
    const res = await ctx.request({ method: 'POST', path: BASE, body, retrySafe: false, schema: itemResponse });
    return toConversation(res.data);
  },
  /**
   * A `PUT` of the fields the patch names (`assigneeId: null` unassigns); `inboxId` cannot change. An empty patch is a
   * `GET`.
   */
  'conversations.update': update,
  /** A `PUT` of `assignedTo`; `null` unassigns. */
  async 'conversations.assign'(ctx: ProviderContext, ref: ConversationRef, userId: string | null) {
    await update(ctx, ref, { assigneeId: userId });
  },
  /** A `PUT` of `status: "closed"`; the assignee stays. */
  async 'conversations.close'(ctx: ProviderContext, ref: ConversationRef) {
    await update(ctx, ref, { status: 'closed' });
  },
  /** A `PUT` of `status: "open"`. */
  async 'conversations.reopen'(ctx: ProviderContext, ref: ConversationRef) {
    await update(ctx, ref, { status: 'open' });
  },
  /** `DELETE`; a 404 on a retry means an earlier attempt deleted it, and the call succeeds. */
  async 'conversations.delete'(ctx: ProviderContext, ref: ConversationRef) {
    await ctx.request({ method: 'DELETE', path: path(refId(ref)), retrySafe: true, schema: null, goneMeansDone: true });
  },
};
