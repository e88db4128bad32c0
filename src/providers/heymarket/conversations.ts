import * as z from 'zod/mini';
import {
  BadRequestError,
  ConfigurationError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  UnsupportedOperationError,
} from '../../core/errors.js';
import { settle } from '../../core/settle.js';
import type { Conversation, ConversationListParams, ConversationPatch, ConversationRef } from '../../model/types.js';
import type { DatePaginator } from '../../spec/paginator.js';
import type { ConversationListInfo, Operations, ProviderContext, WriteCondition } from '../../spec/provider.js';
import { refId } from '../kit/ref.js';
import { integerId, isIntegerId, wireId } from './ids.js';
import { instantUs, isRfc3339, justAfter } from './instant.js';
import { assignedId, inboxIdOf, toConversation } from './map.js';
import { memberInboxes } from './team.js';
import { boundOf, startTieWalk, type TieAxis, tieOverflowWarning, tieState, tieStep } from './walk.js';
import { actionResponse, conversation, conversationList, type WireConversation } from './wire.js';

/** The acting user every call names (`id`, `user_id`, `creator_id`). */
export interface Acting {
  userId: number;
}

const MAX_LIMIT = 100;

/** `updated` strings: the next bound is the raw string plus 1 ms; one group is one instant. */
const updatedAxis: TieAxis = {
  through: justAfter,
  before: (time) => time,
  same: (a, b) => a === b || instantUs(a) === instantUs(b),
};

/** An `updated` bound, sent to the server as `date`. */
const updatedBound = boundOf((b) => typeof b === 'string' && isRfc3339(b), 'Invalid RFC 3339 date-time');

const listState = z.extend(tieState, {
  /** An `updated` bound of the walk (RFC 3339), kept as the wire wrote it. */
  from: updatedBound,
  /** The `updated` bound the next page is asked for with, sent as `date`. */
  bound: updatedBound,
  /** Unified inbox ids; null until the acting user's inboxes are looked up. */
  inboxes: z.nullable(z.array(integerId)),
  /** The wire's `closed` filter: `true` for closed, `false` for open and pending, `null` for any. */
  closed: z.nullable(z.boolean()),
  /** Whether the wire's `unread` filter is sent. */
  unread: z.boolean(),
  /** The page size asked for. */
  limit: z.int().check(z.minimum(1), z.maximum(MAX_LIMIT)),
});
type ListState = z.infer<typeof listState>;

function startList(params: ConversationListParams): ListState {
  const { inboxId, before, assigneeId } = params;
  // Applied on the client, where an id no conversation can carry would walk every page to match nothing.
  if (assigneeId != null) wireId(assigneeId, 'assigneeId');
  const from =
    before instanceof Date ? (Number.isNaN(before.getTime()) ? 'Invalid Date' : before.toISOString()) : before;
  return {
    ...startTieWalk(from ?? null),
    inboxes: inboxId === undefined ? null : Array.isArray(inboxId) ? [...inboxId] : [inboxId],
    // `closed:false` keeps every status but closed, pending included; the SDK narrows `open` and
    // `pending` further on the client.
    closed: params.status === undefined ? null : params.status === 'closed',
    // `unread:false` applies no filter on the server: only `true` is sent.
    unread: params.unread === true,
    // Without a limit the largest page: a round trip costs more than the client's work on thousands of items.
    limit: params.limit ?? MAX_LIMIT,
  };
}

function checkList(s: ListState): void {
  if (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > MAX_LIMIT) {
    throw new ConfigurationError(`heymarket: limit must be an integer between 1 and ${MAX_LIMIT}`);
  }
  if (s.from !== null && (typeof s.from !== 'string' || !isRfc3339(s.from))) {
    throw new ConfigurationError(
      'heymarket: before must be a Date or an RFC 3339 date-time with an offset and at most 6 fraction digits',
    );
  }
}

function conversationsPaginator({
  userId,
}: Acting): DatePaginator<Conversation<WireConversation>, ConversationListParams, ListState> & ConversationListInfo {
  return {
    kind: 'date',
    // map.ts: no priority and no contact id.
    fields: ['status', 'inboxId', 'assigneeId', 'unread', 'channel'],
    // Only inboxes are filtered exactly by the server. `status` and `unread: true` are also sent, to
    // narrow the pages, and the SDK applies them again on the client, where they are exact.
    serverFilters: ['inboxId'],
    maxLimit: MAX_LIMIT,
    state: listState,
    start: startList,
    key: (c) => c.id,
    async fetch(ctx, s) {
      checkList(s);
      const inboxes = s.inboxes ?? (await memberInboxes(ctx, userId)).map((inbox) => String(inbox.id));
      if (inboxes.length === 0) return { items: [], next: null, before: null };
      const filters: { inboxes: number[]; closed?: boolean; unread?: boolean } = {
        inboxes: inboxes.map((id) => wireId(id, 'inboxId')),
      };
      if (s.closed !== null) filters.closed = s.closed;
      if (s.unread) filters.unread = true;
      const { rows, next, bound } = await tieStep<WireConversation>(
        {
          axis: updatedAxis,
          limit: s.limit,
          maxLimit: MAX_LIMIT,
          fetch: (date, limit) =>
            ctx.request({
              method: 'POST',
              path: '/v1/conversations',
              body: { id: userId, filters, ...(date === null ? {} : { date }), limit },
              // A read: POST is how this API passes the filters.
              retrySafe: true,
              schema: conversationList,
            }),
          id: (c) => String(c.id),
          time: (c) => c.updated,
          overflow: (group) =>
            ctx.warn(
              tieOverflowWarning(
                'conversations',
                `At least ${group.page} conversations share updated ${group.at}, a whole page of the server; ` +
                  `the walk yielded ${group.yielded} of them and stepped past the instant, so any others were skipped`,
                group,
              ),
            ),
        },
        s,
      );
      return {
        items: rows.map(toConversation),
        next: next === null ? null : { ...s, ...next, inboxes },
        before: typeof bound === 'string' ? bound : null,
      };
    },
  };
}

export async function getWire(ctx: ProviderContext, id: string): Promise<WireConversation> {
  return ctx.request({
    method: 'GET',
    path: `/v1/conversations/${encodeURIComponent(id)}`,
    retrySafe: true,
    schema: conversation,
  });
}

/** What the action endpoints need to name a conversation. */
export interface Target {
  id: number;
  inbox: number;
  target: string | null;
  assigned: number | null;
}

/**
 * What a call needs of a conversation besides its id: its inbox (open, close, send), also its target
 * (read, unread, the history), or also its assignee (reassign).
 */
export type Need = 'inbox' | 'target' | 'assignee';

const fromWire = (wire: WireConversation): Target => ({
  id: wire.id,
  inbox: inboxIdOf(wire),
  target: wire.target ?? null,
  assigned: assignedId(wire),
});

/** The conversation's fields as the server has them now. */
const readTarget = async (ctx: ProviderContext, id: string): Promise<Target> => fromWire(await getWire(ctx, id));

/**
 * The fields a call needs, taken from a conversation object when it has them, else null (a bare id, or an
 * object built by hand without them). Only the fields the call needs are looked at.
 */
export function refTarget(ref: ConversationRef, need: Need): Target | null {
  if (typeof ref !== 'object' || ref === null) return null;
  const { id, inboxId, target, assignees } = ref as Partial<Conversation>;
  if (!isIntegerId(id) || !isIntegerId(inboxId)) return null;
  const hasTarget = typeof target === 'string' && target !== '';
  if (need !== 'inbox' && !hasTarget) return null;
  if (need === 'assignee' && !Array.isArray(assignees)) return null;
  const assignee: unknown = Array.isArray(assignees) ? (assignees[0] as { id?: unknown } | null)?.id : undefined;
  return {
    id: Number(id),
    inbox: Number(inboxId),
    target: hasTarget ? (target as string) : null,
    assigned: isIntegerId(assignee) ? Number(assignee) : null,
  };
}

/** The ref's fields, or the conversation read from the server when a bare id (or too little) is given. */
export async function targetOf(ctx: ProviderContext, ref: ConversationRef, need: Need): Promise<Target> {
  return refTarget(ref, need) ?? readTarget(ctx, refId(ref));
}

/**
 * What the server answers when the inbox a call names is not the conversation's, or not the acting
 * user's: 404 (no such conversation, or chat, in that inbox) or 403 (not a member of it).
 */
export const refused = (error: unknown): boolean =>
  error instanceof NotFoundError || error instanceof PermissionDeniedError;

/**
 * Makes a call with the conversation's fields: the object's own, which saves a read, else read. An
 * object's fields can be stale (one from before a transfer names the old inbox), and the server then
 * refuses what they name (403, 404). Such a refusal is settled by reading the conversation: the same
 * fields, the refusal stands; fresh ones, the call is made once more with them.
 */
export async function withTarget<R>(
  ctx: ProviderContext,
  ref: ConversationRef,
  need: Exclude<Need, 'assignee'>,
  call: (t: Target) => Promise<R>,
): Promise<R> {
  const first = await targetOf(ctx, ref, need);
  // Set by the send that resolved: settle returns only after one.
  let result!: R;
  await settle<Target>({
    assume: first,
    read: () => readTarget(ctx, String(first.id)),
    // A refused call had no effect: the read only decides which fields the next call names.
    done: () => false,
    attempts: 2,
    unsettled: refused,
    same: (sent, fresh) => fresh.inbox === sent.inbox && (need === 'inbox' || fresh.target === sent.target),
    async send(t = first) {
      result = await call(t);
      return true;
    },
  });
  return result;
}

/** A state change: the answer is a JSON string, and repeating one ends in the same state. */
function act(ctx: ProviderContext, action: string, body: Record<string, unknown>): Promise<string> {
  return ctx.request({
    method: 'POST',
    path: `/v1/conversations/${action}`,
    body,
    retrySafe: true,
    schema: actionResponse,
  });
}

/**
 * `reassign` names the current assignee as `user_id` (the acting user when there is none), and the server
 * refuses with a 400 when that is not who holds the conversation. A 400 may mean that was stale: a
 * conversation object from before someone else reassigned it, or an earlier attempt of this very call
 * that landed before its answer was lost. A 403 or 404 may mean the inbox was stale (a transfer moved
 * the conversation). Read it again and decide: assigned to `to` is done; unchanged, the refusal stands;
 * changed, it is sent once more for the fresh assignee and inbox, or, when `ifUnchanged` asks for the
 * state given to be a precondition, it fails with `PreconditionFailedError`.
 */
function reassign(
  ctx: ProviderContext,
  { userId }: Acting,
  t: Target,
  to: number,
  ifUnchanged: boolean,
): Promise<void> {
  const name = (id: number | null) => (id === null ? 'nobody' : `user ${id}`);
  return settle<Target>({
    assume: t,
    read: () => readTarget(ctx, String(t.id)),
    done: (fresh) => fresh.assigned === to,
    attempts: 2,
    unsettled: (error) => error instanceof BadRequestError || refused(error),
    same: (sent, fresh) =>
      fresh.assigned === sent.assigned && fresh.inbox === sent.inbox && fresh.target === sent.target,
    ...(ifUnchanged
      ? {
          changed: (fresh: Target) =>
            new PreconditionFailedError(
              `Conversation ${t.id} changed since it was read (${
                fresh.inbox === t.inbox
                  ? `assigned to ${name(fresh.assigned)}, not ${name(t.assigned)}`
                  : `in inbox ${fresh.inbox}, not ${t.inbox}`
              }): not reassigned`,
            ),
        }
      : {}),
    async send(from = t) {
      await act(ctx, 'reassign', {
        inbox_id: from.inbox,
        target: from.target,
        user_id: from.assigned ?? userId,
        reassign_id: to,
      });
      return true;
    },
  });
}

/**
 * `transfer` answers 400 when the target inbox already holds the conversation, which is also what a retry
 * of a transfer that landed sees: a conversation already in the target inbox counts as done.
 */
async function transfer(ctx: ProviderContext, ref: ConversationRef, inboxId: string): Promise<void> {
  const to = wireId(inboxId, 'inboxId');
  const id = refId(ref);
  const conversationId = isIntegerId(id) ? Number(id) : (await getWire(ctx, id)).id;
  await settle<number>({
    read: async () => inboxIdOf(await getWire(ctx, String(conversationId))),
    done: (inbox) => inbox === to,
    attempts: 1,
    verifyLast: true,
    unsettled: (error) => error instanceof BadRequestError,
    async send() {
      await act(ctx, 'transfer', { conversation_id: conversationId, transfer_inbox_id: to });
      return true;
    },
  });
}

/** Everything Heymarket can change, refused before any request when the patch asks for more. */
function checkPatch(patch: ConversationPatch): void {
  for (const field of ['subject', 'priority'] as const) {
    if (patch[field] !== undefined) {
      throw new UnsupportedOperationError(`conversations.update with ${field}`, 'heymarket');
    }
  }
  if (patch.status !== undefined && patch.status !== 'open' && patch.status !== 'closed') {
    throw new UnsupportedOperationError(`conversations.update with status '${patch.status}'`, 'heymarket');
  }
  if (patch.assigneeId === null) {
    throw new UnsupportedOperationError('conversations.update with assigneeId null (unassigning)', 'heymarket');
  }
  if (patch.assigneeId !== undefined) wireId(patch.assigneeId, 'assigneeId');
  if (patch.inboxId !== undefined) wireId(patch.inboxId, 'inboxId');
}

export function conversationOperations(acting: Acting) {
  const { userId } = acting;
  const get = async (ctx: ProviderContext, id: string) => toConversation(await getWire(ctx, id));
  const setStatus = async (ctx: ProviderContext, ref: ConversationRef, action: 'open' | 'close') => {
    await withTarget(ctx, ref, 'inbox', (t) => act(ctx, action, { inbox_id: t.inbox, user_id: userId, chat_id: t.id }));
  };
  const setRead = async (ctx: ProviderContext, ref: ConversationRef, action: 'read' | 'unread') => {
    await withTarget(ctx, ref, 'target', (t) =>
      act(ctx, action, { inbox_id: t.inbox, user_id: userId, target: t.target }),
    );
  };
  const assign = async (
    ctx: ProviderContext,
    ref: ConversationRef,
    assigneeId: string | null,
    condition?: WriteCondition,
  ) => {
    if (assigneeId === null) {
      throw new UnsupportedOperationError('conversations.assign to null (the API cannot unassign)', 'heymarket');
    }
    const to = wireId(assigneeId, 'assigneeId');
    await reassign(ctx, acting, await targetOf(ctx, ref, 'assignee'), to, condition?.ifUnchanged === true);
  };

  return {
    /** Date-cursor pages over the acting user's inboxes (or `inboxId`), newest `updated` first, walked tie-safe. */
    'conversations.list': conversationsPaginator(acting),
    /** Reads one conversation by its integer id. */
    'conversations.get': get,
    /** Posts to `close`: one request with a conversation object, two with a bare id. */
    'conversations.close': (ctx, ref) => setStatus(ctx, ref, 'close'),
    /** Posts to `open`: one request with a conversation object, two with a bare id. */
    'conversations.reopen': (ctx, ref) => setStatus(ctx, ref, 'open'),
    /** Marks it read for the acting user only. */
    'conversations.markRead': (ctx, ref) => setRead(ctx, ref, 'read'),
    /** Marks it unread for the acting user only. */
    'conversations.markUnread': (ctx, ref) => setRead(ctx, ref, 'unread'),
    /**
     * `reassign`, naming the current assignee; a 400 is checked by reading the conversation back. Heymarket cannot
     * unassign: `null` throws `UnsupportedOperationError`.
     */
    'conversations.assign': assign,
    /** Moves an sms or mms conversation to another inbox; a 400 is checked by reading the conversation back. */
    'conversations.transfer': transfer,
    /**
     * Composed of the action calls: transfer first (it may drop the assignee, who must belong to the new
     * inbox), then reassign, then open or close; the result is read back at the end.
     */
    async 'conversations.update'(ctx, ref, patch) {
      checkPatch(patch);
      const changes = patch.inboxId !== undefined || patch.assigneeId !== undefined || patch.status !== undefined;
      if (!changes) return get(ctx, refId(ref));
      // One read for a bare id, shared by the calls below; none for a conversation object.
      let current: Conversation = typeof ref === 'string' ? await get(ctx, ref) : ref;
      if (patch.inboxId !== undefined && current.inboxId !== patch.inboxId) {
        await transfer(ctx, current, patch.inboxId);
        current = await get(ctx, current.id);
      }
      if (patch.assigneeId != null) await assign(ctx, current, patch.assigneeId);
      if (patch.status !== undefined) await setStatus(ctx, current, patch.status === 'closed' ? 'close' : 'open');
      return get(ctx, current.id);
    },
  } satisfies Partial<Operations>;
}
