import { clientFilters, matchConversation } from '../core/filters.js';
import type { CursorPage, ListPromise, OffsetPage } from '../core/pagination.js';
import type { Conversation, ConversationListParams } from '../model/types.js';
import type { Capability, Json, ListKind, Operations } from '../providers/provider.js';
import type { Runtime } from './runtime.js';

type Args<K extends Capability> = Operations[K] extends (ctx: never, ...args: infer A) => unknown ? A : never;

/**
 * A method the client has only when its provider has the capability; otherwise it is `never` and calling
 * it is a type error. Written as an indexed mapped type, not a conditional, so a client of one provider
 * still fits where any `ConversationsClient` is accepted.
 */
export type Method<C extends Capability, K extends Capability, F> = { [P in C]: F }[K & C];

/**
 * The page type of a list that pages the given way; for a client of any provider, either. An indexed
 * type, not a conditional, so a client of one provider still fits where any client is accepted.
 */
export type PageOf<T, L extends ListKind> = { offset: OffsetPage<T>; cursor: CursorPage<T> }[L];

export interface ConversationsResource<C extends Capability = Capability, L extends ListKind = ListKind, R = unknown> {
  /** @example for await (const c of client.conversations.list({ status: 'open' })) console.log(c.id) */
  list: Method<
    C,
    'conversations.list',
    (params?: ConversationListParams) => ListPromise<Conversation<R>, PageOf<Conversation<R>, L>>
  >;
  get: Method<C, 'conversations.get', (id: string) => Promise<Conversation<R>>>;
  create: Method<C, 'conversations.create', (...args: Args<'conversations.create'>) => Promise<Conversation<R>>>;
  update: Method<C, 'conversations.update', (...args: Args<'conversations.update'>) => Promise<Conversation<R>>>;
  /** `null` unassigns, where the API can. */
  assign: Method<C, 'conversations.assign', (...args: Args<'conversations.assign'>) => Promise<void>>;
  /** Ends closed, whatever the state before. */
  close: Method<C, 'conversations.close', (...args: Args<'conversations.close'>) => Promise<void>>;
  /** Ends open, whatever the state before. */
  reopen: Method<C, 'conversations.reopen', (...args: Args<'conversations.reopen'>) => Promise<void>>;
  transfer: Method<C, 'conversations.transfer', (...args: Args<'conversations.transfer'>) => Promise<void>>;
  markRead: Method<C, 'conversations.markRead', (...args: Args<'conversations.markRead'>) => Promise<void>>;
  markUnread: Method<C, 'conversations.markUnread', (...args: Args<'conversations.markUnread'>) => Promise<void>>;
  delete: Method<C, 'conversations.delete', (...args: Args<'conversations.delete'>) => Promise<void>>;
}

export function conversationsResource(rt: Runtime): ConversationsResource {
  const action =
    <K extends Exclude<Capability, 'conversations.list' | 'messages.list' | 'inboxes.list' | 'users.list'>>(name: K) =>
    (...args: unknown[]) =>
      rt.call(name, (op) => (op as (...a: unknown[]) => Promise<unknown>)(rt.ctx, ...args));
  return {
    list: (params = {}) =>
      rt.list<Conversation, ConversationListParams>(
        'conversations.list',
        params,
        (filters) => matchConversation(filters as ConversationListParams),
        clientFilters(params, rt.provider.serverFilters) as Json | undefined,
      ),
    get: action('conversations.get'),
    create: action('conversations.create'),
    update: action('conversations.update'),
    assign: action('conversations.assign'),
    close: action('conversations.close'),
    reopen: action('conversations.reopen'),
    transfer: action('conversations.transfer'),
    markRead: action('conversations.markRead'),
    markUnread: action('conversations.markUnread'),
    delete: action('conversations.delete'),
  } as ConversationsResource;
}
