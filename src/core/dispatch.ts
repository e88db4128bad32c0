import type { Paginator } from '../spec/paginator.js';
import type { Capability, Operations, Provider, ProviderContext } from '../spec/provider.js';
import type { Json, Schema } from '../spec/request.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConfigurationError, UnsupportedOperationError } from './errors.js';
import { type ClientFilters, clientFiltersSchema } from './filters.js';
import { checkLimit, checkObject, checkStart } from './input.js';
import { ListPromise, type Page } from './list.js';
import { type CallOptions, checkRequestOptions, type RequestOptions } from './request-options.js';
import { offsetWalk, sequentialWalk, type WalkOptions } from './walk.js';

/** Makes the context of one call: its requests carry the call's options. */
export type ContextFactory = (options: CallOptions) => ProviderContext;

/** Filters a list applies on the client: they travel in the cursor, so `list({ cursor })` needs nothing else. */
export interface ClientFiltering<T> {
  /** The filters the server does not apply, of a walk started from params. */
  filters(): ClientFilters | undefined;
  match(filters: ClientFilters): (item: T) => boolean;
}

/**
 * What every resource needs: the provider's operations, a context to send requests, and walk settings.
 * `with(options)` is the runtime of one call: the same, with a context whose requests carry the options.
 */
export class Runtime {
  readonly ctx: ProviderContext;
  constructor(
    readonly provider: Provider,
    readonly contexts: ContextFactory,
    readonly lookAhead: number,
    readonly options: RequestOptions = {},
  ) {
    this.ctx = contexts(options);
  }

  /** The runtime of one call; bad options are a `ConfigurationError` (thrown here). */
  with(options: RequestOptions | undefined): Runtime {
    if (options === undefined) return this;
    return new Runtime(this.provider, this.contexts, this.lookAhead, checkRequestOptions(options));
  }

  /** This runtime's context with one more signal: the call's requests end when either aborts. */
  #withSignal(signal: AbortSignal): ProviderContext {
    const own = this.options.signal;
    return this.contexts({ ...this.options, signal: own ? AbortSignal.any([own, signal]) : signal });
  }

  /** The operation, or an `UnsupportedOperationError` before anything is sent. */
  op<K extends Capability>(name: K): Operations[K] {
    const operation = this.provider.operations[name];
    if (!operation) throw new UnsupportedOperationError(name, this.provider.name);
    return operation;
  }

  /**
   * Runs a promise-returning operation with the context of a call made with `options`; a missing
   * operation or bad options reject instead of throwing.
   */
  async call<K extends Capability, R>(
    name: K,
    run: (operation: Operations[K], ctx: ProviderContext) => Promise<R>,
    options?: RequestOptions,
  ): Promise<R> {
    const operation = this.op(name);
    return run(operation, this.with(options).ctx);
  }

  /**
   * A list method as callers reach it: its `params` are checked first (absent, or an object that holds
   * no request option), and so is where they start (`page`, `before`: see `checkStart`; `bind` says
   * `starts: false` for a list that always starts at its first page). `bind` makes the operation's params
   * and client-side filtering of them, and the walk starts from those or resumes from the params'
   * `cursor`. Every failure rejects the ListPromise.
   */
  listFrom<T, P>(
    name: Capability,
    paginator: () => Paginator<T, P>,
    params: unknown,
    options: RequestOptions | undefined,
    bind: (params: Record<string, unknown>) => { params: P; filtering?: ClientFiltering<T>; starts?: false },
  ): ListPromise<T, Page<T>> {
    try {
      // A list the provider lacks says so first, whatever the params.
      this.op(name);
      const given = checkObject(params, name, 'params', true);
      const { cursor } = given;
      if (cursor !== undefined && typeof cursor !== 'string') {
        throw new ConfigurationError("cursor must be a string: a page's `cursor`");
      }
      const bound = bind(given);
      const kind = bound.starts === false ? null : paginator().kind;
      checkStart(given, kind, `${this.provider.name} ${name}`);
      return this.list(name, paginator, bound.params, cursor, bound.filtering ?? null, options);
    } catch (error) {
      return new ListPromise(() => Promise.reject(error));
    }
  }

  /**
   * Starts a walk of a list operation from params, or resumes one from `cursor` (its state and filters
   * are checked against this list first, and params given beside it must be the walk's own).
   */
  list<T, P>(
    name: Capability,
    paginator: () => Paginator<T, P>,
    params: P,
    cursor: string | undefined,
    filtering: ClientFiltering<T> | null,
    options?: RequestOptions,
  ): ListPromise<T, Page<T>> {
    // Every failure to start (no such operation, a bad cursor or options, params the provider refuses)
    // rejects the ListPromise, so one `.catch` or `try { await }` covers them all.
    try {
      const rt = this.with(options);
      const owner = `${this.provider.name}:${name}`;
      const p = paginator();
      checkLimit((params as { limit?: unknown }).limit, p.maxLimit, `${this.provider.name} ${name}`);
      let active = filtering?.filters();
      let walked = paramsOf(params);
      const begin = <S extends Json>(list: { state: Schema<S>; start(params: P): S }): S => {
        if (cursor === undefined) return list.start(params);
        const decoded = decodeCursor(owner, cursor, { state: list.state, filters: clientFiltersSchema });
        const own = decoded.params;
        const differ = Object.keys(walked).filter((key) => JSON.stringify(walked[key]) !== JSON.stringify(own[key]));
        if (differ.length > 0)
          throw new ConfigurationError(`Params beside a cursor must be its walk's own: ${differ} differ`);
        walked = own;
        active = decoded.filters;
        return decoded.state;
      };
      // Read after `begin`, which takes the filters a cursor carries.
      const walk = (): WalkOptions<T> => ({
        ctx: rt.ctx,
        withSignal: (signal) => rt.#withSignal(signal),
        filter: filtering && active !== undefined ? filtering.match(active) : null,
        encode: (next) => encodeCursor(owner, next, active, walked),
        lookAhead: this.lookAhead,
        signal: options?.signal,
      });
      if (p.kind === 'offset') {
        const state = begin(p);
        return offsetWalk(p, state, walk());
      }
      const state = begin(p);
      return sequentialWalk(p, state, walk());
    } catch (error) {
      return new ListPromise(() => Promise.reject(error));
    }
  }
}

/** A walk's params as its cursors carry them: JSON (dates as ISO strings), without the cursor, a ref as its id. */
const paramsOf = (params: unknown): Record<string, Json> =>
  JSON.parse(
    JSON.stringify(params, (key, value) =>
      key === 'cursor' ? undefined : key === 'ref' ? (value.id ?? value) : value,
    ),
  );
