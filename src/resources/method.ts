import type { CursorPage, OffsetPage, Page } from '../core/list.js';
import type { RequestOptions } from '../core/request-options.js';
import type { ConversationListParams } from '../model/types.js';
import type { ListKind } from '../spec/paginator.js';
import type { Capability, Operations } from '../spec/provider.js';

/** The arguments of an operation after its context. */
export type Args<K extends Capability> = Operations[K] extends (ctx: never, ...args: infer A) => unknown ? A : never;

/** Arguments followed by the optional `RequestOptions` every method takes last. */
export type WithOptions<A extends unknown[]> = [...args: A, options?: RequestOptions];

/**
 * What a client has in place of an operation its provider lacks. Calling it does not compile: its `this`
 * is a sentence no object is, so the compiler's error and the editor's hover name the missing operation
 * (at run time the call rejects with `UnsupportedOperationError`). It takes any arguments and never
 * returns, so it still fits where the real method is expected: a client of one provider fits where any
 * `ConversationsClient` is accepted.
 */
export type Unsupported<K extends Capability> = (
  this: `${K} is not supported by this provider`,
  ...args: unknown[]
) => never;

/**
 * A method the client has only when its provider has the capability; otherwise it is `Unsupported<K>`.
 * Written as indexed mapped types, not a conditional on `K extends C`, so a client of one provider still
 * fits where any `ConversationsClient` is accepted.
 */
export type Method<C extends Capability, K extends Capability, F> =
  | { [P in C]: F }[K & C]
  | { [P in Exclude<K, C>]: Unsupported<P> }[Exclude<K, C>];

/**
 * The params of a conversation list that pages the given way: `page` only where pages are numbered
 * (G-Tateth), `before` only on a date cursor (Heymarket), neither on a cursor list (Tether). For a
 * client of any provider, any of them. A start given where it has no use does not compile, and is a
 * `ConfigurationError` at run time.
 */
export type ConversationListParamsOf<L extends ListKind> = Omit<ConversationListParams, 'page' | 'before'> &
  {
    /** Numbered pages start at a `page`. */
    offset: Pick<ConversationListParams, 'page'>;
    /** A date cursor starts `before` a date-time. */
    date: Pick<ConversationListParams, 'before'>;
    /** A cursor list starts at its first page. */
    cursor: Pick<ConversationListParams, never>;
  }[L];

/**
 * The page type of a list that pages the given way; for a client of any provider, any of them. An
 * indexed type, not a conditional, so a client of one provider still fits where any client is accepted.
 */
export type PageOf<T, L extends ListKind> = {
  /** Offset lists page as {@link OffsetPage}s. */
  offset: OffsetPage<T>;
  /** Date-cursor lists page as {@link CursorPage}s. */
  date: CursorPage<T>;
  /** Cursor lists page as plain {@link Page}s. */
  cursor: Page<T>;
}[L];
