import type { Paginator } from '../spec/paginator.js';
import type { Capability, Operations, Provider, ProviderContext } from '../spec/provider.js';
import type { Json, Schema } from '../spec/request.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { UnsupportedOperationError } from './errors.js';
import { type ClientFilters, clientFiltersSchema } from './filters.js';
import { ListPromise, type Page } from './list.js';
import { offsetWalk, sequentialWalk, type WalkOptions } from './walk.js';

/** Filters a list applies on the client: they travel in the cursor, so `list({ cursor })` needs nothing else. */
export interface ClientFiltering<T> {
  /** The filters the server does not apply, of a walk started from params. */
  filters(): ClientFilters | undefined;
  match(filters: ClientFilters): (item: T) => boolean;
}

/** What every resource needs: the provider's operations, a context to send requests, and walk settings. */
export class Runtime {
  constructor(
    readonly provider: Provider,
    readonly ctx: ProviderContext,
    readonly lookAhead: number,
  ) {}

  /** The operation, or an `UnsupportedOperationError` before anything is sent. */
  op<K extends Capability>(name: K): Operations[K] {
    const operation = this.provider.operations[name];
    if (!operation) throw new UnsupportedOperationError(name, this.provider.name);
    return operation;
  }

  /** Runs a promise-returning operation; a missing one rejects instead of throwing. */
  async call<K extends Capability, R>(name: K, run: (operation: Operations[K]) => Promise<R>): Promise<R> {
    return run(this.op(name));
  }

  /**
   * Starts a walk of a list operation from params, or resumes one from `cursor` (its state and filters
   * are checked against this list first).
   */
  list<T, P>(
    name: Capability,
    paginator: () => Paginator<T, P>,
    params: P,
    cursor: string | undefined,
    filtering: ClientFiltering<T> | null,
  ): ListPromise<T, Page<T>> {
    // Every failure to start (no such operation, a bad cursor, params the provider refuses) rejects the
    // ListPromise, so one `.catch` or `try { await }` covers them all.
    try {
      const owner = `${this.provider.name}:${name}`;
      const p = paginator();
      let active = filtering?.filters();
      const begin = <S extends Json>(list: { state: Schema<S>; start(params: P): S }): S => {
        if (cursor === undefined) return list.start(params);
        const decoded = decodeCursor(owner, cursor, { state: list.state, filters: clientFiltersSchema });
        active = decoded.filters;
        return decoded.state;
      };
      // Read after `begin`, which takes the filters a cursor carries.
      const options = (): WalkOptions<T> => ({
        ctx: this.ctx,
        filter: filtering && active !== undefined ? filtering.match(active) : null,
        encode: (next) => encodeCursor(owner, next, active),
        lookAhead: this.lookAhead,
      });
      if (p.kind === 'offset') {
        const state = begin(p);
        return offsetWalk(p, state, options());
      }
      const state = begin(p);
      return sequentialWalk(p, state, options());
    } catch (error) {
      return new ListPromise(() => Promise.reject(error));
    }
  }
}
