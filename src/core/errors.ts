import type { RateLimitInfo } from '../spec/request.js';

/**
 * The key of each error class's brand: its name, shared through the global symbol registry, so the ESM
 * and the CJS build of this package (or two copies of it) recognise each other's errors.
 */
const BRAND = Symbol.for('conversations-sdk.error');

type Branded = { [BRAND]: string };

/**
 * Whether a class on the value's prototype chain carries the brand of `Class`, whichever copy of the
 * package made it. A class without a brand of its own (one a user derives) gets the ordinary check.
 */
function isBranded(Class: Branded, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(Class, value) || !Object.hasOwn(Class, BRAND)) {
    return Function.prototype[Symbol.hasInstance].call(Class, value);
  }
  for (let proto = Object(value) === value ? Object.getPrototypeOf(value) : null; proto; ) {
    const owner = proto.constructor;
    if (Object.hasOwn(proto, 'constructor') && Object.hasOwn(owner, BRAND) && owner[BRAND] === Class[BRAND]) {
      return true;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/** Base of every error this SDK throws. */
export class ConversationsError extends Error {
  /**
   * The class's brand: the name `instanceof` matches across copies of the package.
   * @internal
   */
  static readonly [BRAND]: string = 'ConversationsError';

  /** `options.cause` is kept as the error's `cause`. */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // The brand, not `constructor.name`: minifiers rename classes, so that would not survive a bundle.
    this.name = new.target[BRAND];
  }

  /** `instanceof` by brand, so errors of the ESM and the CJS build match the classes of either. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass included
    return isBranded(this, value);
  }

  /**
   * The error as a plain object for `JSON.stringify` and loggers: its own fields (status, code, request id, ...)
   * with `name` and `message`, which `Error` would leave out.
   */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** Bad options; thrown synchronously at construction. */
export class ConfigurationError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'ConfigurationError';
}

/** The provider lacks the operation; no request was sent. */
export class UnsupportedOperationError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'UnsupportedOperationError';
  /** The operation that was called, e.g. `conversations.transfer`. */
  readonly operation: string;
  /** The provider that lacks it, e.g. `tether`. */
  readonly provider: string;
  /** The message names both: `<provider> does not support <operation>`. */
  constructor(operation: string, provider: string) {
    super(`${provider} does not support ${operation}`);
    this.operation = operation;
    this.provider = provider;
  }
}

/** What an {@link ApiError} is made from: the parts of a failed response. */
export interface ApiErrorInit {
  /** The HTTP status (the success status for a failure envelope, 0 for a redirect the runtime hides). */
  status: number;
  /** The server's error code verbatim, or `null` when the body had none. */
  code: string | null;
  /** The error message: the server's, else the status text. */
  message: string;
  /** The request id the server sent (body or header), or `null`. */
  requestId: string | null;
  /** The rate-limit state the response reported, if any. */
  rateLimit?: RateLimitInfo | null;
  /** The response body as text; the error keeps its first 500 characters. */
  body?: string | null;
  /** Response headers, credential-bearing ones already removed. */
  headers?: Record<string, string> | null;
  /** How long the server asked to wait before retrying, in ms; kept by {@link RateLimitError}. */
  retryAfterMs?: number | null;
}

/** How much of a body an error keeps. */
export const EXCERPT = 500;

/**
 * The server's answer is a failure: an error status; a success status whose body is the API's failure
 * envelope (`status` is then the success status, `code` and the message the server's); a redirect that
 * is not followed (another origin, more than five, or one the runtime hides: `status` 0); or a success
 * body over the client's `maxResponseBytes`.
 */
export class ApiError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'ApiError';
  /** The HTTP status of the answer (see the class description for the cases where it is not an error status). */
  readonly status: number;
  /** The server's error code verbatim, or null. */
  readonly code: string | null;
  /**
   * The request id the server sent, in the body or the provider's request-id header; quote it to the vendor's support.
   */
  readonly requestId: string | null;
  /** The rate-limit state the response reported, where the API sends it (G-Tateth's `X-RateLimit-*` headers). */
  readonly rateLimit: RateLimitInfo | null;
  /** The start of the response body, for diagnostics. */
  readonly body: string | null;
  /** The response headers, lower-case names, without any that carry a credential. */
  readonly headers: Record<string, string>;
  /** The SDK builds these from a response; tests and custom fetches may build their own from `init`. */
  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.rateLimit = init.rateLimit ?? null;
    this.body = init.body == null ? null : init.body.slice(0, EXCERPT);
    this.headers = init.headers ?? {};
  }
}

/** A 400 (or a 422, as {@link UnprocessableEntityError}): the server refused the request's parameters or body. */
export class BadRequestError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'BadRequestError';
}
/**
 * A 401: the credential is missing, wrong or expired. Where the provider can renew it (Heymarket's JWTs,
 * Tether's login) this is thrown only after one renewal and resend failed too.
 */
export class AuthenticationError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'AuthenticationError';
}
/** A 403: the credential is valid but lacks access (a permission, a role, or inbox membership). */
export class PermissionDeniedError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'PermissionDeniedError';
}
/** A 404: no such record (or route). A delete whose earlier attempt already took effect succeeds instead. */
export class NotFoundError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'NotFoundError';
}
/** A 409: the request conflicts with the record's current state. */
export class ConflictError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'ConflictError';
}
/** A 422: validation, as some servers answer it (G-Tateth says to treat it like a 400), so it is a `BadRequestError`. */
export class UnprocessableEntityError extends BadRequestError {
  /** @internal */
  static override readonly [BRAND]: string = 'UnprocessableEntityError';
}
/** A 5xx: the server failed. Requests safe to repeat were retried first (except after a 501 or a 505). */
export class ServerError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'ServerError';
}

/** A 429 that outlasted the retries, or one whose requested wait is longer than the client's `maxRetryAfter`. */
export class RateLimitError extends ApiError {
  /** @internal */
  static override readonly [BRAND]: string = 'RateLimitError';
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | null;
  /** As {@link ApiError}'s; `init.retryAfterMs` becomes {@link RateLimitError.retryAfterMs}. */
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** The request never got a response: DNS, refused or dropped connection. */
export class ConnectionError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'ConnectionError';
}

/** An attempt took longer than the client's `timeout`. */
export class TimeoutError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'TimeoutError';
}

/**
 * A write made on a precondition (the state the caller last read) was not made: the server refused it
 * because the conversation had changed since, and reading it back showed someone else's change.
 */
export class PreconditionFailedError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'PreconditionFailedError';
}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'AbortError';
}

/** One way a response body failed its schema, as {@link ResponseValidationError.issues} lists them. */
export interface ValidationIssue {
  /** Where in the body, e.g. `data[3].createdAt`. */
  path: string;
  /** What was wrong there, e.g. `Invalid timestamp`. */
  message: string;
}

/** A response body did not match the provider's wire schema. */
export class ResponseValidationError extends ConversationsError {
  /** @internal */
  static override readonly [BRAND]: string = 'ResponseValidationError';
  /** Every mismatch found, first one first (the message names the first). */
  readonly issues: ValidationIssue[];
  /** The request id the server sent with the body, or `null`. */
  readonly requestId: string | null;
  /** The start of the body that failed (500 characters, credentials cut out), for diagnostics; `null` for a login. */
  readonly body: string | null;
  /** The message names the first issue; `body` is cut to its first 500 characters. */
  constructor(issues: ValidationIssue[], requestId: string | null, body: string | null) {
    const first = issues[0];
    super(`Response did not match the expected shape${first ? ` at ${first.path || '(root)'}: ${first.message}` : ''}`);
    this.issues = issues;
    this.requestId = requestId;
    this.body = body == null ? null : body.slice(0, EXCERPT);
  }
}

const byStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class for an HTTP status. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  const Class = byStatus[init.status] ?? (init.status >= 500 ? ServerError : ApiError);
  return new Class(init);
}
