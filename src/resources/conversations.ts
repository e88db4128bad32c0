import type { Runtime } from '../core/dispatch.js';
import { ConfigurationError } from '../core/errors.js';
import { clientFilters, matchConversation } from '../core/filters.js';
import { checkId, checkObject } from '../core/input.js';
import type { ListPromise } from '../core/list.js';
import type { RequestOptions } from '../core/request-options.js';
import type { Conversation, ConversationListParams, ConversationPatch, ConversationRef } from '../model/types.js';
import type { CapabilitiesOf, ListKindOf, Provider, RawOf } from '../spec/provider.js';
import type { Args, ConversationListParamsOf, Method, PageOf, WithOptions } from './method.js';

/**
 * `client.conversations`: the conversations of the provider's API in the unified {@link Conversation} shape.
 * A method the provider lacks is {@link Unsupported} on the type and rejects with
 * {@link UnsupportedOperationError} at run time; every method takes {@link RequestOptions} last.
 */
export interface ConversationsResource<P extends Provider = Provider> {
  /**
   * The conversations matching `params`, lazily: await it for the first page, iterate it for every
   * conversation. A walk yields each conversation at most once; one that changes while the walk runs may
   * be missed (docs/pagination.md says when). A filter on a field the provider's conversations never carry
   * throws {@link ConfigurationError} when the list starts.
   *
   * @example
   * for await (const c of client.conversations.list({ status: 'open' })) console.log(c.id);
   */
  list: Method<
    CapabilitiesOf<P>,
    'conversations.list',
    (
      params?: ConversationListParamsOf<ListKindOf<P>>,
      options?: RequestOptions,
    ) => ListPromise<Conversation<RawOf<P>>, PageOf<Conversation<RawOf<P>>, ListKindOf<P>>>
  >;
  /** One conversation by id; a {@link NotFoundError} when there is none. */
  get: Method<
    CapabilitiesOf<P>,
    'conversations.get',
    (id: string, options?: RequestOptions) => Promise<Conversation<RawOf<P>>>
  >;
  /**
   * Creates a conversation (G-Tateth); not retried after a failure that may have landed, since the API has no
   * idempotency key.
   */
  create: Method<
    CapabilitiesOf<P>,
    'conversations.create',
    (...args: WithOptions<Args<'conversations.create'>>) => Promise<Conversation<RawOf<P>>>
  >;
  /**
   * Changes the fields the patch names and resolves with the conversation as it then is. A field the provider
   * cannot change throws {@link UnsupportedOperationError} before any request; an empty patch only reads.
   */
  update: Method<
    CapabilitiesOf<P>,
    'conversations.update',
    (...args: WithOptions<Args<'conversations.update'>>) => Promise<Conversation<RawOf<P>>>
  >;
  /** Assigns the conversation to the user with this id; `null` unassigns, where the API can. */
  assign: Method<
    CapabilitiesOf<P>,
    'conversations.assign',
    // Spelled out: the operation's last parameter (a write condition, for bulk jobs) is not the caller's.
    (ref: ConversationRef, userId: string | null, options?: RequestOptions) => Promise<void>
  >;
  /** Ends closed, whatever the state before. */
  close: Method<
    CapabilitiesOf<P>,
    'conversations.close',
    (...args: WithOptions<Args<'conversations.close'>>) => Promise<void>
  >;
  /** Ends open, whatever the state before. */
  reopen: Method<
    CapabilitiesOf<P>,
    'conversations.reopen',
    (...args: WithOptions<Args<'conversations.reopen'>>) => Promise<void>
  >;
  /** Moves the conversation to the inbox with this id (Heymarket: sms and mms conversations). */
  transfer: Method<
    CapabilitiesOf<P>,
    'conversations.transfer',
    (...args: WithOptions<Args<'conversations.transfer'>>) => Promise<void>
  >;
  /** Marks the conversation read (on Heymarket, for the acting user only). */
  markRead: Method<
    CapabilitiesOf<P>,
    'conversations.markRead',
    (...args: WithOptions<Args<'conversations.markRead'>>) => Promise<void>
  >;
  /** Marks the conversation unread. */
  markUnread: Method<
    CapabilitiesOf<P>,
    'conversations.markUnread',
    (...args: WithOptions<Args<'conversations.markUnread'>>) => Promise<void>
  >;
  /** Deletes the conversation (and its messages); a retry that finds it already gone succeeds. */
  delete: Method<
    CapabilitiesOf<P>,
    'conversations.delete',
    (...args: WithOptions<Args<'conversations.delete'>>) => Promise<void>
  >;
}

/**
 * A patch: an object whose fields, when given, are strings (`assigneeId` may be `null`, to unassign).
 * A field's value the provider cannot take is the provider's to refuse; a wrong type is refused here.
 */
function checkPatch(patch: ConversationPatch): ConversationPatch {
  const fields = checkObject(patch, 'conversations.update', 'patch');
  for (const key of ['status', 'priority', 'subject', 'inboxId', 'assigneeId'] as const) {
    const value = fields[key];
    if (value === undefined || typeof value === 'string' || (key === 'assigneeId' && value === null)) continue;
    throw new ConfigurationError(
      `conversations.update: patch.${key} must be a string${key === 'assigneeId' ? ' or null' : ''} when given`,
    );
  }
  return patch;
}

export function conversationsResource(rt: Runtime): ConversationsResource {
  const paginator = () => rt.op('conversations.list');
  return {
    list: (params, options) =>
      rt.listFrom('conversations.list', paginator, params, options, (given) => {
        const checked = given as ConversationListParams;
        return {
          params: checked,
          filtering: { filters: () => clientFilters(checked, paginator(), rt.provider.name), match: matchConversation },
        };
      }),
    // Ids and refs are checked inside `call`, so a blank one rejects before any request.
    get: (id, options) => rt.call('conversations.get', (op, ctx) => op(ctx, checkId(id)), options),
    create: (input, options) =>
      rt.call(
        'conversations.create',
        (op, ctx) => {
          checkObject(input, 'conversations.create', 'input');
          return op(ctx, input);
        },
        options,
      ),
    update: (ref, patch, options) =>
      rt.call('conversations.update', (op, ctx) => op(ctx, checkId(ref), checkPatch(patch)), options),
    assign: (ref, userId, options) =>
      rt.call(
        'conversations.assign',
        (op, ctx) => op(ctx, checkId(ref), userId === null ? null : checkId(userId, 'userId')),
        options,
      ),
    close: (ref, options) => rt.call('conversations.close', (op, ctx) => op(ctx, checkId(ref)), options),
    reopen: (ref, options) => rt.call('conversations.reopen', (op, ctx) => op(ctx, checkId(ref)), options),
    transfer: (ref, inboxId, options) =>
      rt.call('conversations.transfer', (op, ctx) => op(ctx, checkId(ref), checkId(inboxId, 'inboxId')), options),
    markRead: (ref, options) => rt.call('conversations.markRead', (op, ctx) => op(ctx, checkId(ref)), options),
    markUnread: (ref, options) => rt.call('conversations.markUnread', (op, ctx) => op(ctx, checkId(ref)), options),
    delete: (ref, options) => rt.call('conversations.delete', (op, ctx) => op(ctx, checkId(ref)), options),
  };
}
