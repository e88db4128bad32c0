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
  static readonly [BRAND]: string = 'ConversationsError';

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

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** Bad options; thrown synchronously at construction. */
export class ConfigurationError extends ConversationsError {
  static override readonly [BRAND]: string = 'ConfigurationError';
}

/** The provider lacks the operation; no request was sent. */
export class UnsupportedOperationError extends ConversationsError {
  static override readonly [BRAND]: string = 'UnsupportedOperationError';
  readonly operation: string;
  readonly provider: string;
  constructor(operation: string, provider: string) {
    super(`${provider} does not support ${operation}`);
    this.operation = operation;
    this.provider = provider;
  }
}

export interface ApiErrorInit {
  status: number;
  code: string | null;
  message: string;
  requestId: string | null;
  rateLimit?: RateLimitInfo | null;
  body?: string | null;
  /** Response headers, credential-bearing ones already removed. */
  headers?: Record<string, string> | null;
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
  static override readonly [BRAND]: string = 'ApiError';
  readonly status: number;
  /** The server's error code verbatim, or null. */
  readonly code: string | null;
  readonly requestId: string | null;
  readonly rateLimit: RateLimitInfo | null;
  /** The start of the response body, for diagnostics. */
  readonly body: string | null;
  /** The response headers, lower-case names, without any that carry a credential. */
  readonly headers: Record<string, string>;
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

export class BadRequestError extends ApiError {
  static override readonly [BRAND]: string = 'BadRequestError';
}
export class AuthenticationError extends ApiError {
  static override readonly [BRAND]: string = 'AuthenticationError';
}
export class PermissionDeniedError extends ApiError {
  static override readonly [BRAND]: string = 'PermissionDeniedError';
}
export class NotFoundError extends ApiError {
  static override readonly [BRAND]: string = 'NotFoundError';
}
export class ConflictError extends ApiError {
  static override readonly [BRAND]: string = 'ConflictError';
}
/** A 422: validation, as some servers answer it (G-Tateth says to treat it like a 400), so it is a `BadRequestError`. */
export class UnprocessableEntityError extends BadRequestError {
  static override readonly [BRAND]: string = 'UnprocessableEntityError';
}
export class ServerError extends ApiError {
  static override readonly [BRAND]: string = 'ServerError';
}

export class RateLimitError extends ApiError {
  static override readonly [BRAND]: string = 'RateLimitError';
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | null;
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** The request never got a response: DNS, refused or dropped connection. */
export class ConnectionError extends ConversationsError {
  static override readonly [BRAND]: string = 'ConnectionError';
}

/** An attempt took longer than the client's `timeout`. */
export class TimeoutError extends ConversationsError {
  static override readonly [BRAND]: string = 'TimeoutError';
}

/**
 * A write made on a precondition (the state the caller last read) was not made: the server refused it
 * because the conversation had changed since, and reading it back showed someone else's change.
 */
export class PreconditionFailedError extends ConversationsError {
  static override readonly [BRAND]: string = 'PreconditionFailedError';
}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends ConversationsError {
  static override readonly [BRAND]: string = 'AbortError';
}

export interface ValidationIssue {
  /** Where in the body, e.g. `data[3].createdAt`. */
  path: string;
  message: string;
}

/** A response body did not match the provider's wire schema. */
export class ResponseValidationError extends ConversationsError {
  static override readonly [BRAND]: string = 'ResponseValidationError';
  readonly issues: ValidationIssue[];
  readonly requestId: string | null;
  readonly body: string | null;
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
