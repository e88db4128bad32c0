import * as z from 'zod/mini';
import { mapBounded } from '../../core/concurrency.js';
import { NotFoundError, UnsupportedOperationError } from '../../core/errors.js';
import { mayHaveApplied, settle } from '../../core/settle.js';
import type { Conversation, ConversationListParams, ConversationPatch, ConversationRef } from '../../model/types.js';
import type { CursorPaginator } from '../../spec/paginator.js';
import type { ConversationListInfo, ProviderContext } from '../../spec/provider.js';
import { requireObjectId } from '../kit/ids.js';
import { refId } from '../kit/ref.js';
import { intFrom, nonBlank } from '../kit/schema.js';
import { requireString } from '../kit/url.js';
import { type LatestMessageShape, toConversation, updated } from './map.js';
import { setResolved } from './resolve.js';
import {
  CHANNEL_TYPES,
  contactPage,
  conversation,
  conversationList,
  updateResponse,
  type WireConversation,
} from './wire.js';

const path = (id: string) => `/api/conversation/${encodeURIComponent(id)}`;

/** The largest contacts page the server serves. */
const MAX_SIZE = 100;

/**
 * Where a conversation walk stands. There is no global list on this API, only "conversations of
 * contact X on channel Y", so a walk reads contact pages and lists each contact on each channel. A
 * cursor brings it back as the caller kept it, so every field is checked to the range the server takes:
 * an edited one is a `ConfigurationError` before any request, not a 400.
 */
const listState = z.object({
  /** Channel types queried for every contact; none would list nothing. */
  channels: z.array(nonBlank).check(z.minLength(1, 'must name at least one channel')),
  /** Contacts page size. */
  size: intFrom(1, MAX_SIZE),
  /** The next contacts page to read. */
  page: intFrom(1),
  /** Contacts read but not listed yet, in order. */
  pending: z.array(nonBlank),
  /** Ids on the contacts page read last: rows that drift onto the next page are not listed twice. */
  recent: z.array(nonBlank),
  /** `total` of the contacts page read last; a drop means rows moved up past the walk. */
  total: z.nullable(intFrom(0)),
  /** No contacts page is left to read. */
  end: z.boolean(),
});
type ListState = z.infer<typeof listState>;

/** Contacts listed per walk page; each costs one request per channel. */
const CONTACTS_PER_PAGE = 5;
/** Requests of one walk page in flight at once. */
const FAN_OUT = 8;
/** What an unfiltered list asks for; a provider option can name others a newer server knows. */
export const DEFAULT_CHANNELS: readonly string[] = CHANNEL_TYPES;

function startList(params: ConversationListParams, all: readonly string[]): ListState {
  // A walk starts at the first contact: a start point would be ignored, so it is refused instead.
  // A `page` or `before` never gets here: the core refuses a start this list does not take.
  // The server refuses a malformed contactId with a 400; the assignee filter is the client's, and an id
  // no Tether object can have would match nothing.
  if (params.contactId !== undefined) requireObjectId(params.contactId, 'contactId', 'tether');
  // `null` is the unassigned filter, not an id.
  if (params.assigneeId !== undefined && params.assigneeId !== null)
    requireObjectId(params.assigneeId, 'assigneeId', 'tether');
  if (params.channel !== undefined) requireString(params.channel, 'channel', 'tether');
  // The server lists sms when no `channelType` is sent, so an unfiltered list asks for every channel.
  const channels = params.channel === undefined ? [...all] : [params.channel.toLowerCase()];
  // The core has checked `limit` against `maxLimit`.
  // Without a limit the largest page: a round trip costs more than the client's work on thousands of items.
  const size = params.limit ?? MAX_SIZE;
  // One contact is a walk whose only contact is already known.
  if (params.contactId !== undefined) {
    return { channels, size, page: 1, pending: [params.contactId], recent: [], total: null, end: true };
  }
  return { channels, size, page: 1, pending: [], recent: [], total: null, end: false };
}

async function readContacts(ctx: ProviderContext, s: ListState, page: number) {
  const res = await ctx.request({
    method: 'GET',
    path: '/api/contacts',
    query: { page, size: s.size, ownerFilter: 'all' },
    retrySafe: true,
    schema: contactPage,
  });
  return { ids: res.data.map((c) => c._id), total: res.total };
}

/**
 * Reads the next contacts page. Offset pages drift while the walk runs: contacts created meanwhile push
 * rows already read onto this page (dropped via `recent`), and deletions pull unread rows back onto the
 * page before (that page is read again when `total` shrank).
 */
async function nextContacts(ctx: ProviderContext, s: ListState): Promise<ListState> {
  const { ids, total } = await readContacts(ctx, s, s.page);
  const taken = new Set(s.recent);
  const fresh: string[] = [];
  if (s.total !== null && total < s.total && s.page > 1) {
    const before = await readContacts(ctx, s, s.page - 1);
    for (const id of before.ids) if (!taken.has(id) && !ids.includes(id)) fresh.push(id);
  }
  for (const id of ids) if (!taken.has(id)) fresh.push(id);
  const end = ids.length === 0 || s.page * s.size >= total;
  return { ...s, page: s.page + 1, pending: [...s.pending, ...fresh], recent: ids, total, end };
}

/** Newest activity first, then `_id` desc: the server's own order for one channel. */
function byActivity(a: WireConversation, b: WireConversation): number {
  const ta = a.lastMessageTime ? Date.parse(a.lastMessageTime) : Number.NEGATIVE_INFINITY;
  const tb = b.lastMessageTime ? Date.parse(b.lastMessageTime) : Number.NEGATIVE_INFINITY;
  if (ta !== tb) return tb - ta;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

/** The conversations of some contacts on some channels, each contact's in the server's order. */
async function listContacts(ctx: ProviderContext, contacts: string[], channels: string[]) {
  const queries = contacts.flatMap((contactId) => channels.map((channelType) => ({ contactId, channelType })));
  const lists = await mapBounded(queries, FAN_OUT, (body) =>
    ctx.request({
      method: 'POST',
      path: '/api/conversation/all',
      body,
      // A read: POST is only how this API passes a body.
      retrySafe: true,
      schema: conversationList,
    }),
  );
  return contacts.flatMap((_, i) =>
    lists
      .slice(i * channels.length, (i + 1) * channels.length)
      .flatMap((l) => l.conversations)
      .sort(byActivity),
  );
}

function conversationsPaginator(
  channels: readonly string[],
  latestMessage: LatestMessageShape,
): CursorPaginator<Conversation<WireConversation>, ConversationListParams, ListState> & ConversationListInfo {
  return {
    kind: 'cursor',
    // map.ts: no inboxes, no priority, no read state.
    fields: ['status', 'assigneeId', 'contactId', 'channel'],
    serverFilters: ['contactId', 'channel'],
    maxLimit: MAX_SIZE,
    state: listState,
    start: (params) => startList(params, channels),
    key: (c) => c.id,
    async fetch(ctx, state) {
      let s = state;
      if (s.pending.length === 0 && !s.end) s = await nextContacts(ctx, s);
      const batch = s.pending.slice(0, CONTACTS_PER_PAGE);
      const rest = s.pending.slice(CONTACTS_PER_PAGE);
      const rows = await listContacts(ctx, batch, s.channels);
      return {
        items: rows.map((w) => toConversation(w, latestMessage)),
        next: rest.length === 0 && s.end ? null : { ...s, pending: rest },
      };
    },
  };
}

/** The conversation as GET sends it (bare-id assignees). */
export function getWire(ctx: ProviderContext, id: string): Promise<WireConversation> {
  return ctx.request({ method: 'GET', path: path(id), retrySafe: true, schema: conversation });
}

/** Status and assignees are all Tether can change; anything else is refused before a request. */
function checkPatch(patch: ConversationPatch): void {
  for (const field of ['priority', 'subject', 'inboxId'] as const) {
    if (patch[field] !== undefined) throw new UnsupportedOperationError(`conversations.update with ${field}`, 'tether');
  }
  if (patch.status !== undefined && patch.status !== 'open' && patch.status !== 'closed') {
    throw new UnsupportedOperationError(`conversations.update with status '${patch.status}'`, 'tether');
  }
}

/** The conversation operations, mapping with the server's `latestMessage` shape. */
export function conversationOperations(channels: readonly string[], latestMessage: LatestMessageShape) {
  const map = (wire: WireConversation) => toConversation(wire, latestMessage);
  const read = (ctx: ProviderContext) => (id: string) => getWire(ctx, id);

  async function get(ctx: ProviderContext, id: string): Promise<Conversation<WireConversation>> {
    return map(await getWire(ctx, id));
  }

  async function update(ctx: ProviderContext, ref: ConversationRef, patch: ConversationPatch): Promise<Conversation> {
    checkPatch(patch);
    const id = refId(ref);
    const body: { assignees?: string[]; isResolved?: boolean } = {};
    // `assignees` replaces the whole array: the unified assignee becomes the only one.
    if (patch.assigneeId !== undefined) {
      body.assignees = patch.assigneeId === null ? [] : [requireObjectId(patch.assigneeId, 'assigneeId', 'tether')];
    }
    const target = patch.status === undefined ? undefined : patch.status === 'closed';
    if (target !== undefined) body.isResolved = target;
    if (Object.keys(body).length === 0) return get(ctx, id);
    const res = await ctx.request({ method: 'PUT', path: path(id), body, retrySafe: true, schema: updateResponse });
    const echoed = updated(res);
    // Newer servers ignore `isResolved` on this PUT: when it did not take, resolve instead.
    if (target !== undefined && echoed.isResolved !== target) {
      await setResolved(ctx, id, target, read(ctx));
      return get(ctx, id);
    }
    // The echo may be partial on real servers; then the full object is read back.
    const full = z.safeParse(conversation, echoed);
    return full.success ? map(full.data) : get(ctx, id);
  }

  /** DELETE with a JSON body; a failure that may have landed is settled by reading the conversation back. */
  function remove(ctx: ProviderContext, ref: ConversationRef): Promise<void> {
    const id = refId(ref);
    return settle<'present' | 'gone'>({
      read: () =>
        getWire(ctx, id).then(
          () => 'present',
          (error) => {
            if (error instanceof NotFoundError) return 'gone';
            throw error;
          },
        ),
      done: (state) => state === 'gone',
      attempts: 2,
      unsettled: mayHaveApplied,
      async send(state) {
        try {
          await ctx.request({
            method: 'DELETE',
            path: '/api/conversation',
            body: { conversationId: id },
            retrySafe: false,
            schema: null,
            goneMeansDone: true,
          });
        } catch (error) {
          // Gone between the read and this attempt: someone, maybe the first attempt, deleted it.
          if (state === 'present' && error instanceof NotFoundError) return true;
          throw error;
        }
        return true;
      },
    });
  }

  return {
    /**
     * One contact's conversations on every channel (with `contactId`), or a walk over every contact of the
     * organisation; pages are plain `Page`s.
     */
    'conversations.list': conversationsPaginator(channels, latestMessage),
    /** `GET /api/conversation/{id}`: any conversation of the organisation, listed to the caller or not. */
    'conversations.get': get,
    /**
     * A `PUT` of `assignees` and/or `isResolved`, read back when the echo is partial; `subject`, `priority`, `inboxId`
     * and
     * `pending` throw `UnsupportedOperationError`.
     */
    'conversations.update': update,
    /** Replaces the assignees with this one user; `null` unassigns everyone. */
    async 'conversations.assign'(ctx: ProviderContext, ref: ConversationRef, userId: string | null) {
      await update(ctx, ref, { assigneeId: userId });
    },
    /** Resolves it, settling by reading back (some servers toggle): two requests usually, one when already closed. */
    async 'conversations.close'(ctx: ProviderContext, ref: ConversationRef) {
      await setResolved(ctx, refId(ref), true, read(ctx));
    },
    /** Un-resolves it, settling by reading back (some servers toggle): two requests usually, one when already open. */
    async 'conversations.reopen'(ctx: ProviderContext, ref: ConversationRef) {
      await setResolved(ctx, refId(ref), false, read(ctx));
    },
    /** Posts `{conversationId}` to `/api/conversation/unseen`. */
    async 'conversations.markUnread'(ctx: ProviderContext, ref: ConversationRef) {
      await ctx.request({
        method: 'POST',
        path: '/api/conversation/unseen',
        body: { conversationId: refId(ref) },
        // Marking twice is marking once.
        retrySafe: true,
        schema: null,
      });
    },
    /** Deletes it and its messages; after a failure that may have landed, a read decides whether it is gone. */
    'conversations.delete': remove,
  };
}
