import type { Conversation, Message, UserRef } from '../../model/types.js';
import type { UpdateResponse, WireAssignee, WireConversation, WireMessage } from './wire.js';

/**
 * What the server's `latestMessage` holds: a text preview (the documented default) or the newest
 * message's id. The two cannot be told apart from the value (a preview can be 24 hex characters), so
 * the caller says which one its server sends.
 */
export type LatestMessageShape = 'text' | 'id';

export const assigneeId = (value: WireAssignee): string => (typeof value === 'string' ? value : value._id);

function userRef(value: WireAssignee): UserRef {
  if (typeof value === 'string') return { id: value, name: null, email: null };
  return { id: value._id, name: value.fullName ?? null, email: value.email ?? null };
}

/** Tether wire conversation → the unified one. */
export function toConversation(
  wire: WireConversation,
  latestMessage: LatestMessageShape = 'text',
): Conversation<WireConversation> {
  const last = wire.latestMessage ?? null;
  const at = wire.lastMessageTime ?? null;
  return {
    id: wire._id,
    provider: 'tether',
    status: wire.isResolved ? 'closed' : 'open',
    channel: wire.channelType?.toLowerCase() ?? null,
    subject: wire.subject ?? null,
    priority: null,
    contactId: wire.contactId ?? null,
    target: wire.channelIdentifier ?? null,
    inboxId: null,
    assignees: (wire.assignees ?? []).map(userRef),
    unread: null,
    lastMessage:
      last === null && at === null
        ? null
        : { text: latestMessage === 'text' ? last : null, at: at === null ? null : new Date(at) },
    messageCount: wire.messageCount ?? null,
    createdAt: new Date(wire.createdAt),
    updatedAt: new Date(wire.updatedAt),
    raw: wire,
  };
}

/** Tether wire message → the unified one. */
export function toMessage(wire: WireMessage): Message<WireMessage> {
  const direction = wire.direction === 'inbound' ? 'inbound' : wire.direction === 'outbound' ? 'outbound' : null;
  return {
    id: wire._id,
    conversationId: wire.conversationId ?? null,
    direction,
    text: wire.content ?? null,
    status: wire.status ?? null,
    authorId: wire.sentBy ?? null,
    createdAt: new Date(wire.createdAt),
    raw: wire,
  };
}

/** The conversation a PUT echoed, whichever envelope carried it; `{}` when it echoed none. */
export const updated = (res: UpdateResponse) => res.conversation ?? res.data ?? {};
