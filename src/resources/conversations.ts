import type { Runtime } from '../core/dispatch.js';
import { clientFilters, matchConversation } from '../core/filters.js';
import type { ListPromise } from '../core/list.js';
import type { Conversation, ConversationListParams } from '../model/types.js';
import type { CapabilitiesOf, ListKindOf, Provider, RawOf } from '../spec/provider.js';
import type { Args, Method, PageOf } from './method.js';

export interface ConversationsResource<P extends Provider = Provider> {
  /** @example for await (const c of client.conversations.list({ status: 'open' })) console.log(c.id) */
  list: Method<
    CapabilitiesOf<P>,
    'conversations.list',
    (
      params?: ConversationListParams,
    ) => ListPromise<Conversation<RawOf<P>>, PageOf<Conversation<RawOf<P>>, ListKindOf<P>>>
  >;
  get: Method<CapabilitiesOf<P>, 'conversations.get', (id: string) => Promise<Conversation<RawOf<P>>>>;
  create: Method<
    CapabilitiesOf<P>,
    'conversations.create',
    (...args: Args<'conversations.create'>) => Promise<Conversation<RawOf<P>>>
  >;
  update: Method<
    CapabilitiesOf<P>,
    'conversations.update',
    (...args: Args<'conversations.update'>) => Promise<Conversation<RawOf<P>>>
  >;
  /** `null` unassigns, where the API can. */
  assign: Method<CapabilitiesOf<P>, 'conversations.assign', (...args: Args<'conversations.assign'>) => Promise<void>>;
  /** Ends closed, whatever the state before. */
  close: Method<CapabilitiesOf<P>, 'conversations.close', (...args: Args<'conversations.close'>) => Promise<void>>;
  /** Ends open, whatever the state before. */
  reopen: Method<CapabilitiesOf<P>, 'conversations.reopen', (...args: Args<'conversations.reopen'>) => Promise<void>>;
  transfer: Method<
    CapabilitiesOf<P>,
    'conversations.transfer',
    (...args: Args<'conversations.transfer'>) => Promise<void>
  >;
  markRead: Method<
    CapabilitiesOf<P>,
    'conversations.markRead',
    (...args: Args<'conversations.markRead'>) => Promise<void>
  >;
  markUnread: Method<
    CapabilitiesOf<P>,
    'conversations.markUnread',
    (...args: Args<'conversations.markUnread'>) => Promise<void>
  >;
  delete: Method<CapabilitiesOf<P>, 'conversations.delete', (...args: Args<'conversations.delete'>) => Promise<void>>;
}

export function conversationsResource(rt: Runtime): ConversationsResource {
  const paginator = () => rt.op('conversations.list');
  return {
    list: (params = {}) =>
      rt.list('conversations.list', paginator, params, params.cursor, {
        filters: () => clientFilters(params, paginator().serverFilters),
        match: matchConversation,
      }),
    get: (id) => rt.call('conversations.get', (op) => op(rt.ctx, id)),
    create: (input) => rt.call('conversations.create', (op) => op(rt.ctx, input)),
    update: (ref, patch) => rt.call('conversations.update', (op) => op(rt.ctx, ref, patch)),
    assign: (ref, userId) => rt.call('conversations.assign', (op) => op(rt.ctx, ref, userId)),
    close: (ref) => rt.call('conversations.close', (op) => op(rt.ctx, ref)),
    reopen: (ref) => rt.call('conversations.reopen', (op) => op(rt.ctx, ref)),
    transfer: (ref, inboxId) => rt.call('conversations.transfer', (op) => op(rt.ctx, ref, inboxId)),
    markRead: (ref) => rt.call('conversations.markRead', (op) => op(rt.ctx, ref)),
    markUnread: (ref) => rt.call('conversations.markUnread', (op) => op(rt.ctx, ref)),
    delete: (ref) => rt.call('conversations.delete', (op) => op(rt.ctx, ref)),
  };
}
