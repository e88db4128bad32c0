import { ConfigurationError } from './errors.js';

/** A request to any endpoint of the provider's API, for `client.request()`. */
export interface RawRequest {
  /** The HTTP method; a `GET` takes no `body`. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the provider's base URL, starting with `/`, e.g. `/v1/inboxes`. */
  path: string;
  /** Search parameters; `null` and `undefined` values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Whether sending it twice has the effect of sending it once. Default `true`: it is retried on
   * connection errors, timeouts, 408 and 5xx; `false` retries it on 429 only.
   */
  idempotent?: boolean;
}

/** What `client.request()` resolves with, for any success status. */
export interface RawResult {
  /** The success status the server answered with. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** The parsed JSON body; the text when it is not JSON; `null` when there is no body. */
  data: unknown;
}

/** Checks a passthrough request before anything is sent. */
export function checkRawRequest(request: RawRequest): RawRequest {
  const { method, path, body } = request ?? {};
  // A path that names another host (`//host`, a backslash) would send the client's credentials there.
  if (
    !/^(GET|POST|PUT|PATCH|DELETE)$/.test(method) ||
    !/^\/(?![/\\])[^\s\\]*$/.test(path) ||
    (method === 'GET' && body !== undefined)
  ) {
    throw new ConfigurationError(
      "request: method is GET, POST, PUT, PATCH or DELETE (a GET has no body); path starts with a single '/'",
    );
  }
  return request;
}
