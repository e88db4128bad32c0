import * as z from 'zod/mini';
import { ConversationsError } from '../../core/errors.js';
import type { ConversationRef, Message, MessageListParams, SendMessageInput } from '../../model/types.js';
import type { CursorPaginator } from '../../spec/paginator.js';
import type { ProviderContext } from '../../spec/provider.js';
import { refId } from '../kit/ref.js';
import { getWire } from './conversations.js';
import { toMessage } from './map.js';
import { message, messageList } from './wire.js';

const historyState = z.object({
  /** The conversation's id. */
  id: z.string(),
});

/** Unpaginated: the whole conversation, oldest first, in one answer. */
const list: CursorPaginator<
  Message,
  {
    /** The conversation whose messages are listed. */
    ref: ConversationRef;
  } & MessageListParams,
  z.infer<typeof historyState>
> = {
  kind: 'cursor',
  state: historyState,
  start: (params) => ({ id: refId(params.ref) }),
  key: (m) => m.id,
  async fetch(ctx, state) {
    const res = await ctx.request({
      method: 'POST',
      path: '/api/conversation/messages',
      body: { conversationId: state.id },
      // A read: POST is only how this API passes a body.
      retrySafe: true,
      schema: messageList,
    });
    return { items: res.messages.map(toMessage), next: null };
  },
};

/**
 * Sends a text. The route is addressed by contact, so a bare id costs one read to learn it. There is no
 * idempotency key on this API: `idempotencyKey` is not sent, and the send is retried on 429 only, never
 * after it may have landed.
 */
async function send(ctx: ProviderContext, ref: ConversationRef, input: SendMessageInput): Promise<Message> {
  const id = refId(ref);
  const contactId = (typeof ref === 'string' ? null : ref.contactId) ?? (await getWire(ctx, id)).contactId;
  if (!contactId) throw new ConversationsError(`tether: conversation ${id} has no contactId to send to`);
  const res = await ctx.request({
    method: 'POST',
    path: '/api/messages/send',
    body: { contactId, conversationId: id, content: input.text },
    retrySafe: false,
    schema: message,
  });
  return toMessage(res);
}

export const messageOperations = {
  /** The whole history in one page, oldest first. */
  'messages.list': list,
  /** Posts the text to the conversation's contact; retried on 429 only, since Tether has no idempotency key. */
  'messages.send': send,
};
