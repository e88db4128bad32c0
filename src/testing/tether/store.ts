import type { WireContact, WireConversation, WireMessage } from '../../providers/tether/wire.js';
import { iso } from '../clock.js';
import { FakeServer } from '../fake-server.js';
import { CountIndex, GroupIndex, IndexedMap, newestFirstIndex, seqOf } from '../indexed.js';
import { matchingPage } from '../lists.js';
import { ACCOUNTS_AGE_MS, fakeData, ObjectIds } from '../random.js';
import type { FakeTetherOptions } from './index.js';

export const CHANNEL_TYPES = ['sms', 'facebook', 'webchat', 'email'] as const;

/** A user of the Tether fake's organisation (or another one). */
export interface TetherUser {
  /** The user's id, a 24-hex ObjectId. */
  _id: string;
  /** The login's email address. */
  email: string;
  /** The login's password. */
  password: string;
  /** The user's full name. */
  fullName: string;
  /** The organisation the user belongs to. */
  organizationId: string;
  /** `Admin` or `User`, as the login answer names it. */
  accessRole: string;
}
/** A contact (customer) as the Tether fake stores it. */
export interface TetherContact {
  /** The contact's id, a 24-hex ObjectId. */
  _id: string;
  /** The contact's first name. */
  firstName: string;
  /** The contact's last name, or `null`. */
  lastName: string | null;
  /** The contact's phone number. */
  phoneNumber: string;
  /** The contact's email address, or `null`. */
  email: string | null;
  /** The organisation it belongs to. */
  organizationId: string;
  /** Owner, for `ownerFilter`. */
  userId: string;
  /** The ids of the users assigned to the contact. */
  assignees: string[];
  /** When it was created, in ms since the epoch: the contacts list's sort key. */
  createdAt: number;
}
/** A conversation as the Tether fake stores it; {@link FakeTether.toWire} turns it into the wire shape. */
export interface TetherConversationRecord {
  /** The conversation's id, a 24-hex ObjectId. */
  _id: string;
  /** The contact it is with. */
  contactId: string;
  /** The organisation it belongs to. */
  organizationId: string;
  /** The owner. */
  userId: string;
  /** The ids of its assignees. */
  assignees: string[];
  /** `sms`, `facebook`, `webchat` or `email`. */
  channelType: string;
  /** The contact's address on the channel. */
  channelIdentifier: string;
  /** Whether it is resolved (closed). */
  isResolved: boolean;
  /** When it was last resolved, in ms since the epoch, or `null`. */
  resolvedAt: number | null;
  /** Its subject line, or `null`. */
  subject: string | null;
  /** When it was created, in ms since the epoch. */
  createdAt: number;
  /** When it last changed, in ms since the epoch. */
  updatedAt: number;
}
/** A message as the Tether fake stores it. */
export interface TetherMessageRecord {
  /** The message's id, a 24-hex ObjectId. */
  _id: string;
  /** The conversation it belongs to. */
  conversationId: string;
  /** The conversation's contact. */
  contactId: string;
  /** The organisation it belongs to. */
  organizationId: string;
  /** The message text. */
  content: string;
  /** `inbound` from the contact, `outbound` from a user. */
  direction: 'inbound' | 'outbound';
  /** The channel it went over. */
  channelType: string;
  /** `sent`, `delivered`, `failed`, `queued` or `read`. */
  status: string;
  /** Outbound only. */
  sentBy: string | null;
  /** URLs of attached files. */
  attachments?: string[];
  /** When it was sent or received, in ms since the epoch. */
  createdAt: number;
}

/**
 * What `addMessage` takes: the direction and text, and optionally the time, sender and attachments.
 * @inline
 */
export interface TetherNewMessage {
  direction: 'inbound' | 'outbound';
  content: string;
  at?: number;
  sentBy?: string;
  attachments?: string[];
}

/** A conversation as the Tether fake sends it. */
export interface TetherWireConversation extends WireConversation {}
/** A message as the Tether fake sends it. */
export interface TetherWireMessage extends WireMessage {}
/** A contact as the Tether fake sends it. */
export interface TetherWireContact extends WireContact {}

const CONTENTS = ['Hi there', 'See you Tuesday!', 'Thanks!', 'Can you help?', 'On it', 'Any update?'];

/** The Tether fake's store: organisation, users, tokens, contacts, conversations and messages. */
export abstract class TetherStore extends FakeServer {
  /** The options the fake was built with. */
  readonly options: FakeTetherOptions;
  /** The generator of the fake's ObjectIds, increasing with the clock. */
  readonly ids: ObjectIds;
  /** The id of the organisation the acting user belongs to. */
  readonly organizationId: string;
  /** Every user, the acting one ({@link FakeTether.user}) first. */
  readonly users: TetherUser[] = [];
  /** Contacts in list order, `createdAt` desc then `_id` desc. */
  readonly #contactOrder = newestFirstIndex<TetherContact>('createdAt', '_id');
  readonly #contactsByOrganization = new CountIndex<TetherContact>(['organizationId'], (c) => c.organizationId);
  readonly #contacts = new IndexedMap<string, TetherContact>([this.#contactOrder, this.#contactsByOrganization]);
  /** The contacts, by id. A write to a contact, however made, keeps their list order. */
  readonly contacts: Map<string, TetherContact> = this.#contacts;
  /** Conversations by contact. */
  readonly #byContact = new GroupIndex<TetherConversationRecord>(['contactId'], (c) => c.contactId);
  readonly #conversations = new IndexedMap<string, TetherConversationRecord>([this.#byContact]);
  /** The store: conversations by id. A write to a record, however made, keeps them grouped by contact. */
  readonly conversations: Map<string, TetherConversationRecord> = this.#conversations;
  /** Messages by conversation id, oldest first. */
  readonly messages = new Map<string, TetherMessageRecord[]>();
  /** Issued tokens and when they expire (ms, the fake's clock). */
  readonly tokens = new Map<
    string,
    {
      /** The user the token logs in as. */
      userId: string;
      /** When it expires, in ms since the epoch on the fake's clock. */
      expiresAt: number;
    }
  >();
  /** `userId:conversationId` of each unseen mark. */
  readonly #unseen = new Set<string>();
  #logins = 0;
  #seeding = false;

  constructor(options: FakeTetherOptions) {
    super(options);
    this.options = options;
    this.ids = new ObjectIds(this.random);
    this.organizationId = this.ids.next(this.seededAt - ACCOUNTS_AGE_MS);
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
  /** The acting user's email: pass it, with {@link FakeTether.password}, to `tether({ email, password })`. */
  get email(): string {
    return this.user.email;
  }
  /** The acting user's password. */
  get password(): string {
    return this.user.password;
  }
  /** Login requests received, failed ones included. */
  get loginCount(): number {
    return this.#logins;
  }
  /** Counts a login request in `loginCount`; the login route calls it before it looks at the body. */
  countLogin(): void {
    this.#logins += 1;
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
        this.addMessage(record, { direction: r.chance(0.5) ? 'inbound' : 'outbound', content: r.pick(CONTENTS), at });
      }
      record.updatedAt = this.lastMessage(record)?.createdAt ?? createdAt;
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
      _id: this.ids.next(this.#now() - ACCOUNTS_AGE_MS),
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
    const contact = this.#contacts.adopt({
      _id: this.ids.next(createdAt),
      firstName: first,
      lastName: r.chance(0.15) ? r.pick([null, '']) : last,
      phoneNumber: `+${fakeData.phoneDigits(r)}`,
      email: r.chance(0.15) ? r.pick([null, '']) : fakeData.email(r, first, last),
      organizationId: this.organizationId,
      userId: this.user._id,
      assignees: [],
      createdAt,
      ...fields,
    });
    this.contacts.set(contact._id, contact);
    return contact;
  }

  /** Puts a conversation in the store (defaults filled in: open, owned by the acting user) and returns it. */
  insert(fields: Partial<TetherConversationRecord> = {}): TetherConversationRecord {
    const createdAt = fields.createdAt ?? this.#now();
    const contact =
      (fields.contactId !== undefined ? this.contacts.get(fields.contactId) : undefined) ??
      this.contacts.values().next().value;
    const channelType = fields.channelType ?? 'sms';
    const record = this.#conversations.adopt({
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
    });
    this.conversations.set(record._id, record);
    this.messages.set(record._id, []);
    return record;
  }

  /** A phone number for sms, an email address for email, a page-scoped id or a web chat id otherwise. */
  #identifier(channelType: string, contact: TetherContact | undefined): string {
    const r = this.random;
    if (channelType === 'sms') return contact?.phoneNumber ?? `+${fakeData.phoneDigits(r)}`;
    if (channelType === 'email') return contact?.email || `contact${r.int(1, 9999)}@example.com`;
    if (channelType === 'facebook') return r.digits(16);
    return `wc_${r.hex(16)}`;
  }

  /** Simulates a customer's message: appended, counted, and it reopens a resolved conversation. */
  inbound(conversationId: string, text: string): TetherMessageRecord {
    const record = this.conversations.get(conversationId);
    if (!record) throw new Error(`No conversation ${conversationId}`);
    const message = this.addMessage(record, { direction: 'inbound', content: text });
    record.updatedAt = message.createdAt;
    this.setResolved(record, false);
    return message;
  }

  /** The conversation's newest message. */
  lastMessage(record: TetherConversationRecord): TetherMessageRecord | undefined {
    const list = this.messages.get(record._id) ?? [];
    return list[list.length - 1];
  }

  /**
   * Appends a message to a conversation, with no effect on the conversation itself (see `inbound()`).
   * Inbound messages are `delivered`, outbound ones `sent` by `sentBy` (default the owner).
   */
  addMessage(record: TetherConversationRecord, m: TetherNewMessage): TetherMessageRecord {
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

  /**
   * Sets `isResolved`: resolving stamps `resolvedAt` with now, reopening clears it, and either moves
   * `updatedAt`. Returns false when the value was already set, and then changes nothing.
   */
  setResolved(record: TetherConversationRecord, value: boolean): boolean {
    if (record.isResolved === value) return false;
    const now = this.clock.now();
    record.isResolved = value;
    record.resolvedAt = value ? now : null;
    record.updatedAt = Math.max(record.updatedAt, now);
    return true;
  }

  /** Deletes a conversation with its messages and unseen marks. */
  remove(record: TetherConversationRecord): void {
    this.conversations.delete(record._id);
    this.messages.delete(record._id);
    for (const key of [...this.#unseen]) if (key.endsWith(`:${record._id}`)) this.#unseen.delete(key);
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

  /** Marks a conversation unseen for a user; only `isUnseen` shows it, and `updatedAt` does not move. */
  markUnseen(conversationId: string, userId: string = this.user._id): void {
    this.#unseen.add(`${userId}:${conversationId}`);
  }

  /** Whether a user (default: the acting one) marked a conversation unseen. The API has no way to read it. */
  isUnseen(conversationId: string, userId: string = this.user._id): boolean {
    return this.#unseen.has(`${userId}:${conversationId}`);
  }

  /** Whether `/conversation/all` shows the conversation to the user (the owner or an assignee). */
  isVisible(record: TetherConversationRecord, userId: string = this.user._id): boolean {
    return record.userId === userId || record.assignees.includes(userId);
  }

  /** A contact's conversations, of every organisation and channel, in the order the store holds them. */
  conversationsOf(contactId: string): TetherConversationRecord[] {
    return [...this.#byContact.get(contactId)].sort((a, b) => seqOf(a) - seqOf(b));
  }

  /**
   * Page `page` of `size` contacts, in list order (`createdAt` desc, then `_id` desc), of those of the
   * organisation that pass `match` (every one when null), and how many those are.
   */
  contactsPage(
    organizationId: string,
    match: ((c: TetherContact) => boolean) | null,
    page: number,
    size: number,
  ): {
    /** The page's contacts. */
    rows: TetherContact[];
    /** How many contacts pass `match`, on every page. */
    total: number;
  } {
    const order = this.#contactOrder;
    // Every contact is the organisation's (as seeded): the page is read straight out of the list order.
    if (match === null && this.#contactsByOrganization.get(organizationId) === order.size) {
      return { rows: order.slice((page - 1) * size, page * size), total: order.size };
    }
    const mine = (c: TetherContact) => c.organizationId === organizationId && (match === null || match(c));
    return matchingPage(order, mine, page, size);
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
  toWire(record: TetherConversationRecord, populated = false): TetherWireConversation {
    const last = this.lastMessage(record);
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

  /** The message as the API would send it now. */
  messageToWire(m: TetherMessageRecord): TetherWireMessage {
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

  /** The contact as `GET /api/contacts` would send it now. */
  contactToWire(c: TetherContact): TetherWireContact {
    return { _id: c._id, firstName: c.firstName, lastName: c.lastName, phoneNumber: c.phoneNumber, email: c.email };
  }
}
