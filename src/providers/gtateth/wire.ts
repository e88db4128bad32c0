import * as z from 'zod/mini';
import { openEnum, timestamp } from '../kit/schema.js';

const text = z.optional(z.nullable(z.string()));

/** `customerId` under `populateCustomer`. */
export const populatedCustomer = z.looseObject({
  /** The customer's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** The customer's profile, or `null`. */
  profile: z.optional(
    z.nullable(
      z.looseObject({
        /** The customer's first name. */
        firstName: text,
        /** The customer's last name. */
        lastName: text,
        /** The customer's email address: the unified `target` when present. */
        email: text,
        /** The customer's phone number: the unified `target` when there is no email. */
        phone: text,
      }),
    ),
  ),
});

/** `assignedTo` under `populateAssignee`. */
export const populatedAssignee = z.looseObject({
  /** The user's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** The user's name. */
  name: text,
  /** The user's email address. */
  email: text,
});

/** The conversation states the API documents; a value outside them passes through too. */
export const STATUSES = ['open', 'closed', 'pending'] as const;
/** The priorities the API documents; a value outside them passes through too. */
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
/** The channels the API documents; a value outside them passes through too. */
export const CHANNELS = ['email', 'chat', 'phone', 'whatsapp'] as const;
/** Where a conversation came from, as the API documents it; a value outside them passes through too. */
export const SOURCES = ['widget', 'phone', 'api', 'email'] as const;

/** A conversation as G-Tateth sends it; both the id and the populated forms of the reference fields. */
export const conversation = z.looseObject({
  /** The conversation's id, a 24-hex ObjectId. */
  _id: z.string(),
  /** Its subject line. */
  subject: z.string(),
  /** `open`, `closed` or `pending`. */
  status: openEnum(STATUSES),
  /** `low`, `medium`, `high` or `urgent`. */
  priority: openEnum(PRIORITIES),
  /** The customer: an id, or the customer as an object under `populateCustomer`. */
  customerId: z.optional(z.nullable(z.union([z.string(), populatedCustomer]))),
  /** The assignee: a user id, the user as an object under `populateAssignee`, or `null` when unassigned. */
  assignedTo: z.optional(z.nullable(z.union([z.string(), populatedAssignee]))),
  /** The inbox it belongs to, or `null`. */
  inboxId: z.optional(z.nullable(z.string())),
  /** `email`, `chat`, `phone` or `whatsapp`. */
  channel: z.optional(openEnum(CHANNELS)),
  /** Where it came from: `widget`, `phone`, `api` or `email`. */
  source: z.optional(openEnum(SOURCES)),
  /** Its labels. */
  labels: z.optional(z.array(z.string())),
  /** When it was created: the list's sort key, newest first. */
  createdAt: timestamp,
  /** When it last changed. */
  updatedAt: timestamp,
});
/** A G-Tateth conversation as the API sends it: the `raw` of a G-Tateth {@link conversations-sdk!Conversation}. */
export interface WireConversation extends z.infer<typeof conversation> {}

/** Where a list answer's page stands, for the filtered set as it is at that moment. */
export const pagination = z.looseObject({
  /** How many conversations match. */
  total: z.number(),
  /** This page's number, from 1. */
  page: z.number(),
  /** The page size. */
  limit: z.number(),
  /** How many pages there are (0 for an empty set). */
  totalPages: z.number(),
});

/** `GET /api/v1/conversations`: one page, in the `{success, data}` envelope. */
export const listResponse = z.looseObject({
  /** `true` for an answer that succeeded. */
  success: z.boolean(),
  /** The page's conversations. */
  data: z.array(conversation),
  /** Where the page stands. */
  pagination,
});
/** One conversation, in the `{success, data}` envelope. */
export const itemResponse = z.looseObject({
  /** `true` for an answer that succeeded. */
  success: z.boolean(),
  /** The conversation. */
  data: conversation,
});
