import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeClock,
  type FakeGTateth,
  type FakeHeymarket,
  type FakeTether,
} from '../../src/testing/index.js';

const on = (clock: FakeClock | undefined) => (clock ? { clock } : {});

/** Where `createVirtualClock()` starts, and what a fake without a clock seeds back from. */
const ANCHOR = Date.UTC(2026, 0, 15, 12);
const HOUR = 3_600_000;

/** Everything a G-Tateth fake seeded: its store and its credentials. */
const gtatethStore = (fake: FakeGTateth) => ({
  seededAt: fake.seededAt,
  apiKey: fake.apiKey,
  keys: [...fake.keys],
  users: fake.users,
  customers: fake.customers,
  inboxes: fake.inboxes,
  conversations: [...fake.conversations.values()],
});
const heymarketStore = (fake: FakeHeymarket) => ({
  seededAt: fake.seededAt,
  apiKey: fake.apiKey,
  secrets: [...fake.secrets],
  users: fake.users,
  inboxes: fake.inboxes,
  conversations: [...fake.conversations.values()],
  messages: fake.messages,
});
const tetherStore = (fake: FakeTether) => ({
  seededAt: fake.seededAt,
  organizationId: fake.organizationId,
  users: fake.users,
  contacts: [...fake.contacts.values()],
  conversations: [...fake.conversations.values()],
  messages: [...fake.messages],
});

/** The store each build seeded, on `clock` when one is given. */
const fakes: Array<[string, (clock?: FakeClock) => Record<string, unknown>]> = [
  ['G-Tateth', (clock) => gtatethStore(createFakeGTateth({ conversations: 3, seed: 42, ...on(clock) }))],
  [
    'G-Tateth, ties and sparse profiles',
    (clock) =>
      gtatethStore(createFakeGTateth({ conversations: 40, seed: 42, tieRate: 0.5, sparseProfiles: 0.5, ...on(clock) })),
  ],
  [
    'Heymarket',
    (clock) => heymarketStore(createFakeHeymarket({ conversations: 30, seed: 42, messages: [1, 4], ...on(clock) })),
  ],
  [
    'Heymarket, whole seconds',
    (clock) =>
      heymarketStore(
        createFakeHeymarket({ conversations: 30, seed: 42, timestampStyle: 'seconds-offset', ...on(clock) }),
      ),
  ],
  ['Tether', (clock) => tetherStore(createFakeTether({ conversations: 30, seed: 42, ...on(clock) }))],
];

/** `Date.now` reads `ms` until the next call. */
const wallClockAt = (ms: number) => vi.spyOn(Date, 'now').mockReturnValue(ms);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a seeded fake without a clock is the same whatever the wall clock says', () => {
  it.each(fakes)('%s: built hours apart, the same store', (_name, build) => {
    wallClockAt(ANCHOR + 300 * 24 * HOUR);
    const first = build();
    wallClockAt(ANCHOR + 300 * 24 * HOUR + 5 * HOUR + 1234);
    const second = build();
    expect(second).toEqual(first);
    expect(first.seededAt).toBe(ANCHOR);
  });

  it.each(fakes)('%s: the same store as a fake on createVirtualClock(), which starts at the anchor', (_name, build) => {
    wallClockAt(ANCHOR + 7 * HOUR);
    expect(build()).toEqual(build(createVirtualClock()));
  });

  it('with a clock, seeded data follows that clock, as before', () => {
    const at = (start: number) => createFakeGTateth({ conversations: 5, seed: 3, clock: createVirtualClock(start) });
    const a = at(ANCHOR);
    const b = at(ANCHOR + 10 * HOUR);
    expect(b.seededAt).toBe(ANCHOR + 10 * HOUR);
    expect(b.sorted().map((c) => c.createdAt - 10 * HOUR)).toEqual(a.sorted().map((c) => c.createdAt));
    const h = (start: number) => createFakeHeymarket({ conversations: 5, seed: 3, clock: createVirtualClock(start) });
    expect(
      h(ANCHOR + HOUR)
        .sorted()
        .map((c) => c.updated - HOUR),
    ).toEqual(
      h(ANCHOR)
        .sorted()
        .map((c) => c.updated),
    );
    const t = (start: number) => createFakeTether({ conversations: 5, seed: 3, clock: createVirtualClock(start) });
    expect([...t(ANCHOR + HOUR).conversations.values()].map((c) => c.createdAt - HOUR)).toEqual(
      [...t(ANCHOR).conversations.values()].map((c) => c.createdAt),
    );
  });

  it('different seeds still give different stores', () => {
    wallClockAt(ANCHOR + HOUR);
    expect(gtatethStore(createFakeGTateth({ seed: 1 }))).not.toEqual(gtatethStore(createFakeGTateth({ seed: 2 })));
  });
});

describe('live behaviour keeps the wall clock', () => {
  it('G-Tateth: seeded rows lie before the anchor, and a create now sorts first with a larger id', async () => {
    const now = ANCHOR + 40 * 24 * HOUR;
    wallClockAt(now);
    const fake = createFakeGTateth({ conversations: 20, seed: 42 });
    const seeded = fake.sorted();
    expect(Math.max(...seeded.map((c) => c.createdAt))).toBeLessThan(ANCHOR);
    const response = await fake.fetch('https://api.g-tateth.com/api/v1/conversations', {
      method: 'POST',
      headers: { 'x-api-key': fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'New', inboxId: fake.inboxes[0] }),
    });
    expect(response.status).toBe(201);
    const created = fake.sorted()[0]!;
    expect(created.createdAt).toBe(now);
    expect(seeded.every((c) => c._id < created._id)).toBe(true);
    expect(fake.requests()[0]?.at).toBe(now);
    // The rate-limit window runs on the wall clock too.
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((now + HOUR) / 1000));
  });

  it('Tether: seeded ids are smaller than ids made now, and tokens expire on the wall clock', () => {
    const now = ANCHOR + 40 * 24 * HOUR;
    wallClockAt(now);
    const fake = createFakeTether({ conversations: 20, seed: 42 });
    const seededIds = [...fake.conversations.keys(), ...fake.contacts.keys(), ...fake.users.map((u) => u._id)];
    const contact = fake.addContact();
    const record = fake.insert({ contactId: contact._id });
    const user = fake.addUser();
    expect(record.createdAt).toBe(now);
    for (const id of [contact._id, record._id]) expect(seededIds.every((s) => s < id)).toBe(true);
    expect(fake.users.slice(0, -1).every((u) => u._id < user._id)).toBe(true);
    fake.issueToken();
    expect([...fake.tokens.values()][0]?.expiresAt).toBe(now + HOUR);
  });

  it('Heymarket: seeded `updated` is before now, and a date-cursor walk on the wall clock sees each row once', async () => {
    const now = ANCHOR + 40 * 24 * HOUR;
    wallClockAt(now);
    const fake = createFakeHeymarket({ conversations: 60, seed: 42, tieRate: 0.3 });
    expect(Math.max(...fake.sorted().map((c) => c.updated))).toBeLessThanOrEqual(ANCHOR);
    const client = new ConversationsClient({
      provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
      fetch: fake.fetch,
    });
    const ids = (await client.conversations.list({ limit: 7 }).toArray()).map((c) => c.id);
    expect(ids).toEqual(fake.visibleTo().map((c) => String(c.id)));
    // A send moves its conversation to now, ahead of every seeded row.
    const last = fake.visibleTo().at(-1)!;
    fake.inbound(last.id);
    expect(fake.sorted()[0]?.id).toBe(last.id);
    expect(last.updated).toBe(now);
  });

  it('a wall clock earlier than the anchor seeds back from the wall clock, so the store is still in the past', () => {
    const now = ANCHOR - 100 * 24 * HOUR;
    wallClockAt(now);
    const fake = createFakeGTateth({ conversations: 10, seed: 42 });
    expect(fake.seededAt).toBe(now);
    expect(Math.max(...fake.sorted().map((c) => c.createdAt))).toBeLessThan(now);
  });
});
