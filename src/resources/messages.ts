import type { Runtime } from '../core/dispatch.js';
import { ConfigurationError } from '../core/errors.js';
import { checkId, checkObject } from '../core/input.js';
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

/**
 * What `send` takes: an object whose `text` is a string, and a key, when given, that is a string with
 * something in it. A blank key cannot tell two sends apart (Heymarket reads `""` as no key at all, so a
 * retry would post twice); a key is otherwise sent as given, untrimmed, since servers match it exactly.
 */
function sendInput(input: SendMessageInput): SendMessageInput {
  const { text, idempotencyKey } = checkObject(input, 'messages.send', 'input');
  if (typeof text !== 'string') throw new ConfigurationError('messages.send: text must be a string');
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '')) {
    throw new ConfigurationError('messages.send: idempotencyKey must be a non-blank string, or left out');
  }
  return input;
}

export function messagesResource(rt: Runtime): MessagesResource {
  return {
    list: (ref, params, options) => {
      // Checked where the list starts, so a blank ref rejects the list rather than throwing here.
      const paginator = () => {
        checkId(ref);
        return rt.op('messages.list');
      };
      return rt.listFrom('messages.list', paginator, params, options, (given) => ({
        params: { ...(given as MessageListParams), ref },
        // A history is read from its newest message: a `page` or `before` would be ignored.
        starts: false,
      }));
    },
    send: (ref, input, options) =>
      rt.call('messages.send', (op, ctx) => op(ctx, checkId(ref), sendInput(input)), options),
  };
}
