export { type ClientOptions, ConversationsClient } from './client.js';
export type { Clock } from './core/clock.js';
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  ConversationsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RateLimitInfo,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
  UnsupportedOperationError,
  type ValidationIssue,
} from './core/errors.js';
export { CursorPage, ListPromise, type OffsetInfo, OffsetPage, Page } from './core/pagination.js';
export type { Pace } from './core/rate-gate.js';
export type { Schema } from './core/schema.js';
export type { Backoff, RetryInfo, RetryReason } from './core/transport.js';
export type * from './model/types.js';
export type {
  Auth,
  Capability,
  ErrorDetails,
  HttpConfig,
  Json,
  ListFilter,
  ListKind,
  OffsetState,
  Operations,
  PageData,
  Paginator,
  Provider,
  ProviderContext,
  RequestSpec,
  Warning,
} from './providers/provider.js';
export type { ConversationsResource, Method, PageOf } from './resources/conversations.js';
export type { InboxesResource } from './resources/inboxes.js';
export type { MessagesResource } from './resources/messages.js';
export type { UsersResource } from './resources/users.js';
