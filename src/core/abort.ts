import { AbortError } from './errors.js';

/** The error an aborted call rejects with; the signal's reason is its `cause`. */
export const abortError = (signal: AbortSignal): AbortError =>
  new AbortError('The call was aborted', { cause: signal.reason });

/**
 * `promise`, or an `AbortError` as soon as `signal` aborts, whichever comes first. The race makes an
 * abort prompt even when what is awaited ignores the signal (a custom fetch, a body stream, a clock).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
