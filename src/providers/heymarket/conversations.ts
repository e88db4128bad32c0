import { BadRequestError, ConfigurationError, UnsupportedOperationError } from '../../core/errors.js';
import { refId } from '../../core/ref.js';
import type { Conversation, ConversationListParams, ConversationPatch, ConversationRef } from '../../model/types.js';
import type { Json, Operations, Paginator, ProviderContext } from '../provider.js';
import { instantUs, isRfc3339, justAfter } from './instant.js';
import { assignedId, inboxIdOf, toConversation } from './map.js';
import { memberInboxes } from './team.js';
import { startTieWalk, type TieAxis, type TieState, tieOverflowWarning, tieStep } from './walk.js';
import { actionResponse, conversation, conversationList, type WireConversation } from './wire.js';

/** The acting user every call names (`id`, `user_id`, `creator_id`). */
export interface Acting {
  userId: number;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/** A unified id argument as the integer the wire wants. */
export function wireId(value: unknown, what: string): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw new ConfigurationError(`heymarket: ${what} must be an integer id as a string`);
  }
  return Number(value);
}

/** `updated` strings: the next bound is the raw string plus 1 ms; one group is one instant. */
const updatedAxis: TieAxis = {
  through: justAfter,
  before: (time) => time,
  same: (a, b) => instantUs(a) === instantUs(b),
};

type ListState = TieState & {
  /** Unified inbox ids; null until the acting user's inboxes are looked up. */
  inboxes: string[] | null;
  closed: boolean | null;
  unread: boolean;
  limit: number;
};

function startList(params: ConversationListParams): ListState {
  const { inboxId, before } = params;
  const from =
    before instanceof Date ? (Number.isNaN(before.getTime()) ? 'Invalid Date' : before.toISOString()) : before;
  return {
    ...startTieWalk(from ?? null),
    inboxes: inboxId === undefined ? null : Array.isArray(inboxId) ? [...inboxId] : [inboxId],
    // `closed:false` keeps every status but closed, pending included (trap 5); the SDK narrows `open`
    // and `pending` further on the client.
    closed: params.status === undefined ? null : params.status === 'closed',
    // `unread:false` applies no filter on the server (trap 5): only `true` is sent.
    unread: params.unread === true,
    limit: params.limit ?? DEFAULT_LIMIT,
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

export function conversationsPaginator({
  userId,
}: Acting): Paginator<Conversation, ConversationListParams> & { kind: 'cursor' } {
  return {
    kind: 'cursor',
    start: (params) => startList(params) as unknown as Json,
    key: (c) => c.id,
    async fetch(ctx, state) {
      const s = state as unknown as ListState;
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
              idempotent: true,
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
        next: next === null ? null : ({ ...s, ...next, inboxes } as unknown as Json),
        before: typeof bound === 'string' ? bound : null,
      };
    },
  };
}

export async function getWire(ctx: ProviderContext, id: string): Promise<WireConversation> {
  return ctx.request({
    method: 'GET',
    path: `/v1/conversations/${encodeURIComponent(id)}`,
    idempotent: true,
    schema: conversation,
  });
}

/** What the action endpoints need to name a conversation. */
interface Target {
  id: number;
  inbox: number;
  target: string | null;
  assigned: number | null;
}

const fromWire = (wire: WireConversation): Target => ({
  id: wire.id,
  inbox: inboxIdOf(wire),
  target: wire.target ?? null,
  assigned: assignedId(wire),
});

const INTEGER = /^\d{1,15}$/;

/** The ref's fields, or the conversation read from the server when a bare id (or too little) is given. */
export async function targetOf(ctx: ProviderContext, ref: ConversationRef, needTarget = false): Promise<Target> {
  if (typeof ref === 'object' && ref !== null && INTEGER.test(ref.id) && INTEGER.test(ref.inboxId ?? '')) {
    if (!needTarget || ref.target) {
      const assignee = ref.assignees[0]?.id;
      return {
        id: Number(ref.id),
        inbox: Number(ref.inboxId),
        target: ref.target,
        assigned: assignee !== undefined && INTEGER.test(assignee) ? Number(assignee) : null,
      };
    }
  }
  return fromWire(await getWire(ctx, refId(ref)));
}

/** A state change: the answer is a JSON string, and repeating one ends in the same state. */
function act(ctx: ProviderContext, action: string, body: Record<string, unknown>): Promise<string> {
  return ctx.request({
    method: 'POST',
    path: `/v1/conversations/${action}`,
    body,
    idempotent: true,
    schema: actionResponse,
  });
}

/**
 * `reassign` wants the current assignee as `user_id`, or the acting user when there is none (trap 10).
 * A 400 may mean that was stale: a conversation object from before someone else reassigned it, or an
 * earlier attempt of this very call that landed before its answer was lost. Read it again and decide.
 */
async function reassign(ctx: ProviderContext, { userId }: Acting, t: Target, to: number): Promise<void> {
  const send = (from: Target) =>
    act(ctx, 'reassign', {
      inbox_id: from.inbox,
      target: from.target,
      user_id: from.assigned ?? userId,
      reassign_id: to,
    });
  try {
    await send(t);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    const fresh = fromWire(await getWire(ctx, String(t.id)));
    if (fresh.assigned === to) return;
    if (fresh.assigned === t.assigned && fresh.inbox === t.inbox && fresh.target === t.target) throw error;
    await send(fresh);
  }
}

/**
 * `transfer` answers 400 when the target inbox already holds the conversation, which is also what a retry
 * of a transfer that landed sees: a conversation already in the target inbox counts as done.
 */
async function transfer(ctx: ProviderContext, ref: ConversationRef, inboxId: string): Promise<void> {
  const to = wireId(inboxId, 'inboxId');
  const id = refId(ref);
  const conversationId = INTEGER.test(id) ? Number(id) : (await getWire(ctx, id)).id;
  try {
    await act(ctx, 'transfer', { conversation_id: conversationId, transfer_inbox_id: to });
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    if (inboxIdOf(await getWire(ctx, String(conversationId))) !== to) throw error;
  }
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

type ConversationOperations = Pick<
  Operations,
  | 'conversations.list'
  | 'conversations.get'
  | 'conversations.update'
  | 'conversations.assign'
  | 'conversations.close'
  | 'conversations.reopen'
  | 'conversations.transfer'
  | 'conversations.markRead'
  | 'conversations.markUnread'
> & {
  'conversations.list': { kind: 'cursor' };
  'conversations.get': (ctx: ProviderContext, id: string) => Promise<Conversation<WireConversation>>;
};

export function conversationOperations(acting: Acting): ConversationOperations {
  const { userId } = acting;
  const get = async (ctx: ProviderContext, id: string) => toConversation(await getWire(ctx, id));
  const setStatus = async (ctx: ProviderContext, ref: ConversationRef, action: 'open' | 'close') => {
    const t = await targetOf(ctx, ref);
    await act(ctx, action, { inbox_id: t.inbox, user_id: userId, chat_id: t.id });
  };
  const setRead = async (ctx: ProviderContext, ref: ConversationRef, action: 'read' | 'unread') => {
    const t = await targetOf(ctx, ref, true);
    await act(ctx, action, { inbox_id: t.inbox, user_id: userId, target: t.target });
  };
  const assign = async (ctx: ProviderContext, ref: ConversationRef, assigneeId: string | null) => {
    if (assigneeId === null) {
      throw new UnsupportedOperationError('conversations.assign to null (the API cannot unassign)', 'heymarket');
    }
    const to = wireId(assigneeId, 'assigneeId');
    await reassign(ctx, acting, await targetOf(ctx, ref, true), to);
  };

  return {
    'conversations.list': conversationsPaginator(acting),
    'conversations.get': get,
    'conversations.close': (ctx, ref) => setStatus(ctx, ref, 'close'),
    'conversations.reopen': (ctx, ref) => setStatus(ctx, ref, 'open'),
    'conversations.markRead': (ctx, ref) => setRead(ctx, ref, 'read'),
    'conversations.markUnread': (ctx, ref) => setRead(ctx, ref, 'unread'),
    'conversations.assign': assign,
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
  };
}
