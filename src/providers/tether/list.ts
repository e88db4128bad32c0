import type { Conversation, ConversationListParams } from '../../model/types.js';
import type { PageData, Paginator, ProviderContext } from '../provider.js';
import { type LatestMessageShape, toConversation } from './map.js';
import { CHANNEL_TYPES, contactPage, conversationList, type WireConversation } from './wire.js';

/**
 * Where a conversation walk stands. There is no global list on this API, only "conversations of
 * contact X on channel Y" (§5), so a walk reads contact pages and lists each contact on each channel.
 */
export type ListState = {
  /** Channel types queried for every contact. */
  channels: string[];
  /** Contacts page size. */
  size: number;
  /** The next contacts page to read. */
  page: number;
  /** Contacts read but not listed yet, in order. */
  pending: string[];
  /** Ids on the contacts page read last: rows that drift onto the next page are not listed twice. */
  recent: string[];
  /** `total` of the contacts page read last; a drop means rows moved up past the walk. */
  total: number | null;
  /** No contacts page is left to read. */
  end: boolean;
};

/** Contacts listed per walk page; each costs one request per channel, sent together. */
const CONTACTS_PER_PAGE = 5;
const DEFAULT_SIZE = 50;
const MAX_SIZE = 100;
/** What an unfiltered list asks for; a provider option can name others a newer server knows. */
export const DEFAULT_CHANNELS: readonly string[] = CHANNEL_TYPES;

export function startList(params: ConversationListParams, all: readonly string[]): ListState {
  // The server defaults `channelType` to sms (trap 2), so an unfiltered list asks for every channel.
  const channels = params.channel === undefined ? [...all] : [params.channel.toLowerCase()];
  const limit = Number.isFinite(params.limit) ? Math.floor(params.limit as number) : DEFAULT_SIZE;
  const size = Math.min(MAX_SIZE, Math.max(1, limit));
  // One contact is a walk whose only contact is already known.
  if (params.contactId !== undefined) {
    return { channels, size, page: 1, pending: [params.contactId], recent: [], total: null, end: true };
  }
  return { channels, size, page: 1, pending: [], recent: [], total: null, end: false };
}

async function readContacts(ctx: ProviderContext, s: ListState, page: number) {
  const res = await ctx.request({
    method: 'GET',
    path: '/api/contacts',
    query: { page, size: s.size, ownerFilter: 'all' },
    idempotent: true,
    schema: contactPage,
  });
  return { ids: res.data.map((c) => c._id), total: res.total };
}

/**
 * Reads the next contacts page. Offset pages drift while the walk runs (trap 5): contacts created
 * meanwhile push rows already read onto this page (dropped via `recent`), and deletions pull unread
 * rows back onto the page before (that page is read again when `total` shrank).
 */
async function nextContacts(ctx: ProviderContext, s: ListState): Promise<ListState> {
  const { ids, total } = await readContacts(ctx, s, s.page);
  const taken = new Set(s.recent);
  const fresh: string[] = [];
  if (s.total !== null && total < s.total && s.page > 1) {
    const before = await readContacts(ctx, s, s.page - 1);
    for (const id of before.ids) if (!taken.has(id) && !ids.includes(id)) fresh.push(id);
  }
  for (const id of ids) if (!taken.has(id)) fresh.push(id);
  const end = ids.length === 0 || s.page * s.size >= total;
  return { ...s, page: s.page + 1, pending: [...s.pending, ...fresh], recent: ids, total, end };
}

/** Newest activity first, then `_id` desc: the server's own order for one channel (D5). */
function byActivity(a: WireConversation, b: WireConversation): number {
  const ta = a.lastMessageTime ? Date.parse(a.lastMessageTime) : Number.NEGATIVE_INFINITY;
  const tb = b.lastMessageTime ? Date.parse(b.lastMessageTime) : Number.NEGATIVE_INFINITY;
  if (ta !== tb) return tb - ta;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

async function listContact(ctx: ProviderContext, contactId: string, channels: string[]): Promise<WireConversation[]> {
  const lists = await Promise.all(
    channels.map((channelType) =>
      ctx.request({
        method: 'POST',
        path: '/api/conversation/all',
        body: { contactId, channelType },
        // A read, but §7 retries only GETs and the conversation PUT.
        idempotent: false,
        schema: conversationList,
      }),
    ),
  );
  return lists.flatMap((l) => l.conversations).sort(byActivity);
}

export function conversationsPaginator(
  channels: readonly string[],
  latestMessage: LatestMessageShape,
): Paginator<Conversation, ConversationListParams, ListState> & { kind: 'cursor' } {
  return {
    kind: 'cursor',
    start: (params) => startList(params, channels),
    key: (c) => c.id,
    async fetch(ctx, state): Promise<PageData<Conversation, ListState>> {
      let s = state;
      if (s.pending.length === 0 && !s.end) s = await nextContacts(ctx, s);
      const batch = s.pending.slice(0, CONTACTS_PER_PAGE);
      const rest = s.pending.slice(CONTACTS_PER_PAGE);
      const lists = await Promise.all(batch.map((id) => listContact(ctx, id, s.channels)));
      return {
        items: lists.flat().map((w) => toConversation(w, latestMessage)),
        next: rest.length === 0 && s.end ? null : { ...s, pending: rest },
      };
    },
  };
}
