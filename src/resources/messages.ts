import type { Runtime } from '../core/dispatch.js';
import { checkId } from '../core/input.js';
import type { ListPromise, Page } from '../core/list.js';
import type { RequestOptions } from '../core/request-options.js';
import type { ConversationRef, Message, MessageListParams, SendMessageInput } from '../model/types.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

/** `client.messages`: a conversation's messages (Heymarket, Tether). */
export interface MessagesResource<P extends Provider = Provider> {
  /** The conversation's messages, walked page by page. */
  list: Method<
    CapabilitiesOf<P>,
    'messages.list',
    (ref: ConversationRef, params?: MessageListParams, options?: RequestOptions) => ListPromise<Message, Page<Message>>
  >;
  /** Sends a text; where the API has an idempotency key, a retried send never creates two messages. */
  send: Method<
    CapabilitiesOf<P>,
    'messages.send',
    (ref: ConversationRef, input: SendMessageInput, options?: RequestOptions) => Promise<Message>
  >;
}

export function messagesResource(rt: Runtime): MessagesResource {
  return {
    list: (ref, params = {}, options) => {
      // Checked where the list starts, so a blank ref rejects the list rather than throwing here.
      const paginator = () => {
        checkId(ref);
        return rt.op('messages.list');
      };
      return rt.list('messages.list', paginator, { ...params, ref }, params.cursor, null, options);
    },
    send: (ref, input, options) => rt.call('messages.send', (op, ctx) => op(ctx, checkId(ref), input), options),
  };
}
