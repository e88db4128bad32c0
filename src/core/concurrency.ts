/**
 * Maps `items` with at most `limit` calls of `fn` in flight, keeping the order of `items` in the result.
 * The first failure rejects the whole map once the calls under way have settled (so none of its requests
 * is still queued or in flight); calls not started by then are not started.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const failed: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (!failed.length && next < items.length) {
      const index = next++;
      try {
        out[index] = await fn(items[index] as T);
      } catch (error) {
        failed.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed.length) throw failed[0];
  return out;
}

/**
 * Shares one run of `fn` among its concurrent callers: while a run is in flight, calls join it (their
 * arguments unused); once it settles, the next call starts a new one.
 */
export function singleFlight<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let pending: Promise<T> | null = null;
  return (...args) => {
    pending ??= fn(...args).finally(() => {
      pending = null;
    });
    return pending;
  };
}
