import { instantUs } from '../../providers/heymarket/instant.js';
import type {
  actionResponse,
  conversationList,
  inboxList,
  messageList,
  sendResponse,
  team,
} from '../../providers/heymarket/wire.js';
import { json, type WireOf } from '../fake-server.js';
import { type RouteCall, RouteTable } from '../routes.js';
import { isInt, isObject } from '../validate.js';
import type { FakeHeymarket } from './index.js';
import { type HeymarketConversationRecord, TEAM } from './store.js';

/** What a route handler gets: the fake, and a request that passed authentication and the rate limit. */
export type HeymarketCall = RouteCall<FakeHeymarket>;

/**
 * The routes. `GET /v1/conversations/:id` comes after the POST action routes, so `GET …/open` is a
 * conversation that does not exist (404 "conversation not found"), not an unknown route.
 */
export const routes = new RouteTable<HeymarketCall>()
  .on('POST /v1/conversations', list)
  .on('POST /v1/conversations/open', (call) => openClose(call, 'open'))
  .on('POST /v1/conversations/close', (call) => openClose(call, 'closed'))
  .on('POST /v1/conversations/read', (call) => readState(call, true))
  .on('POST /v1/conversations/unread', (call) => readState(call, false))
  .on('POST /v1/conversations/reassign', reassign)
  .on('POST /v1/conversations/transfer', transfer)
  .on('POST /v1/message/send', send)
  .on('GET /v1/messages', history)
  .on('GET /v1/inboxes', inboxes)
  .on('GET /v1/team', teamOf)
  .on('GET /v1/conversations/:id', ({ fake }, { id }) => get(fake, id));

const HISTORY_PAGE = 50;
const PHONE = /^\d{10,15}$/;
const INTEGER = /^\d{1,15}$/;

/**
 * The list's `date` cursor as µs since the epoch, or null when the server answers 400: RFC 3339 with
 * 0–6 fraction digits and an offset of `Z` or `±hh:mm`. The SDK's parser also takes a lower-case `t`
 * and `z`, which the server refuses.
 */
function dateParam(value: string): number | null {
  return /[tz]/.test(value) ? null : instantUs(value);
}

/** The action routes answer the JSON string "ok". */
function ok(): Response {
  const body: WireOf<typeof actionResponse> = 'ok';
  return json(200, body);
}

function bad(fake: FakeHeymarket, message: string): Response {
  return fake.error(400, 'bad_data', message);
}
function denied(fake: FakeHeymarket, message = 'user is not a member of this inbox'): Response {
  return fake.error(403, 'denied', message);
}
function notFound(fake: FakeHeymarket, message = 'conversation not found'): Response {
  return fake.error(404, 'not_found', message);
}

/** The body as an object, or the 400 for one that is not (an unparsable body included). */
function object({ fake, req }: HeymarketCall): Record<string, unknown> | Response {
  return isObject(req.body) ? req.body : bad(fake, 'body must be a JSON object');
}

function member(fake: FakeHeymarket, inboxId: number, userId: number): boolean {
  return fake.inbox(inboxId)?.members.includes(userId) ?? false;
}

/** open/close/read/unread name a conversation by inbox and `chat_id` or `target`; `chat_id` wins. */
function find(
  fake: FakeHeymarket,
  inboxId: number,
  chatId: unknown,
  target: unknown,
): HeymarketConversationRecord | undefined {
  if (isInt(chatId)) {
    const record = fake.conversations.get(chatId);
    return record?.inbox === inboxId ? record : undefined;
  }
  return typeof target === 'string' ? fake.byTarget(inboxId, target) : undefined;
}

function get(fake: FakeHeymarket, id: string): Response {
  const record = INTEGER.test(id) ? fake.conversations.get(Number(id)) : undefined;
  return record && fake.inbox(record.inbox) ? json(200, fake.toWire(record)) : notFound(fake);
}

/**
 * The list: conversations of the listed inboxes, `updated` strictly before `date` (compared as
 * instants), newest first then `id` desc, at most `limit` (and `pageCap`). Only `[]` ends a walk.
 */
function list(call: HeymarketCall): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { id, filters, date, limit } = body;
  if (!isInt(id)) return bad(fake, 'id must be an integer');
  if (!isObject(filters)) return bad(fake, 'filters must be an object');
  const { inboxes, closed, unread } = filters;
  if (!Array.isArray(inboxes) || inboxes.length === 0 || !inboxes.every(isInt)) {
    return bad(fake, 'filters.inboxes must be a non-empty array of integers');
  }
  if (closed !== undefined && typeof closed !== 'boolean') return bad(fake, 'filters.closed must be a boolean');
  if (unread !== undefined && typeof unread !== 'boolean') return bad(fake, 'filters.unread must be a boolean');
  let before: number | null = null;
  if (date !== undefined) {
    before = typeof date === 'string' ? dateParam(date) : null;
    if (before === null) return bad(fake, 'date must be an RFC 3339 date-time with an offset');
  }
  let size = 50;
  if (limit !== undefined) {
    if (!(isInt(limit) && limit >= 1 && limit <= 100)) return bad(fake, 'limit must be an integer between 1 and 100');
    size = limit;
  }
  // The acting user must be a member of every listed inbox.
  if (!inboxes.every((inbox) => member(fake, inbox, id))) return denied(fake);
  const wanted = new Set(inboxes);
  const end = Math.min(size, fake.options.pageCap ?? 100);
  // Rows are read from the cursor on until the page is full; a `pageCap` below 0 or not a number reads them all,
  // and `slice` cuts the page as it always did.
  const wantedRows = end >= 0 ? Math.trunc(end) : Number.POSITIVE_INFINITY;
  const rows: HeymarketConversationRecord[] = [];
  for (const c of fake.listedBefore(before)) {
    if (rows.length >= wantedRows) break;
    if (
      wanted.has(c.inbox) &&
      (closed === undefined || (c.status === 'closed') === closed) &&
      (unread !== true || !c.readBy.has(id))
    ) {
      rows.push(c);
    }
  }
  const page: WireOf<typeof conversationList> = rows.slice(0, end).map((c) => fake.toWire(c, id));
  return json(200, page);
}

function openClose(call: HeymarketCall, status: 'open' | 'closed'): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { inbox_id, user_id, chat_id, target } = body;
  if (!isInt(inbox_id) || !isInt(user_id)) return bad(fake, 'inbox_id and user_id must be integers');
  if (chat_id === undefined && target === undefined) return bad(fake, 'chat_id or target is required');
  if (chat_id !== undefined && !isInt(chat_id)) return bad(fake, 'chat_id must be an integer');
  if (target !== undefined && typeof target !== 'string') return bad(fake, 'target must be a string');
  if (!member(fake, inbox_id, user_id)) return denied(fake);
  const record = find(fake, inbox_id, chat_id, target);
  if (!record) return notFound(fake);
  // A repeated open or close changes nothing, `updated` included.
  if (record.status !== status) {
    record.status = status;
    record.updated = fake.now();
  }
  return ok();
}

/** Read state is the acting user's own, and changing it leaves `updated` alone. */
function readState(call: HeymarketCall, read: boolean): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { inbox_id, user_id, target } = body;
  if (!isInt(inbox_id) || !isInt(user_id)) return bad(fake, 'inbox_id and user_id must be integers');
  if (typeof target !== 'string' || target === '') return bad(fake, 'target is required');
  if (!member(fake, inbox_id, user_id)) return denied(fake);
  const record = fake.byTarget(inbox_id, target);
  if (!record) return notFound(fake);
  if (read) record.readBy.add(user_id);
  else record.readBy.delete(user_id);
  return ok();
}

/** `user_id` must be the current assignee (the acting user when unassigned); the same assignee is a no-op. */
function reassign(call: HeymarketCall): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { inbox_id, target, user_id, reassign_id } = body;
  if (!isInt(inbox_id) || !isInt(user_id) || !isInt(reassign_id)) {
    return bad(fake, 'inbox_id, user_id and reassign_id must be integers');
  }
  if (typeof target !== 'string' || target === '') return bad(fake, 'target is required');
  if (!member(fake, inbox_id, user_id)) return denied(fake);
  const record = fake.byTarget(inbox_id, target);
  if (!record) return notFound(fake);
  if (!member(fake, inbox_id, reassign_id)) return bad(fake, 'reassign_id is not a member of the inbox');
  if (record.assigned !== null && record.assigned !== user_id) {
    return bad(fake, 'user_id is not the current assignee');
  }
  if (record.assigned !== reassign_id) {
    record.assigned = reassign_id;
    record.updated = fake.now();
  }
  return ok();
}

/** sms and mms only, to an inbox with no conversation for the same customer; the assignee stays if a member. */
function transfer(call: HeymarketCall): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { conversation_id, transfer_inbox_id } = body;
  if (!isInt(conversation_id) || !isInt(transfer_inbox_id)) {
    return bad(fake, 'conversation_id and transfer_inbox_id must be integers');
  }
  const record = fake.conversations.get(conversation_id);
  if (!record || !fake.inbox(record.inbox)) return notFound(fake);
  const to = fake.inbox(transfer_inbox_id);
  if (!to) return bad(fake, 'transfer_inbox_id is not an inbox of this team');
  if (record.channel !== 'sms' && record.channel !== 'mms') {
    return bad(fake, 'only sms and mms conversations can be transferred');
  }
  if (fake.byTarget(to.id, record.target))
    return bad(fake, 'the target inbox already has a conversation with this number');
  record.inbox = to.id;
  if (record.assigned !== null && !to.members.includes(record.assigned)) record.assigned = null;
  record.updated = fake.now();
  return ok();
}

/**
 * A send: to `chat_id`, or to `phone_number` (a new number starts an sms conversation). It reopens a
 * closed conversation, sets `replied`, and marks it read for the sender.
 */
function send(call: HeymarketCall): Response {
  const { fake } = call;
  const body = object(call);
  if (body instanceof Response) return body;
  const { inbox_id, creator_id, phone_number, chat_id, text, local_id } = body;
  if (!isInt(inbox_id) || !isInt(creator_id)) return bad(fake, 'inbox_id and creator_id must be integers');
  if (typeof text !== 'string' || text === '') return bad(fake, 'text is required');
  if (phone_number === undefined && chat_id === undefined) return bad(fake, 'phone_number or chat_id is required');
  if (chat_id !== undefined && !isInt(chat_id)) return bad(fake, 'chat_id must be an integer');
  const phone = typeof phone_number === 'string' && PHONE.test(phone_number) ? phone_number : null;
  if (chat_id === undefined && phone === null) return bad(fake, 'phone_number must be 10 to 15 digits without +');
  if (local_id !== undefined && typeof local_id !== 'string') return bad(fake, 'local_id must be a string');
  // A repeated local_id answers the first send, whatever this body says, and sends nothing.
  const first = local_id ? fake.localIds.get(local_id) : undefined;
  if (first) return json(200, first);
  if (!member(fake, inbox_id, creator_id)) return denied(fake);
  let record: HeymarketConversationRecord | undefined;
  if (isInt(chat_id)) {
    record = fake.conversations.get(chat_id);
    if (record?.inbox !== inbox_id) return notFound(fake, 'chat_id is not in this inbox');
  } else {
    const target = phone as string;
    record =
      fake.byTarget(inbox_id, target) ??
      fake.insert({ inbox: inbox_id, target, channel: 'sms', status: 'open', assigned: null });
  }
  const now = fake.now();
  const message = fake.addMessage(record.id, {
    type: 'outbound',
    text,
    user: creator_id,
    date: now,
    localId: local_id ?? '',
  });
  if (record.status === 'closed') record.status = 'open';
  record.replied = true;
  record.readBy.add(creator_id);
  record.updated = now;
  const answer = { id: message.id, date: fake.stamp(message.date), gallery_url: '' };
  if (local_id) fake.localIds.set(local_id, answer);
  const sent: WireOf<typeof sendResponse> = answer;
  return json(200, sent);
}

/** The newest 50 messages, `timestamp` (unix seconds) an exclusive upper bound. */
function history({ fake, req }: HeymarketCall): Response {
  const query = req.query;
  const phone = query.get('phoneNumber');
  const inboxId = query.get('inboxID');
  const timestamp = query.get('timestamp');
  if (phone === null || !PHONE.test(phone)) return bad(fake, 'phoneNumber must be 10 to 15 digits without +');
  if (inboxId === null || !INTEGER.test(inboxId)) return bad(fake, 'inboxID must be an integer');
  if (timestamp !== null && !INTEGER.test(timestamp)) return bad(fake, 'timestamp must be unix seconds');
  if (!fake.inbox(Number(inboxId))) return denied(fake, 'the inbox is not this team\u2019s');
  const record = fake.byTarget(Number(inboxId), phone);
  const bound = timestamp === null ? Number.POSITIVE_INFINITY : Number(timestamp) * 1000;
  const rows = record ? fake.historyBefore(record.id, bound, HISTORY_PAGE) : [];
  const page: WireOf<typeof messageList> = rows.map((m) => fake.messageToWire(m));
  return json(200, page);
}

function inboxes({ fake }: HeymarketCall): Response {
  const own = fake.inboxes.filter((i) => i.team === TEAM).map((i) => fake.inboxToWire(i));
  const body: WireOf<typeof inboxList> = fake.options.inboxesShape === 'wrapped' ? { inboxes: own } : own;
  return json(200, body);
}

function teamOf({ fake }: HeymarketCall): Response {
  const body: WireOf<typeof team> = {
    id: TEAM,
    name: 'Acme Support',
    list_size: fake.users.length,
    members: fake.users.map((u) => ({ id: u.id, name: u.name, role: u.role })),
  };
  return json(200, body);
}
