import * as z from 'zod/mini';
import { openEnum } from '../kit/schema.js';

const text = z.optional(z.nullable(z.string()));
const timestamp = z.iso.datetime({ offset: true });

/** The channel types the API documents; an unfiltered list asks for each of them by default. */
export const CHANNEL_TYPES = ['sms', 'facebook', 'webchat', 'email'] as const;
/** A message's `direction`: from the contact or from the team. */
export const DIRECTIONS = ['inbound', 'outbound'] as const;
/** The message statuses the API documents; a value outside them passes through too. */
export const MESSAGE_STATUSES = ['sent', 'delivered', 'failed', 'queued', 'read'] as const;

/** An assignee as `/conversation/all` sends it; GET and PUT send the bare id instead. */
export const populatedUser = z.looseObject({
  /** The user's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** The user's full name. */
  fullName: text,
  /** The user's email address. */
  email: text,
});
/** An assignee in either form: the bare user id, or the user as an object. */
export const assignee = z.union([z.string(), populatedUser]);
/** An assignee as the wire carries it: a user id, or `{_id, fullName, email}`. */
export type WireAssignee = z.infer<typeof assignee>;

/**
 * A conversation. Fields some vendor examples leave out (`contactId`, `messageCount`, `resolvedAt`)
 * are optional; `latestMessage` is a preview or a message id depending on the server.
 */
export const conversation = z.looseObject({
  /** The conversation's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** The contact (customer) it is with. */
  contactId: z.optional(z.string()),
  /** The organisation it belongs to. */
  organizationId: z.optional(z.string()),
  /** The user who owns it. */
  userId: z.optional(z.string()),
  /** Its assignees: objects in a list, bare ids in a GET and in a PUT's echo. */
  assignees: z.optional(z.array(assignee)),
  /** `sms`, `facebook`, `webchat` or `email`. */
  channelType: z.optional(openEnum(CHANNEL_TYPES)),
  /** The contact's address on the channel: a phone number, an email address, a page-scoped id. */
  channelIdentifier: text,
  /** The newest message: a text preview or its id, depending on the server (the factory's `latestMessage`). */
  latestMessage: text,
  /** When the newest message was sent, or `null`. */
  lastMessageTime: z.optional(z.nullable(timestamp)),
  /** Whether it is resolved: the unified `status` is `closed` when it is, else `open`. */
  isResolved: z.boolean(),
  /** When it was last resolved, or `null`. */
  resolvedAt: z.optional(z.nullable(timestamp)),
  /** How many messages it holds. */
  messageCount: z.optional(z.number()),
  /** Its subject line, where it has one. */
  subject: text,
  /** When it was created, an ISO 8601 date-time with offset. */
  createdAt: timestamp,
  /** When it last changed, an ISO 8601 date-time with offset. */
  updatedAt: timestamp,
});
/** A Tether conversation as the API sends it: the `raw` of a Tether {@link conversations-sdk!Conversation}. */
export interface WireConversation extends z.infer<typeof conversation> {}

/** What a PUT may echo: one vendor example shows only these fields, so nothing else is relied on. */
export const partialConversation = z.looseObject({
  /** The conversation's id. */
  _id: z.optional(z.string()),
  /** Its assignees after the PUT. */
  assignees: z.optional(z.array(assignee)),
  /** Whether it is resolved after the PUT. */
  isResolved: z.optional(z.boolean()),
  /** When it last changed. */
  updatedAt: z.optional(timestamp),
});

/** A message of a conversation. */
export const message = z.looseObject({
  /** The message's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** The conversation it belongs to. */
  conversationId: z.optional(z.nullable(z.string())),
  /** The contact the conversation is with. */
  contactId: z.optional(z.nullable(z.string())),
  /** The organisation it belongs to. */
  organizationId: z.optional(z.string()),
  /** The message text. */
  content: text,
  /** `inbound` from the contact, `outbound` from the team. */
  direction: z.optional(openEnum(DIRECTIONS)),
  /** The channel it went over. */
  channelType: z.optional(openEnum(CHANNEL_TYPES)),
  /** `sent`, `delivered`, `failed`, `queued` or `read`. */
  status: z.optional(z.nullable(openEnum(MESSAGE_STATUSES))),
  /** The user who sent it; `null` for inbound messages. */
  sentBy: text,
  /** Whether an AI assistant wrote it. */
  isAIGenerated: z.optional(z.boolean()),
  /** URLs of attached files. */
  attachments: z.optional(z.array(z.string())),
  /** When it was sent or received. */
  createdAt: timestamp,
});
/** A Tether message as the API sends it: the `raw` of a Tether {@link conversations-sdk!Message}. */
export interface WireMessage extends z.infer<typeof message> {}

/** A contact (customer) of the organisation, as `GET /api/contacts` lists them. */
export const contact = z.looseObject({
  /** The contact's id, a 24-hex ObjectId: a conversation's `contactId`. */
  _id: z.string(),
  /** The contact's first name. */
  firstName: text,
  /** The contact's last name. */
  lastName: text,
  /** The contact's phone number. */
  phoneNumber: text,
  /** The contact's email address. */
  email: text,
});
/** A Tether contact as the API sends it. */
export interface WireContact extends z.infer<typeof contact> {}

/**
 * Only the token is read. `user` varies between versions and is not needed, and a schema failure there
 * would put the token into the error's body excerpt.
 */
export const loginResponse = z.looseObject({
  /** The bearer token later requests send. */
  token: z.string(),
});

/** `POST /api/conversation/all`: one contact's conversations on one channel, unpaginated. */
export const conversationList = z.looseObject({
  /** The conversations. */
  conversations: z.array(conversation),
});
/** `POST /api/conversation/messages`: a conversation's whole history, oldest first. */
export const messageList = z.looseObject({
  /** The messages. */
  messages: z.array(message),
});

/** `GET /api/contacts`: one offset page of contacts, newest first. */
export const contactPage = z.looseObject({
  /** The page's contacts. */
  data: z.array(contact),
  /** How many contacts there are, as of this answer. */
  total: z.number(),
  /** The page's number, from 1. */
  page: z.optional(z.number()),
  /** The page size. */
  size: z.optional(z.number()),
});

/**
 * PUT answers `{message, conversation}` or `{message, data}`, depending on the server version. Both keys are optional here: a
 * missing echo only means the caller reads the conversation back, as it does for a partial one.
 */
export const updateResponse = z.looseObject({
  /** The server's word on the update. */
  message: z.optional(z.string()),
  /** The conversation as updated, in one server version's envelope. */
  conversation: z.optional(partialConversation),
  /** The conversation as updated, in the other's. */
  data: z.optional(partialConversation),
});
/** What a PUT to a conversation answers. */
export type UpdateResponse = z.infer<typeof updateResponse>;

const resolveState = z.looseObject({
  /** The conversation's id. */
  _id: z.optional(z.string()),
  /** Whether it is resolved now. */
  isResolved: z.optional(z.boolean()),
  /** When it was resolved, or `null`. */
  resolvedAt: z.optional(z.nullable(timestamp)),
});

/**
 * Resolve answers flat `{message, isResolved, resolvedAt}` or `{message, data: {...}}`, by server version. A state
 * missing from both is not an error: the resolve recipe reads the conversation to decide anyway.
 */
export const resolveResponse = z.looseObject({
  /** The server's word on the call. */
  message: z.optional(z.string()),
  /** Whether the conversation is resolved now (flat form). */
  isResolved: z.optional(z.boolean()),
  /** When it was resolved, or `null` (flat form). */
  resolvedAt: z.optional(z.nullable(timestamp)),
  /** The same state, nested (the other form). */
  data: z.optional(resolveState),
});
/** What `PUT /api/conversation/{id}/resolve` answers. */
export type ResolveResponse = z.infer<typeof resolveResponse>;
