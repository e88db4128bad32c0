import * as z from 'zod/mini';
import { openEnum, timestamp } from '../kit/schema.js';
import { rfc3339 } from './instant.js';

const text = z.optional(z.string());
const flag = z.optional(z.boolean());

/** The conversation states the API documents; a value outside them passes through too. */
export const STATUSES = ['open', 'closed', 'pending'] as const;
/** The channels the API documents; a value outside them passes through too. */
export const CHANNELS = ['sms', 'mms', 'email', 'chat'] as const;
/** A message's `type`: from the customer or from the team. */
export const MESSAGE_TYPES = ['inbound', 'outbound'] as const;
/** The message statuses the API documents; a value outside them passes through too. */
export const MESSAGE_STATUSES = ['sent', 'received'] as const;
/** A team member's roles the API documents; a value outside them passes through too. */
export const ROLES = ['admin', 'member'] as const;

/** The walks do arithmetic on these strings, so they must be in the syntax the server accepts back. */
const cursorTime = rfc3339;

/** `assigned` as the prose reference shows it: an object. */
export const assignedUser = z.looseObject({
  /** The assignee's user id. */
  id: z.number(),
  /** The assignee's name. */
  name: text,
  /** The assignee's email address. */
  email: z.optional(z.nullable(z.string())),
});
/** `inbox` as the prose reference shows it: an object. */
export const inboxRef = z.looseObject({
  /** The inbox's id. */
  id: z.number(),
  /** The inbox's name. */
  name: text,
});
/** The first entry of `members` with user id `id`, or -1. */
export function memberIndex(members: readonly unknown[] | undefined, id: number): number {
  if (!members) return -1;
  for (let i = 0; i < members.length; i++) {
    const entry = members[i];
    if (typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id) return i;
  }
  return -1;
}

/** A team member a conversation names in `members`. */
export const member = z.looseObject({
  /** The member's user id. */
  id: z.number(),
  /** The member's name. */
  name: text,
});
/** A team member as a conversation's `members` names them. */
export interface WireMember extends z.infer<typeof member> {}

/**
 * A conversation in either documented shape (the generated reference and the prose one disagree): `assigned` and `inbox` as integers or as
 * objects, `read` as 0/1 or a boolean. Each field accepts both, so a mix parses too.
 */
export const conversation = z
  .looseObject({
    /** The conversation's id (an integer). */
    id: z.number(),
    /** `sms`, `mms`, `email` or `chat`, as the server writes it. */
    channel: z.optional(openEnum(CHANNELS)),
    /** `open`, `closed` or `pending`. */
    status: openEnum(STATUSES),
    /** The assignee: a user id (`0` or `null` when unassigned) or the user as an object. */
    assigned: z.optional(z.nullable(z.union([z.number(), assignedUser]))),
    /** The inbox: its id, or the inbox as an object. */
    inbox: z.union([z.number(), inboxRef]),
    /** The customer's address on the channel: phone digits without `+`, an email address or a chat id. */
    target: text,
    /**
     * Team members the conversation names. Only the entry that names a bare-id assignee is read (for the
     * assignee's name), so only that one is checked against {@link member}; the others pass through as sent.
     */
    members: z.optional(z.array(z.unknown())),
    /** When the conversation was created, an ISO 8601 date-time. */
    created: timestamp,
    /** When it last changed, RFC 3339: the list's sort key and the walk's cursor. */
    updated: cursorTime,
    /** Read state, `0`/`1` or a boolean: in a list the acting user's own, elsewhere whether anyone read it. */
    read: z.optional(z.nullable(z.union([z.number(), z.boolean()]))),
    /** Whether the team has replied since the customer last wrote. */
    replied: flag,
    /** Whether the customer is blocked. */
    blocked: flag,
    /** Whether the conversation is muted. */
    muted: flag,
    /** When a snooze ends, or `null`. */
    snooze_till: z.optional(z.nullable(z.string())),
    /** The customer's name, where the team saved one. */
    name: text,
    /** The conversation's type, as the server names it. */
    type: z.optional(z.string()),
  })
  .check(
    z.check((payload) => {
      const { members, assigned } = payload.value;
      const index = typeof assigned === 'number' ? memberIndex(members, assigned) : -1;
      if (index < 0) return;
      const result = z.safeParse(member, members?.[index]);
      for (const issue of result.error?.issues ?? []) {
        const path = ['members', index, ...issue.path];
        payload.issues.push({ code: 'custom', message: issue.message, path, input: members?.[index] });
      }
    }),
  );
/** A Heymarket conversation as the API sends it: the `raw` of a Heymarket {@link conversations-sdk!Conversation}. */
export interface WireConversation extends z.infer<typeof conversation> {}

/** `POST /v1/conversations`: a bare array of conversations, newest `updated` first. */
export const conversationList = z.array(conversation);

/** Action answers are a JSON string, `"ok"` or another word, not an object. */
export const actionResponse = z.string();

/** A message of a conversation's history. */
export const message = z.looseObject({
  /** The message's id (an integer). */
  id: z.number(),
  /** The message text. */
  text: text,
  /** The URL of attached media (MMS), or `null`. */
  media: z.optional(z.nullable(z.string())),
  /** The customer's phone number. */
  phone: text,
  /** `inbound` from the customer, `outbound` from the team. */
  type: z.optional(openEnum(MESSAGE_TYPES)),
  /** `sent` or `received`. */
  status: z.optional(openEnum(MESSAGE_STATUSES)),
  /** When it was sent or received, RFC 3339: the history's sort key. */
  date: cursorTime,
  /** When it last changed. */
  updated: z.optional(timestamp),
  /** The team member who sent it; `0` or `null` for inbound messages. */
  user: z.optional(z.nullable(z.number())),
  /** The sender's name as the server shows it. */
  author: z.optional(z.nullable(z.string())),
  /** The sender's idempotency key (a send's `local_id`), or `null`. */
  local_id: z.optional(z.nullable(z.string())),
  /** The customer's address on the channel. */
  target: text,
  /** The conversation the message belongs to, where the server embeds it. */
  conversation: z.optional(conversation),
});
/** A Heymarket message as the history sends it: the `raw` of a Heymarket {@link conversations-sdk!Message}. */
export interface WireMessage extends z.infer<typeof message> {}

/** `GET /v1/messages`: a bare array of messages, newest first. */
export const messageList = z.array(message);

/** `POST /v1/message/send`: `gallery_url` may also be null or missing. */
export const sendResponse = z.looseObject({
  /** The new message's id. */
  id: z.number(),
  /** When it was sent. */
  date: timestamp,
  /** The URL of the media gallery sent with it, if any. */
  gallery_url: z.optional(z.nullable(z.string())),
});
/** What a send answers: the `raw` of the {@link conversations-sdk!Message} that `messages.send` resolves with. */
export interface WireSendResponse extends z.infer<typeof sendResponse> {}

/** An inbox as `GET /v1/inboxes` lists it. */
export const inbox = z.looseObject({
  /** The inbox's id (an integer). */
  id: z.number(),
  /** The inbox's name. */
  name: text,
  /** The team it belongs to. */
  team: z.optional(z.number()),
  /** The user ids of its members: the users who can act in it. */
  members: z.optional(z.array(z.number())),
  /** The phone numbers it sends from. */
  phones: z.optional(z.array(z.string())),
  /** Its main phone number, or `null`. */
  phone: z.optional(z.nullable(z.string())),
});
/** A Heymarket inbox as the API sends it: the `raw` of a Heymarket {@link conversations-sdk!Inbox}. */
export interface WireInbox extends z.infer<typeof inbox> {}

/** A bare array by default, `{inboxes: [...]}` in the older guide's form. */
export const inboxList = z.union([
  z.array(inbox),
  z.looseObject({
    /** The inboxes. */
    inboxes: z.array(inbox),
  }),
]);

/** A member of the team, as `GET /v1/team` lists them. */
export const teamMember = z.looseObject({
  /** The user's id (an integer). */
  id: z.number(),
  /** The user's name. */
  name: text,
  /** `admin` or `member`. */
  role: z.optional(openEnum(ROLES)),
});
/** A Heymarket team member as the API sends it: the `raw` of a Heymarket {@link conversations-sdk!User}. */
export interface WireTeamMember extends z.infer<typeof teamMember> {}

/** `GET /v1/team`: the team and its members. */
export const team = z.looseObject({
  /** The team's id. */
  id: z.number(),
  /** The team's name. */
  name: text,
  /** The team's `list_size` as the server reports it; the SDK does not read it. */
  list_size: z.optional(z.number()),
  /** Its members. */
  members: z.array(teamMember),
});
