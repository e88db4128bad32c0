import { ConversationsError } from '../../core/errors.js';
import { refId } from '../../core/ref.js';
import type { ConversationRef, Message, MessageListParams, SendMessageInput } from '../../model/types.js';
import type { Paginator, ProviderContext } from '../provider.js';
import { getWire } from './conversations.js';
import { toMessage } from './map.js';
import { message, messageList } from './wire.js';

/** Unpaginated: the whole conversation, oldest first, in one answer. */
export const messagesPaginator: Paginator<Message, { ref: ConversationRef } & MessageListParams, { id: string }> = {
  kind: 'cursor',
  start: (params) => ({ id: refId(params.ref) }),
  key: (m) => m.id,
  async fetch(ctx, state) {
    const res = await ctx.request({
      method: 'POST',
      path: '/api/conversation/messages',
      body: { conversationId: state.id },
      idempotent: false,
      schema: messageList,
    });
    return { items: res.messages.map(toMessage), next: null };
  },
};

/**
 * Sends a text. The route is addressed by contact, so a bare id costs one read to learn it. There is no
 * idempotency key on this API (trap 7): `idempotencyKey` is not sent, and the send is retried on 429 only,
 * never after it may have landed.
 */
export async function send(ctx: ProviderContext, ref: ConversationRef, input: SendMessageInput): Promise<Message> {
  const id = refId(ref);
  const contactId = (typeof ref === 'string' ? null : ref.contactId) ?? (await getWire(ctx, id)).contactId;
  if (!contactId) throw new ConversationsError(`tether: conversation ${id} has no contactId to send to`);
  const res = await ctx.request({
    method: 'POST',
    path: '/api/messages/send',
    body: { contactId, conversationId: id, content: input.text },
    idempotent: false,
    schema: message,
  });
  return toMessage(res);
}
