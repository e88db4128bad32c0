import * as z from 'zod/mini';
import { NotFoundError, UnsupportedOperationError } from '../../core/errors.js';
import { refId } from '../../core/ref.js';
import type { Conversation, ConversationPatch, ConversationRef } from '../../model/types.js';
import type { ProviderContext } from '../provider.js';
import { ambiguous } from './errors.js';
import { type LatestMessageShape, toConversation, updated } from './map.js';
import { setResolved } from './resolve.js';
import { conversation, updateResponse, type WireConversation } from './wire.js';

const path = (id: string) => `/api/conversation/${encodeURIComponent(id)}`;

/** The conversation as GET sends it (bare-id assignees). */
export function getWire(ctx: ProviderContext, id: string): Promise<WireConversation> {
  return ctx.request({ method: 'GET', path: path(id), idempotent: true, schema: conversation });
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
export function conversationOperations(latestMessage: LatestMessageShape) {
  const map = (wire: WireConversation) => toConversation(wire, latestMessage);
  const read = (ctx: ProviderContext) => (id: string) => getWire(ctx, id);

  async function get(ctx: ProviderContext, id: string): Promise<Conversation<WireConversation>> {
    return map(await getWire(ctx, id));
  }

  async function update(ctx: ProviderContext, ref: ConversationRef, patch: ConversationPatch): Promise<Conversation> {
    checkPatch(patch);
    const id = refId(ref);
    const body: { assignees?: string[]; isResolved?: boolean } = {};
    // `assignees` replaces the whole array (trap 4): the unified assignee becomes the only one.
    if (patch.assigneeId !== undefined) body.assignees = patch.assigneeId === null ? [] : [patch.assigneeId];
    const target = patch.status === undefined ? undefined : patch.status === 'closed';
    if (target !== undefined) body.isResolved = target;
    if (Object.keys(body).length === 0) return get(ctx, id);
    const res = await ctx.request({ method: 'PUT', path: path(id), body, idempotent: true, schema: updateResponse });
    const echoed = updated(res);
    // Newer servers dropped `isResolved` from this PUT (trap 1): when it did not take, resolve instead.
    if (target !== undefined && echoed.isResolved !== target) {
      await setResolved(ctx, id, target, read(ctx));
      return get(ctx, id);
    }
    // The echo may be partial on real servers; then the full object is read back.
    const full = z.safeParse(conversation, echoed);
    return full.success ? map(full.data) : get(ctx, id);
  }

  /** DELETE with a JSON body (trap 8); an ambiguous failure is settled by reading the conversation back. */
  async function remove(ctx: ProviderContext, ref: ConversationRef): Promise<void> {
    const id = refId(ref);
    const send = () =>
      ctx.request({
        method: 'DELETE',
        path: '/api/conversation',
        body: { conversationId: id },
        idempotent: false,
        schema: null,
        goneMeansDone: true,
      });
    try {
      await send();
    } catch (error) {
      if (!ambiguous(error)) throw error;
      try {
        await getWire(ctx, id);
      } catch (readError) {
        if (readError instanceof NotFoundError) return; // the first attempt landed
        throw error;
      }
      try {
        await send();
      } catch (retryError) {
        // Gone between the read and this attempt: someone, maybe the first attempt, deleted it.
        if (!(retryError instanceof NotFoundError)) throw retryError;
      }
    }
  }

  return {
    'conversations.get': get,
    'conversations.update': update,
    async 'conversations.assign'(ctx: ProviderContext, ref: ConversationRef, userId: string | null) {
      await update(ctx, ref, { assigneeId: userId });
    },
    async 'conversations.close'(ctx: ProviderContext, ref: ConversationRef) {
      await setResolved(ctx, refId(ref), true, read(ctx));
    },
    async 'conversations.reopen'(ctx: ProviderContext, ref: ConversationRef) {
      await setResolved(ctx, refId(ref), false, read(ctx));
    },
    async 'conversations.markUnread'(ctx: ProviderContext, ref: ConversationRef) {
      await ctx.request({
        method: 'POST',
        path: '/api/conversation/unseen',
        body: { conversationId: refId(ref) },
        idempotent: false,
        schema: null,
      });
    },
    'conversations.delete': remove,
  } as const;
}
