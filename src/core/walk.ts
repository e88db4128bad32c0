import type {
  CursorPaginator,
  DatePaginator,
  OffsetPageData,
  OffsetPaginator,
  OffsetState,
} from '../spec/paginator.js';
import type { ProviderContext } from '../spec/provider.js';
import type { Json } from '../spec/request.js';
import { CursorPage, ListPromise, OffsetPage, Page } from './list.js';

/** Everything one walk shares across its pages. */
export interface WalkOptions<T> {
  ctx: ProviderContext;
  /** The context of `ctx`'s call with one more signal, for requests the walk itself may abort. */
  withSignal(signal: AbortSignal): ProviderContext;
  /** Applied on the client to every item (filters the server cannot apply). */
  filter: ((item: T) => boolean) | null;
  /** Turns the state of a page into the opaque cursor that resumes this walk there. */
  encode: (state: Json) => string;
  /** Offset walks: how many later pages may be in flight at once. */
  lookAhead: number;
  /** The call's own signal: once it aborts, iterating the list stops at the next item. */
  signal: AbortSignal | undefined;
}

/** What every walk keeps: the ids it has yielded, so that each is yielded once per pass. */
class Walk<T> {
  // The ids yielded so far, in the order they were first yielded, and for each page depth (1 = first
  // page) how many had been yielded before it. A page fetched again, by a second pass over the list or a
  // repeated nextPage(), first forgets what it and the pages after it had yielded: those ids are the
  // newest entries of the set. A Set of ids and a number per page keep a long walk's memory small.
  readonly #seen = new Set<string>();
  readonly #before: number[] = [];
  constructor(
    readonly o: WalkOptions<T>,
    readonly key: ((item: T) => string) | undefined,
  ) {}

  /** Whether this page was fetched before in the walk (a second pass, a repeated nextPage()). */
  protected again(depth: number): boolean {
    return depth <= this.#before.length;
  }

  /** The items not yielded by an earlier page of this pass, that pass the client-side filter. */
  protected fresh(items: T[], depth: number): T[] {
    const { key } = this;
    if (this.again(depth)) {
      const keep = this.#before[depth - 1] ?? 0;
      let index = 0;
      for (const id of this.#seen) if (index++ >= keep) this.#seen.delete(id);
      this.#before.length = depth - 1;
    }
    this.#before.push(this.#seen.size);
    const { filter } = this.o;
    return items.filter((item) => {
      if (key) {
        const id = key(item);
        if (this.#seen.has(id)) return false;
        this.#seen.add(id);
      }
      return filter ? filter(item) : true;
    });
  }

  protected cursorOf(next: Json | null): string | null {
    return next === null ? null : this.o.encode(next);
  }
}

/** A walk of numbered pages: later pages are fetched ahead while earlier ones are consumed. */
class OffsetWalk<T> extends Walk<T> {
  readonly #ahead = new Map<number, Promise<OffsetPageData<T, OffsetState>>>();
  /** Ends the requests of the current pass; a new pass gets a new one. */
  #pass: AbortController | null = null;
  /** A pass over the pages is running: pages are fetched ahead only then, never for a lone `nextPage()`. */
  #iterating = false;
  #ctx: ProviderContext | null = null;
  constructor(
    readonly paginator: OffsetPaginator<T, never>,
    o: WalkOptions<T>,
  ) {
    super(o, paginator.key);
  }

  /**
   * Fetches the page `state` names, `depth` pages into the walk. `bound` is the last page number the
   * previous response reported.
   */
  async page(state: OffsetState, bound: number | null, depth: number): Promise<OffsetPage<T>> {
    // A page fetched again starts over from fresh answers: pages fetched ahead for the earlier pass may
    // be stale by now.
    if (this.again(depth)) this.#ahead.clear();
    const fetching = this.#fetch(state);
    const ahead = bound !== null && this.#iterating;
    if (ahead) this.#fetchAhead(state, bound);
    const data = await fetching;
    if (ahead) this.#fetchAhead(state, data.totalPages);
    const items = this.fresh(data.items, depth);
    const { next, total, totalPages } = data;
    const nextPage = next === null ? null : () => this.page(next, totalPages, depth + 1);
    return new OffsetPage(items, this.cursorOf(next), nextPage, {
      page: state.page,
      limit: state.limit,
      total,
      totalPages,
    });
  }

  /**
   * A pass started, or stopped (the caller broke out of it, it reached its `max`, or it failed): then
   * the pages fetched ahead that are still in flight are aborted, so they spend no more of the rate budget.
   */
  iterate(on: boolean): void {
    this.#iterating = on;
    if (on) return;
    this.#pass?.abort();
    this.#pass = null;
    this.#ctx = null;
    this.#ahead.clear();
  }

  #context(): ProviderContext {
    if (!this.#ctx) {
      this.#pass = new AbortController();
      this.#ctx = this.o.withSignal(this.#pass.signal);
    }
    return this.#ctx;
  }

  #fetch(state: OffsetState): Promise<OffsetPageData<T, OffsetState>> {
    const ahead = this.#ahead.get(state.page);
    if (ahead) {
      this.#ahead.delete(state.page);
      return ahead;
    }
    return this.paginator.fetch(this.#context(), state);
  }

  // Offset pages are addressable, so once a pass goes past its first page, p+1 … p+lookAhead are in
  // flight while page p is. The bound comes from the newest response, since totals change.
  #fetchAhead(state: OffsetState, last: number): void {
    for (let p = state.page + 1; p <= Math.min(last, state.page + this.o.lookAhead); p++) {
      if (this.#ahead.has(p)) continue;
      const pending = this.paginator.fetch(this.#context(), { ...state, page: p });
      pending.catch(() => undefined); // surfaced when the page is reached, not as an unhandled rejection
      this.#ahead.set(p, pending);
    }
  }
}

/** A walk where each page names the next: one page at a time. */
class SequentialWalk<T> extends Walk<T> {
  constructor(
    readonly paginator: DatePaginator<T, never> | CursorPaginator<T, never>,
    o: WalkOptions<T>,
  ) {
    super(o, paginator.key);
  }

  async page(state: Json, depth: number): Promise<Page<T>> {
    const { paginator } = this;
    const more = (next: Json | null) => (next === null ? null : () => this.page(next, depth + 1));
    if (paginator.kind === 'date') {
      const data = await paginator.fetch(this.o.ctx, state);
      const items = this.fresh(data.items, depth);
      return new CursorPage(items, this.cursorOf(data.next), more(data.next), data.before);
    }
    const data = await paginator.fetch(this.o.ctx, state);
    return new Page(this.fresh(data.items, depth), this.cursorOf(data.next), more(data.next));
  }
}

/** Starts an offset walk at `state`. */
export function offsetWalk<T>(paginator: OffsetPaginator<T, never>, state: OffsetState, o: WalkOptions<T>) {
  const w = new OffsetWalk(paginator, o);
  return new ListPromise<T, Page<T>>(
    () => w.page(state, null, 1),
    (on) => w.iterate(on),
    o.signal,
  );
}

/** Starts a date-cursor or cursor walk at `state`. */
export function sequentialWalk<T>(
  paginator: DatePaginator<T, never> | CursorPaginator<T, never>,
  state: Json,
  o: WalkOptions<T>,
) {
  const w = new SequentialWalk(paginator, o);
  return new ListPromise<T, Page<T>>(() => w.page(state, 1), undefined, o.signal);
}
