import type { Runtime } from '../core/dispatch.js';
import { clientFilters, matchConversation } from '../core/filters.js';
import type { Page } from '../core/list.js';
import type { Conversation, ConversationListParams } from '../model/types.js';
import type { OffsetPaginator } from '../spec/paginator.js';
import type { ConversationsPaginator, ProviderContext } from '../spec/provider.js';
import type { ListingPosition } from './checkpoint.js';
import type { BulkFilter } from './options.js';

/** Conversations one page of a pass brought, and where that page was read from. */
export interface Batch {
  items: readonly Conversation[];
  /** Resuming here reads this page again. */
  at: ListingPosition;
}

/** One pass over the filter's list, a page at a time. */
export interface Listing {
  /**
   * The next page, or null when the pass has listed its last. `moved`: writes of the previous page took
   * rows out of the list, which an offset list then shows again from the same page on.
   */
  next(moved: boolean): Promise<Batch | null>;
  /** Where the pass goes on from; null once it has listed its last page. */
  readonly position: ListingPosition | null;
  /**
   * Whether rows that leave the list move the rows after them up (offset pages): the writes of one page
   * then settle before the list is read again, so no row can move up past the pass unseen.
   */
  readonly shifts: boolean;
}

/**
 * An offset list whose rows leave it as they are written (closing while listing `status: open`) moves
 * later rows up: reading the next page would skip them. So a page whose writes took rows out is read
 * again, until it shows nothing new; only then does the pass move on. Rows settled earlier (failed,
 * skipped, or still matching after their write) stay in place and are passed over by id, so each
 * reading of a page settles something new or moves on, and a pass ends.
 */
class OffsetListing implements Listing {
  readonly shifts = true;
  #page: number;
  #read = false;
  #last = false;
  #done = false;

  constructor(
    readonly paginator: OffsetPaginator<Conversation, ConversationListParams>,
    readonly ctx: ProviderContext,
    readonly params: ConversationListParams,
    page: number,
  ) {
    this.#page = page;
  }

  get position(): ListingPosition | null {
    return this.#done ? null : { page: this.#page };
  }

  async next(moved: boolean): Promise<Batch | null> {
    // Rows leaving the last page move nothing into it.
    if (this.#read && this.#last) {
      this.#done = true;
      return null;
    }
    // Moved on only once the page is in: after a failed read, the next call reads the same page.
    const page = this.#read && !moved ? this.#page + 1 : this.#page;
    const data = await this.paginator.fetch(this.ctx, { ...this.paginator.start(this.params), page });
    this.#page = page;
    this.#read = true;
    this.#last = data.next === null;
    return { items: data.items, at: { page } };
  }
}

/**
 * A date-cursor or cursor list, walked page by page as `conversations.list` walks it. Its pages do not
 * move when rows leave the list: on a date cursor a written row moves above the walk, and a per-contact
 * list is read whole. Rows that someone else changes ahead of the walk are found by the next pass.
 */
class CursorListing implements Listing {
  readonly shifts = false;
  #page: Page<Conversation> | null = null;
  #done = false;
  /** The cursor of the next page; null for the first. */
  cursor: string | null;

  constructor(
    readonly rt: Runtime,
    readonly paginator: ConversationsPaginator,
    readonly params: ConversationListParams,
    cursor: string | null,
  ) {
    this.cursor = cursor;
  }

  get position(): ListingPosition | null {
    return this.#done ? null : { cursor: this.cursor };
  }

  async next(): Promise<Batch | null> {
    if (this.#done) return null;
    const at = { cursor: this.cursor };
    const { paginator, params } = this;
    const page: Page<Conversation> =
      this.#page === null
        ? await this.rt.list(
            'conversations.list',
            () => paginator,
            params,
            this.cursor ?? undefined,
            { filters: () => clientFilters(params, paginator, this.rt.provider.name), match: matchConversation },
            undefined,
          )
        : await this.#page.nextPage();
    this.#page = page;
    this.cursor = page.cursor;
    if (!page.hasNextPage()) this.#done = true;
    return { items: page.items, at };
  }
}

/**
 * A pass over the list of `filter`, from `at` (where a checkpoint left it) or from its start, in the
 * API's largest pages.
 */
export function listingFrom(rt: Runtime, filter: BulkFilter, at: ListingPosition | null): Listing {
  const paginator = rt.op('conversations.list');
  const params: ConversationListParams = { ...filter, limit: paginator.maxLimit };
  if (paginator.kind === 'offset') {
    return new OffsetListing(paginator, rt.ctx, params, at && 'page' in at ? at.page : 1);
  }
  return new CursorListing(rt, paginator, params, at && 'cursor' in at ? at.cursor : null);
}

/** Where a pass starts, for a list of this kind. */
export function startOf(rt: Runtime): ListingPosition {
  return rt.op('conversations.list').kind === 'offset' ? { page: 1 } : { cursor: null };
}
