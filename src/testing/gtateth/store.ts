import type { WireConversation } from '../../providers/gtateth/wire.js';
import { iso } from '../clock.js';
import { FakeServer } from '../fake-server.js';
import { IndexedMap, newestFirstIndex } from '../indexed.js';
import { pageOf } from '../lists.js';
import { ACCOUNTS_AGE_MS, fakeData, ObjectIds } from '../random.js';
import type { FakeGTatethOptions } from './index.js';

export const STATUSES = ['open', 'closed', 'pending'];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
export const CHANNELS = ['email', 'chat', 'phone', 'whatsapp'];
const SOURCES = ['widget', 'phone', 'api', 'email'];
/** The fields the list filters on: a write to one drops the rows a filtered list found. */
const FILTERABLE = ['status', 'priority', 'assignedTo', 'inboxId', 'customerId'];

/** A conversation as the G-Tateth fake stores it; {@link FakeGTateth.toWire} turns it into the wire shape. */
export interface GTatethConversationRecord {
  /** The conversation's id, a 24-hex ObjectId. */
  _id: string;
  /** Its subject line. */
  subject: string;
  /** `open`, `closed` or `pending`. */
  status: string;
  /** `low`, `medium`, `high` or `urgent`. */
  priority: string;
  /** The customer's `_id`, or `null`. */
  customerId: string | null;
  /** The assigned agent's `_id`, or `null` when unassigned. */
  assignedTo: string | null;
  /** The inbox's id, or `null`. */
  inboxId: string | null;
  /** `email`, `chat`, `phone` or `whatsapp`. */
  channel: string;
  /** `widget`, `phone`, `api` or `email`; created through the API, `api`. */
  source: string;
  /** Its labels. */
  labels: string[];
  /** When it was created, in ms since the epoch on the fake's clock: the list's sort key. */
  createdAt: number;
  /** When it last changed, in ms since the epoch on the fake's clock. */
  updatedAt: number;
}
/** An agent of the G-Tateth fake's tenant: someone conversations can be assigned to. */
export interface GTatethUser {
  /** The agent's id, a 24-hex ObjectId: what `assignedTo` holds. */
  _id: string;
  /** The agent's name. */
  name: string;
  /** The agent's email address. */
  email: string;
}
/** A customer of the G-Tateth fake's tenant. */
export interface GTatethCustomer {
  /** The customer's id, a 24-hex ObjectId: what `customerId` holds. */
  _id: string;
  /** A field may be missing or null, as the API allows (e.g. under `sparseProfiles`). */
  profile: {
    /** The customer's first name. */
    firstName?: string | null;
    /** The customer's last name. */
    lastName?: string | null;
    /** The customer's email address. */
    email?: string | null;
    /** The customer's phone number, `+` and digits. */
    phone?: string | null;
  };
}
/** An API key the G-Tateth fake accepts, with what it may do. */
export interface GTatethKey {
  /** The key itself, `sk_live_…` or `sk_test_…`. */
  key: string;
  /** What it may do: GETs need `read:conversations`; POST, PUT and DELETE need `write:conversations`. */
  permissions: Array<'read:conversations' | 'write:conversations'>;
  /** Refused with 401 `API_KEY_EXPIRED`. */
  expired?: boolean;
  /** Refused with 401 `API_KEY_INVALID`. */
  revoked?: boolean;
}

/** A conversation as the API sends it. */
export interface GTatethWireConversation extends WireConversation {}

/** The G-Tateth fake's store: keys, agents, customers, inboxes and conversations, seeded at construction. */
export abstract class GTatethStore extends FakeServer {
  /** The options the fake was built with. */
  readonly options: FakeGTatethOptions;
  /** Conversations in list order, `createdAt` desc then `_id` desc. */
  readonly #order = newestFirstIndex<GTatethConversationRecord>('createdAt', '_id');
  readonly #conversations = new IndexedMap<string, GTatethConversationRecord>([this.#order], FILTERABLE);
  /** The rows of the last filtered list, in list order, and the filters and store version they are of. */
  #matching: { key: string; version: number; rows: GTatethConversationRecord[] } | null = null;
  /** The store: conversations by id. A write to a record, however made, keeps the list order. */
  readonly conversations: Map<string, GTatethConversationRecord> = this.#conversations;
  /** The tenant's agents, seeded ones first. */
  readonly users: GTatethUser[] = [];
  /** The tenant's customers, seeded ones first. */
  readonly customers: GTatethCustomer[] = [];
  /** The tenant's inbox ids. */
  readonly inboxes: string[] = [];
  /** Every API key the fake knows, by key. */
  readonly keys = new Map<string, GTatethKey>();
  /** A key with read and write permission (`sk_live_` under `rejectTestKeys`, else `sk_test_`). */
  readonly apiKey: string;
  /** The generator of the fake's ObjectIds, increasing with the clock. */
  readonly ids: ObjectIds;

  constructor(options: FakeGTatethOptions) {
    super(options);
    this.options = options;
    this.ids = new ObjectIds(this.random);
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
        _id: this.ids.next(now - ACCOUNTS_AGE_MS),
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
      this.customers.push({ _id: this.ids.next(now - ACCOUNTS_AGE_MS), profile });
    }
    for (let i = 0; i < (o.inboxes ?? 3); i++) this.inboxes.push(this.ids.next(now - ACCOUNTS_AGE_MS));
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
      this.insert({
        subject: fakeData.subject(r),
        status: r.pick(STATUSES),
        priority: r.pick(PRIORITIES),
        customerId: r.chance(0.9) ? r.pick(this.customers)._id : null,
        assignedTo: r.chance(0.7) ? r.pick(this.users)._id : null,
        inboxId: r.pick(this.inboxes),
        channel: r.pick(CHANNELS),
        source: r.pick(SOURCES),
        createdAt: at,
      });
    }
  }

  /** Puts a conversation in the store (defaults filled in) and returns it. */
  insert(fields: Partial<GTatethConversationRecord> = {}): GTatethConversationRecord {
    const createdAt = fields.createdAt ?? this.clock.now();
    const record = this.#conversations.adopt({
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
    });
    this.conversations.set(record._id, record);
    return record;
  }

  /** The conversation as the API would send it now. */
  toWire(record: GTatethConversationRecord): GTatethWireConversation {
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
    return this.#order.toArray();
  }

  /**
   * Page `page` of `limit` conversations, in list order, of those whose every `filters` field holds its
   * value, and how many those are: without filters, read straight out of the list order; with filters,
   * out of the matching rows, found once and kept until a conversation is added, removed or written to.
   */
  listPage(
    filters: ReadonlyArray<readonly [keyof GTatethConversationRecord, string]>,
    page: number,
    limit: number,
  ): {
    /** The page's conversations. */
    rows: GTatethConversationRecord[];
    /** How many conversations match, on every page. */
    total: number;
  } {
    if (filters.length === 0) {
      return { rows: this.#order.slice((page - 1) * limit, page * limit), total: this.#order.size };
    }
    const key = JSON.stringify(filters);
    const version = this.#conversations.version;
    let matching = this.#matching;
    if (matching?.key !== key || matching.version !== version) {
      const rows: GTatethConversationRecord[] = [];
      this.#order.forEach((c) => {
        if (filters.every(([field, value]) => c[field] === value)) rows.push(c);
      });
      matching = this.#matching = { key, version, rows };
    }
    return { rows: pageOf(matching.rows, page, limit), total: matching.rows.length };
  }
}
