import type { WireConversation, WireInbox, WireMessage } from '../../providers/heymarket/wire.js';
import { iso } from '../clock.js';
import { FakeServer } from '../fake-server.js';
import { GroupIndex, IndexedMap, newestFirstGroups, newestFirstIndex, type SortedList, seqOf } from '../indexed.js';
import { fakeData } from '../random.js';
import type { FakeHeymarketOptions } from './index.js';

/** `key` as an array index (a canonical integer below 2³² − 1), or null when it is not one. */
function arrayIndex(key: string | symbol): number | null {
  if (typeof key !== 'string' || !/^(?:0|[1-9]\d*)$/.test(key)) return null;
  const at = Number(key);
  return at < 2 ** 32 - 1 ? at : null;
}

/** The seeded team; an inbox of any other team answers 403 wherever it is named. */
export const TEAM = 7001;
const OTHER_TEAM = 7002;

/** A member of the Heymarket fake's team. */
export interface HeymarketUser {
  /** The user's id. */
  id: number;
  /** The user's name. */
  name: string;
  /** The user's email address (the team list does not send it). */
  email: string;
  /** `admin` or `member`. */
  role: string;
}
/** An inbox of the Heymarket fake. */
export interface HeymarketInbox {
  /** The inbox's id. */
  id: number;
  /** The inbox's name. */
  name: string;
  /** Another team's inbox: every call naming it answers 403. */
  team: number;
  /** The ids of the users who belong to it: only they can act in it. */
  members: number[];
  /** The phone number it sends from; a message's history is looked up by inbox and phone. */
  phone: string;
  /** Sent as `auto_assignable`. */
  autoAssignable: boolean;
}
/** A conversation as the Heymarket fake stores it; {@link FakeHeymarket.toWire} turns it into the wire shape. */
export interface HeymarketConversationRecord {
  /** The conversation's id. */
  id: number;
  /** `sms`, `mms`, `email` or `chat`. */
  channel: string;
  /** `open`, `closed` or `pending`. */
  status: string;
  /** The assignee's user id, or `null` when unassigned. */
  assigned: number | null;
  /** The inbox's id. */
  inbox: number;
  /** E.164 digits without `+`, an email address, or a chat id. */
  target: string;
  /** The customer's name; empty when the team saved none. */
  name: string;
  /** ms since the epoch. */
  created: number;
  /** When it last changed, in ms since the epoch: the list's sort key. */
  updated: number;
  /** Users who have it marked read: read state is per user. */
  readBy: Set<number>;
  /** Whether the team has replied since the customer last wrote. */
  replied: boolean;
  /** Whether the customer is blocked. */
  blocked: boolean;
  /** Whether the conversation is muted. */
  muted: boolean;
}
/** A message as the Heymarket fake stores it. */
export interface HeymarketMessageRecord {
  /** The message's id. */
  id: number;
  /** The id of the conversation it belongs to. */
  conversation: number;
  /** The message text. */
  text: string;
  /** The URL of attached media; empty for none. */
  media: string;
  /** `inbound` or `outbound`. */
  type: string;
  /** `sent` or `received`. */
  status: string;
  /** When it was sent or received, in ms since the epoch: the history's sort key. */
  date: number;
  /** When it last changed, in ms since the epoch. */
  updated: number;
  /** Sender; 0 for inbound. */
  user: number;
  /** The sender's name as the server shows it. */
  author: string;
  /** The send's `local_id`; empty for messages not sent through the API. */
  localId: string;
}
/** A JWT signing secret of the Heymarket fake's team. */
export interface HeymarketSecret {
  /** The secret's id: a token's `iss`. */
  secretId: string;
  /** The secret; with the id it keys a token's HMAC-SHA256 signature. */
  secretKey: string;
  /** `false`: tokens it signs are refused with 401. */
  active: boolean;
}

/** A conversation as the Heymarket fake sends it. */
export interface HeymarketWireConversation extends WireConversation {}
/** A message as the Heymarket fake sends it. */
export interface HeymarketWireMessage extends WireMessage {}
/** An inbox as the Heymarket fake sends it. */
export interface HeymarketWireInbox extends WireInbox {}

/**
 * A send's answer, as a repeated `local_id` gets it again.
 * @inline
 */
export interface HeymarketSendAnswer {
  /** The message's id. */
  id: number;
  /** When it was sent, as the answer wrote it. */
  date: string;
  /** The media gallery's URL. */
  gallery_url: string;
}

/** The Heymarket fake's store: credentials, team, inboxes, conversations and messages, seeded at construction. */
export abstract class HeymarketStore extends FakeServer {
  /** The options the fake was built with. */
  readonly options: FakeHeymarketOptions;
  /** The seeded team's id; an inbox of another team answers 403 wherever it is named. */
  readonly teamId = TEAM;
  /** The team's members; the first is the acting user ({@link FakeHeymarket.userId}). */
  readonly users: HeymarketUser[] = [];
  /** Every inbox, other teams' included. */
  readonly inboxes: HeymarketInbox[] = [];
  /** Conversations in list order, `updated` desc then `id` desc, kept in order as each write lands. */
  readonly #order = newestFirstIndex<HeymarketConversationRecord>('updated', 'id');
  /** Conversations by customer (`target`), of every inbox. */
  readonly #targets = new GroupIndex<HeymarketConversationRecord>(['target'], (c) => c.target);
  readonly #conversations = new IndexedMap<number, HeymarketConversationRecord>([this.#order, this.#targets]);
  /** The store: conversations by id. A write to a record, however made, keeps the list order. */
  readonly conversations: Map<number, HeymarketConversationRecord> = this.#conversations;
  /** Each conversation's history: its messages newest first (`date` desc, then `id` desc), ties as `messages` holds them. */
  readonly #histories = newestFirstGroups<HeymarketMessageRecord>(
    ['conversation'],
    (m) => [m.conversation],
    'date',
    'id',
  );
  /** The messages by their place in `messages`, so the map's order (a history's last tie-break) is theirs. */
  readonly #messageIndex = new IndexedMap<number, HeymarketMessageRecord>([this.#histories]);
  /** `messages` was changed other than by appending: the histories are built again from it before they are read. */
  #messagesChanged = false;
  /**
   * Every message, in the order they were added. An array to read and change as any other: an append is
   * indexed as it lands, any other change (a splice, a replaced or deleted entry) rebuilds the histories
   * once. It is a proxy of the array, which `structuredClone` refuses: clone `[...fake.messages]`.
   */
  readonly messages: HeymarketMessageRecord[];
  /** The array behind `messages`, which `addMessage` appends to without going through the proxy. */
  readonly #log: HeymarketMessageRecord[] = [];
  /** `local_id` → the first send's answer. Team-scoped and never forgotten. */
  readonly localIds = new Map<string, HeymarketSendAnswer>();
  /** The legacy API keys the fake accepts. */
  readonly apiKeys = new Set<string>();
  /** The JWT signing secrets, by `secretId`. */
  readonly secrets = new Map<string, HeymarketSecret>();
  /** The legacy key. */
  readonly apiKey: string;
  /** The JWT secret pair. */
  readonly secretId: string;
  /** The secret of `secretId`'s pair. */
  readonly secretKey: string;
  #nextId = 1000;
  #nextMessageId = 88000;

  constructor(options: FakeHeymarketOptions) {
    super(options);
    this.options = options;
    this.messages = this.#observed(this.#log);
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

  /** The fake's clock's time, rounded to whole seconds under `timestampStyle: 'seconds-offset'`. */
  now(): number {
    return this.time(this.clock.now());
  }

  /** A time as the server writes it: `2024-01-15T10:30:00.123Z`, or `2024-01-15T10:30:00+00:00` in whole seconds. */
  stamp(ms: number): string {
    const written = iso(ms);
    return this.options.timestampStyle === 'seconds-offset' ? `${written.slice(0, 19)}+00:00` : written;
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
    // A target drawn twice in one inbox would be the same conversation: draw again, so the fake holds
    // as many as were asked for (a bounded number of times, in case the inboxes run out of targets).
    for (let i = 0, redraws = 0; i < count && this.inboxes.length > 0; i++) {
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
      if (this.byTarget(inbox.id, target)) {
        if (redraws++ < count) i--;
        continue;
      }
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

  /** Adds a team member (defaults filled in); returns it. */
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
    const updated = this.time(fields.updated ?? this.now());
    const record = this.#conversations.adopt({
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
    });
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
    const adopted = this.#messageIndex.adopt(message);
    // What the proxy does for an append, without its traps: seeding appends a few hundred thousand.
    const at = this.#log.push(adopted) - 1;
    if (!this.#messagesChanged) this.#messageIndex.set(at, adopted);
    return adopted;
  }

  /**
   * `messages` as a proxy of `log` that indexes each append (a push, or a write one past the end) and
   * notes any other change to its entries; reads go straight to the array.
   */
  #observed(log: HeymarketMessageRecord[]): HeymarketMessageRecord[] {
    const changed = () => {
      this.#messagesChanged = true;
    };
    const proxy: HeymarketMessageRecord[] = new Proxy(log, {
      set: (target, key, value, receiver) => {
        const at = arrayIndex(key);
        const append = at !== null && at === target.length;
        if (at !== null && !append) changed();
        if (key === 'length' && value !== target.length) changed();
        // Set on the array itself: with the proxy as receiver the write would come back as a defineProperty.
        const done = Reflect.set(target, key, value, receiver === proxy ? target : receiver);
        if (done && append && !this.#messagesChanged) this.#messageIndex.set(at, value);
        return done;
      },
      deleteProperty: (target, key) => {
        if (arrayIndex(key) !== null) changed();
        return Reflect.deleteProperty(target, key);
      },
      defineProperty: (target, key, descriptor) => {
        if (arrayIndex(key) !== null || key === 'length') changed();
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
    return proxy;
  }

  /** The conversation's history, in order; built again from `messages` first if it changed other than by appends. */
  #history(conversationId: number): SortedList<HeymarketMessageRecord> | undefined {
    if (this.#messagesChanged) {
      this.#messageIndex.clear();
      // `forEach` skips holes, as a `filter` of the array would.
      this.messages.forEach((m, i) => {
        this.#messageIndex.set(i, m);
      });
      this.#messagesChanged = false;
    }
    return this.#histories.get(conversationId);
  }

  /**
   * A customer writes in: the message is appended, a closed conversation reopens, it becomes unread
   * for everyone, `replied` turns false and `updated` moves to now. A number new to the inbox starts a
   * conversation.
   */
  inbound(to: number | { inbox: number; phone: string }, text = 'Hello again'): HeymarketMessageRecord {
    let record = typeof to === 'number' ? this.#conversation(to) : this.byTarget(to.inbox, to.phone);
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

  /** The conversation of an inbox with a customer (`target`), if there is one. */
  byTarget(inbox: number, target: string): HeymarketConversationRecord | undefined {
    let first: HeymarketConversationRecord | undefined;
    for (const c of this.#targets.get(target)) {
      if (c.inbox === inbox && c.target === target && (!first || seqOf(c) < seqOf(first))) first = c;
    }
    return first;
  }

  /** A conversation's messages, newest first (`date` desc, then `id` desc, then as `messages` holds them). */
  history(conversationId: number): HeymarketMessageRecord[] {
    return this.#history(conversationId)?.toArray() ?? [];
  }

  /**
   * Up to `limit` of a conversation's messages, newest first, from the first whose `date` is before
   * `beforeMs` (ms since the epoch): found by binary search in its history, not by reading all of it.
   */
  historyBefore(conversationId: number, beforeMs: number, limit: number): HeymarketMessageRecord[] {
    const history = this.#history(conversationId);
    if (!history) return [];
    const start = history.search((m) => m.date < beforeMs);
    return history.slice(start, start + limit);
  }

  /** Conversations in list order: `updated` desc, then `id` desc. */
  sorted(): HeymarketConversationRecord[] {
    return this.#order.toArray();
  }

  /**
   * Conversations in list order from the first whose `updated` is strictly before `beforeUs` (µs since the
   * epoch; all of them when null), found by binary search. Do not write to the store while iterating.
   */
  *listedBefore(beforeUs: number | null): IterableIterator<HeymarketConversationRecord> {
    const start = beforeUs === null ? 0 : this.#order.search((c) => c.updated * 1000 < beforeUs);
    yield* this.#order.values(start);
  }

  /** Conversations in the inboxes `userId` belongs to: what an unfiltered list walks. */
  visibleTo(userId = this.userId): HeymarketConversationRecord[] {
    const inboxes = new Set(this.inboxes.filter((i) => i.team === TEAM && i.members.includes(userId)).map((i) => i.id));
    return this.sorted().filter((c) => inboxes.has(c.inbox));
  }

  /** An inbox of the seeded team; another team's inbox is not found. */
  inbox(id: number): HeymarketInbox | undefined {
    return this.inboxes.find((i) => i.id === id && i.team === TEAM);
  }

  /**
   * The conversation as the API sends it now. `actingUser` is the list's `id`: lists report that user's
   * read state, every other answer 1 when anyone has read it.
   */
  toWire(record: HeymarketConversationRecord, actingUser?: number): HeymarketWireConversation {
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

  /** The message as the history would send it now. */
  messageToWire(message: HeymarketMessageRecord): HeymarketWireMessage {
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

  /** The inbox as `GET /v1/inboxes` would send it now. */
  inboxToWire(inbox: HeymarketInbox): HeymarketWireInbox {
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
}
