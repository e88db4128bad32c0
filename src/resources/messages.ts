import type { Runtime } from '../core/dispatch.js';
import type { ListPromise, Page } from '../core/list.js';
import type { ConversationRef, Message, MessageListParams, SendMessageInput } from '../model/types.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

export interface MessagesResource<P extends Provider = Provider> {
  /** The conversation's messages, walked page by page. */
  list: Method<
    CapabilitiesOf<P>,
    'messages.list',
    (ref: ConversationRef, params?: MessageListParams) => ListPromise<Message, Page<Message>>
  >;
  /** Sends a text; where the API has an idempotency key, a retried send never creates two messages. */
  send: Method<CapabilitiesOf<P>, 'messages.send', (ref: ConversationRef, input: SendMessageInput) => Promise<Message>>;
}

export function messagesResource(rt: Runtime): MessagesResource {
  return {
    list: (ref, params = {}) =>
      rt.list('messages.list', () => rt.op('messages.list'), { ...params, ref }, params.cursor, null),
    send: (ref, input) => rt.call('messages.send', (op) => op(rt.ctx, ref, input)),
  };
}
