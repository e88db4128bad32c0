import type { conversation } from '../../providers/gtateth/wire.js';
import { iso } from '../clock.js';
import { FakeServer, type WireOf } from '../fake-server.js';
import { newestFirst } from '../lists.js';
import { ACCOUNTS_AGE_MS, fakeData, ObjectIds } from '../random.js';
import type { FakeGTatethOptions } from './index.js';

export const STATUSES = ['open', 'closed', 'pending'];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
export const CHANNELS = ['email', 'chat', 'phone', 'whatsapp'];
const SOURCES = ['widget', 'phone', 'api', 'email'];

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
  /** A field may be missing or null, as the API allows (e.g. under `sparseProfiles`). */
  profile: { firstName?: string | null; lastName?: string | null; email?: string | null; phone?: string | null };
}
export interface GTatethKey {
  key: string;
  permissions: Array<'read:conversations' | 'write:conversations'>;
  expired?: boolean;
  revoked?: boolean;
}

/** A conversation as the API sends it. */
export interface GTatethWireConversation extends WireOf<typeof conversation> {}

/** The G-Tateth fake's store: keys, agents, customers, inboxes and conversations, seeded at construction. */
export abstract class GTatethStore extends FakeServer {
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
    return [...this.conversations.values()].sort(
      newestFirst(
        (c) => c.createdAt,
        (c) => c._id,
      ),
    );
  }
}
