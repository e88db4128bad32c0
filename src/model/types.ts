/** A status, priority or provider name the SDK knows, or any other value a server sends. */
export type Open<Known extends string> = Known | (string & {});

/** A conversation's state: `open`, `closed` or `pending` (G-Tateth and Heymarket), or a value a newer server sends. */
export type ConversationStatus = Open<'open' | 'closed' | 'pending'>;
/** A conversation's priority (G-Tateth only: the other providers map it to `null`), or a value a newer server sends. */
export type Priority = Open<'low' | 'medium' | 'high' | 'urgent'>;
/** The provider a record came from, as {@link Provider.name} spells it. */
export type ProviderName = Open<'heymarket' | 'tether' | 'gtateth'>;

/**
 * A user as a conversation names it: an assignee. `name` and `email` are `null` where the answer carried only the id.
 */
export interface UserRef {
  /** The user's id in the provider's API, as a string (Heymarket's integers become strings of digits). */
  id: string;
  /** The user's display name, when the answer carried it. */
  name: string | null;
  /** The user's email address, when the answer carried it. */
  email: string | null;
}

/** One conversation, the same shape for every provider. `raw` keeps the validated wire object. */
export interface Conversation<Raw = unknown> {
  /**
   * The conversation's id in the provider's API: a 24-hex ObjectId (G-Tateth, Tether) or a string of digits
   * (Heymarket).
   */
  id: string;
  /** Which provider the conversation came from. */
  provider: ProviderName;
  /** Its state. Tether has no `pending`: its `isResolved` maps to `closed` and `open`. */
  status: ConversationStatus;
  /** Lower-case channel: sms, mms, email, chat, phone, whatsapp, facebook, webchat. */
  channel: string | null;
  /** The subject line (G-Tateth; Tether where the server sends one); `null` on Heymarket. */
  subject: string | null;
  /** The priority (G-Tateth); `null` on Heymarket and Tether. */
  priority: Priority | null;
  /**
   * The customer's id: G-Tateth's `customerId`, Tether's `contactId`; `null` on Heymarket and when the wire object
   * leaves it out.
   */
  contactId: string | null;
  /** The customer's phone, email or channel identifier. */
  target: string | null;
  /** The inbox it belongs to (G-Tateth, Heymarket); `null` on Tether, which has no inboxes. */
  inboxId: string | null;
  /** `[]` when unassigned. */
  assignees: UserRef[];
  /**
   * Whether it is unread (Heymarket only: the negation of the wire's `read`); `null` where the API has no read state.
   */
  unread: boolean | null;
  /** The newest message's text and time, where the list answer carries them (Tether); `null` otherwise. */
  lastMessage: {
    /** The newest message's text; `null` where the server sends only its id (Tether's `latestMessage: 'id'`). */
    text: string | null;
    /** When it was sent, or `null` when the server does not say. */
    at: Date | null;
  } | null;
  /** How many messages it holds, where the API reports it (Tether); `null` otherwise. */
  messageCount: number | null;
  /** When the conversation was created. */
  createdAt: Date;
  /** When it last changed; Heymarket's lists are ordered by it, newest first. */
  updatedAt: Date;
  /**
   * The provider's wire object, validated against its schema, untouched: the fields the unified shape has no place for.
   */
  raw: Raw;
}

/** One message of a conversation, the same shape for every provider. `raw` keeps the validated wire object. */
export interface Message<Raw = unknown> {
  /** The message's id in the provider's API, as a string. */
  id: string;
  /** The conversation it belongs to; `null` where the answer does not say. */
  conversationId: string | null;
  /** `inbound` from the customer, `outbound` from the team; `null` when the server sends another value or none. */
  direction: 'inbound' | 'outbound' | null;
  /** The message text; `null` for a message without one (media only, say). */
  text: string | null;
  /** The delivery status as the server sends it (e.g. `sent`, `delivered`, `failed`), or `null`. */
  status: string | null;
  /** The team member who wrote it; `null` for inbound messages and where the answer does not say. */
  authorId: string | null;
  /** When it was sent or received. */
  createdAt: Date;
  /** The provider's wire object, validated against its schema, untouched. */
  raw: Raw;
}

/** A shared inbox (Heymarket): a number or channel that team members answer from. */
export interface Inbox<Raw = unknown> {
  /** The inbox's id, as a string of digits. */
  id: string;
  /** Its display name, or `null`. */
  name: string | null;
  /** The ids of the team members who belong to it. */
  memberIds: string[];
  /** The provider's wire object, validated against its schema, untouched. */
  raw: Raw;
}

/** A team member (Heymarket): someone conversations can be assigned to. */
export interface User<Raw = unknown> {
  /** The user's id, as a string of digits: what {@link ConversationsResource.assign} and `assigneeId` take. */
  id: string;
  /** Their display name, or `null`. */
  name: string | null;
  /** Their email address; `null` where the API does not send it (Heymarket's team list). */
  email: string | null;
  /** Their role on the team as the server names it (`admin`, `member`), or `null`. */
  role: string | null;
  /** The provider's wire object, validated against its schema, untouched. */
  raw: Raw;
}

/** An id string or a conversation object; providers use the object's fields to avoid a lookup. */
export type ConversationRef = string | Conversation;

/**
 * Filters, page size and starting point of {@link ConversationsResource.list}. Every filter given must match
 * (they combine with AND); the server applies what it can, the client the rest (see {@link ConversationListInfo}).
 */
export interface ConversationListParams {
  /** Only conversations in this state. */
  status?: 'open' | 'closed' | 'pending';
  /** Only conversations in this inbox, or in any of these inboxes. */
  inboxId?: string | string[];
  /** Only conversations assigned to this user; `null`: only unassigned ones. */
  assigneeId?: string | null;
  /** Only unread (`true`) or only read (`false`) conversations; matches nothing where the API has no read state. */
  unread?: boolean;
  /**
   * Only conversations with this customer (G-Tateth's `customerId`, a Tether contact). On Tether it saves walking
   * every contact of the organisation.
   */
  contactId?: string;
  /** Only conversations on this channel, compared lower-case (`sms`, `email`, `facebook`, ...). */
  channel?: string;
  /** Only conversations of this priority (G-Tateth). */
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  /** Page size: an integer from 1 to the API's largest page (100). */
  limit?: number;
  /** Where to start, offset providers (G-Tateth). */
  page?: number;
  /** Where to start, date-cursor providers (Heymarket): exclusive upper bound. */
  before?: string | Date;
  /** Resume token taken from a previous page's `cursor`; params beside it must equal its walk's own. */
  cursor?: string;
}

/**
 * What {@link ConversationsResource.create} takes (G-Tateth, the only provider that can create). The server
 * wants `subject` plus a `contactId` or an `inboxId`.
 */
export interface ConversationCreateInput {
  /** The new conversation's subject line. */
  subject: string;
  /** The customer it is with (G-Tateth's `customerId`). */
  contactId?: string;
  /** The inbox it goes to. */
  inboxId?: string;
  /** Its channel, e.g. `email`, `chat`, `phone` or `whatsapp`. */
  channel?: string;
  /** Its priority; the server's default when left out. */
  priority?: 'low' | 'medium' | 'high' | 'urgent';
}

/**
 * The changes of {@link ConversationsResource.update}: only the fields given change. A field the provider cannot
 * change throws `UnsupportedOperationError` before any request; an empty patch reads the conversation.
 */
export interface ConversationPatch {
  /** The new state (`pending` only where the API has it: G-Tateth). */
  status?: 'open' | 'closed' | 'pending';
  /** The new priority (G-Tateth). */
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  /** The new subject line (G-Tateth). */
  subject?: string;
  /** Assigns it to this user; `null` unassigns, where the API can (not Heymarket). */
  assigneeId?: string | null;
  /** Moves it to this inbox (Heymarket, as a transfer). */
  inboxId?: string;
}

/** Paging of {@link MessagesResource.list}. */
export interface MessageListParams {
  /**
   * Page size, where the API takes one. Neither Heymarket's history (pages of 50) nor Tether's (one
   * page) does: there a `limit` is a `ConfigurationError` before any request.
   */
  limit?: number;
  /** Resume token taken from a previous page's `cursor`. */
  cursor?: string;
}

/** What {@link MessagesResource.send} sends. */
export interface SendMessageInput {
  /** The message text. */
  text: string;
  /** Makes a retried send safe where the API supports it; generated when omitted. */
  idempotencyKey?: string;
}

/** Paging of the lists that take no filters ({@link InboxesResource.list}, {@link UsersResource.list}). */
export interface ListParams {
  /** Resume token taken from a previous page's `cursor`. */
  cursor?: string;
}
