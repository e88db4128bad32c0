import { ConfigurationError } from './errors.js';

/** Options of one call, the last argument of every resource method and of `client.request`. */
export interface RequestOptions {
  /** Aborts the call: its waits, its attempts and, for a list, every page in flight. */
  signal?: AbortSignal;
  /** Milliseconds per attempt, instead of the client's `timeout`. */
  timeout?: number;
  /** Retries after the first attempt, instead of the client's `maxRetries`. */
  maxRetries?: number;
  /** Extra request headers. They never replace the provider's auth header, `accept` or `content-type`. */
  headers?: Record<string, string>;
}

/**
 * A call's options as the engine inside the SDK may give them: `unsent` stops the call's requests only
 * while they wait to go out (at the rate gate), never once one of them was sent. A bulk job that is told
 * to stop uses it for its writes: a write not yet sent is not started, one on the wire settles.
 */
export interface CallOptions extends RequestOptions {
  unsent?: AbortSignal;
}

/** Timers take a signed 32-bit delay; a longer one fires at once. */
const MAX_DELAY = 2_147_483_647;

/** An integer option from `min` to `max`, or `fallback` when it is not given. */
export function integer(value: number | undefined, name: string, fallback: number, min = 0, max = MAX_DELAY): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks the options of one call; a bad one is a `ConfigurationError` before anything is sent. */
export function checkRequestOptions(options: RequestOptions | undefined): RequestOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new ConfigurationError('request options must be an object: { signal?, timeout?, maxRetries?, headers? }');
  }
  const { signal, timeout, maxRetries, headers } = options ?? {};
  integer(timeout, 'timeout', 0, 1);
  integer(maxRetries, 'maxRetries', 0);
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    throw new ConfigurationError('signal must be an AbortSignal');
  }
  try {
    // Header names and values no request can carry throw here, not at send time.
    if (headers !== undefined) new Headers(headers);
  } catch {
    throw new ConfigurationError('headers must be an object of valid header names and values');
  }
  return options ?? {};
}
