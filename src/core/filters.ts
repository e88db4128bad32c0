import type { Conversation, ConversationListParams } from '../model/types.js';
import type { ListFilter } from '../providers/provider.js';

const FILTERS: readonly ListFilter[] = [
  'status',
  'inboxId',
  'assigneeId',
  'unread',
  'contactId',
  'channel',
  'priority',
];

/** The filters among `params` that the server does not apply, to be applied on the client. */
export function clientFilters(
  params: ConversationListParams,
  serverSide: readonly ListFilter[],
): Partial<Pick<ConversationListParams, ListFilter>> | undefined {
  const out: Record<string, unknown> = {};
  for (const key of FILTERS) {
    if (params[key] !== undefined && !serverSide.includes(key)) out[key] = params[key];
  }
  return Object.keys(out).length ? out : undefined;
}

/** A predicate that keeps exactly the conversations the filters describe. */
export function matchConversation(
  filters: Partial<Pick<ConversationListParams, ListFilter>>,
): (conversation: Conversation) => boolean {
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
