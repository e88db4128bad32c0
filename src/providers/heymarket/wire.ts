import * as z from 'zod/mini';
import { openEnum, timestamp } from '../kit/schema.js';
import { isRfc3339 } from './instant.js';

const text = z.optional(z.string());
const flag = z.optional(z.boolean());

export const STATUSES = ['open', 'closed', 'pending'] as const;
export const CHANNELS = ['sms', 'mms', 'email', 'chat'] as const;
export const MESSAGE_TYPES = ['inbound', 'outbound'] as const;
export const MESSAGE_STATUSES = ['sent', 'received'] as const;
export const ROLES = ['admin', 'member'] as const;

/** The walks do arithmetic on these strings, so they must be in the syntax the server accepts back. */
const cursorTime = z.string().check(z.refine(isRfc3339, 'Invalid RFC 3339 date-time'));

/** `assigned` as the prose reference shows it: an object. */
export const assignedUser = z.looseObject({ id: z.number(), name: text, email: z.optional(z.nullable(z.string())) });
/** `inbox` as the prose reference shows it: an object. */
export const inboxRef = z.looseObject({ id: z.number(), name: text });
export const member = z.looseObject({ id: z.number(), name: text });

/**
 * A conversation in either documented shape (the generated reference and the prose one disagree): `assigned` and `inbox` as integers or as
 * objects, `read` as 0/1 or a boolean. Each field accepts both, so a mix parses too.
 */
export const conversation = z.looseObject({
  id: z.number(),
  channel: z.optional(openEnum(CHANNELS)),
  status: openEnum(STATUSES),
  assigned: z.optional(z.nullable(z.union([z.number(), assignedUser]))),
  inbox: z.union([z.number(), inboxRef]),
  target: text,
  members: z.optional(z.array(member)),
  created: timestamp,
  updated: cursorTime,
  read: z.optional(z.nullable(z.union([z.number(), z.boolean()]))),
  replied: flag,
  blocked: flag,
  muted: flag,
  snooze_till: z.optional(z.nullable(z.string())),
  name: text,
  type: z.optional(z.string()),
});
export interface WireConversation extends z.infer<typeof conversation> {}

export const conversationList = z.array(conversation);

/** Action answers are a JSON string, `"ok"` or another word, not an object. */
export const actionResponse = z.string();

export const message = z.looseObject({
  id: z.number(),
  text: text,
  media: z.optional(z.nullable(z.string())),
  phone: text,
  type: z.optional(openEnum(MESSAGE_TYPES)),
  status: z.optional(openEnum(MESSAGE_STATUSES)),
  date: cursorTime,
  updated: z.optional(timestamp),
  user: z.optional(z.nullable(z.number())),
  author: z.optional(z.nullable(z.string())),
  local_id: z.optional(z.nullable(z.string())),
  target: text,
  conversation: z.optional(conversation),
});
export interface WireMessage extends z.infer<typeof message> {}

export const messageList = z.array(message);

/** `POST /v1/message/send`: `gallery_url` may also be null or missing. */
export const sendResponse = z.looseObject({
  id: z.number(),
  date: timestamp,
  gallery_url: z.optional(z.nullable(z.string())),
});
export interface WireSendResponse extends z.infer<typeof sendResponse> {}

export const inbox = z.looseObject({
  id: z.number(),
  name: text,
  team: z.optional(z.number()),
  members: z.optional(z.array(z.number())),
  phones: z.optional(z.array(z.string())),
  phone: z.optional(z.nullable(z.string())),
});
export interface WireInbox extends z.infer<typeof inbox> {}

/** A bare array by default, `{inboxes: [...]}` in the older guide's form. */
export const inboxList = z.union([z.array(inbox), z.looseObject({ inboxes: z.array(inbox) })]);

export const teamMember = z.looseObject({ id: z.number(), name: text, role: z.optional(openEnum(ROLES)) });
export interface WireTeamMember extends z.infer<typeof teamMember> {}

export const team = z.looseObject({
  id: z.number(),
  name: text,
  list_size: z.optional(z.number()),
  members: z.array(teamMember),
});
