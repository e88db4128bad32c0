/** A status, priority or provider name the SDK knows, or any other value a server sends. */
export type Open<Known extends string> = Known | (string & {});

export type ConversationStatus = Open<'open' | 'closed' | 'pending'>;
export type Priority = Open<'low' | 'medium' | 'high' | 'urgent'>;
export type ProviderName = Open<'heymarket' | 'tether' | 'gtateth'>;

export interface UserRef {
  id: string;
  name: string | null;
  email: string | null;
}

/** One conversation, the same shape for every provider. `raw` keeps the validated wire object. */
export interface Conversation<Raw = unknown> {
  id: string;
  provider: ProviderName;
  status: ConversationStatus;
  /** Lower-case channel: sms, mms, email, chat, phone, whatsapp, facebook, webchat. */
  channel: string | null;
  subject: string | null;
  priority: Priority | null;
  contactId: string | null;
  /** The customer's phone, email or channel identifier. */
  target: string | null;
  inboxId: string | null;
  /** `[]` when unassigned. */
  assignees: UserRef[];
  unread: boolean | null;
  lastMessage: { text: string | null; at: Date | null } | null;
  messageCount: number | null;
  createdAt: Date;
  updatedAt: Date;
  raw: Raw;
}

export interface Message<Raw = unknown> {
  id: string;
  conversationId: string | null;
  direction: 'inbound' | 'outbound' | null;
  text: string | null;
  status: string | null;
  authorId: string | null;
  createdAt: Date;
  raw: Raw;
}

export interface Inbox<Raw = unknown> {
  id: string;
  name: string | null;
  memberIds: string[];
  raw: Raw;
}

export interface User<Raw = unknown> {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  raw: Raw;
}

/** An id string or a conversation object; providers use the object's fields to avoid a lookup. */
export type ConversationRef = string | Conversation;

export interface ConversationListParams {
  status?: 'open' | 'closed' | 'pending';
  inboxId?: string | string[];
  /** `null` = unassigned. */
  assigneeId?: string | null;
  unread?: boolean;
  /** Tether requires it. */
  contactId?: string;
  channel?: string;
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

export interface ConversationCreateInput {
  subject: string;
  contactId?: string;
  inboxId?: string;
  channel?: string;
  priority?: 'low' | 'medium' | 'high' | 'urgent';
}

export interface ConversationPatch {
  status?: 'open' | 'closed' | 'pending';
  priority?: 'low' | 'medium' | 'high' | 'urgent';
  subject?: string;
  /** `null` unassigns. */
  assigneeId?: string | null;
  inboxId?: string;
}

export interface MessageListParams {
  limit?: number;
  cursor?: string;
}

export interface SendMessageInput {
  text: string;
  /** Makes a retried send safe where the API supports it; generated when omitted. */
  idempotencyKey?: string;
}

export interface ListParams {
  cursor?: string;
}
