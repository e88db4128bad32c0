import type { Conversation, Inbox, Message, User, UserRef } from '../../model/types.js';
import {
  memberIndex,
  type WireConversation,
  type WireInbox,
  type WireMember,
  type WireMessage,
  type WireSendResponse,
  type WireTeamMember,
} from './wire.js';

/** The assignee's id; `0` means unassigned too. */
export function assignedId(wire: WireConversation): number | null {
  const value = wire.assigned;
  const id = value == null ? null : typeof value === 'number' ? value : value.id;
  return id === null || id === 0 ? null : id;
}

export const inboxIdOf = (wire: WireConversation): number =>
  typeof wire.inbox === 'number' ? wire.inbox : wire.inbox.id;

function assignees(wire: WireConversation): UserRef[] {
  const id = assignedId(wire);
  if (id === null) return [];
  if (typeof wire.assigned === 'object' && wire.assigned !== null) {
    return [{ id: String(id), name: wire.assigned.name ?? null, email: wire.assigned.email ?? null }];
  }
  // The generated shape sends a bare id; `members` usually names it (that entry is validated).
  const index = memberIndex(wire.members, id);
  const known = index < 0 ? undefined : (wire.members?.[index] as WireMember);
  return [{ id: String(id), name: known?.name ?? null, email: null }];
}

/**
 * Heymarket wire conversation → the unified one. `unread` is the negation of `read`, which in a list is
 * the acting user's own state and elsewhere "anyone has read it".
 */
export function toConversation(wire: WireConversation): Conversation<WireConversation> {
  const read = wire.read;
  return {
    id: String(wire.id),
    provider: 'heymarket',
    status: wire.status,
    channel: wire.channel?.toLowerCase() ?? null,
    subject: null,
    priority: null,
    contactId: null,
    target: wire.target || null,
    inboxId: String(inboxIdOf(wire)),
    assignees: assignees(wire),
    unread: read == null ? null : !read,
    lastMessage: null,
    messageCount: null,
    createdAt: new Date(wire.created),
    updatedAt: new Date(wire.updated),
    raw: wire,
  };
}

const direction = (type: string | undefined): Message['direction'] =>
  type === 'inbound' || type === 'outbound' ? type : null;

/** A history message; `conversationId` is the conversation it was listed for. */
export function toMessage(wire: WireMessage, conversationId: string): Message<WireMessage> {
  return {
    id: String(wire.id),
    conversationId: wire.conversation ? String(wire.conversation.id) : conversationId,
    direction: direction(wire.type),
    text: wire.text ?? null,
    status: wire.status ?? null,
    // Inbound messages carry user 0: no team member wrote them.
    authorId: wire.user ? String(wire.user) : null,
    createdAt: new Date(wire.date),
    raw: wire,
  };
}

/** The answer of a send, completed with what was sent. */
export function sentMessage(
  wire: WireSendResponse,
  sent: { conversationId: string; text: string; authorId: number },
): Message<WireSendResponse> {
  return {
    id: String(wire.id),
    conversationId: sent.conversationId,
    direction: 'outbound',
    text: sent.text,
    status: null,
    authorId: String(sent.authorId),
    createdAt: new Date(wire.date),
    raw: wire,
  };
}

/** Heymarket wire inbox → the unified one; `memberIds` are the member user ids as strings. */
export function toInbox(wire: WireInbox): Inbox<WireInbox> {
  return { id: String(wire.id), name: wire.name ?? null, memberIds: (wire.members ?? []).map(String), raw: wire };
}

/** Heymarket team member → the unified user; `email` is `null`, since the team list does not carry it. */
export function toUser(wire: WireTeamMember): User<WireTeamMember> {
  return { id: String(wire.id), name: wire.name ?? null, email: null, role: wire.role ?? null, raw: wire };
}
