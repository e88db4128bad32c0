import type { Json, PageData, Paginator, ProviderContext } from '../providers/provider.js';
import { base64url, fromBase64url } from './base64url.js';
import { ConfigurationError } from './errors.js';

/** Everything one walk shares across its pages. */
export interface WalkOptions<T, S extends Json> {
  paginator: Paginator<T, never, S>;
  ctx: ProviderContext;
  /** Applied on the client to every item (filters the server cannot apply). */
  filter: ((item: T) => boolean) | null;
  /** Turns the state of a page into the opaque cursor that resumes this walk there. */
  encode: (state: S) => string;
  /** Offset walks: how many later pages may be in flight at once. */
  lookAhead: number;
}

/** One walk: the ids it has yielded and, for offset walks, the pages fetched ahead. */
class Walk<T, S extends Json> {
  // The ids yielded so far, in the order they were first yielded, and for each page depth (1 = first
  // page) how many had been yielded before it. A page fetched again, by a second pass over the list or a
  // repeated nextPage(), first forgets what it and the pages after it had yielded: those ids are the
  // newest entries of the set. A Set of ids and a number per page keep a long walk's memory small.
  readonly #seen = new Set<string>();
  readonly #before: number[] = [];
  readonly #ahead = new Map<number, Promise<PageData<T, S>>>();
  constructor(readonly o: WalkOptions<T, S>) {}

  /**
   * Fetches the page `state` names, `depth` pages into the walk. `bound` is the last page number the
   * previous response reported.
   */
  async page(state: S, bound: number | null, depth: number): Promise<Page<T>> {
    const { paginator } = this.o;
    // A page fetched again (a second pass, a repeated nextPage()) starts over from fresh answers: pages
    // fetched ahead for the earlier pass may be stale by now.
    if (depth <= this.#before.length) this.#ahead.clear();
    const fetching = this.#fetch(state);
    const ahead = paginator.kind === 'offset' && bound !== null;
    if (ahead) this.#fetchAhead(state, bound);
    const data = await fetching;
    if (ahead) this.#fetchAhead(state, data.totalPages ?? 0);
    const items = this.#fresh(data.items, depth);
    const next = data.next;
    const cursor = next === null ? null : this.o.encode(next);
    const last = data.totalPages ?? null;
    const nextPage = next === null ? null : () => this.page(next, last, depth + 1);
    if (paginator.kind === 'offset') {
      const { page, limit } = state as unknown as { page: number; limit: number };
      return new OffsetPage(items, cursor, nextPage, {
        page,
        limit,
        total: data.total ?? 0,
        totalPages: data.totalPages ?? 0,
      });
    }
    return new CursorPage(items, cursor, nextPage, data.before ?? null);
  }

  /** The items not yielded by an earlier page of this pass, that pass the client-side filter. */
  #fresh(items: T[], depth: number): T[] {
    const { key } = this.o.paginator;
    if (depth <= this.#before.length) {
      const keep = this.#before[depth - 1] as number;
      let index = 0;
      for (const id of this.#seen) if (index++ >= keep) this.#seen.delete(id);
      this.#before.length = depth - 1;
    }
    this.#before.push(this.#seen.size);
    return items.filter((item) => {
      if (key) {
        const id = key(item);
        if (this.#seen.has(id)) return false;
        this.#seen.add(id);
      }
      return this.o.filter ? this.o.filter(item) : true;
    });
  }

  #fetch(state: S): Promise<PageData<T, S>> {
    const pageNo = (state as { page?: number }).page;
    const ahead = pageNo === undefined ? undefined : this.#ahead.get(pageNo);
    if (ahead) {
      this.#ahead.delete(pageNo as number);
      return ahead;
    }
    return this.o.paginator.fetch(this.o.ctx, state);
  }

  // Offset pages are addressable, so once a walk goes past its first page, p+1 … p+lookAhead are in
  // flight while page p is. The bound comes from the newest response, since totals change.
  #fetchAhead(state: S, last: number): void {
    const { page } = state as unknown as { page: number };
    for (let p = page + 1; p <= Math.min(last, page + this.o.lookAhead); p++) {
      if (this.#ahead.has(p)) continue;
      const pending = this.o.paginator.fetch(this.o.ctx, { ...(state as object), page: p } as unknown as S);
      pending.catch(() => undefined); // surfaced when the page is reached, not as an unhandled rejection
      this.#ahead.set(p, pending);
    }
  }
}

/** One page of a list. */
export class Page<T> {
  // Held only while in flight, so concurrent calls share the request; a page that kept its next page
  // would keep every page of a long walk alive.
  #pending: Promise<Page<T>> | null = null;
  readonly #fetchNext: (() => Promise<Page<T>>) | null;
  constructor(
    readonly items: readonly T[],
    /** Opaque, JSON-safe token for the next page; null at the end. */
    readonly cursor: string | null,
    fetchNext: (() => Promise<Page<T>>) | null,
  ) {
    this.#fetchNext = fetchNext;
  }

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

export interface OffsetInfo {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

/** A page of an offset list (G-Tateth): where it is and how many there are, as of this response. */
export class OffsetPage<T> extends Page<T> {
  readonly page: number;
  readonly limit: number;
  readonly total: number;
  readonly totalPages: number;
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
  constructor(load: () => Promise<P>) {
    this.#load = load;
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
  readonly [Symbol.toStringTag] = 'ListPromise';

  /** Every page, in order. */
  async *pages(): AsyncGenerator<P> {
    let page: Page<T> = await this.#start();
    yield page as P;
    while (page.hasNextPage()) {
      page = await page.nextPage();
      yield page as P;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item in one array; `max` stops early. */
  async toArray(options: { max?: number } = {}): Promise<T[]> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
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

interface CursorToken {
  v: 1;
  /** provider/operation the walk belongs to */
  o: string;
  s: Json;
  /** client-side filter params */
  f?: Json;
}

export function encodeCursor(owner: string, state: Json, filters: Json | undefined): string {
  const token: CursorToken = { v: 1, o: owner, s: state, ...(filters === undefined ? {} : { f: filters }) };
  return base64url(new TextEncoder().encode(JSON.stringify(token)));
}

/** Reads a cursor back; refuses one made by another provider or list. */
export function decodeCursor(owner: string, cursor: string): { state: Json; filters: Json | undefined } {
  let token: CursorToken;
  try {
    token = JSON.parse(new TextDecoder().decode(fromBase64url(cursor)));
  } catch {
    throw new ConfigurationError('Invalid cursor');
  }
  if (token?.v !== 1 || token.o !== owner) throw new ConfigurationError(`Cursor does not belong to ${owner}`);
  return { state: token.s, filters: token.f };
}

/** Starts a walk (from params, or from a cursor) and returns its ListPromise. */
export function walk<T, S extends Json, P extends Page<T> = Page<T>>(
  options: WalkOptions<T, S>,
  state: S,
): ListPromise<T, P> {
  const w = new Walk(options);
  return new ListPromise<T, P>(() => w.page(state, null, 1) as Promise<P>);
}
