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
  /** The page's items, mapped to the unified shape. */
  items: T[];
  /** The state that fetches the next page, or `null` when this is the last. */
  next: S | null;
}

/** An offset page also reports, as of this response, how many items and pages there are. */
export interface OffsetPageData<T, S> extends PageData<T, S> {
  /** How many items match, as of this response. */
  total: number;
  /** How many pages of this size there are, as of this response. */
  totalPages: number;
}

/** A date-cursor page also reports the exclusive upper bound it was fetched with (null: the newest). */
export interface DatePageData<T, S> extends PageData<T, S> {
  /**
   * The exclusive upper bound this page was fetched with, as the server's date-time string; `null` for the newest page.
   */
  before: string | null;
}

/** An offset state: the core moves `page` itself to fetch pages ahead. */
export type OffsetState = {
  /** The page to fetch, from 1. */
  page: number;
  /** The page size. */
  limit: number;
} & { [key: string]: Json };

/**
 * What every paginator declares. States are JSON-safe, so a page's cursor can resume the walk in another
 * process; `state` validates one that comes back in a cursor.
 */
interface PaginatorBase<T, P, S extends Json> {
  /** The schema of a state, checked when a cursor brings one back. */
  state: Schema<S>;
  /** The state of the first page, from the list's params. */
  start(params: P): S;
  /**
   * The largest page the API serves: a `limit` param is an integer from 1 to it, checked before any
   * request. Without it the list has no page size to set, and a `limit` param is refused.
   */
  maxLimit?: number;
  /** Items with these ids are the same item; a walk yields each id once. */
  key?(item: T): string;
}

/** A list of numbered pages ({@link ListKind} `offset`): the core may fetch pages ahead by moving `page`. */
export interface OffsetPaginator<T, P, S extends OffsetState = OffsetState> extends PaginatorBase<T, P, S> {
  /** How it pages. */
  kind: 'offset';
  /** Fetches the page a state names. */
  fetch(ctx: ProviderContext, state: S): Promise<OffsetPageData<T, S>>;
}

/** A date-cursor list ({@link ListKind} `date`): each page is fetched below a date-time bound. */
export interface DatePaginator<T, P, S extends Json = Json> extends PaginatorBase<T, P, S> {
  /** How it pages. */
  kind: 'date';
  /** Fetches the page a state names. */
  fetch(ctx: ProviderContext, state: S): Promise<DatePageData<T, S>>;
}

/** A list whose pages each name the next one ({@link ListKind} `cursor`). */
export interface CursorPaginator<T, P, S extends Json = Json> extends PaginatorBase<T, P, S> {
  /** How it pages. */
  kind: 'cursor';
  /** Fetches the page a state names. */
  fetch(ctx: ProviderContext, state: S): Promise<PageData<T, S>>;
}

/** Describes a list: its first state from params, and how to fetch the page a state names. */
export type Paginator<T, P> = OffsetPaginator<T, P> | DatePaginator<T, P> | CursorPaginator<T, P>;
