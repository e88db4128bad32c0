import type {
  contactPage,
  conversationList,
  loginResponse,
  messageList,
  resolveResponse,
  updateResponse,
} from '../../providers/tether/wire.js';
import { iso } from '../clock.js';
import { json, type WireOf } from '../fake-server.js';
import { newestFirst, offsetParams } from '../lists.js';
import { type RouteCall, RouteTable } from '../routes.js';
import { isHex24, isObject } from '../validate.js';
import type { FakeTether } from './index.js';
import { CHANNEL_TYPES, type TetherContact, type TetherConversationRecord, type TetherUser } from './store.js';

/** What a route handler gets: the fake and the request, before any check. */
export type TetherCall = RouteCall<FakeTether>;

/** A call with a valid token: its user, and the body as an object (`{}` when empty, null when not an object). */
interface SignedInCall extends TetherCall {
  user: TetherUser;
  body: Record<string, unknown> | null;
}

/**
 * A route behind the token check. An unknown route is answered 404 before it (the table has no
 * match), and a bad request body after it, so checks run in the order 404 (route), 401, 400, 404.
 */
function signedIn<P>(handle: (call: SignedInCall, params: P) => Response): (call: TetherCall, params: P) => Response {
  return (call, params) => {
    const user = authenticate(call);
    if (user instanceof Response) return user;
    const { body } = call.req;
    return handle({ ...call, user, body: isObject(body) ? body : body === undefined ? {} : null }, params);
  };
}

/**
 * The routes. The by-id routes take any segment the fixed routes before them do not claim, so
 * `GET /api/conversation/all` (the list is a POST) is a conversation that does not exist.
 */
export const routes = new RouteTable<TetherCall>()
  .on('POST /api/auth/login', login)
  .on(
    'GET /api/auth/verify-token',
    signedIn(() => json(200, { message: 'Token is good' })),
  )
  .on('GET /api/contacts', signedIn(contacts))
  .on('POST /api/conversation/all', signedIn(list))
  .on('POST /api/conversation/messages', signedIn(messages))
  .on('POST /api/conversation/unseen', signedIn(markUnseen))
  .on('DELETE /api/conversation', signedIn(remove))
  .on('POST /api/messages/send', signedIn(send))
  .on(
    'GET /api/conversation/:id',
    signedIn((call, { id }) => get(call, id)),
  )
  .on(
    'PUT /api/conversation/:id',
    signedIn((call, { id }) => update(call, id)),
  )
  .on(
    'PUT /api/conversation/:id/resolve',
    signedIn((call, { id }) => resolve(call, id)),
  );

function invalid(fake: FakeTether, message: string): Response {
  return fake.error(400, 'invalid_request', message);
}

function notFound(fake: FakeTether, what = 'Conversation'): Response {
  return fake.error(404, 'not_found', `${what} not found`);
}

/** The user a bearer token names while it is valid, or the 401. */
function authenticate({ fake, req }: TetherCall): TetherUser | Response {
  const match = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '');
  const entry = match ? fake.tokens.get(match[1] as string) : undefined;
  const user = entry && fake.clock.now() < entry.expiresAt ? fake.users.find((u) => u._id === entry.userId) : undefined;
  return user ?? fake.error(401, 'unauthorized', 'Invalid or expired token');
}

/** A conversation of the user's organisation, whoever owns it; a non-hex id names none. */
function find(fake: FakeTether, user: TetherUser, id: unknown): TetherConversationRecord | undefined {
  if (!isHex24(id)) return undefined;
  const record = fake.conversations.get(id);
  return record?.organizationId === user.organizationId ? record : undefined;
}

/** A body's required id field: missing → 400; any string passes on to the 404 check. */
function requireId({ fake, body }: SignedInCall, field: string): Response | string {
  if (!body) return invalid(fake, 'Request body must be a JSON object');
  const v = body[field];
  if (typeof v !== 'string' || v === '') return invalid(fake, `Missing required field: ${field}`);
  return v;
}

/** The conversation the body's `conversationId` names: 400 when the field is missing, 404 when unknown. */
function bodyConversation(call: SignedInCall): TetherConversationRecord | Response {
  const id = requireId(call, 'conversationId');
  if (id instanceof Response) return id;
  return find(call.fake, call.user, id) ?? notFound(call.fake);
}

/** Log in with email (any case) and password; a new token does not revoke older ones. */
function login({ fake, req }: TetherCall): Response {
  fake.countLogin();
  const b = isObject(req.body) ? req.body : null;
  if (!b) return invalid(fake, 'Request body must be a JSON object');
  const { email, password } = b;
  if (typeof email !== 'string' || email === '') return invalid(fake, 'Missing required field: email');
  if (typeof password !== 'string' || password === '') return invalid(fake, 'Missing required field: password');
  const user = fake.users.find((u) => u.email.toLowerCase() === email.toLowerCase() && u.password === password);
  if (!user) return fake.error(401, 'unauthorized', 'Invalid email or password');
  const body: WireOf<typeof loginResponse> = {
    token: fake.issueToken(user._id),
    user: {
      id: user._id,
      email: user.email,
      fullName: user.fullName,
      organizationId: user.organizationId,
      accessRole: user.accessRole,
    },
  };
  return json(200, body);
}

/**
 * A contact's conversations on one channel (default sms) that the user owns or is assigned to, newest
 * message first (none last), then `_id` desc; an unknown or foreign contact has none.
 */
function list(call: SignedInCall): Response {
  const { fake, user } = call;
  const contactId = requireId(call, 'contactId');
  if (contactId instanceof Response) return contactId;
  if (!isHex24(contactId)) return invalid(fake, 'Invalid contactId');
  const channelType = call.body?.channelType ?? 'sms';
  if (typeof channelType !== 'string' || !(CHANNEL_TYPES as readonly string[]).includes(channelType)) {
    return invalid(fake, `Invalid channelType: must be one of ${CHANNEL_TYPES.join(', ')}`);
  }
  const contact = fake.contacts.get(contactId);
  const rows =
    contact?.organizationId !== user.organizationId
      ? []
      : fake
          .conversationsOf(contactId)
          .filter(
            (c) =>
              c.contactId === contactId &&
              c.organizationId === user.organizationId &&
              c.channelType === channelType &&
              fake.isVisible(c, user._id),
          )
          .sort(
            newestFirst(
              (c) => fake.lastMessage(c)?.createdAt ?? Number.NEGATIVE_INFINITY,
              (c) => c._id,
            ),
          );
  const body: WireOf<typeof conversationList> = { conversations: rows.map((c) => fake.toWire(c, true)) };
  return json(200, body);
}

/** Every message of a conversation, oldest first. */
function messages(call: SignedInCall): Response {
  const { fake } = call;
  const record = bodyConversation(call);
  if (record instanceof Response) return record;
  const body: WireOf<typeof messageList> = {
    messages: (fake.messages.get(record._id) ?? []).map((m) => fake.messageToWire(m)),
  };
  return json(200, body);
}

function get({ fake, user }: SignedInCall, id: string): Response {
  const record = find(fake, user, id);
  return record ? json(200, fake.toWire(record)) : notFound(fake);
}

/** `assignees` replaces the whole list (duplicates dropped); `updatedAt` moves only on a change. */
function update({ fake, user, body: b }: SignedInCall, id: string): Response {
  if (!b) return invalid(fake, 'Request body must be a JSON object');
  let assignees: string[] | undefined;
  if (b.assignees !== undefined) {
    const list: unknown = b.assignees;
    if (!Array.isArray(list) || !list.every((a): a is string => typeof a === 'string')) {
      return invalid(fake, 'assignees must be an array of user ids');
    }
    for (const a of list) {
      if (!fake.users.some((u) => u._id === a && u.organizationId === user.organizationId)) {
        return invalid(fake, `Assignee is not a user of this organization: ${a}`);
      }
    }
    assignees = [...new Set(list)];
  }
  if (b.isResolved !== undefined && typeof b.isResolved !== 'boolean') {
    return invalid(fake, 'isResolved must be a boolean');
  }
  const record = find(fake, user, id);
  if (!record) return notFound(fake);
  let changed = false;
  if (assignees && assignees.join() !== record.assignees.join()) {
    record.assignees = assignees;
    changed = true;
  }
  if (typeof b.isResolved === 'boolean' && fake.options.putIsResolved !== 'ignored') {
    changed = fake.setResolved(record, b.isResolved) || changed;
  }
  if (changed) record.updatedAt = Math.max(record.updatedAt, fake.clock.now());
  const full = fake.toWire(record);
  const echo = fake.options.partialUpdate
    ? { _id: full._id, assignees: full.assignees, isResolved: full.isResolved, updatedAt: full.updatedAt }
    : full;
  const answer: WireOf<typeof updateResponse> =
    fake.options.updateEnvelope === 'data'
      ? { message: 'Conversation updated', data: echo }
      : { message: 'Conversation updated successfully', conversation: echo };
  return json(200, answer);
}

/** Toggle mode (default) ignores the body and flips the state; explicit mode sets the body's `isResolved`. */
function resolve({ fake, user, body: b }: SignedInCall, id: string): Response {
  const explicit = fake.options.resolveMode === 'explicit';
  const wanted = b?.isResolved;
  if (explicit && typeof wanted !== 'boolean') {
    return invalid(fake, wanted !== undefined ? 'isResolved must be a boolean' : 'Missing required field: isResolved');
  }
  const record = find(fake, user, id);
  if (!record) return notFound(fake);
  fake.setResolved(record, explicit && typeof wanted === 'boolean' ? wanted : !record.isResolved);
  const { isResolved } = record;
  const resolvedAt = record.resolvedAt === null ? null : iso(record.resolvedAt);
  const answer: WireOf<typeof resolveResponse> =
    fake.options.resolveEnvelope === 'data'
      ? {
          message: isResolved ? 'Conversation resolved' : 'Conversation reopened',
          data: { _id: record._id, isResolved, resolvedAt },
        }
      : {
          message: isResolved ? 'Conversation resolved successfully' : 'Conversation unresolved successfully',
          isResolved,
          resolvedAt,
        };
  return json(200, answer);
}

function markUnseen(call: SignedInCall): Response {
  const { fake, user } = call;
  const record = bodyConversation(call);
  if (record instanceof Response) return record;
  fake.markUnseen(record._id, user._id);
  return json(200, { message: 'Conversation marked as unseen' });
}

/** DELETE takes the id in a JSON body; a second delete is a 404. */
function remove(call: SignedInCall): Response {
  const { fake } = call;
  const record = bodyConversation(call);
  if (record instanceof Response) return record;
  fake.remove(record);
  return json(200, { message: 'Conversation deleted successfully' });
}

/**
 * A send: to `conversationId`, or else to the contact's most recently active sms conversation, created
 * when there is none. It never reopens a resolved conversation; only an inbound message does.
 */
function send(call: SignedInCall): Response {
  const { fake, user } = call;
  const contactId = requireId(call, 'contactId');
  if (contactId instanceof Response) return contactId;
  const { content, conversationId, attachments } = call.body ?? {};
  if (typeof content !== 'string' || content === '') return invalid(fake, 'Missing required field: content');
  if (conversationId !== undefined && typeof conversationId !== 'string') {
    return invalid(fake, 'conversationId must be a string');
  }
  const files: unknown = attachments;
  if (files !== undefined && !(Array.isArray(files) && files.every((a): a is string => typeof a === 'string'))) {
    return invalid(fake, 'attachments must be an array of strings');
  }
  const contact = isHex24(contactId) ? fake.contacts.get(contactId) : undefined;
  if (contact?.organizationId !== user.organizationId) return notFound(fake, 'Contact');
  let record: TetherConversationRecord | undefined;
  if (conversationId !== undefined) {
    record = find(fake, user, conversationId);
    if (!record) return notFound(fake);
    if (record.contactId !== contactId) return invalid(fake, 'conversationId belongs to another contact');
  } else {
    const activity = (c: TetherConversationRecord) => fake.lastMessage(c)?.createdAt ?? c.updatedAt;
    record = fake
      .conversationsOf(contactId)
      .filter((c) => c.contactId === contactId && c.organizationId === user.organizationId && c.channelType === 'sms')
      .sort((a, c) => activity(c) - activity(a))[0];
    record ??= fake.insert({
      contactId,
      userId: user._id,
      assignees: [user._id],
      channelType: 'sms',
      channelIdentifier: contact.phoneNumber,
    });
  }
  const message = fake.addMessage(record, {
    direction: 'outbound',
    content,
    sentBy: user._id,
    ...(files ? { attachments: files } : {}),
  });
  record.updatedAt = Math.max(record.updatedAt, message.createdAt);
  return json(200, fake.messageToWire(message));
}

/**
 * Contacts of the organisation, `ownerFilter` `my` (default: owned by or assigned to the user), `all`,
 * or a user id; `search` matches name, phone and email without case. Newest first, then `_id` desc.
 */
function contacts({ fake, user, req }: SignedInCall): Response {
  const q = req.query;
  const paging = offsetParams(q, 'size', 10);
  if ('param' in paging) return invalid(fake, paging.message);
  const { page, size } = paging;
  const owner = q.get('ownerFilter') ?? 'my';
  const search = q.get('search')?.toLowerCase() ?? '';
  // Every contact of the organisation, unsearched, is a page read straight out of the list order.
  const match =
    owner === 'all' && !search
      ? null
      : (c: TetherContact) => {
          if (owner === 'my' && c.userId !== user._id && !c.assignees.includes(user._id)) return false;
          if (owner !== 'my' && owner !== 'all' && c.userId !== owner) return false;
          if (!search) return true;
          const haystack = [`${c.firstName} ${c.lastName ?? ''}`, c.phoneNumber, c.email ?? ''];
          return haystack.some((h) => h.toLowerCase().includes(search));
        };
  const { rows, total } = fake.contactsPage(user.organizationId, match, page, size);
  const body: WireOf<typeof contactPage> = {
    data: rows.map((c) => fake.contactToWire(c)),
    total,
    page,
    size,
  };
  return json(200, body);
}
