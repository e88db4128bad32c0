import { abortError } from './abort.js';
import { ConfigurationError } from './errors.js';

/** One page of a list. */
export class Page<T> {
  // Held only while in flight, so concurrent calls share the request; a page that kept its next page
  // would keep every page of a long walk alive.
  #pending: Promise<Page<T>> | null = null;
  readonly #fetchNext: (() => Promise<Page<T>>) | null;
  /** Pages are made by the lists; `fetchNext` fetches the page after this one, null at the end. */
  constructor(
    /** The page's items, in the list's order. */
    readonly items: readonly T[],
    /** Opaque, JSON-safe token for the next page; null at the end. */
    readonly cursor: string | null,
    fetchNext: (() => Promise<Page<T>>) | null,
  ) {
    this.#fetchNext = fetchNext;
  }

  /** Whether there is a page after this one. */
  hasNextPage(): boolean {
    return this.#fetchNext !== null;
  }

  /** The next page. Concurrent calls share one request. */
  nextPage(): Promise<Page<T>> {
    if (!this.#fetchNext) return Promise.reject(new ConfigurationError('This is the last page'));
    if (!this.#pending) {
      const pending = this.#fetchNext();
      this.#pending = pending;
      const settle = () => {
        if (this.#pending === pending) this.#pending = null;
      };
      pending.then(settle, settle);
    }
    return this.#pending;
  }
}

/** Where an {@link OffsetPage} is and how many items and pages there are, as of its response. */
export interface OffsetInfo {
  /** The page's number, from 1. */
  page: number;
  /** The page size asked for. */
  limit: number;
  /** How many items match, as of this response. */
  total: number;
  /** How many pages of `limit` there are, as of this response (0 for an empty list). */
  totalPages: number;
}

/** A page of an offset list (G-Tateth): where it is and how many there are, as of this response. */
export class OffsetPage<T> extends Page<T> {
  /** The page's number, from 1. */
  readonly page: number;
  /** The page size asked for. */
  readonly limit: number;
  /** How many items match, as of this response; it changes as rows come and go. */
  readonly total: number;
  /** How many pages of `limit` there are, as of this response (0 for an empty list). */
  readonly totalPages: number;
  /** As {@link Page}'s, with the page's numbers as the response gave them. */
  constructor(
    items: readonly T[],
    cursor: string | null,
    fetchNext: (() => Promise<Page<T>>) | null,
    info: OffsetInfo,
  ) {
    super(items, cursor, fetchNext);
    this.page = info.page;
    this.limit = info.limit;
    this.total = info.total;
    this.totalPages = info.totalPages;
  }
}

/** A page of a date-cursor list (Heymarket). */
export class CursorPage<T> extends Page<T> {
  /** As {@link Page}'s, with the bound this page was fetched with. */
  constructor(
    items: readonly T[],
    cursor: string | null,
    fetchNext: (() => Promise<Page<T>>) | null,
    /** The exclusive RFC 3339 upper bound this page was fetched with; null for the newest page. */
    readonly before: string | null,
  ) {
    super(items, cursor, fetchNext);
  }
}

/**
 * The result of a `list()` call: await it for the first page, or iterate it for every item.
 * Nothing is sent until one of the two happens. It can be walked again; run one pass at a time, since
 * passes of one list share their de-duplication (two interleaved passes may see a shifted row twice).
 *
 * @example
 * for await (const conversation of client.conversations.list({ status: 'open' })) console.log(conversation.id);
 */
export class ListPromise<T, P extends Page<T> = Page<T>> implements Promise<P>, AsyncIterable<T> {
  #first: Promise<P> | null = null;
  readonly #load: () => Promise<P>;
  readonly #pass: ((iterating: boolean) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  /**
   * `pass(true)` runs when a pass over the pages starts (`pages()`, `for await`, `toArray()`): only then
   * may the walk fetch pages ahead. `pass(false)` runs when it ends, however it ends: the walk aborts
   * what it still has in flight.
   */
  constructor(load: () => Promise<P>, pass?: (iterating: boolean) => void, signal?: AbortSignal) {
    this.#load = load;
    this.#pass = pass;
    this.#signal = signal;
  }

  // The first page is kept once it arrived; a failed first page is not, so awaiting again retries.
  #start(): Promise<P> {
    if (!this.#first) {
      const first = this.#load();
      this.#first = first;
      first.catch(() => {
        if (this.#first === first) this.#first = null;
      });
    }
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a ListPromise is awaitable by design
  then<A = P, B = never>(
    onFulfilled?: ((page: P) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#start().then(onFulfilled, onRejected);
  }
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<P | B> {
    return this.#start().catch(onRejected);
  }
  finally(onFinally?: (() => void) | null): Promise<P> {
    return this.#start().finally(onFinally);
  }
  /** `[object ListPromise]`, for `Object.prototype.toString` and debuggers. */
  readonly [Symbol.toStringTag] = 'ListPromise';

  /** Every page, in order. Breaking out of the loop aborts the pages still fetched ahead. */
  async *pages(): AsyncGenerator<P> {
    this.#pass?.(true);
    try {
      let page: Page<T> = await this.#start();
      yield page as P;
      while (page.hasNextPage()) {
        page = await page.nextPage();
        yield page as P;
      }
    } finally {
      this.#pass?.(false);
    }
  }

  /**
   * Every item of every page, in order: `for await (const item of list)`. Leaving the loop early aborts the pages
   * still fetched ahead.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const signal = this.#signal;
    for await (const page of this.pages()) {
      // An abort ends the loop at the next item, not after the rest of the page already in hand.
      for (const item of page.items) {
        if (signal?.aborted) throw abortError(signal);
        yield item;
      }
    }
  }

  /** Every item in one array; `max` stops early. */
  async toArray(options?: { max?: number }): Promise<T[]> {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new ConfigurationError('toArray: options must be an object, { max? }');
    }
    const max = options?.max ?? Number.POSITIVE_INFINITY;
    if (!(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 0))) {
      throw new ConfigurationError('toArray: max must be a whole number ≥ 0');
    }
    const out: T[] = [];
    if (max <= 0) return out;
    // Page by page: a per-item async iteration would cost a promise turn per item.
    for await (const page of this.pages()) {
      out.push(...page.items.slice(0, max - out.length));
      if (out.length >= max) break;
    }
    return out;
  }
}
