import type { RateLimitInfo } from '../spec/request.js';

/** Base of every error this SDK throws. */
export class ConversationsError extends Error {
  // Spelled out: minifiers rename classes, so `constructor.name` would not survive a browser bundle.
  override name = 'ConversationsError';
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** Bad options; thrown synchronously at construction. */
export class ConfigurationError extends ConversationsError {
  override name = 'ConfigurationError';
}

/** The provider lacks the operation; no request was sent. */
export class UnsupportedOperationError extends ConversationsError {
  override name = 'UnsupportedOperationError';
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
  retryAfterMs?: number | null;
}

const EXCERPT = 500;

/** The server answered with an error status. */
export class ApiError extends ConversationsError {
  override name = 'ApiError';
  readonly status: number;
  /** The server's error code verbatim, or null. */
  readonly code: string | null;
  readonly requestId: string | null;
  readonly rateLimit: RateLimitInfo | null;
  /** The start of the response body, for diagnostics. */
  readonly body: string | null;
  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.rateLimit = init.rateLimit ?? null;
    this.body = init.body == null ? null : init.body.slice(0, EXCERPT);
  }
}

export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
/** A 422: validation, as some servers answer it (G-Tateth says to treat it like a 400), so it is a `BadRequestError`. */
export class UnprocessableEntityError extends BadRequestError {
  override name = 'UnprocessableEntityError';
}
export class ServerError extends ApiError {
  override name = 'ServerError';
}

export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | null;
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** The request never got a response: DNS, refused or dropped connection. */
export class ConnectionError extends ConversationsError {
  override name = 'ConnectionError';
}

/** An attempt took longer than the client's `timeout`. */
export class TimeoutError extends ConversationsError {
  override name = 'TimeoutError';
}

export interface ValidationIssue {
  /** Where in the body, e.g. `data[3].createdAt`. */
  path: string;
  message: string;
}

/** A response body did not match the provider's wire schema. */
export class ResponseValidationError extends ConversationsError {
  override name = 'ResponseValidationError';
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
