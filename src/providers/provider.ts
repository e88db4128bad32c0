import type { RateLimitInfo } from '../core/errors.js';
import type { Pace } from '../core/rate-gate.js';
import type { Schema } from '../core/schema.js';
import type {
  Conversation,
  ConversationCreateInput,
  ConversationListParams,
  ConversationPatch,
  ConversationRef,
  Inbox,
  Message,
  MessageListParams,
  ProviderName,
  SendMessageInput,
  User,
} from '../model/types.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One HTTP request, described; the core sends it, retries it and validates the answer. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the provider's base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /**
   * Whether sending it twice has the effect of sending it once. Idempotent requests are retried on
   * connection errors, timeouts, 408 and 5xx; others only on 429.
   */
  idempotent: boolean;
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

/** What an operation may do: send requests. Nothing else reaches the network. */
export interface ProviderContext {
  request<T>(spec: RequestSpec<T>): Promise<T>;
  /** The client's clock (ms since the epoch). */
  now(): number;
  /** Report a condition the caller should know about without failing the call. */
  warn(warning: Warning): void;
}

/** Something worth knowing that did not fail the call, e.g. a tie group too large to page through. */
export interface Warning {
  type: string;
  message: string;
  [detail: string]: unknown;
}

/** The normalised parts of an error body. */
export interface ErrorDetails {
  code: string | null;
  message: string | null;
  requestId?: string | null;
  /** A wait the body asks for, in ms. */
  retryAfterMs?: number | null;
}

export interface Auth {
  /** Headers that authenticate one attempt. Called before every attempt, so tokens can rotate. */
  headers(ctx: ProviderContext): Promise<Record<string, string>> | Record<string, string>;
  /**
   * Called once on a 401 with the headers that were refused. Resolve `true` to have the request sent
   * once more with fresh headers. Concurrent callers must share one refresh.
   */
  refresh?(ctx: ProviderContext, refused: Record<string, string>): Promise<boolean>;
}

/** How a provider talks HTTP, declared; the core's transport does the talking. */
export interface HttpConfig {
  baseUrl: string;
  auth: Auth;
  /** Normalise any error body (parsed JSON, or the raw text when it is not JSON). */
  parseError(status: number, body: unknown, headers: Headers): ErrorDetails;
  /** Rate-limit state from response headers, where the API sends it. */
  rateLimit?(headers: Headers): RateLimitInfo | null;
  /** Response header that carries the request id. */
  requestIdHeader?: string;
  /** A documented request budget the client keeps to by default. */
  pace?: Pace;
}

/** A page as a provider fetched it: mapped items and the state of the next page, or null at the end. */
export interface PageData<T, S> {
  items: T[];
  next: S | null;
  /** Offset providers: set from each response. */
  total?: number;
  totalPages?: number;
  /** Date-cursor providers: the exclusive upper bound this page was fetched with. */
  before?: string | null;
}

/**
 * Describes a list: its first state from params, and how to fetch the page a state names. States are
 * JSON-safe so a page's cursor can resume the walk in another process.
 */
export interface Paginator<T, P, S extends Json = Json> {
  /** `offset` states are `{ page, ... }` and may be fetched ahead of time. */
  kind: 'offset' | 'cursor';
  start(params: P): S;
  fetch(ctx: ProviderContext, state: S): Promise<PageData<T, S>>;
  /** Items with these ids are the same item; a walk yields each id once. */
  key?(item: T): string;
}

/** An offset paginator's state: the core advances `page` itself to fetch ahead. */
export type OffsetState = { page: number; limit: number } & { [key: string]: Json };

export interface Operations {
  'conversations.list': Paginator<Conversation, ConversationListParams>;
  'conversations.get': (ctx: ProviderContext, id: string) => Promise<Conversation>;
  'conversations.create': (ctx: ProviderContext, input: ConversationCreateInput) => Promise<Conversation>;
  'conversations.update': (
    ctx: ProviderContext,
    ref: ConversationRef,
    patch: ConversationPatch,
  ) => Promise<Conversation>;
  'conversations.assign': (ctx: ProviderContext, ref: ConversationRef, userId: string | null) => Promise<void>;
  'conversations.close': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  'conversations.reopen': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  'conversations.transfer': (ctx: ProviderContext, ref: ConversationRef, inboxId: string) => Promise<void>;
  'conversations.markRead': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  'conversations.markUnread': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  'conversations.delete': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  'messages.list': Paginator<Message, { ref: ConversationRef } & MessageListParams>;
  'messages.send': (ctx: ProviderContext, ref: ConversationRef, input: SendMessageInput) => Promise<Message>;
  'inboxes.list': Paginator<Inbox, Record<string, never>>;
  'users.list': Paginator<User, Record<string, never>>;
}

export type Capability = keyof Operations;

/** Filters of `conversations.list` that a provider can apply on the server. */
export type ListFilter = Exclude<keyof ConversationListParams, 'limit' | 'page' | 'before' | 'cursor'>;

/** How a provider pages its conversation list: by page number, or by a cursor. */
export type ListKind = Paginator<unknown, never>['kind'];

/**
 * A provider: what it can do, how it talks HTTP, and its operations. The capability list and the kind
 * of its conversation list are type parameters, so a client built with it rejects missing operations at
 * compile time and types its pages exactly.
 */
export interface Provider<out C extends Capability = Capability, out L extends ListKind = ListKind, out R = unknown> {
  readonly name: ProviderName;
  readonly capabilities: readonly C[];
  readonly http: HttpConfig;
  /** Filters applied by the server; the core applies every other filter on the client. */
  readonly serverFilters: readonly ListFilter[];
  /** Typed loosely so a provider with fewer operations still passes where any provider is accepted. */
  readonly operations: Partial<Operations>;
  /** Type-level only: how `conversations.list` pages. */
  readonly listKind?: L;
  /** Type-level only: the validated wire object a `Conversation`'s `raw` holds. */
  readonly rawConversation?: R;
}

type ListKindOf<O> = O extends { 'conversations.list': { kind: infer K extends ListKind } } ? K : ListKind;
// A provider's conversations all come from one mapping, so the wire type of `get` is that of every call.
type RawOf<O> = O extends { 'conversations.get': (...args: never[]) => Promise<Conversation<infer R>> } ? R : unknown;

/**
 * Builds a provider. Its capabilities are the operations it defines, as a literal type, so a client
 * built with it rejects the missing ones at compile time.
 */
export function defineProvider<const O extends Partial<Operations>>(
  provider: Omit<Provider, 'capabilities' | 'operations' | 'listKind' | 'rawConversation'> & {
    operations: O & Partial<Operations>;
  },
): Provider<keyof O & Capability, ListKindOf<O>, RawOf<O>> {
  return { ...provider, capabilities: Object.keys(provider.operations) as Array<keyof O & Capability> };
}
