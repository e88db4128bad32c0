import * as z from 'zod/mini';
import { openEnum, timestamp } from '../kit/schema.js';

const text = z.optional(z.nullable(z.string()));

/** `customerId` under `populateCustomer`. */
export const populatedCustomer = z.looseObject({
  _id: z.string(),
  profile: z.optional(z.nullable(z.looseObject({ firstName: text, lastName: text, email: text, phone: text }))),
});

/** `assignedTo` under `populateAssignee`. */
export const populatedAssignee = z.looseObject({ _id: z.string(), name: text, email: text });

export const STATUSES = ['open', 'closed', 'pending'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const CHANNELS = ['email', 'chat', 'phone', 'whatsapp'] as const;
export const SOURCES = ['widget', 'phone', 'api', 'email'] as const;

/** A conversation as G-Tateth sends it; both the id and the populated forms of the reference fields. */
export const conversation = z.looseObject({
  _id: z.string(),
  subject: z.string(),
  status: openEnum(STATUSES),
  priority: openEnum(PRIORITIES),
  customerId: z.optional(z.nullable(z.union([z.string(), populatedCustomer]))),
  assignedTo: z.optional(z.nullable(z.union([z.string(), populatedAssignee]))),
  inboxId: z.optional(z.nullable(z.string())),
  channel: z.optional(openEnum(CHANNELS)),
  source: z.optional(openEnum(SOURCES)),
  labels: z.optional(z.array(z.string())),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export interface WireConversation extends z.infer<typeof conversation> {}

export const pagination = z.looseObject({
  total: z.number(),
  page: z.number(),
  limit: z.number(),
  totalPages: z.number(),
});

export const listResponse = z.looseObject({ success: z.boolean(), data: z.array(conversation), pagination });
export const itemResponse = z.looseObject({ success: z.boolean(), data: conversation });
