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
import type { CursorPaginator, DatePaginator, ListKind, OffsetPaginator, Paginator } from './paginator.js';
import type { Pace, RateLimitInfo, RequestSpec } from './request.js';

/** What an operation may do: send requests. Nothing else reaches the network. */
export interface ProviderContext {
  /**
   * Sends the request through the client's transport (auth, pacing, retries, timeouts) and resolves with the
   * body validated against `spec.schema`; rejects with the SDK's errors.
   */
  request<T>(spec: RequestSpec<T>): Promise<T>;
  /** The client's clock (ms since the epoch). */
  now(): number;
  /** Report a condition the caller should know about without failing the call. */
  warn(warning: Warning): void;
}

/**
 * More rows share one timestamp than the server's largest page holds: the walk yielded what it could
 * reach and stepped past that instant, so other rows of it may have been skipped.
 */
export interface TieOverflowWarning {
  /** Tells this warning from others. */
  type: 'tie-overflow';
  /** The walk that skipped past the instant: a conversation list or a message history. */
  resource: 'conversations' | 'messages';
  /** The warning in words, for a log. */
  message: string;
  /** The time the rows share, as the server sent it. */
  updated: string;
  /** How many of them the walk yielded. */
  yielded: number;
  /** How many rows the page that held only them had. */
  pageSize: number;
}

/** Something worth knowing that did not fail the call; narrow it by `type`. */
export type Warning = TieOverflowWarning;

/** The normalised parts of an error body. */
export interface ErrorDetails {
  /** The server's error code, or `null` when the body has none. */
  code: string | null;
  /** The server's error message, or `null` (the status text is used then). */
  message: string | null;
  /** The request id the body carries, if any; else the response header's is used. */
  requestId?: string | null;
  /** A wait the body asks for, in ms. */
  retryAfterMs?: number | null;
}

/** How a provider authenticates: the headers of each attempt, and optionally how to renew a refused credential. */
export interface Auth {
  /** Headers that authenticate one attempt. Called before every attempt, so tokens can rotate. */
  headers(ctx: ProviderContext): Promise<Record<string, string>> | Record<string, string>;
  /**
   * Renews the credential after the server refused `refused` (the headers one attempt sent). Resolve
   * `true` to have that request sent once more with fresh headers, `false` when renewing cannot help.
   * The core calls it one at a time, and not at all for a request whose headers are older than the
   * last renewal: it is simply sent again.
   */
  refresh?(ctx: ProviderContext, refused: Record<string, string>): Promise<boolean>;
}

/** How a provider talks HTTP, declared; the core's transport does the talking. */
export interface HttpConfig {
  /** The API's origin and base path; request paths are appended to it. */
  baseUrl: string;
  /** How each attempt is authenticated. */
  auth: Auth;
  /** Normalise any error body (parsed JSON, or the raw text when it is not JSON). */
  parseError(status: number, body: unknown, headers: Headers): ErrorDetails;
  /**
   * Recognises the API's failure envelope in a success answer's parsed JSON body: its details make the
   * call fail with an `ApiError` carrying the success status; null for a real success.
   */
  failure?(body: unknown): ErrorDetails | null;
  /** Rate-limit state from response headers, where the API sends it. */
  rateLimit?(headers: Headers): RateLimitInfo | null;
  /** Response header that carries the request id. */
  requestIdHeader?: string;
  /** A documented request budget the client keeps to by default. */
  pace?: Pace;
}

/** Filters of `conversations.list` a provider may apply on the server. */
export type ListFilter = Exclude<keyof ConversationListParams, 'limit' | 'page' | 'before' | 'cursor'>;

/**
 * The conversation list also says which filters its conversations can satisfy, which of them the server
 * applies (the core applies every other one), and its largest page.
 */
export type ConversationsPaginator =
  | ConversationsOf<OffsetPaginator<Conversation, ConversationListParams>>
  | ConversationsOf<DatePaginator<Conversation, ConversationListParams>>
  | ConversationsOf<CursorPaginator<Conversation, ConversationListParams>>;
/** A paginator of conversations, with what the list declares beside how it pages. */
type ConversationsOf<P> = P & ConversationListInfo;

/** What a conversation list declares beside how it pages. */
export interface ConversationListInfo {
  /**
   * The filters on fields its conversations carry. A field its data never has (always `null` in its
   * mapping) can never match, so a list filtered by it is a `ConfigurationError` when it starts.
   */
  readonly fields: readonly ListFilter[];
  /** The filters the server applies exactly; the core applies the others on the client. */
  readonly serverFilters: readonly ListFilter[];
  /** The largest page the server serves: a `limit` above it is refused before any request. */
  readonly maxLimit: number;
}

/**
 * What a write may be made on. `ifUnchanged`: the conversation object given as the ref is the state the
 * caller decided on; where the API checks that state itself (Heymarket's reassign names the current
 * assignee), a refusal because someone else changed it rejects with `PreconditionFailedError` instead
 * of being decided again on the fresh state. Providers whose API has no such check ignore it.
 */
export interface WriteCondition {
  /** Write only if the conversation is still as given; see above. */
  ifUnchanged?: boolean;
}

/**
 * Every operation a provider may define, by capability name: what each takes and returns. A provider defines a
 * subset; {@link Provider.capabilities} lists it, and the client's methods call these.
 */
export interface Operations {
  /** How the conversation list pages, and which filters it can apply. */
  'conversations.list': ConversationsPaginator;
  /** Reads one conversation by id. */
  'conversations.get': (ctx: ProviderContext, id: string) => Promise<Conversation>;
  /** Creates a conversation. */
  'conversations.create': (ctx: ProviderContext, input: ConversationCreateInput) => Promise<Conversation>;
  /** Changes the fields a patch names and resolves with the conversation as it then is. */
  'conversations.update': (
    ctx: ProviderContext,
    ref: ConversationRef,
    patch: ConversationPatch,
  ) => Promise<Conversation>;
  /** Assigns the conversation to a user (`null`: unassigns), on a write condition when a bulk job asks. */
  'conversations.assign': (
    ctx: ProviderContext,
    ref: ConversationRef,
    userId: string | null,
    condition?: WriteCondition,
  ) => Promise<void>;
  /** Closes the conversation; closing a closed one changes nothing. */
  'conversations.close': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  /** Reopens the conversation; reopening an open one changes nothing. */
  'conversations.reopen': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  /** Moves the conversation to another inbox. */
  'conversations.transfer': (ctx: ProviderContext, ref: ConversationRef, inboxId: string) => Promise<void>;
  /** Marks the conversation read (for the acting user, where read state is per user). */
  'conversations.markRead': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  /** Marks the conversation unread. */
  'conversations.markUnread': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  /** Deletes the conversation; a retry that finds it gone succeeds. */
  'conversations.delete': (ctx: ProviderContext, ref: ConversationRef) => Promise<void>;
  /** How a conversation's messages page. */
  'messages.list': Paginator<
    Message,
    {
      /** The conversation whose messages are listed. */
      ref: ConversationRef;
    } & MessageListParams
  >;
  /** Sends a text message in the conversation. */
  'messages.send': (ctx: ProviderContext, ref: ConversationRef, input: SendMessageInput) => Promise<Message>;
  /** How the inbox list pages. */
  'inboxes.list': Paginator<Inbox, Record<string, never>>;
  /** How the user list pages. */
  'users.list': Paginator<User, Record<string, never>>;
}

/** The name of an operation, e.g. `conversations.transfer`: what {@link ConversationsClient.supports} takes. */
export type Capability = keyof Operations;

/**
 * A provider: its name, how it talks HTTP, and the operations it has. `O` is the exact set of its
 * operations, so a client built with it knows at compile time what it can call, how its conversation
 * list pages, and what a conversation's `raw` holds.
 */
export interface Provider<out O extends Partial<Operations> = Partial<Operations>> {
  /** The provider's name, e.g. `gtateth`; it is also each conversation's {@link Conversation.provider}. */
  readonly name: ProviderName;
  /** The operations it has, by name; `client.supports()` reads it. */
  readonly capabilities: readonly Capability[];
  /** How it talks HTTP: base URL, auth, error parsing, rate-limit headers, pace. */
  readonly http: HttpConfig;
  /** Its operations, by capability name. */
  readonly operations: O;
}

/** The operations of a provider type; for a union of providers, the union of their operation sets. */
export type OperationsOf<P> = P extends Provider<infer O> ? O : never;

/** What a provider (or every provider of a union) can do. */
export type CapabilitiesOf<P> = keyof OperationsOf<P> & Capability;

/** How a provider's conversation list pages; every kind for a provider not known at compile time. */
export type ListKindOf<P> =
  OperationsOf<P> extends {
    /** The provider's conversation list. */
    'conversations.list': {
      /** How it pages. */
      kind: infer K extends ListKind;
    };
  }
    ? K
    : ListKind;

/** The validated wire object a provider's conversations hold in `raw`: every one comes from one mapping. */
export type RawOf<P> =
  OperationsOf<P> extends {
    /** The provider's `get`, whose conversations' `raw` type is the one every mapping produces. */
    'conversations.get': (...args: never[]) => Promise<Conversation<infer R>>;
  }
    ? R
    : unknown;

/** Builds a provider; its capabilities are the operations it defines. */
export function defineProvider<const O extends Partial<Operations>>(
  provider: Omit<Provider<O>, 'capabilities'>,
): Provider<O> {
  return { ...provider, capabilities: Object.keys(provider.operations) as Capability[] };
}
