import * as z from 'zod/mini';
import { openEnum } from '../kit/schema.js';

const text = z.optional(z.nullable(z.string()));
const timestamp = z.iso.datetime({ offset: true });

export const CHANNEL_TYPES = ['sms', 'facebook', 'webchat', 'email'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const MESSAGE_STATUSES = ['sent', 'delivered', 'failed', 'queued', 'read'] as const;

/** An assignee as `/conversation/all` sends it; GET and PUT send the bare id instead. */
export const populatedUser = z.looseObject({ _id: z.string(), fullName: text, email: text });
export const assignee = z.union([z.string(), populatedUser]);
export type WireAssignee = z.infer<typeof assignee>;

/**
 * A conversation. Fields some vendor examples leave out (`contactId`, `messageCount`, `resolvedAt`)
 * are optional; `latestMessage` is a preview or a message id depending on the server.
 */
export const conversation = z.looseObject({
  _id: z.string(),
  contactId: z.optional(z.string()),
  organizationId: z.optional(z.string()),
  userId: z.optional(z.string()),
  assignees: z.optional(z.array(assignee)),
  channelType: z.optional(openEnum(CHANNEL_TYPES)),
  channelIdentifier: text,
  latestMessage: text,
  lastMessageTime: z.optional(z.nullable(timestamp)),
  isResolved: z.boolean(),
  resolvedAt: z.optional(z.nullable(timestamp)),
  messageCount: z.optional(z.number()),
  subject: text,
  createdAt: timestamp,
  updatedAt: timestamp,
});
export interface WireConversation extends z.infer<typeof conversation> {}

/** What a PUT may echo: one vendor example shows only these fields, so nothing else is relied on. */
export const partialConversation = z.looseObject({
  _id: z.optional(z.string()),
  assignees: z.optional(z.array(assignee)),
  isResolved: z.optional(z.boolean()),
  updatedAt: z.optional(timestamp),
});

export const message = z.looseObject({
  _id: z.string(),
  conversationId: z.optional(z.nullable(z.string())),
  contactId: z.optional(z.nullable(z.string())),
  organizationId: z.optional(z.string()),
  content: text,
  direction: z.optional(openEnum(DIRECTIONS)),
  channelType: z.optional(openEnum(CHANNEL_TYPES)),
  status: z.optional(z.nullable(openEnum(MESSAGE_STATUSES))),
  sentBy: text,
  isAIGenerated: z.optional(z.boolean()),
  attachments: z.optional(z.array(z.string())),
  createdAt: timestamp,
});
export interface WireMessage extends z.infer<typeof message> {}

export const contact = z.looseObject({
  _id: z.string(),
  firstName: text,
  lastName: text,
  phoneNumber: text,
  email: text,
});
export interface WireContact extends z.infer<typeof contact> {}

/**
 * Only the token is read. `user` varies between versions and is not needed, and a schema failure there
 * would put the token into the error's body excerpt.
 */
export const loginResponse = z.looseObject({ token: z.string() });

export const conversationList = z.looseObject({ conversations: z.array(conversation) });
export const messageList = z.looseObject({ messages: z.array(message) });

export const contactPage = z.looseObject({
  data: z.array(contact),
  total: z.number(),
  page: z.optional(z.number()),
  size: z.optional(z.number()),
});

/**
 * PUT answers `{message, conversation}` or `{message, data}`, depending on the server version. Both keys are optional here: a
 * missing echo only means the caller reads the conversation back, as it does for a partial one.
 */
export const updateResponse = z.looseObject({
  message: z.optional(z.string()),
  conversation: z.optional(partialConversation),
  data: z.optional(partialConversation),
});
export type UpdateResponse = z.infer<typeof updateResponse>;

const resolveState = z.looseObject({
  _id: z.optional(z.string()),
  isResolved: z.optional(z.boolean()),
  resolvedAt: z.optional(z.nullable(timestamp)),
});

/**
 * Resolve answers flat `{message, isResolved, resolvedAt}` or `{message, data: {...}}`, by server version. A state
 * missing from both is not an error: the resolve recipe reads the conversation to decide anyway.
 */
export const resolveResponse = z.looseObject({
  message: z.optional(z.string()),
  isResolved: z.optional(z.boolean()),
  resolvedAt: z.optional(z.nullable(timestamp)),
  data: z.optional(resolveState),
});
export type ResolveResponse = z.infer<typeof resolveResponse>;
