import { UnsupportedOperationError } from '../core/errors.js';
import { decodeCursor, encodeCursor, ListPromise, type Page, walk } from '../core/pagination.js';
import type { Capability, Json, Operations, Paginator, Provider, ProviderContext } from '../providers/provider.js';

/** What every resource needs: the provider, a context to send requests, and walk settings. */
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
    return operation as Operations[K];
  }

  /** Runs a promise-returning operation; a missing one rejects instead of throwing. */
  async call<K extends Capability, R>(name: K, run: (operation: Operations[K]) => Promise<R>): Promise<R> {
    return run(this.op(name));
  }

  /**
   * Starts or resumes a walk of a list operation. `filters` are applied on the client and travel in
   * the cursor, so `list({ cursor })` needs nothing else.
   */
  list<T, P>(
    name: Capability,
    params: P & { cursor?: string },
    filter: ((filters: Json) => (item: T) => boolean) | null,
    filters: Json | undefined,
  ): ListPromise<T, Page<T>> {
    // Every failure to start (no such operation, a bad cursor, params the provider refuses) rejects the
    // ListPromise, so one `.catch` or `try { await }` covers them all.
    let paginator: Paginator<T, P>;
    const owner = `${this.provider.name}:${name}`;
    let state: Json;
    let active = filters;
    try {
      paginator = this.op(name) as unknown as Paginator<T, P>;
      if (params.cursor !== undefined) ({ state, filters: active } = decodeCursor(owner, params.cursor));
      else state = paginator.start(params);
    } catch (error) {
      return new ListPromise(() => Promise.reject(error));
    }
    return walk<T, Json>(
      {
        paginator: paginator as unknown as Paginator<T, never, Json>,
        ctx: this.ctx,
        filter: filter && active !== undefined ? filter(active) : null,
        encode: (next) => encodeCursor(owner, next, active),
        lookAhead: this.lookAhead,
      },
      state,
    );
  }
}
