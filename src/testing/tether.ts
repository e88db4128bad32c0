import { fakeData, ObjectIds } from './random.js';
import { type FakeOptions, type FakeRequest, FakeServer, type Fault, faultWait, json } from './server.js';

const HEX24 = /^[0-9a-f]{24}$/;
const CHANNEL_TYPES = ['sms', 'facebook', 'webchat', 'email'] as const;

export interface TetherUser {
  _id: string;
  email: string;
  password: string;
  fullName: string;
  organizationId: string;
  accessRole: string;
}
export interface TetherContact {
  _id: string;
  firstName: string;
  lastName: string | null;
  phoneNumber: string;
  email: string | null;
  organizationId: string;
  /** Owner, for `ownerFilter`. */
  userId: string;
  assignees: string[];
  createdAt: number;
}
export interface TetherConversationRecord {
  _id: string;
  contactId: string;
  organizationId: string;
  /** The owner. */
  userId: string;
  assignees: string[];
  channelType: string;
  channelIdentifier: string;
  isResolved: boolean;
  resolvedAt: number | null;
  subject: string | null;
  createdAt: number;
  updatedAt: number;
}
export interface TetherMessageRecord {
  _id: string;
  conversationId: string;
  contactId: string;
  organizationId: string;
  content: string;
  direction: 'inbound' | 'outbound';
  channelType: string;
  status: string;
  /** Outbound only. */
  sentBy: string | null;
  attachments?: string[];
  createdAt: number;
}

export interface FakeTetherOptions extends FakeOptions {
  /** Users of the organisation; the first one is the acting user (`fake.email` / `fake.password`). Default 4. */
  users?: number;
  /** Contacts to seed. Default 12. */
  contacts?: number;
  /** Conversations to seed, spread over the contacts and channel types. Default 30. */
  conversations?: number;
  /** Fraction of seeded conversations the acting user owns or is assigned to. Default 0.7. */
  visibleRate?: number;
  /** Fraction of seeded conversations that are resolved. Default 0.35. */
  resolvedRate?: number;
  /** The resolve endpoint flips the state whatever the body says (default), or sets the body's value (D9). */
  resolveMode?: 'toggle' | 'explicit';
  /** Resolve answers `{message, isResolved, resolvedAt}` (default) or `{message, data}`. */
  resolveEnvelope?: 'flat' | 'data';
  /** PUT answers `{message, conversation}` (default) or `{message, data}`. */
  updateEnvelope?: 'conversation' | 'data';
  /** `latestMessage` as a text preview (default) or as the newest message's `_id`. */
  latestMessageShape?: 'text' | 'id';
  /** Error bodies: per status as in §6 (default), or one shape for every error. */
  errorShape?: 'mixed' | 'nested' | 'string' | 'flat';
  /** Token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
  /** `ignored` acts like newer servers, whose PUT no longer takes `isResolved`. Default `explicit`. */
  putIsResolved?: 'explicit' | 'ignored';
  /** The PUT echo carries only `_id, assignees, isResolved, updatedAt`, as one vendor example shows. */
  partialUpdate?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
// An unparseable body (`INVALID_JSON`) is a symbol, so it fails this check too.
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const byIdDesc = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
const DEFAULT_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};
const FAULT_TEXTS: Record<number, string> = {
  401: 'Invalid or expired token',
  403: 'Forbidden',
  404: 'Not found',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** The Tether API over an in-memory store, as `wire/tether.md` specifies it. */
export class FakeTether extends FakeServer {
  readonly options: FakeTetherOptions;
  readonly ids: ObjectIds;
  readonly organizationId: string;
  readonly users: TetherUser[] = [];
  readonly contacts = new Map<string, TetherContact>();
  /** The store: conversations by id. */
  readonly conversations = new Map<string, TetherConversationRecord>();
  /** Messages by conversation id, oldest first. */
  readonly messages = new Map<string, TetherMessageRecord[]>();
  /** Issued tokens and when they expire (ms, the fake's clock). */
  readonly tokens = new Map<string, { userId: string; expiresAt: number }>();
  readonly #unseen = new Set<string>();
  #logins = 0;
  #seeding = false;

  constructor(options: FakeTetherOptions = {}) {
    super(options);
    this.options = options;
    this.ids = new ObjectIds(this.random);
    this.organizationId = this.ids.next(this.seededAt - 9e9);
    this.#seeding = true;
    this.#seed();
    this.#seeding = false;
  }

  /** `seededAt` while the constructor seeds the store, the clock's now after. */
  #now(): number {
    return this.#seeding ? this.seededAt : this.clock.now();
  }

  /** The acting user: the one `email` and `password` log in as. */
  get user(): TetherUser {
    return this.users[0] as TetherUser;
  }
  get email(): string {
    return this.user.email;
  }
  get password(): string {
    return this.user.password;
  }
  /** Login requests received, failed ones included. */
  get loginCount(): number {
    return this.#logins;
  }

  #seed(): void {
    const r = this.random;
    const o = this.options;
    const now = this.seededAt;
    const userCount = Math.max(1, o.users ?? 4);
    for (let i = 0; i < userCount; i++) this.addUser({ accessRole: i === 0 ? 'Admin' : 'User' });
    const contactCount = o.contacts ?? 12;
    for (let i = 0; i < contactCount; i++) {
      this.addContact({ createdAt: now - (contactCount - i) * 3_600_000 - r.int(0, 1_000_000) });
    }
    const contacts = [...this.contacts.values()];
    if (contacts.length === 0) return;
    const me = this.user._id;
    const others = this.users.slice(1).map((u) => u._id);
    const count = o.conversations ?? 30;
    for (let i = 0; i < count; i++) {
      const contact = r.pick(contacts);
      const visible = others.length === 0 || r.chance(o.visibleRate ?? 0.7);
      let userId: string;
      let assignees: string[];
      if (visible) {
        const owned = others.length === 0 || r.chance(0.5);
        userId = owned ? me : r.pick(others);
        assignees = owned ? (r.chance(0.5) ? [me] : []) : [me];
        if (others.length > 0 && r.chance(0.3)) assignees.push(r.pick(others));
      } else {
        userId = r.pick(others);
        assignees = r.chance(0.5) ? [r.pick(others)] : [];
      }
      const createdAt = Math.max(contact.createdAt, now - r.int(3_600_000, 30 * 86_400_000));
      const resolved = r.chance(o.resolvedRate ?? 0.35);
      const record = this.insert({
        contactId: contact._id,
        channelType: r.pick(CHANNEL_TYPES),
        userId,
        assignees: [...new Set(assignees)],
        createdAt,
      });
      let at = createdAt;
      for (let m = r.int(0, 4); m > 0; m--) {
        at += r.int(1_000, 3_600_000);
        if (at >= now) break;
        this.#append(record, {
          direction: r.chance(0.5) ? 'inbound' : 'outbound',
          content: r.pick(['Hi there', 'See you Tuesday!', 'Thanks!', 'Can you help?', 'On it', 'Any update?']),
          at,
        });
      }
      record.updatedAt = this.#last(record)?.createdAt ?? createdAt;
      if (resolved) {
        record.isResolved = true;
        record.resolvedAt = Math.min(now, record.updatedAt + 60_000);
      }
    }
  }

  /** Adds a user to the organisation (or another one); returns it. */
  addUser(fields: Partial<TetherUser> = {}): TetherUser {
    const r = this.random;
    const first = fakeData.firstName(r);
    const last = fakeData.lastName(r);
    const user: TetherUser = {
      _id: this.ids.next(this.#now() - 9e9),
      email: fakeData.email(r, first, last),
      password: `pw-${r.hex(12)}`,
      fullName: `${first} ${last}`,
      organizationId: this.organizationId,
      accessRole: 'User',
      ...fields,
    };
    this.users.push(user);
    return user;
  }

  /** Adds a contact (defaults filled in, owned by the acting user); returns it. */
  addContact(fields: Partial<TetherContact> = {}): TetherContact {
    const r = this.random;
    const first = fakeData.firstName(r);
    const last = fakeData.lastName(r);
    const createdAt = fields.createdAt ?? this.#now();
    const contact: TetherContact = {
      _id: this.ids.next(createdAt),
      firstName: first,
      lastName: r.chance(0.15) ? r.pick([null, '']) : last,
      phoneNumber: `+${fakeData.phoneDigits(r)}`,
      email: r.chance(0.15) ? r.pick([null, '']) : fakeData.email(r, first, last),
      organizationId: this.organizationId,
      userId: (this.users[0] as TetherUser)._id,
      assignees: [],
      createdAt,
      ...fields,
    };
    this.contacts.set(contact._id, contact);
    return contact;
  }

  /** Puts a conversation in the store (defaults filled in: open, owned by the acting user) and returns it. */
  insert(fields: Partial<TetherConversationRecord> = {}): TetherConversationRecord {
    const createdAt = fields.createdAt ?? this.#now();
    const contact =
      (fields.contactId !== undefined ? this.contacts.get(fields.contactId) : undefined) ??
      [...this.contacts.values()][0];
    const channelType = fields.channelType ?? 'sms';
    const record: TetherConversationRecord = {
      _id: this.ids.next(createdAt),
      contactId: contact?._id ?? this.ids.next(createdAt),
      organizationId: this.organizationId,
      userId: this.user._id,
      assignees: [],
      channelType,
      channelIdentifier: this.#identifier(channelType, contact),
      isResolved: false,
      resolvedAt: null,
      subject: channelType === 'email' ? fakeData.subject(this.random) : null,
      createdAt,
      updatedAt: createdAt,
      ...fields,
    };
    this.conversations.set(record._id, record);
    this.messages.set(record._id, []);
    return record;
  }

  #identifier(channelType: string, contact: TetherContact | undefined): string {
    const r = this.random;
    if (channelType === 'sms') return contact?.phoneNumber ?? `+${fakeData.phoneDigits(r)}`;
    if (channelType === 'email') return contact?.email || `contact${r.int(1, 9999)}@example.com`;
    if (channelType === 'facebook') return r.digits(16);
    return `wc_${r.hex(16)}`;
  }

  /** Simulates a customer's message: appended, counted, and it reopens a resolved conversation (§8). */
  inbound(conversationId: string, text: string): TetherMessageRecord {
    const record = this.conversations.get(conversationId);
    if (!record) throw new Error(`No conversation ${conversationId}`);
    const message = this.#append(record, { direction: 'inbound', content: text });
    record.updatedAt = message.createdAt;
    this.#setResolved(record, false);
    return message;
  }

  #last(record: TetherConversationRecord): TetherMessageRecord | undefined {
    const list = this.messages.get(record._id) ?? [];
    return list[list.length - 1];
  }

  #append(
    record: TetherConversationRecord,
    m: Pick<TetherMessageRecord, 'direction' | 'content'> & { at?: number; sentBy?: string; attachments?: string[] },
  ): TetherMessageRecord {
    const list = this.messages.get(record._id) ?? [];
    // Strictly increasing times keep "newest message" unambiguous even when the clock stands still.
    const createdAt = Math.max(m.at ?? this.#now(), (list[list.length - 1]?.createdAt ?? -1) + 1);
    const message: TetherMessageRecord = {
      _id: this.ids.next(createdAt),
      conversationId: record._id,
      contactId: record.contactId,
      organizationId: record.organizationId,
      content: m.content,
      direction: m.direction,
      channelType: record.channelType,
      status: m.direction === 'inbound' ? 'delivered' : 'sent',
      sentBy: m.direction === 'outbound' ? (m.sentBy ?? record.userId) : null,
      ...(m.attachments ? { attachments: m.attachments } : {}),
      createdAt,
    };
    list.push(message);
    this.messages.set(record._id, list);
    return message;
  }

  /** Sets `isResolved`, keeping `resolvedAt` and `updatedAt` in step; false when nothing changed. */
  #setResolved(record: TetherConversationRecord, value: boolean): boolean {
    if (record.isResolved === value) return false;
    const now = this.clock.now();
    record.isResolved = value;
    record.resolvedAt = value ? now : null;
    record.updatedAt = Math.max(record.updatedAt, now);
    return true;
  }

  /** Issues a token for a user (default: the acting one), valid for `tokenTtlSeconds`. */
  issueToken(userId: string = this.user._id): string {
    const r = this.random;
    const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${r.hex(48)}.${r.hex(43)}`;
    this.tokens.set(token, { userId, expiresAt: this.clock.now() + (this.options.tokenTtlSeconds ?? 3600) * 1000 });
    return token;
  }

  /** Makes every token issued so far invalid, as if they had all expired. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = Number.NEGATIVE_INFINITY;
  }

  /** Whether a user (default: the acting one) marked a conversation unseen. Only visible here (§8). */
  isUnseen(conversationId: string, userId: string = this.user._id): boolean {
    return this.#unseen.has(`${userId}:${conversationId}`);
  }

  /** Whether `/conversation/all` shows the conversation to the user (the owner or an assignee). */
  isVisible(record: TetherConversationRecord, userId: string = this.user._id): boolean {
    return record.userId === userId || record.assignees.includes(userId);
  }

  /** Conversations an unfiltered walk by the user should yield: visible, of a contact of the organisation. */
  visibleTo(userId: string = this.user._id): TetherConversationRecord[] {
    const org = this.users.find((u) => u._id === userId)?.organizationId ?? this.organizationId;
    return [...this.conversations.values()].filter(
      (c) =>
        c.organizationId === org && this.contacts.get(c.contactId)?.organizationId === org && this.isVisible(c, userId),
    );
  }

  /** The conversation as the API sends it now: assignees populated (lists) or as ids (GET, PUT). */
  toWire(record: TetherConversationRecord, populated = false): Record<string, unknown> {
    const last = this.#last(record);
    return {
      _id: record._id,
      contactId: record.contactId,
      organizationId: record.organizationId,
      userId: record.userId,
      assignees: record.assignees.map((id) => {
        const user = populated ? this.users.find((u) => u._id === id) : undefined;
        return user ? { _id: user._id, fullName: user.fullName, email: user.email } : id;
      }),
      channelType: record.channelType,
      channelIdentifier: record.channelIdentifier,
      latestMessage: last ? (this.options.latestMessageShape === 'id' ? last._id : last.content) : null,
      lastMessageTime: last ? iso(last.createdAt) : null,
      isResolved: record.isResolved,
      resolvedAt: record.resolvedAt === null ? null : iso(record.resolvedAt),
      messageCount: this.messages.get(record._id)?.length ?? 0,
      subject: record.subject,
      createdAt: iso(record.createdAt),
      updatedAt: iso(record.updatedAt),
    };
  }

  messageToWire(m: TetherMessageRecord): Record<string, unknown> {
    return {
      _id: m._id,
      conversationId: m.conversationId,
      contactId: m.contactId,
      organizationId: m.organizationId,
      content: m.content,
      direction: m.direction,
      channelType: m.channelType,
      status: m.status,
      ...(m.direction === 'outbound' ? { sentBy: m.sentBy, isAIGenerated: false } : {}),
      ...(m.attachments ? { attachments: [...m.attachments] } : {}),
      createdAt: iso(m.createdAt),
    };
  }

  contactToWire(c: TetherContact): Record<string, unknown> {
    return { _id: c._id, firstName: c.firstName, lastName: c.lastName, phoneNumber: c.phoneNumber, email: c.email };
  }

  /** An error in the body shape §6 assigns to the status, or the one `errorShape` forces. */
  error(status: number, code: string | null, message: string, headers: Record<string, string> = {}): Response {
    const forced = this.options.errorShape ?? 'mixed';
    const shape = forced !== 'mixed' ? forced : status === 400 ? 'nested' : status === 401 ? 'string' : 'flat';
    const body =
      shape === 'nested'
        ? { error: { code: code ?? DEFAULT_CODES[status] ?? 'error', message } }
        : shape === 'string'
          ? { error: message }
          : { message, ...(code ? { code } : {}) };
    return json(status, body, headers);
  }

  #invalid(message: string): Response {
    return this.error(400, 'invalid_request', message);
  }

  #notFound(what = 'Conversation'): Response {
    return this.error(404, 'not_found', `${what} not found`);
  }

  protected faultResponse(status: number, fault: Fault): Response {
    const code = fault.code ?? (status < 429 ? (DEFAULT_CODES[status] ?? null) : null);
    // A 429 or 503 says when to come back, in integer seconds; a 500 does not (§6, §7).
    const retryAfter = status === 429 || status === 503 ? { 'Retry-After': String(faultWait(fault, 1)) } : undefined;
    return this.error(status, code, FAULT_TEXTS[status] ?? 'Request failed', retryAfter);
  }

  #authenticate(req: FakeRequest): TetherUser | Response {
    const match = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '');
    const entry = match ? this.tokens.get(match[1] as string) : undefined;
    const user =
      entry && this.clock.now() < entry.expiresAt ? this.users.find((u) => u._id === entry.userId) : undefined;
    return user ?? this.error(401, 'unauthorized', 'Invalid or expired token');
  }

  protected handle(req: FakeRequest): Response {
    if (req.method === 'POST' && req.path === '/api/auth/login') return this.#login(req);
    const route = this.#route(req);
    if (!route) return this.error(404, 'not_found', 'Route not found');
    const user = this.#authenticate(req);
    if (user instanceof Response) return user;
    return route(user, isObject(req.body) ? req.body : req.body === undefined ? {} : null);
  }

  /** The handler of a known route; by-id routes take any non-reserved segment, so `GET …/all` is a 404 there. */
  #route(req: FakeRequest): ((user: TetherUser, body: Record<string, unknown> | null) => Response) | null {
    const { method, path } = req;
    if (method === 'GET' && path === '/api/auth/verify-token') return () => json(200, { message: 'Token is good' });
    if (method === 'GET' && path === '/api/contacts') return (u) => this.#contacts(u, req.query);
    if (method === 'POST' && path === '/api/conversation/all') return (u, b) => this.#list(u, b);
    if (method === 'POST' && path === '/api/conversation/messages') return (u, b) => this.#messages(u, b);
    if (method === 'POST' && path === '/api/conversation/unseen') return (u, b) => this.#markUnseen(u, b);
    if (method === 'DELETE' && path === '/api/conversation') return (u, b) => this.#delete(u, b);
    if (method === 'POST' && path === '/api/messages/send') return (u, b) => this.#send(u, b);
    const m = /^\/api\/conversation\/([^/]+)(\/resolve)?$/.exec(path);
    if (!m) return null;
    const id = decodeURIComponent(m[1] as string);
    if (m[2]) return method === 'PUT' ? (u, b) => this.#resolve(u, id, b) : null;
    if (method === 'GET') return (u) => this.#get(u, id);
    if (method === 'PUT') return (u, b) => this.#update(u, id, b);
    return null;
  }

  #login(req: FakeRequest): Response {
    this.#logins += 1;
    const b = isObject(req.body) ? req.body : null;
    if (!b) return this.#invalid('Request body must be a JSON object');
    for (const field of ['email', 'password']) {
      if (typeof b[field] !== 'string' || b[field] === '') return this.#invalid(`Missing required field: ${field}`);
    }
    const email = (b.email as string).toLowerCase();
    const user = this.users.find((u) => u.email.toLowerCase() === email && u.password === b.password);
    if (!user) return this.error(401, 'unauthorized', 'Invalid email or password');
    return json(200, {
      token: this.issueToken(user._id),
      user: {
        id: user._id,
        email: user.email,
        fullName: user.fullName,
        organizationId: user.organizationId,
        accessRole: user.accessRole,
      },
    });
  }

  /** A conversation the user's organisation holds; a non-hex id counts as unknown (D3). */
  #find(user: TetherUser, id: unknown): TetherConversationRecord | undefined {
    if (typeof id !== 'string' || !HEX24.test(id)) return undefined;
    const record = this.conversations.get(id);
    return record?.organizationId === user.organizationId ? record : undefined;
  }

  /** Checks a body's required id field: missing → 400; any string passes on to the 404 check. */
  #requireId(b: Record<string, unknown> | null, field: string): Response | string {
    if (!b) return this.#invalid('Request body must be a JSON object');
    const v = b[field];
    if (typeof v !== 'string' || v === '') return this.#invalid(`Missing required field: ${field}`);
    return v;
  }

  #list(user: TetherUser, b: Record<string, unknown> | null): Response {
    const contactId = this.#requireId(b, 'contactId');
    if (contactId instanceof Response) return contactId;
    if (!HEX24.test(contactId)) return this.#invalid('Invalid contactId');
    const channelType = (b as Record<string, unknown>).channelType ?? 'sms';
    if (typeof channelType !== 'string' || !(CHANNEL_TYPES as readonly string[]).includes(channelType)) {
      return this.#invalid(`Invalid channelType: must be one of ${CHANNEL_TYPES.join(', ')}`);
    }
    const contact = this.contacts.get(contactId);
    if (contact?.organizationId !== user.organizationId) return json(200, { conversations: [] });
    const rows = [...this.conversations.values()]
      .filter(
        (c) =>
          c.contactId === contactId &&
          c.organizationId === user.organizationId &&
          c.channelType === channelType &&
          this.isVisible(c, user._id),
      )
      .sort((a, b2) => {
        const ta = this.#last(a)?.createdAt ?? Number.NEGATIVE_INFINITY;
        const tb = this.#last(b2)?.createdAt ?? Number.NEGATIVE_INFINITY;
        return ta !== tb ? tb - ta : byIdDesc(a, b2);
      });
    return json(200, { conversations: rows.map((c) => this.toWire(c, true)) });
  }

  #messages(user: TetherUser, b: Record<string, unknown> | null): Response {
    const id = this.#requireId(b, 'conversationId');
    if (id instanceof Response) return id;
    const record = this.#find(user, id);
    if (!record) return this.#notFound();
    return json(200, { messages: (this.messages.get(record._id) ?? []).map((m) => this.messageToWire(m)) });
  }

  #get(user: TetherUser, id: string): Response {
    const record = this.#find(user, id);
    return record ? json(200, this.toWire(record)) : this.#notFound();
  }

  #update(user: TetherUser, id: string, b: Record<string, unknown> | null): Response {
    if (!b) return this.#invalid('Request body must be a JSON object');
    let assignees: string[] | undefined;
    if (b.assignees !== undefined) {
      if (!Array.isArray(b.assignees) || !b.assignees.every((a) => typeof a === 'string')) {
        return this.#invalid('assignees must be an array of user ids');
      }
      for (const a of b.assignees as string[]) {
        if (!this.users.some((u) => u._id === a && u.organizationId === user.organizationId)) {
          return this.#invalid(`Assignee is not a user of this organization: ${a}`);
        }
      }
      assignees = [...new Set(b.assignees as string[])];
    }
    if (b.isResolved !== undefined && typeof b.isResolved !== 'boolean') {
      return this.#invalid('isResolved must be a boolean');
    }
    const record = this.#find(user, id);
    if (!record) return this.#notFound();
    let changed = false;
    if (assignees && assignees.join() !== record.assignees.join()) {
      record.assignees = assignees;
      changed = true;
    }
    if (typeof b.isResolved === 'boolean' && this.options.putIsResolved !== 'ignored') {
      changed = this.#setResolved(record, b.isResolved) || changed;
    }
    if (changed) record.updatedAt = Math.max(record.updatedAt, this.clock.now());
    const full = this.toWire(record);
    const echo = this.options.partialUpdate
      ? { _id: full._id, assignees: full.assignees, isResolved: full.isResolved, updatedAt: full.updatedAt }
      : full;
    return this.options.updateEnvelope === 'data'
      ? json(200, { message: 'Conversation updated', data: echo })
      : json(200, { message: 'Conversation updated successfully', conversation: echo });
  }

  #resolve(user: TetherUser, id: string, b: Record<string, unknown> | null): Response {
    const explicit = this.options.resolveMode === 'explicit';
    if (explicit && typeof b?.isResolved !== 'boolean') {
      return this.#invalid(
        b && b.isResolved !== undefined ? 'isResolved must be a boolean' : 'Missing required field: isResolved',
      );
    }
    const record = this.#find(user, id);
    if (!record) return this.#notFound();
    this.#setResolved(record, explicit ? (b?.isResolved as boolean) : !record.isResolved);
    const { isResolved } = record;
    const resolvedAt = record.resolvedAt === null ? null : iso(record.resolvedAt);
    if (this.options.resolveEnvelope === 'data') {
      return json(200, {
        message: isResolved ? 'Conversation resolved' : 'Conversation reopened',
        data: { _id: record._id, isResolved, resolvedAt },
      });
    }
    return json(200, {
      message: isResolved ? 'Conversation resolved successfully' : 'Conversation unresolved successfully',
      isResolved,
      resolvedAt,
    });
  }

  #markUnseen(user: TetherUser, b: Record<string, unknown> | null): Response {
    const id = this.#requireId(b, 'conversationId');
    if (id instanceof Response) return id;
    const record = this.#find(user, id);
    if (!record) return this.#notFound();
    this.#unseen.add(`${user._id}:${record._id}`);
    return json(200, { message: 'Conversation marked as unseen' });
  }

  #delete(user: TetherUser, b: Record<string, unknown> | null): Response {
    const id = this.#requireId(b, 'conversationId');
    if (id instanceof Response) return id;
    const record = this.#find(user, id);
    if (!record) return this.#notFound();
    this.conversations.delete(record._id);
    this.messages.delete(record._id);
    for (const key of [...this.#unseen]) if (key.endsWith(`:${record._id}`)) this.#unseen.delete(key);
    return json(200, { message: 'Conversation deleted successfully' });
  }

  #send(user: TetherUser, b: Record<string, unknown> | null): Response {
    const contactId = this.#requireId(b, 'contactId');
    if (contactId instanceof Response) return contactId;
    const body = b as Record<string, unknown>;
    if (typeof body.content !== 'string' || body.content === '') {
      return this.#invalid('Missing required field: content');
    }
    if (body.conversationId !== undefined && typeof body.conversationId !== 'string') {
      return this.#invalid('conversationId must be a string');
    }
    const attachments = body.attachments;
    if (
      attachments !== undefined &&
      (!Array.isArray(attachments) || !attachments.every((a) => typeof a === 'string'))
    ) {
      return this.#invalid('attachments must be an array of strings');
    }
    const contact = HEX24.test(contactId) ? this.contacts.get(contactId) : undefined;
    if (contact?.organizationId !== user.organizationId) return this.#notFound('Contact');
    let record: TetherConversationRecord | undefined;
    if (body.conversationId !== undefined) {
      record = this.#find(user, body.conversationId);
      if (!record) return this.#notFound();
      if (record.contactId !== contactId) return this.#invalid('conversationId belongs to another contact');
    } else {
      // The contact's most recently active sms conversation, or a new one (D10).
      record = [...this.conversations.values()]
        .filter((c) => c.contactId === contactId && c.organizationId === user.organizationId && c.channelType === 'sms')
        .sort((a, c) => (this.#last(c)?.createdAt ?? c.updatedAt) - (this.#last(a)?.createdAt ?? a.updatedAt))[0];
      record ??= this.insert({
        contactId,
        userId: user._id,
        assignees: [user._id],
        channelType: 'sms',
        channelIdentifier: contact.phoneNumber,
      });
    }
    const message = this.#append(record, {
      direction: 'outbound',
      content: body.content,
      sentBy: user._id,
      ...(attachments ? { attachments: attachments as string[] } : {}),
    });
    // Outbound never reopens (trap 6).
    record.updatedAt = Math.max(record.updatedAt, message.createdAt);
    return json(200, this.messageToWire(message));
  }

  #contacts(user: TetherUser, q: URLSearchParams): Response {
    const page = intParam(q.get('page'), 1);
    if (page === null || page < 1) return this.#invalid('page must be an integer of at least 1');
    const size = intParam(q.get('size'), 10);
    if (size === null || size < 1 || size > 100) return this.#invalid('size must be an integer between 1 and 100');
    const owner = q.get('ownerFilter') ?? 'my';
    const search = q.get('search')?.toLowerCase() ?? '';
    const rows = [...this.contacts.values()]
      .filter((c) => {
        if (c.organizationId !== user.organizationId) return false;
        if (owner === 'my' && c.userId !== user._id && !c.assignees.includes(user._id)) return false;
        if (owner !== 'my' && owner !== 'all' && c.userId !== owner) return false;
        if (!search) return true;
        const haystack = [`${c.firstName} ${c.lastName ?? ''}`, c.phoneNumber, c.email ?? ''];
        return haystack.some((h) => h.toLowerCase().includes(search));
      })
      .sort((a, b) => (a.createdAt !== b.createdAt ? b.createdAt - a.createdAt : byIdDesc(a, b)));
    return json(200, {
      data: rows.slice((page - 1) * size, page * size).map((c) => this.contactToWire(c)),
      total: rows.length,
      page,
      size,
    });
  }
}

function intParam(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : null;
}

/**
 * A Tether API in memory. Log in with `fake.email` / `fake.password`, or use `fake.issueToken()`.
 *
 * @example
 * const fake = createFakeTether({ contacts: 40, seed: 7 });
 * const client = new ConversationsClient({
 *   provider: tether({ baseUrl: 'https://tether.test', email: fake.email, password: fake.password }),
 *   fetch: fake.fetch,
 * });
 */
export function createFakeTether(options: FakeTetherOptions = {}): FakeTether {
  return new FakeTether(options);
}
