import * as z from 'zod/mini';
import type { Conversation, ConversationListParams } from '../model/types.js';
import type { ConversationListInfo, ListFilter } from '../spec/provider.js';
import { ConfigurationError } from './errors.js';

/** Every filter of a conversation list, in one place. */
export const FILTERS: readonly ListFilter[] = [
  'status',
  'inboxId',
  'assigneeId',
  'unread',
  'contactId',
  'channel',
  'priority',
];

export type ClientFilters = Partial<Pick<ConversationListParams, ListFilter>>;

/** The shape of the filters a cursor carries, checked when it comes back. */
export const clientFiltersSchema = z.object({
  status: z.optional(z.enum(['open', 'closed', 'pending'])),
  inboxId: z.optional(z.union([z.string(), z.array(z.string())])),
  assigneeId: z.optional(z.nullable(z.string())),
  unread: z.optional(z.boolean()),
  contactId: z.optional(z.string()),
  channel: z.optional(z.string()),
  priority: z.optional(z.enum(['low', 'medium', 'high', 'urgent'])),
});

/**
 * The filters among `params` that the server does not apply, to be applied on the client. A filter on a
 * field the provider's conversations never carry could only give an empty walk: it is a
 * `ConfigurationError`, thrown when the list starts.
 */
export function clientFilters(
  params: ConversationListParams,
  list: ConversationListInfo,
  provider: string,
): ClientFilters | undefined {
  const out: Record<string, unknown> = {};
  for (const key of FILTERS) {
    if (params[key] === undefined) continue;
    if (!list.fields.includes(key)) {
      throw new ConfigurationError(`${provider} conversations have no ${key}: a filter on it never matches`);
    }
    if (!list.serverFilters.includes(key)) out[key] = params[key];
  }
  return Object.keys(out).length ? out : undefined;
}

/** A predicate that keeps exactly the conversations the filters describe. */
export function matchConversation(filters: ClientFilters): (conversation: Conversation) => boolean {
  const { status, inboxId, assigneeId, unread, contactId, channel, priority } = filters;
  const inboxes = inboxId === undefined ? null : Array.isArray(inboxId) ? inboxId : [inboxId];
  return (c) =>
    (status === undefined || c.status === status) &&
    (inboxes === null || (c.inboxId !== null && inboxes.includes(c.inboxId))) &&
    (assigneeId === undefined ||
      (assigneeId === null ? c.assignees.length === 0 : c.assignees.some((a) => a.id === assigneeId))) &&
    (unread === undefined || c.unread === unread) &&
    (contactId === undefined || c.contactId === contactId) &&
    (channel === undefined || c.channel === channel.toLowerCase()) &&
    (priority === undefined || c.priority === priority);
}
