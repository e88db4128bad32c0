/**
 * The client and everything it speaks in: {@link ConversationsClient}, the unified records
 * ({@link Conversation}, {@link Message}, {@link Inbox}, {@link User}), lists and pages, bulk jobs, the
 * error classes, and the types a provider is made of. A client is built with a provider from
 * `conversations-sdk/gtateth`, `conversations-sdk/heymarket` or `conversations-sdk/tether`.
 *
 * @module conversations-sdk
 */
export type {
  BulkAction,
  BulkActions,
  BulkCheckpoint,
  BulkFilter,
  BulkJob,
  BulkJobOptions,
  BulkOptions,
  BulkReassignOptions,
  BulkResult,
  BulkSummary,
  ListingPosition,
} from './bulk/index.js';
export { type ClientOptions, ConversationsClient } from './client.js';
export type { Clock } from './core/clock.js';
export {
  AbortError,
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
  PreconditionFailedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
  UnsupportedOperationError,
  type ValidationIssue,
} from './core/errors.js';
export { CursorPage, ListPromise, type OffsetInfo, OffsetPage, Page } from './core/list.js';
export type { Logger, LogLevel } from './core/log.js';
export type { RawRequest, RawResult } from './core/passthrough.js';
export type { RequestOptions } from './core/request-options.js';
export type { Backoff, RetryInfo, RetryReason } from './core/transport.js';
export type * from './model/types.js';
export type { BulkResource } from './resources/bulk.js';
export type { ConversationsResource } from './resources/conversations.js';
export type { InboxesResource } from './resources/inboxes.js';
export type { MessagesResource } from './resources/messages.js';
export type { Args, ConversationListParamsOf, Method, PageOf, Unsupported } from './resources/method.js';
export type { UsersResource } from './resources/users.js';
export type {
  CursorPaginator,
  DatePageData,
  DatePaginator,
  ListKind,
  OffsetPageData,
  OffsetPaginator,
  OffsetState,
  PageData,
  Paginator,
} from './spec/paginator.js';
export type {
  Auth,
  CapabilitiesOf,
  Capability,
  ConversationListInfo,
  ConversationsPaginator,
  ErrorDetails,
  HttpConfig,
  ListFilter,
  ListKindOf,
  Operations,
  OperationsOf,
  Provider,
  ProviderContext,
  RawOf,
  TieOverflowWarning,
  Warning,
  WriteCondition,
} from './spec/provider.js';
export type { Json, Pace, RateLimitInfo, RequestSpec, Schema } from './spec/request.js';
