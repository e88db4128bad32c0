import type { ProviderContext } from './provider.js';
import type { Json, Schema } from './request.js';

/**
 * How a list pages:
 * - `offset`: numbered pages whose totals every response reports; later pages may be fetched ahead.
 * - `date`: a date cursor; each page reports the exclusive upper bound it was fetched with.
 * - `cursor`: each page names the next one and nothing more.
 */
export type ListKind = 'offset' | 'date' | 'cursor';

/** A page as a provider fetched it: mapped items and the state of the next page, or null at the end. */
export interface PageData<T, S> {
  items: T[];
  next: S | null;
}

/** An offset page also reports, as of this response, how many items and pages there are. */
export interface OffsetPageData<T, S> extends PageData<T, S> {
  total: number;
  totalPages: number;
}

/** A date-cursor page also reports the exclusive upper bound it was fetched with (null: the newest). */
export interface DatePageData<T, S> extends PageData<T, S> {
  before: string | null;
}

/** An offset state: the core moves `page` itself to fetch pages ahead. */
export type OffsetState = { page: number; limit: number } & { [key: string]: Json };

/**
 * What every paginator declares. States are JSON-safe, so a page's cursor can resume the walk in another
 * process; `state` validates one that comes back in a cursor.
 */
interface PaginatorBase<T, P, S extends Json> {
  /** The schema of a state, checked when a cursor brings one back. */
  state: Schema<S>;
  start(params: P): S;
  /** The largest page the API serves: a `limit` param is an integer from 1 to it, checked before any request. */
  maxLimit?: number;
  /** Items with these ids are the same item; a walk yields each id once. */
  key?(item: T): string;
}

export interface OffsetPaginator<T, P, S extends OffsetState = OffsetState> extends PaginatorBase<T, P, S> {
  kind: 'offset';
  fetch(ctx: ProviderContext, state: S): Promise<OffsetPageData<T, S>>;
}

export interface DatePaginator<T, P, S extends Json = Json> extends PaginatorBase<T, P, S> {
  kind: 'date';
  fetch(ctx: ProviderContext, state: S): Promise<DatePageData<T, S>>;
}

export interface CursorPaginator<T, P, S extends Json = Json> extends PaginatorBase<T, P, S> {
  kind: 'cursor';
  fetch(ctx: ProviderContext, state: S): Promise<PageData<T, S>>;
}

/** Describes a list: its first state from params, and how to fetch the page a state names. */
export type Paginator<T, P> = OffsetPaginator<T, P> | DatePaginator<T, P> | CursorPaginator<T, P>;
