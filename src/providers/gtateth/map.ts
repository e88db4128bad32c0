import type { Conversation, UserRef } from '../../model/types.js';
import type { WireConversation } from './wire.js';

const refId = (value: string | { _id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value._id;

function assignee(value: WireConversation['assignedTo']): UserRef[] {
  if (value == null) return [];
  if (typeof value === 'string') return [{ id: value, name: null, email: null }];
  return [{ id: value._id, name: value.name ?? null, email: value.email ?? null }];
}

/** G-Tateth wire conversation → the unified one. */
export function toConversation(wire: WireConversation): Conversation<WireConversation> {
  const customer = typeof wire.customerId === 'object' ? wire.customerId : null;
  return {
    id: wire._id,
    provider: 'gtateth',
    status: wire.status,
    channel: wire.channel?.toLowerCase() ?? null,
    subject: wire.subject,
    priority: wire.priority,
    contactId: refId(wire.customerId),
    target: customer?.profile?.email || customer?.profile?.phone || null,
    inboxId: wire.inboxId ?? null,
    assignees: assignee(wire.assignedTo),
    unread: null,
    lastMessage: null,
    messageCount: null,
    createdAt: new Date(wire.createdAt),
    updatedAt: new Date(wire.updatedAt),
    raw: wire,
  };
}
