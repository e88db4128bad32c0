import type { ListPromise, Page } from '../core/pagination.js';
import type { ConversationRef, Message, MessageListParams, SendMessageInput } from '../model/types.js';
import type { Capability } from '../providers/provider.js';
import type { Method } from './conversations.js';
import type { Runtime } from './runtime.js';

export interface MessagesResource<C extends Capability = Capability> {
  /** The conversation's messages, walked page by page. */
  list: Method<
    C,
    'messages.list',
    (ref: ConversationRef, params?: MessageListParams) => ListPromise<Message, Page<Message>>
  >;
  /** Sends a text; where the API has an idempotency key, a retried send never creates two messages. */
  send: Method<C, 'messages.send', (ref: ConversationRef, input: SendMessageInput) => Promise<Message>>;
}

export function messagesResource(rt: Runtime): MessagesResource {
  return {
    list: (ref: ConversationRef, params: MessageListParams = {}) =>
      rt.list<Message, { ref: ConversationRef } & MessageListParams>(
        'messages.list',
        { ...params, ref },
        null,
        undefined,
      ),
    send: (ref: ConversationRef, input: SendMessageInput) => rt.call('messages.send', (op) => op(rt.ctx, ref, input)),
  } as MessagesResource;
}
