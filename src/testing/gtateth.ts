import { fakeData, ObjectIds } from './random.js';
import {
  type FakeOptions,
  type FakeRequest,
  FakeServer,
  type Fault,
  FixedWindow,
  faultWait,
  INVALID_JSON,
  json,
} from './server.js';

const HEX24 = /^[0-9a-f]{24}$/;
const STATUSES = ['open', 'closed', 'pending'];
const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
const CHANNELS = ['email', 'chat', 'phone', 'whatsapp'];

export interface GTatethConversationRecord {
  _id: string;
  subject: string;
  status: string;
  priority: string;
  customerId: string | null;
  assignedTo: string | null;
  inboxId: string | null;
  channel: string;
  source: string;
  labels: string[];
  createdAt: number;
  updatedAt: number;
}
export interface GTatethUser {
  _id: string;
  name: string;
  email: string;
}
export interface GTatethCustomer {
  _id: string;
  /** A field may be missing or null (§4), e.g. under `sparseProfiles`. */
  profile: { firstName?: string | null; lastName?: string | null; email?: string | null; phone?: string | null };
}
export interface GTatethKey {
  key: string;
  permissions: Array<'read:conversations' | 'write:conversations'>;
  expired?: boolean;
  revoked?: boolean;
}

export interface FakeGTatethOptions extends FakeOptions {
  /** Conversations to seed. Default 25. */
  conversations?: number;
  /** Agents to seed. Default 5. */
  users?: number;
  /** Customers to seed. Default 20. */
  customers?: number;
  /** Inboxes to seed. Default 3. */
  inboxes?: number;
  /** Send `customerId` as `{_id, profile}` objects. */
  populateCustomer?: boolean;
  /**
   * Fraction of seeded customers whose profile fields are each, at random, kept, `null` or missing
   * (§4: "Profile fields may be missing or null"). Seen under `populateCustomer`. Default 0.
   */
  sparseProfiles?: number;
  /** Send `assignedTo` as `{_id, name, email}` objects. */
  populateAssignee?: boolean;
  /** DELETE answers 204 (default) or 200 `{success:true, data:null}`. */
  deleteResponse?: '204' | '200';
  /** 429 body: flat (default) or the standard nested envelope. */
  rateLimitBody?: 'flat' | 'nested';
  /** Refuse `sk_test_` keys with 401 `API_KEY_INVALID`; `apiKey` and new keys are then `sk_live_` keys. */
  rejectTestKeys?: boolean;
  /** Per-key fixed window. Default 5,000 per 3,600 s. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Fraction of seeded conversations that share their `createdAt` with the previous one. */
  tieRate?: number;
}

/** A request past authentication: its key, and its rate-limit headers once it was counted. */
interface Caller {
  key: GTatethKey;
  headers?: Record<string, string>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Body code and message of an injected fault, by status; any other status is an `INTERNAL_ERROR`. */
const FAULTS: Record<number, [string, string]> = {
  400: ['VALIDATION_ERROR', 'Validation failed'],
  401: ['AUTH_REQUIRED', 'Authentication required'],
  403: ['INSUFFICIENT_PERMISSIONS', 'Insufficient permissions'],
  404: ['NOT_FOUND', 'Not found'],
  409: ['CONFLICT', 'Conflict'],
  422: ['VALIDATION_ERROR', 'Validation failed'],
};

/** The G-Tateth API over an in-memory store, as `wire/gtateth.md` specifies it. */
export class FakeGTateth extends FakeServer {
  readonly options: FakeGTatethOptions;
  /** The store: conversations by id. */
  readonly conversations = new Map<string, GTatethConversationRecord>();
  readonly users: GTatethUser[] = [];
  readonly customers: GTatethCustomer[] = [];
  readonly inboxes: string[] = [];
  readonly keys = new Map<string, GTatethKey>();
  /** A key with read and write permission (`sk_live_` under `rejectTestKeys`, else `sk_test_`). */
  readonly apiKey: string;
  readonly ids: ObjectIds;
  #window: FixedWindow;
  readonly #callers = new WeakMap<FakeRequest, Caller>();

  constructor(options: FakeGTatethOptions = {}) {
    super(options);
    this.options = options;
    this.ids = new ObjectIds(this.random);
    const rl = options.rateLimit ?? { limit: 5000, windowSeconds: 3600 };
    this.#window = new FixedWindow(rl.limit, rl.windowSeconds * 1000);
    this.apiKey = this.addKey({ permissions: ['read:conversations', 'write:conversations'] });
    this.#seed();
  }

  /** Adds an API key; returns it. */
  addKey(key: Omit<GTatethKey, 'key'> & { key?: string }): string {
    const value = key.key ?? `sk_${this.options.rejectTestKeys ? 'live' : 'test'}_${this.random.hex(24)}`;
    this.keys.set(value, { ...key, key: value });
    return value;
  }

  #seed(): void {
    const r = this.random;
    const o = this.options;
    const now = this.seededAt;
    for (let i = 0; i < (o.users ?? 5); i++) {
      const first = fakeData.firstName(r);
      const last = fakeData.lastName(r);
      this.users.push({
        _id: this.ids.next(now - 9e9),
        name: `${first} ${last}`,
        email: fakeData.email(r, first, last),
      });
    }
    for (let i = 0; i < (o.customers ?? 20); i++) {
      const first = fakeData.firstName(r);
      const last = fakeData.lastName(r);
      const profile: GTatethCustomer['profile'] = {
        firstName: first,
        lastName: last,
        email: fakeData.email(r, first, last),
        phone: `+${fakeData.phoneDigits(r)}`,
      };
      if (r.chance(o.sparseProfiles ?? 0)) {
        for (const field of ['firstName', 'lastName', 'email', 'phone'] as const) {
          const gap = r.pick(['keep', 'null', 'missing'] as const);
          if (gap === 'null') profile[field] = null;
          else if (gap === 'missing') delete profile[field];
        }
      }
      this.customers.push({ _id: this.ids.next(now - 9e9), profile });
    }
    for (let i = 0; i < (o.inboxes ?? 3); i++) this.inboxes.push(this.ids.next(now - 9e9));
    // Gaps of 1 ms to 2 min back from `seededAt` (the clock's now, or a fixed instant in the past), the
    // newest strictly before it: a create at the clock's now never ties with a seeded row unless `tieRate`
    // asks for ties (a tie shares the next newer row's createdAt).
    const count = o.conversations ?? 25;
    const times: number[] = [];
    for (let i = 0, at = now; i < count; i++) {
      if (i === 0 || !r.chance(o.tieRate ?? 0)) at -= r.int(1, 120_000);
      times.push(at);
    }
    for (const at of times.reverse()) {
      const record = this.insert({
        subject: fakeData.subject(r),
        status: r.pick(STATUSES),
        priority: r.pick(PRIORITIES),
        customerId: r.chance(0.9) ? r.pick(this.customers)._id : null,
        assignedTo: r.chance(0.7) ? r.pick(this.users)._id : null,
        inboxId: r.pick(this.inboxes),
        channel: r.pick(CHANNELS),
        source: r.pick(['widget', 'phone', 'api', 'email']),
        createdAt: at,
      });
      record.updatedAt = record.createdAt;
    }
  }

  /** Puts a conversation in the store (defaults filled in) and returns it. */
  insert(fields: Partial<GTatethConversationRecord> = {}): GTatethConversationRecord {
    const now = this.clock.now();
    const createdAt = fields.createdAt ?? now;
    const record: GTatethConversationRecord = {
      _id: fields._id ?? this.ids.next(createdAt),
      subject: 'New conversation',
      status: 'open',
      priority: 'medium',
      customerId: null,
      assignedTo: null,
      inboxId: null,
      channel: 'email',
      source: 'api',
      labels: [],
      createdAt,
      updatedAt: createdAt,
      ...fields,
    };
    this.conversations.set(record._id, record);
    return record;
  }

  /** The conversation as the API would send it now. */
  toWire(record: GTatethConversationRecord): Record<string, unknown> {
    const user =
      this.options.populateAssignee && record.assignedTo
        ? this.users.find((u) => u._id === record.assignedTo)
        : undefined;
    const customer =
      this.options.populateCustomer && record.customerId
        ? this.customers.find((c) => c._id === record.customerId)
        : undefined;
    return {
      _id: record._id,
      subject: record.subject,
      status: record.status,
      priority: record.priority,
      customerId: customer ? { _id: customer._id, profile: { ...customer.profile } } : record.customerId,
      assignedTo: user ? { _id: user._id, name: user.name, email: user.email } : record.assignedTo,
      inboxId: record.inboxId,
      channel: record.channel,
      source: record.source,
      labels: [...record.labels],
      createdAt: iso(record.createdAt),
      updatedAt: iso(record.updatedAt),
    };
  }

  /** Conversations in list order: `createdAt` desc, then `_id` desc. */
  sorted(): GTatethConversationRecord[] {
    return [...this.conversations.values()].sort((a, b) =>
      b.createdAt !== a.createdAt ? b.createdAt - a.createdAt : a._id < b._id ? 1 : a._id > b._id ? -1 : 0,
    );
  }

  #requestId(): string {
    return `req_${this.random.hex(16)}`;
  }

  error(
    status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    return json(
      status,
      {
        success: false,
        error: {
          code,
          message,
          ...(details ? { details } : {}),
          requestId: this.#requestId(),
          timestamp: iso(this.clock.now()),
        },
      },
      headers,
    );
  }

  /** The 429 body (§7): flat by default, the standard envelope under `rateLimitBody: "nested"`. */
  #rateLimited(retryAfter: number, headers: Record<string, string>, code = 'RATE_LIMIT_EXCEEDED'): Response {
    if (this.options.rateLimitBody === 'nested') {
      return this.error(429, code, 'Rate limit exceeded', { retryAfter }, headers);
    }
    return json(429, { success: false, error: 'Rate limit exceeded', code, retryAfter }, headers);
  }

  /** A 429 of the key's own exhausted window: not counted, `Remaining: 0`, wait until the reset. */
  #overLimit(resetAtMs: number): Response {
    const headers = this.#rateHeaders(0, resetAtMs);
    const reset = Number(headers['X-RateLimit-Reset']);
    return this.#rateLimited(Math.max(1, Math.ceil(reset - this.clock.now() / 1000)), headers);
  }

  /**
   * Counts an authenticated request in its key's window, once (a `when: "after"` fault reuses the
   * count), and returns its rate-limit headers. `ok` is false when the window filled up since the
   * request was admitted.
   */
  #count(req: FakeRequest): { ok: boolean; headers: Record<string, string>; resetAt: number } {
    const caller = this.#callers.get(req) as Caller;
    const now = this.clock.now();
    if (caller.headers) return { ok: true, headers: caller.headers, resetAt: now };
    const slot = this.#window.take(caller.key.key, now);
    const headers = this.#rateHeaders(slot.remaining, slot.resetAt);
    if (slot.ok) caller.headers = headers;
    return { ok: slot.ok, headers, resetAt: slot.resetAt };
  }

  /**
   * An injected or random fault, on an authenticated request (health and 401s are answered before any
   * fault). It carries the rate-limit headers like every authenticated answer; a 429 is not counted
   * and says `Remaining: 0`, an injected 401 is unauthenticated and carries none.
   */
  protected faultResponse(status: number, fault: Fault, req: FakeRequest): Response {
    const authenticated = this.#callers.has(req);
    if (status === 429) {
      // The body's `retryAfter` is the wait; `Reset` the first whole second at or after now + wait, so a
      // client going by either never comes back early (§7).
      const wait = faultWait(fault, 60, 1);
      const resetAt = Math.ceil((this.clock.now() + wait * 1000) / 1000) * 1000;
      return this.#rateLimited(wait, authenticated ? this.#rateHeaders(0, resetAt) : {}, fault.code);
    }
    const headers = authenticated && status !== 401 ? this.#count(req).headers : {};
    if (status === 502 || status === 503 || status === 504) {
      const reason = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[status];
      return new Response(`<html><body><h1>${status} ${reason}</h1></body></html>`, {
        status,
        headers: { 'content-type': 'text/html', ...headers },
      });
    }
    const [code, message] = FAULTS[status] ?? ['INTERNAL_ERROR', 'Internal server error'];
    const details = code === 'VALIDATION_ERROR' ? { field: 'body', validation: 'injected fault' } : undefined;
    return this.error(status, fault.code ?? code, message, details, headers);
  }

  #rateHeaders(remaining: number, resetAtMs: number): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(this.#window.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(Math.ceil(resetAtMs / 1000)),
    };
  }

  #authenticate(req: FakeRequest): GTatethKey | Response {
    const authorization = req.headers.get('authorization');
    const apiKeyHeader = req.headers.get('x-api-key');
    if (authorization === null && apiKeyHeader === null)
      return this.error(401, 'AUTH_REQUIRED', 'Authentication required');
    let token: string;
    // Authorization wins when both are sent; X-API-Key is then ignored (D1).
    if (authorization !== null) {
      const match = /^Bearer (.+)$/.exec(authorization);
      if (!match) return this.error(401, 'API_KEY_INVALID', 'Invalid API key');
      token = match[1] as string;
      if (!token.startsWith('sk_') && token.split('.').length === 3) {
        return this.error(401, 'AUTH_INVALID', 'Invalid authentication token');
      }
    } else token = apiKeyHeader as string;
    const key = this.keys.get(token);
    if (!key || key.revoked || (this.options.rejectTestKeys && token.startsWith('sk_test_'))) {
      return this.error(401, 'API_KEY_INVALID', 'Invalid API key');
    }
    if (key.expired) return this.error(401, 'API_KEY_EXPIRED', 'API key has expired');
    return key;
  }

  /**
   * Health, 401 and the key's own 429 come before any injected or random fault, so health is never
   * faulted or limited, and unauthenticated answers carry no rate-limit headers (§2, §7, D2, D7).
   */
  protected override admit(req: FakeRequest): Response | null {
    if (req.method === 'GET' && req.path === '/api/v1/health') return json(200, { status: 'ok' });
    const key = this.#authenticate(req);
    if (key instanceof Response) return key;
    const slot = this.#window.peek(key.key, this.clock.now());
    if (!slot.ok) return this.#overLimit(slot.resetAt);
    this.#callers.set(req, { key });
    return null;
  }

  protected handle(req: FakeRequest): Response {
    const early = this.#callers.has(req) ? null : this.admit(req);
    if (early) return early;
    const { ok, headers, resetAt } = this.#count(req);
    if (!ok) return this.#overLimit(resetAt);
    const response = this.#route(req, (this.#callers.get(req) as Caller).key);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  #route(req: FakeRequest, key: GTatethKey): Response {
    const m = /^\/api\/v1\/conversations(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return this.error(404, 'NOT_FOUND', 'Route not found');
    const id = m[1];
    const needed = req.method === 'GET' ? 'read:conversations' : 'write:conversations';
    const known = id === undefined ? ['GET', 'POST'] : ['GET', 'PUT', 'DELETE'];
    if (!known.includes(req.method)) return this.error(404, 'NOT_FOUND', 'Route not found');
    if (!key.permissions.includes(needed)) {
      return this.error(403, 'INSUFFICIENT_PERMISSIONS', `This API key lacks the ${needed} permission`);
    }
    if (id === undefined) return req.method === 'GET' ? this.#list(req) : this.#create(req);
    if (req.method === 'GET') return this.#get(id);
    if (req.method === 'PUT') return this.#update(id, req);
    return this.#delete(id);
  }

  #invalid(field: string, message: string, validation?: string): Response {
    return this.error(400, 'VALIDATION_ERROR', message, { field, ...(validation ? { validation } : {}) });
  }

  #list(req: FakeRequest): Response {
    const q = req.query;
    const filters: Array<[keyof GTatethConversationRecord, string]> = [];
    for (const [param, values] of [
      ['status', STATUSES],
      ['priority', PRIORITIES],
    ] as const) {
      const v = q.get(param);
      if (v === null) continue;
      if (!values.includes(v)) return this.#invalid(param, `${param} must be one of ${values.join(', ')}`);
      filters.push([param, v]);
    }
    for (const [param, field] of [
      ['assignedTo', 'assignedTo'],
      ['inboxId', 'inboxId'],
      ['customerId', 'customerId'],
    ] as const) {
      const v = q.get(param);
      if (v === null) continue;
      if (!HEX24.test(v)) return this.#invalid(param, `${param} must be a valid id`);
      filters.push([field, v]);
    }
    const page = intParam(q.get('page'), 1);
    if (page === null || page < 1) return this.#invalid('page', 'page must be an integer of at least 1', 'page >= 1');
    const limit = intParam(q.get('limit'), 50);
    if (limit === null || limit < 1 || limit > 100) {
      return this.#invalid('limit', 'limit must be an integer between 1 and 100', '1 <= limit <= 100');
    }
    const rows = this.sorted().filter((c) => filters.every(([field, value]) => c[field] === value));
    const total = rows.length;
    return json(200, {
      success: true,
      data: rows.slice((page - 1) * limit, page * limit).map((c) => this.toWire(c)),
      pagination: { total, page, limit, totalPages: Math.ceil(total / limit) },
    });
  }

  #find(id: string): GTatethConversationRecord | undefined {
    return HEX24.test(id) ? this.conversations.get(id) : undefined;
  }

  #notFound(): Response {
    return this.error(404, 'NOT_FOUND', 'Conversation not found');
  }

  #get(id: string): Response {
    const record = this.#find(id);
    return record ? json(200, { success: true, data: this.toWire(record) }) : this.#notFound();
  }

  #create(req: FakeRequest): Response {
    const b = req.body;
    if (b === INVALID_JSON || b === null || typeof b !== 'object' || Array.isArray(b)) {
      return this.#invalid('body', 'Request body must be a JSON object');
    }
    const body = b as Record<string, unknown>;
    // "Non-empty" (§3): whitespace is a subject.
    if (typeof body.subject !== 'string' || body.subject === '') return this.#invalid('subject', 'subject is required');
    for (const [field, pool] of [
      ['customerId', this.customers.map((c) => c._id)],
      ['inboxId', this.inboxes],
    ] as const) {
      const v = body[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' || !HEX24.test(v)) return this.#invalid(field, `${field} must be a valid id`);
      if (!pool.includes(v)) return this.#invalid(field, `Unknown ${field}`);
    }
    if (body.customerId == null && body.inboxId == null) {
      return this.#invalid('customerId', 'customerId or inboxId is required');
    }
    const channel = body.channel ?? 'email';
    if (typeof channel !== 'string' || !CHANNELS.includes(channel)) {
      return this.#invalid('channel', `channel must be one of ${CHANNELS.join(', ')}`);
    }
    const priority = body.priority ?? 'medium';
    if (typeof priority !== 'string' || !PRIORITIES.includes(priority)) {
      return this.#invalid('priority', `priority must be one of ${PRIORITIES.join(', ')}`);
    }
    const record = this.insert({
      subject: body.subject,
      customerId: (body.customerId as string | undefined) ?? null,
      inboxId: (body.inboxId as string | undefined) ?? null,
      channel,
      priority,
    });
    return json(201, { success: true, data: this.toWire(record) });
  }

  #update(id: string, req: FakeRequest): Response {
    const b = req.body;
    if (b === INVALID_JSON || b === null || typeof b !== 'object' || Array.isArray(b)) {
      return this.#invalid('body', 'Request body must be a JSON object');
    }
    const body = b as Record<string, unknown>;
    if (!['subject', 'status', 'priority', 'assignedTo'].some((f) => f in body)) {
      return this.#invalid('body', 'Provide at least one of subject, status, priority, assignedTo');
    }
    if ('subject' in body && (typeof body.subject !== 'string' || body.subject === '')) {
      return this.#invalid('subject', 'subject must be a non-empty string');
    }
    if ('status' in body && !STATUSES.includes(body.status as string)) {
      return this.#invalid('status', `status must be one of ${STATUSES.join(', ')}`);
    }
    if ('priority' in body && !PRIORITIES.includes(body.priority as string)) {
      return this.#invalid('priority', `priority must be one of ${PRIORITIES.join(', ')}`);
    }
    if ('assignedTo' in body && body.assignedTo !== null) {
      if (typeof body.assignedTo !== 'string' || !HEX24.test(body.assignedTo)) {
        return this.#invalid('assignedTo', 'assignedTo must be a valid id or null');
      }
      if (!this.users.some((u) => u._id === body.assignedTo)) return this.#invalid('assignedTo', 'Unknown user');
    }
    const record = this.#find(id);
    if (!record) return this.#notFound();
    let changed = false;
    for (const field of ['subject', 'status', 'priority', 'assignedTo'] as const) {
      if (field in body && record[field] !== body[field]) {
        (record as unknown as Record<string, unknown>)[field] = body[field];
        changed = true;
      }
    }
    if (changed) record.updatedAt = this.clock.now();
    return json(200, { success: true, data: this.toWire(record) });
  }

  #delete(id: string): Response {
    const record = this.#find(id);
    if (!record) return this.#notFound();
    this.conversations.delete(id);
    return this.options.deleteResponse === '200'
      ? json(200, { success: true, data: null })
      : new Response(null, { status: 204 });
  }
}

function intParam(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : null;
}

/**
 * A G-Tateth API in memory. Pass `fake.fetch` and `fake.apiKey` to a client.
 *
 * @example
 * const fake = createFakeGTateth({ conversations: 200, seed: 7 });
 * const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
 */
export function createFakeGTateth(options: FakeGTatethOptions = {}): FakeGTateth {
  return new FakeGTateth(options);
}
