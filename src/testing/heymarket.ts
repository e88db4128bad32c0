import { fromBase64url } from '../core/base64url.js';
import { fakeData } from './random.js';
import {
  type FakeOptions,
  type FakeRequest,
  FakeServer,
  type Fault,
  FixedWindow,
  INVALID_JSON,
  json,
} from './server.js';

export interface HeymarketUser {
  id: number;
  name: string;
  email: string;
  role: string;
}
export interface HeymarketInbox {
  id: number;
  name: string;
  /** Another team's inbox: every call naming it answers 403. */
  team: number;
  members: number[];
  phone: string;
  autoAssignable: boolean;
}
export interface HeymarketConversationRecord {
  id: number;
  channel: string;
  status: string;
  assigned: number | null;
  inbox: number;
  /** E.164 digits without `+`, an email address, or a chat id. */
  target: string;
  name: string;
  /** ms since the epoch. */
  created: number;
  updated: number;
  /** Users who have it marked read (D5). */
  readBy: Set<number>;
  replied: boolean;
  blocked: boolean;
  muted: boolean;
}
export interface HeymarketMessageRecord {
  id: number;
  conversation: number;
  text: string;
  media: string;
  type: string;
  status: string;
  date: number;
  updated: number;
  /** Sender; 0 for inbound. */
  user: number;
  author: string;
  localId: string;
}
export interface HeymarketSecret {
  secretId: string;
  secretKey: string;
  active: boolean;
}

export interface FakeHeymarketOptions extends FakeOptions {
  /** Conversations to seed. Default 25. */
  conversations?: number;
  /** Inboxes to seed; the acting user belongs to all of them. Default 3. */
  inboxes?: number;
  /** Team members to seed; the first is the acting user (`fake.userId`). Default 5. */
  users?: number;
  /** Messages per seeded conversation, fixed or `[min, max]`. Default `[0, 3]`. */
  messages?: number | [number, number];
  /** `generated` (default): integer `assigned`/`inbox`, `read` 0/1; `prose`: objects and a boolean (D4). */
  conversationShape?: 'generated' | 'prose';
  /** `GET /v1/inboxes` as a bare array (default) or `{inboxes: [...]}` (D4). */
  inboxesShape?: 'bare' | 'wrapped';
  /** Error bodies as JSON `{error, message}` (default) or an HTML page (D9). */
  errorBody?: 'json' | 'html';
  /** `2024-01-15T10:30:00.123Z` (default) or `2024-01-15T10:30:00+00:00`, with times kept in whole seconds (D8). */
  timestampStyle?: 'ms-z' | 'seconds-offset';
  /** At most this many conversations per list page, whatever `limit` asks (§5.4). */
  pageCap?: number;
  /** Per credential, fixed windows. Default 500 per 60 s (§7). */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Fraction of seeded conversations that share `updated` with the one seeded before. Default 0. */
  tieRate?: number;
}

const TEAM = 7001;
const OTHER_TEAM = 7002;
const JWT_PAST_S = 300;
const JWT_FUTURE_S = 60;
const HISTORY_PAGE = 50;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;
const PHONE = /^\d{10,15}$/;
const INTEGER = /^\d{1,15}$/;
const utf8 = new TextEncoder();

/** An RFC 3339 `date` as µs since the epoch; null when the server would answer 400 (§5.5). */
export function parseDateParam(value: string): number | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  const offset = m[8] as string;
  let minutes = 0;
  if (offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    minutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return (Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000) * 1000 + Number((m[7] ?? '').padEnd(6, '0'));
}

/** A JWS segment's bytes, or null when it is not strict base64url (the server rejects such a token). */
function base64urlDecode(segment: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  try {
    return fromBase64url(segment) as Uint8Array<ArrayBuffer>;
  } catch {
    return null;
  }
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
const CODES: Record<number, string> = {
  400: 'bad_data',
  401: 'unauthorized',
  403: 'denied',
  404: 'not_found',
  429: 'rate_limited',
};

/** A verified credential: the rate-limit bucket it counts against (§7: per API key or JWT secret id). */
interface Caller {
  bucket: string;
}

/** The Heymarket API over an in-memory store, as `wire/heymarket.md` specifies it. */
export class FakeHeymarket extends FakeServer {
  readonly options: FakeHeymarketOptions;
  readonly teamId = TEAM;
  readonly users: HeymarketUser[] = [];
  readonly inboxes: HeymarketInbox[] = [];
  /** The store: conversations by id. */
  readonly conversations = new Map<number, HeymarketConversationRecord>();
  readonly messages: HeymarketMessageRecord[] = [];
  /** Team-scoped `local_id` → the first send's answer (D12). */
  readonly localIds = new Map<string, { id: number; date: string; gallery_url: string }>();
  readonly apiKeys = new Set<string>();
  readonly secrets = new Map<string, HeymarketSecret>();
  /** The legacy key. */
  readonly apiKey: string;
  /** The JWT secret pair. */
  readonly secretId: string;
  readonly secretKey: string;
  #window: FixedWindow;
  #nextId = 1000;
  #nextMessageId = 88000;
  #keys = new Map<string, Promise<CryptoKey>>();

  constructor(options: FakeHeymarketOptions = {}) {
    super(options);
    this.options = options;
    const rl = options.rateLimit ?? { limit: 500, windowSeconds: 60 };
    this.#window = new FixedWindow(rl.limit, rl.windowSeconds * 1000);
    this.apiKey = `hm_${this.random.hex(32)}`;
    this.apiKeys.add(this.apiKey);
    ({ secretId: this.secretId, secretKey: this.secretKey } = this.addSecret());
    this.#seed();
  }

  /** The acting user of the seeded team (a member of every seeded inbox). */
  get userId(): number {
    return (this.users[0] as HeymarketUser).id;
  }

  /** Adds an active JWT secret (a team may hold two, for rotation). */
  addSecret(): HeymarketSecret {
    const secret = { secretId: `sid_${this.random.hex(16)}`, secretKey: this.random.hex(40), active: true };
    this.secrets.set(secret.secretId, secret);
    return secret;
  }

  /** Times as the server keeps them: whole seconds in the `seconds-offset` style. */
  time(ms: number): number {
    return this.options.timestampStyle === 'seconds-offset' ? Math.floor(ms / 1000) * 1000 : ms;
  }

  now(): number {
    return this.time(this.clock.now());
  }

  /** A time as the server writes it (D8). */
  stamp(ms: number): string {
    const iso = new Date(ms).toISOString();
    return this.options.timestampStyle === 'seconds-offset' ? `${iso.slice(0, 19)}+00:00` : iso;
  }

  #seed(): void {
    const r = this.random;
    const o = this.options;
    // Seeded `updated` values lie at or before `seededAt` (the clock's now, or a fixed instant in the past).
    const now = this.time(this.seededAt);
    for (let i = 0; i < Math.max(1, o.users ?? 5); i++) {
      const first = fakeData.firstName(r);
      const last = fakeData.lastName(r);
      this.addUser({
        name: `${first} ${last}`,
        email: fakeData.email(r, first, last),
        role: i === 0 ? 'admin' : 'member',
      });
    }
    const names = ['Support', 'Sales', 'Billing', 'Operations', 'Returns', 'VIP'];
    for (let i = 0; i < (o.inboxes ?? 3); i++) {
      const others = this.users.slice(1).filter(() => r.chance(0.6));
      // Someone besides the acting user, so every conversation can be reassigned.
      if (others.length === 0 && this.users.length > 1) others.push(r.pick(this.users.slice(1)));
      this.addInbox({
        name: names[i % names.length] ?? `Inbox ${i}`,
        members: [this.userId, ...others.map((u) => u.id)],
      });
    }
    const count = o.conversations ?? 25;
    const [minMessages, maxMessages] = Array.isArray(o.messages) ? o.messages : [o.messages ?? 0, o.messages ?? 3];
    let at = now - count * 60_000;
    for (let i = 0; i < count && this.inboxes.length > 0; i++) {
      if (!r.chance(o.tieRate ?? 0)) at += r.int(1, 60_000);
      const inbox = r.pick(this.inboxes);
      const roll = r.next();
      const channel = roll < 0.7 ? 'sms' : roll < 0.8 ? 'mms' : roll < 0.9 ? 'email' : 'chat';
      const first = fakeData.firstName(r);
      const last = fakeData.lastName(r);
      const target =
        channel === 'email'
          ? fakeData.email(r, first, last)
          : channel === 'chat'
            ? `chat_${r.hex(12)}`
            : fakeData.phoneDigits(r);
      if (this.#byTarget(inbox.id, target)) continue;
      const updated = Math.min(at, now);
      const status = r.next();
      const record = this.insert({
        channel,
        inbox: inbox.id,
        target,
        name: r.chance(0.8) ? `${first} ${last}` : '',
        status: status < 0.55 ? 'open' : status < 0.95 ? 'closed' : 'pending',
        assigned: r.chance(0.7) ? r.pick(inbox.members) : null,
        created: updated - r.int(0, 3 * 86_400_000),
        updated,
        replied: r.chance(0.5),
        readBy: new Set(inbox.members.filter(() => r.chance(0.5))),
      });
      const n = r.int(minMessages, maxMessages);
      for (let k = 0; k < n; k++) {
        const inbound = r.chance(0.5);
        this.addMessage(record.id, {
          type: inbound ? 'inbound' : 'outbound',
          date: record.updated - (n - 1 - k) * r.int(1_000, 600_000),
          ...(inbound ? {} : { user: record.assigned ?? this.userId }),
        });
      }
    }
  }

  addUser(fields: Partial<HeymarketUser> = {}): HeymarketUser {
    const user = {
      id: fields.id ?? 50 + this.users.length * 7,
      name: 'Team Member',
      email: '',
      role: 'member',
      ...fields,
    };
    this.users.push(user);
    return user;
  }

  /** Adds an inbox; `team` other than `fake.teamId` makes one of another team. */
  addInbox(fields: Partial<HeymarketInbox> = {}): HeymarketInbox {
    const inbox: HeymarketInbox = {
      id: fields.id ?? 101 + this.inboxes.length,
      name: 'Inbox',
      team: TEAM,
      members: [this.userId],
      phone: fakeData.phoneDigits(this.random),
      autoAssignable: false,
      ...fields,
    };
    this.inboxes.push(inbox);
    return inbox;
  }

  /** An inbox of another team, for 403s. */
  addForeignInbox(fields: Partial<HeymarketInbox> = {}): HeymarketInbox {
    return this.addInbox({ team: OTHER_TEAM, members: [], ...fields });
  }

  /** Puts a conversation in the store (defaults filled in) and returns it. Times go through `time()`. */
  insert(fields: Partial<HeymarketConversationRecord> = {}): HeymarketConversationRecord {
    const now = this.now();
    const updated = this.time(fields.updated ?? now);
    const record: HeymarketConversationRecord = {
      id: fields.id ?? this.#nextId++,
      channel: 'sms',
      status: 'open',
      assigned: null,
      inbox: (this.inboxes[0] as HeymarketInbox).id,
      target: fakeData.phoneDigits(this.random),
      name: '',
      replied: false,
      blocked: false,
      muted: false,
      readBy: new Set(),
      ...fields,
      created: this.time(fields.created ?? updated),
      updated,
    };
    if (record.id >= this.#nextId) this.#nextId = record.id + 1;
    this.conversations.set(record.id, record);
    return record;
  }

  /** Appends a message to a conversation's history (no lifecycle effects; see `inbound()` for those). */
  addMessage(conversationId: number, fields: Partial<HeymarketMessageRecord> = {}): HeymarketMessageRecord {
    const conversation = this.#conversation(conversationId);
    const date = this.time(fields.date ?? this.now());
    const inbound = (fields.type ?? 'outbound') === 'inbound';
    const user = inbound ? 0 : (fields.user ?? this.userId);
    const message: HeymarketMessageRecord = {
      id: fields.id ?? this.#nextMessageId++,
      conversation: conversation.id,
      text: inbound ? 'Hello, I have a question' : 'Thanks for reaching out!',
      media: '',
      type: inbound ? 'inbound' : 'outbound',
      status: inbound ? 'received' : 'sent',
      user,
      author: inbound ? '' : (this.users.find((u) => u.id === user)?.name ?? ''),
      localId: '',
      ...fields,
      date,
      updated: this.time(fields.updated ?? date),
    };
    if (message.id >= this.#nextMessageId) this.#nextMessageId = message.id + 1;
    this.messages.push(message);
    return message;
  }

  /**
   * A customer writes in (§8): the message is appended, a closed conversation reopens, it becomes unread
   * for everyone, `replied` turns false and `updated` moves to now. A number new to the inbox starts a
   * conversation.
   */
  inbound(to: number | { inbox: number; phone: string }, text = 'Hello again'): HeymarketMessageRecord {
    let record = typeof to === 'number' ? this.#conversation(to) : this.#byTarget(to.inbox, to.phone);
    if (!record && typeof to !== 'number') record = this.insert({ inbox: to.inbox, target: to.phone });
    const conversation = record as HeymarketConversationRecord;
    const now = this.now();
    if (conversation.status === 'closed') conversation.status = 'open';
    conversation.readBy.clear();
    conversation.replied = false;
    conversation.updated = now;
    return this.addMessage(conversation.id, { type: 'inbound', text, date: now });
  }

  /** The conversation, or an error naming the id (for tests). */
  #conversation(id: number): HeymarketConversationRecord {
    const record = this.conversations.get(id);
    if (!record) throw new Error(`no conversation ${id} in the fake`);
    return record;
  }

  #byTarget(inbox: number, target: string): HeymarketConversationRecord | undefined {
    for (const c of this.conversations.values()) if (c.inbox === inbox && c.target === target) return c;
    return undefined;
  }

  /** A conversation's messages, newest first (`date` desc, then `id` desc). */
  history(conversationId: number): HeymarketMessageRecord[] {
    return this.messages
      .filter((m) => m.conversation === conversationId)
      .sort((a, b) => b.date - a.date || b.id - a.id);
  }

  /** Conversations in list order: `updated` desc, then `id` desc. */
  sorted(): HeymarketConversationRecord[] {
    return [...this.conversations.values()].sort((a, b) => b.updated - a.updated || b.id - a.id);
  }

  /** Conversations in the inboxes `userId` belongs to: what an unfiltered list walks. */
  visibleTo(userId = this.userId): HeymarketConversationRecord[] {
    const inboxes = new Set(this.inboxes.filter((i) => i.team === TEAM && i.members.includes(userId)).map((i) => i.id));
    return this.sorted().filter((c) => inboxes.has(c.inbox));
  }

  inbox(id: number): HeymarketInbox | undefined {
    return this.inboxes.find((i) => i.id === id && i.team === TEAM);
  }

  /**
   * The conversation as the API sends it now. `actingUser` is the list's `id`: lists report that user's
   * read state, every other answer 1 when anyone has read it (D5).
   */
  toWire(record: HeymarketConversationRecord, actingUser?: number): Record<string, unknown> {
    const prose = this.options.conversationShape === 'prose';
    const inbox = this.inboxes.find((i) => i.id === record.inbox);
    const assignee = record.assigned === null ? undefined : this.users.find((u) => u.id === record.assigned);
    const read = actingUser === undefined ? record.readBy.size > 0 : record.readBy.has(actingUser);
    return {
      id: record.id,
      channel: record.channel,
      status: record.status,
      assigned:
        record.assigned === null
          ? null
          : prose
            ? { id: record.assigned, name: assignee?.name ?? '', email: assignee?.email ?? '' }
            : record.assigned,
      inbox: prose ? { id: record.inbox, name: inbox?.name ?? '' } : record.inbox,
      target: record.target,
      members: (inbox?.members ?? []).map((id) => ({ id, name: this.users.find((u) => u.id === id)?.name ?? '' })),
      created: this.stamp(record.created),
      updated: this.stamp(record.updated),
      read: prose ? read : read ? 1 : 0,
      replied: record.replied,
      blocked: record.blocked,
      muted: record.muted,
      snooze_till: null,
      name: record.name,
      type: 'individual',
    };
  }

  messageToWire(message: HeymarketMessageRecord): Record<string, unknown> {
    const conversation = this.conversations.get(message.conversation);
    const inbox = conversation && this.inboxes.find((i) => i.id === conversation.inbox);
    return {
      id: message.id,
      text: message.text,
      media: message.media,
      phone: inbox?.phone ?? '',
      type: message.type,
      status: message.status,
      date: this.stamp(message.date),
      updated: this.stamp(message.updated),
      user: message.user,
      author: message.author,
      local_id: message.localId,
      target: conversation?.target ?? '',
    };
  }

  inboxToWire(inbox: HeymarketInbox): Record<string, unknown> {
    return {
      id: inbox.id,
      name: inbox.name,
      team: inbox.team,
      members: [...inbox.members],
      phones: [inbox.phone],
      phone: inbox.phone,
      auto_assignable: inbox.autoAssignable,
      forward_number: null,
      widget_code: `wc_${inbox.id}`,
      allowed_domains: [],
      invited: false,
    };
  }

  /** A UUID v4 from the seeded generator, so runs repeat. */
  #uuid(): string {
    const h = this.random.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[Number.parseInt(h[16] as string, 16) % 4] as string;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  protected override responseHeaders(): Record<string, string> {
    return { 'X-Request-Id': this.#uuid() };
  }

  /** An error in the configured body style (§6). */
  error(status: number, code: string, message: string): Response {
    if (this.options.errorBody === 'html') {
      const reason = REASONS[status] ?? 'Error';
      return new Response(
        `<!DOCTYPE html>\n<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`,
        { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }
    return json(status, { error: code, message });
  }

  #bad(message: string): Response {
    return this.error(400, 'bad_data', message);
  }
  #denied(message = 'user is not a member of this inbox'): Response {
    return this.error(403, 'denied', message);
  }
  #notFound(message = 'conversation not found'): Response {
    return this.error(404, 'not_found', message);
  }

  /** A 429 carries no wait, in no header and not in the body (§7), so `fault.retryAfter` has no effect here. */
  protected faultResponse(status: number, fault: Fault): Response {
    const code = fault.code ?? CODES[status] ?? 'internal';
    return this.error(status, code, status === 429 ? 'rate limit exceeded' : 'internal server error');
  }

  async #verifyJwt(token: string): Promise<HeymarketSecret | null> {
    const [h, p, sig] = token.split('.') as [string, string, string];
    const headerBytes = base64urlDecode(h);
    const payloadBytes = base64urlDecode(p);
    const signature = base64urlDecode(sig);
    if (!headerBytes || !payloadBytes || !signature) return null;
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(new TextDecoder().decode(headerBytes));
      payload = JSON.parse(new TextDecoder().decode(payloadBytes));
    } catch {
      return null;
    }
    if (!isObject(header) || header.alg !== 'HS256' || !isObject(payload)) return null;
    const { iss, iat } = payload;
    if (typeof iss !== 'string' || !isInt(iat)) return null;
    const secret = this.secrets.get(iss);
    if (!secret?.active) return null;
    let key = this.#keys.get(iss);
    if (!key) {
      key = globalThis.crypto.subtle.importKey(
        'raw',
        utf8.encode(`${secret.secretId}||${secret.secretKey}`),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      this.#keys.set(iss, key);
    }
    const ok = await globalThis.crypto.subtle.verify('HMAC', await key, signature, utf8.encode(`${h}.${p}`));
    if (!ok) return null;
    const now = this.clock.now() / 1000;
    if (now - iat > JWT_PAST_S || iat - now > JWT_FUTURE_S) return null;
    return secret;
  }

  /** D1: three dot-separated base64url segments are a JWT; any other bearer value is an API key. */
  async #authenticate(req: FakeRequest): Promise<Caller | null> {
    const match = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '');
    if (!match) return null;
    const value = match[1] as string;
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) {
      const secret = await this.#verifyJwt(value);
      return secret ? { bucket: `jwt:${secret.secretId}` } : null;
    }
    return this.apiKeys.has(value) ? { bucket: `key:${value}` } : null;
  }

  protected async handle(req: FakeRequest): Promise<Response> {
    const caller = await this.#authenticate(req);
    if (!caller) return this.error(401, 'unauthorized', 'invalid or missing credentials');
    if (!this.#window.take(caller.bucket, this.clock.now()).ok) {
      return this.error(429, 'rate_limited', 'rate limit exceeded');
    }
    return this.#route(req);
  }

  #route(req: FakeRequest): Response {
    const { method, path } = req;
    if (method === 'POST') {
      switch (path) {
        case '/v1/conversations':
          return this.#list(req.body);
        case '/v1/conversations/open':
        case '/v1/conversations/close':
          return this.#openClose(req.body, path.endsWith('open') ? 'open' : 'closed');
        case '/v1/conversations/read':
        case '/v1/conversations/unread':
          return this.#readState(req.body, path.endsWith('/read'));
        case '/v1/conversations/reassign':
          return this.#reassign(req.body);
        case '/v1/conversations/transfer':
          return this.#transfer(req.body);
        case '/v1/message/send':
          return this.#send(req.body);
      }
    }
    if (method === 'GET') {
      if (path === '/v1/messages') return this.#history(req.query);
      if (path === '/v1/inboxes') {
        const inboxes = this.inboxes.filter((i) => i.team === TEAM).map((i) => this.inboxToWire(i));
        return json(200, this.options.inboxesShape === 'wrapped' ? { inboxes } : inboxes);
      }
      if (path === '/v1/team') {
        return json(200, {
          id: TEAM,
          name: 'Acme Support',
          list_size: this.users.length,
          members: this.users.map((u) => ({ id: u.id, name: u.name, role: u.role })),
        });
      }
      const m = /^\/v1\/conversations\/([^/]+)$/.exec(path);
      if (m) {
        const id = decodeURIComponent(m[1] as string);
        const record = INTEGER.test(id) ? this.conversations.get(Number(id)) : undefined;
        return record && this.inbox(record.inbox) ? json(200, this.toWire(record)) : this.#notFound();
      }
    }
    return this.#notFound('route not found');
  }

  /** The body as an object, or the 400 for one that is not. */
  #object(body: unknown): Record<string, unknown> | Response {
    return body === INVALID_JSON || !isObject(body) ? this.#bad('body must be a JSON object') : body;
  }

  #member(inboxId: number, userId: number): boolean {
    return this.inbox(inboxId)?.members.includes(userId) ?? false;
  }

  #list(raw: unknown): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { id, filters, date, limit } = body;
    if (!isInt(id)) return this.#bad('id must be an integer');
    if (!isObject(filters)) return this.#bad('filters must be an object');
    const { inboxes, closed, unread } = filters;
    if (!Array.isArray(inboxes) || inboxes.length === 0 || !inboxes.every(isInt)) {
      return this.#bad('filters.inboxes must be a non-empty array of integers');
    }
    if (closed !== undefined && typeof closed !== 'boolean') return this.#bad('filters.closed must be a boolean');
    if (unread !== undefined && typeof unread !== 'boolean') return this.#bad('filters.unread must be a boolean');
    let before: number | null = null;
    if (date !== undefined) {
      before = typeof date === 'string' ? parseDateParam(date) : null;
      if (before === null) return this.#bad('date must be an RFC 3339 date-time with an offset');
    }
    if (limit !== undefined && (!isInt(limit) || limit < 1 || limit > 100)) {
      return this.#bad('limit must be an integer between 1 and 100');
    }
    if (!inboxes.every((inbox) => this.#member(inbox, id))) return this.#denied();
    const wanted = new Set(inboxes);
    const rows = this.sorted().filter(
      (c) =>
        wanted.has(c.inbox) &&
        (closed === undefined || (c.status === 'closed') === closed) &&
        (unread !== true || !c.readBy.has(id)) &&
        (before === null || c.updated * 1000 < before),
    );
    const size = Math.min((limit as number | undefined) ?? 50, this.options.pageCap ?? 100);
    return json(
      200,
      rows.slice(0, size).map((c) => this.toWire(c, id)),
    );
  }

  /** open/close/read/unread name a conversation by inbox and `chat_id` or `target` (§3). */
  #find(inboxId: number, chatId: unknown, target: unknown): HeymarketConversationRecord | undefined {
    if (isInt(chatId)) {
      const record = this.conversations.get(chatId);
      return record?.inbox === inboxId ? record : undefined;
    }
    return typeof target === 'string' ? this.#byTarget(inboxId, target) : undefined;
  }

  #openClose(raw: unknown, status: 'open' | 'closed'): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { inbox_id, user_id, chat_id, target } = body;
    if (!isInt(inbox_id) || !isInt(user_id)) return this.#bad('inbox_id and user_id must be integers');
    if (chat_id === undefined && target === undefined) return this.#bad('chat_id or target is required');
    if (chat_id !== undefined && !isInt(chat_id)) return this.#bad('chat_id must be an integer');
    if (target !== undefined && typeof target !== 'string') return this.#bad('target must be a string');
    if (!this.#member(inbox_id, user_id)) return this.#denied();
    const record = this.#find(inbox_id, chat_id, target);
    if (!record) return this.#notFound();
    // A repeated open or close changes nothing, `updated` included (D11).
    if (record.status !== status) {
      record.status = status;
      record.updated = this.now();
    }
    return json(200, 'ok');
  }

  #readState(raw: unknown, read: boolean): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { inbox_id, user_id, target } = body;
    if (!isInt(inbox_id) || !isInt(user_id)) return this.#bad('inbox_id and user_id must be integers');
    if (typeof target !== 'string' || target === '') return this.#bad('target is required');
    if (!this.#member(inbox_id, user_id)) return this.#denied();
    const record = this.#byTarget(inbox_id, target);
    if (!record) return this.#notFound();
    if (read) record.readBy.add(user_id);
    else record.readBy.delete(user_id);
    return json(200, 'ok');
  }

  #reassign(raw: unknown): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { inbox_id, target, user_id, reassign_id } = body;
    if (!isInt(inbox_id) || !isInt(user_id) || !isInt(reassign_id)) {
      return this.#bad('inbox_id, user_id and reassign_id must be integers');
    }
    if (typeof target !== 'string' || target === '') return this.#bad('target is required');
    if (!this.#member(inbox_id, user_id)) return this.#denied();
    const record = this.#byTarget(inbox_id, target);
    if (!record) return this.#notFound();
    if (!this.#member(inbox_id, reassign_id)) return this.#bad('reassign_id is not a member of the inbox');
    if (record.assigned !== null && record.assigned !== user_id) {
      return this.#bad('user_id is not the current assignee');
    }
    if (record.assigned !== reassign_id) {
      record.assigned = reassign_id;
      record.updated = this.now();
    }
    return json(200, 'ok');
  }

  #transfer(raw: unknown): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { conversation_id, transfer_inbox_id } = body;
    if (!isInt(conversation_id) || !isInt(transfer_inbox_id)) {
      return this.#bad('conversation_id and transfer_inbox_id must be integers');
    }
    const record = this.conversations.get(conversation_id);
    if (!record || !this.inbox(record.inbox)) return this.#notFound();
    const to = this.inbox(transfer_inbox_id);
    if (!to) return this.#bad('transfer_inbox_id is not an inbox of this team');
    if (record.channel !== 'sms' && record.channel !== 'mms')
      return this.#bad('only sms and mms conversations can be transferred');
    if (this.#byTarget(to.id, record.target))
      return this.#bad('the target inbox already has a conversation with this number');
    record.inbox = to.id;
    if (record.assigned !== null && !to.members.includes(record.assigned)) record.assigned = null;
    record.updated = this.now();
    return json(200, 'ok');
  }

  #send(raw: unknown): Response {
    const body = this.#object(raw);
    if (body instanceof Response) return body;
    const { inbox_id, creator_id, phone_number, chat_id, text, local_id } = body;
    if (!isInt(inbox_id) || !isInt(creator_id)) return this.#bad('inbox_id and creator_id must be integers');
    if (typeof text !== 'string' || text === '') return this.#bad('text is required');
    if (phone_number === undefined && chat_id === undefined) return this.#bad('phone_number or chat_id is required');
    if (chat_id !== undefined && !isInt(chat_id)) return this.#bad('chat_id must be an integer');
    if (chat_id === undefined && (typeof phone_number !== 'string' || !PHONE.test(phone_number))) {
      return this.#bad('phone_number must be 10 to 15 digits without +');
    }
    if (local_id !== undefined && typeof local_id !== 'string') return this.#bad('local_id must be a string');
    // A repeated local_id answers the first send, whatever this body says (D12).
    const first = local_id ? this.localIds.get(local_id) : undefined;
    if (first) return json(200, first);
    if (!this.#member(inbox_id, creator_id)) return this.#denied();
    let record: HeymarketConversationRecord | undefined;
    if (isInt(chat_id)) {
      record = this.conversations.get(chat_id);
      if (record?.inbox !== inbox_id) return this.#notFound('chat_id is not in this inbox');
    } else {
      record =
        this.#byTarget(inbox_id, phone_number as string) ??
        this.insert({
          inbox: inbox_id,
          target: phone_number as string,
          channel: 'sms',
          status: 'open',
          assigned: null,
        });
    }
    const now = this.now();
    const message = this.addMessage(record.id, {
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
    const answer = { id: message.id, date: this.stamp(message.date), gallery_url: '' };
    if (local_id) this.localIds.set(local_id, answer);
    return json(200, answer);
  }

  #history(query: URLSearchParams): Response {
    const phone = query.get('phoneNumber');
    const inboxId = query.get('inboxID');
    const timestamp = query.get('timestamp');
    if (phone === null || !PHONE.test(phone)) return this.#bad('phoneNumber must be 10 to 15 digits without +');
    if (inboxId === null || !INTEGER.test(inboxId)) return this.#bad('inboxID must be an integer');
    if (timestamp !== null && !INTEGER.test(timestamp)) return this.#bad('timestamp must be unix seconds');
    if (!this.inbox(Number(inboxId))) return this.#denied('the inbox is not this team\u2019s');
    const record = this.#byTarget(Number(inboxId), phone);
    if (!record) return json(200, []);
    const bound = timestamp === null ? Number.POSITIVE_INFINITY : Number(timestamp) * 1000;
    const rows = this.history(record.id).filter((m) => m.date < bound);
    return json(
      200,
      rows.slice(0, HISTORY_PAGE).map((m) => this.messageToWire(m)),
    );
  }
}

/**
 * A Heymarket API in memory. Pass `fake.fetch` and the fake's credentials to a client.
 *
 * @example
 * const fake = createFakeHeymarket({ conversations: 200, seed: 7 });
 * const client = new ConversationsClient({
 *   provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
 *   fetch: fake.fetch,
 * });
 */
export function createFakeHeymarket(options: FakeHeymarketOptions = {}): FakeHeymarket {
  return new FakeHeymarket(options);
}
