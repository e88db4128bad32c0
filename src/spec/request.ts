import type * as z from 'zod/mini';

/** A JSON value: what cursors, states and bodies are made of. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A zod/mini schema whose output is `T`. */
export type Schema<T> = z.ZodMiniType<T, unknown>;

/** Rate-limit state a server reported with a response. */
export interface RateLimitInfo {
  /** The most requests the window allows, or `null` when the server did not say. */
  limit: number | null;
  /** Requests left in the current window, or `null` when the server did not say. */
  remaining: number | null;
  /** When the window resets, ms since the epoch. */
  resetAt: number | null;
}

/** A request budget: at most `limit` requests in any `windowMs`. */
export interface Pace {
  /** The most requests sent in any window of `windowMs`. */
  limit: number;
  /** The window's length, in ms. */
  windowMs: number;
}

/** One HTTP request, described; the core sends it, retries it and validates the answer. */
export interface RequestSpec<T> {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the provider's base URL, starting with `/`. */
  path: string;
  /** Search parameters; `null` and `undefined` values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Whether the request may be sent again after a failure that may have reached the server: sending it
   * twice has the effect of sending it once (reads, POST reads included, and idempotent writes). Such
   * requests are retried on connection errors, timeouts, 408 and 5xx; the others only on 429, which
   * says nothing happened.
   */
  retrySafe: boolean;
  /** Schema of the success body; `null` when no body is expected (it is not read). */
  schema: Schema<T> | null;
  /** `false` for requests that must go without credentials (a login). */
  auth?: boolean;
  /**
   * The request carries credentials in its body (a login): its bodies never appear in an error, and
   * its string fields are cut out of error messages.
   */
  secret?: boolean;
  /**
   * A delete: a 404 after an earlier attempt of the same call was sent means that attempt took
   * effect, so it counts as success.
   */
  goneMeansDone?: boolean;
}
