// One reassignment scenario per provider, on its real fake: "every open conversation of A in X to B",
// where X is an inbox (G-Tateth, Heymarket) or a contact (Tether, which has no inboxes). Built from the
// public entries only; fake and client share a virtual clock, so waits cost no real time.
import { type BulkFilter, type ClientOptions, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeServer,
  type RandomFaults,
  type RequestRecord,
  type VirtualClock,
} from '../../src/testing/index.js';

export type ProviderName = 'gtateth' | 'heymarket' | 'tether';
export const PROVIDERS: readonly ProviderName[] = ['gtateth', 'heymarket', 'tether'];

type Fetch = typeof globalThis.fetch;

export interface ScenarioOptions {
  seed?: number;
  /** Conversations the fake seeds on its own. Default 20. */
  seeded?: number;
  /** Matching conversations added on top. Default 30. */
  matching?: number;
  /** Fraction of added conversations sharing their sort time with the one added before. */
  tieRate?: number;
  faults?: RandomFaults;
  /** Client options (retries, …). */
  client?: Omit<Partial<ClientOptions>, 'provider' | 'fetch' | 'clock'>;
}

export interface Scenario {
  name: ProviderName;
  fake: FakeServer;
  clock: VirtualClock;
  client: ConversationsClient;
  filter: BulkFilter;
  /** A, whose conversations move; B, who takes them; C, whom the concurrent writer hands some to. */
  from: string;
  to: string;
  other: string;
  /** A client on the same fake, as a new process would make, optionally through another fetch. */
  newClient(wrap?: (fetch: Fetch) => Fetch): ConversationsClient;
  /** Conversations in the store that match the filter now and the client can list. */
  matching(): string[];
  /** Matching conversations the acting user cannot list (Tether's visibility). */
  unreachable(): string[];
  /** Every conversation's assignee and status, as the store holds them. */
  snapshot(): Map<string, { assignee: string | null; status: string }>;
  /**
   * Write requests by conversation id, with what each sets: an assignee, `closed` or `open` (Tether's
   * resolve endpoint may toggle: `resolve`).
   */
  writes(): Map<string, Array<{ record: RequestRecord; sets: string }>>;
  /** Turns on random faults from now on (a fake reads its options at each request). */
  faults(faults: RandomFaults): void;
  /** Requests that read one conversation by id. */
  reads(id: string): RequestRecord[];
  /** Every request that names one conversation: its reads by id and its writes. */
  touching(id: string): RequestRecord[];
  /** A concurrent writer, changing the store directly. */
  writer: {
    reassign(id: string, to: string): void;
    close(id: string): void;
    /** A new matching conversation; returns its id. */
    create(): string;
    remove(id: string): void;
  };
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** Requests grouped by the conversation each names, with what each sets. */
function byConversation(records: RequestRecord[], read: (r: RequestRecord) => [string, string]) {
  const out = new Map<string, Array<{ record: RequestRecord; sets: string }>>();
  for (const record of records) {
    const [id, sets] = read(record);
    out.set(id, [...(out.get(id) ?? []), { record, sets }]);
  }
  return out;
}

/** A scenario on `name`'s fake; `wrap` puts something between the client and the fake. */
export function scenario(name: ProviderName, o: ScenarioOptions = {}, wrap?: (fetch: Fetch) => Fetch): Scenario {
  const build = { gtateth: gtatethScenario, heymarket: heymarketScenario, tether: tetherScenario }[name];
  const s = build(o, wrap);
  return { ...s, touching: (id) => [...(s.writes().get(id) ?? []).map((w) => w.record), ...s.reads(id)] };
}

function clientOptions(fake: FakeServer, clock: VirtualClock, o: ScenarioOptions, wrap?: (fetch: Fetch) => Fetch) {
  // Each request takes a millisecond of the shared clock, as a round trip takes time: writes made one
  // after the other get distinct times, as on a real server.
  const served: Fetch = (input, init) => {
    clock.advance(1);
    return fake.fetch(input, init);
  };
  return {
    fetch: wrap ? wrap(served) : served,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
    ...o.client,
  };
}

function gtatethScenario(o: ScenarioOptions, wrap?: (fetch: Fetch) => Fetch): Omit<Scenario, 'touching'> {
  const clock = createVirtualClock();
  const fake = createFakeGTateth({
    clock,
    seed: o.seed ?? 11,
    conversations: o.seeded ?? 20,
    rateLimit: { limit: 1_000_000, windowSeconds: 3600 },
    rateLimitRetryAfter: 1,
    ...o.faults,
  });
  const inbox = fake.inboxes[0] as string;
  const [a, b, c] = fake.users.map((u) => u._id) as [string, string, string];
  let at = fake.seededAt - 1;
  const add = (createdAt: number) =>
    fake.insert({
      inboxId: inbox,
      status: 'open',
      assignedTo: a,
      customerId: fake.customers[0]?._id ?? null,
      createdAt,
    })._id;
  for (let i = 0; i < (o.matching ?? 30); i++) {
    if (!fake.random.chance(o.tieRate ?? 0)) at -= fake.random.int(1, 600_000);
    add(at);
  }
  const provider = () => gtateth({ apiKey: fake.apiKey });
  const record = (id: string) => fake.conversations.get(id);
  return {
    name: 'gtateth',
    fake,
    clock,
    client: new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, wrap) }),
    filter: { inboxId: inbox, status: 'open', assigneeId: a },
    from: a,
    to: b,
    other: c,
    newClient: (w) => new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, w) }),
    matching: () =>
      [...fake.conversations.values()]
        .filter((r) => r.inboxId === inbox && r.status === 'open' && r.assignedTo === a)
        .map((r) => r._id),
    unreachable: () => [],
    snapshot: () =>
      new Map([...fake.conversations.values()].map((r) => [r._id, { assignee: r.assignedTo, status: r.status }])),
    writes: () =>
      byConversation(fake.requests(/^PUT \/api\/v1\/conversations\/[^/]+$/), (r) => {
        const body = r.body as { assignedTo?: unknown; status?: string };
        return [r.path.split('/').pop() as string, body.status ?? String(body.assignedTo)];
      }),
    faults: (faults) => Object.assign(fake.options, faults),
    reads: (id) => fake.requests(`GET /api/v1/conversations/${id}`),
    writer: {
      reassign(id, to) {
        const r = record(id);
        if (r && r.assignedTo !== to) Object.assign(r, { assignedTo: to, updatedAt: clock.now() });
      },
      close(id) {
        const r = record(id);
        if (r && r.status !== 'closed') Object.assign(r, { status: 'closed', updatedAt: clock.now() });
      },
      create: () => add(clock.now()),
      remove: (id) => fake.conversations.delete(id),
    },
  };
}

function heymarketScenario(o: ScenarioOptions, wrap?: (fetch: Fetch) => Fetch): Omit<Scenario, 'touching'> {
  const clock = createVirtualClock();
  const fake = createFakeHeymarket({
    clock,
    seed: o.seed ?? 11,
    conversations: o.seeded ?? 20,
    inboxes: 2,
    users: 5,
    tieRate: o.tieRate ?? 0,
    rateLimit: { limit: 1_000_000, windowSeconds: 60 },
    ...o.faults,
  });
  const inbox = fake.inboxes[0] as { id: number; members: number[] };
  // Every member of the team is a member of X, so A, B and C can all hold its conversations.
  inbox.members = fake.users.map((u) => u.id);
  const [a, b, c] = fake.users.slice(1).map((u) => u.id) as [number, number, number];
  let phone = 0;
  let at = fake.seededAt - 1;
  const add = (updated: number) => {
    let target = '';
    do target = `1415550${String(phone++).padStart(4, '0')}`;
    while (fake.byTarget(inbox.id, target));
    return String(fake.insert({ inbox: inbox.id, status: 'open', assigned: a, target, updated }).id);
  };
  for (let i = 0; i < (o.matching ?? 30); i++) {
    if (!fake.random.chance(o.tieRate ?? 0)) at -= fake.random.int(1, 600_000);
    add(at);
  }
  const provider = () => heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId });
  const record = (id: string) => fake.conversations.get(Number(id));
  return {
    name: 'heymarket',
    fake,
    clock,
    client: new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, wrap) }),
    filter: { inboxId: String(inbox.id), status: 'open', assigneeId: String(a) },
    from: String(a),
    to: String(b),
    other: String(c),
    newClient: (w) => new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, w) }),
    matching: () =>
      [...fake.conversations.values()]
        .filter((r) => r.inbox === inbox.id && r.status === 'open' && r.assigned === a)
        .map((r) => String(r.id)),
    unreachable: () => [],
    snapshot: () =>
      new Map(
        [...fake.conversations.values()].map((r) => [
          String(r.id),
          { assignee: r.assigned === null ? null : String(r.assigned), status: r.status },
        ]),
      ),
    writes: () =>
      byConversation(fake.requests(/^POST \/v1\/conversations\/(reassign|open|close)$/), (r) => {
        const body = r.body as { inbox_id: number; target?: string; reassign_id?: number; chat_id?: number };
        const id = String(body.chat_id ?? fake.byTarget(body.inbox_id, body.target ?? '')?.id);
        const action = r.path.split('/').pop();
        return [id, action === 'reassign' ? String(body.reassign_id) : action === 'close' ? 'closed' : 'open'];
      }),
    faults: (faults) => Object.assign(fake.options, faults),
    reads: (id) => fake.requests(`GET /v1/conversations/${id}`),
    writer: {
      reassign(id, to) {
        const r = record(id);
        if (r && r.assigned !== Number(to)) Object.assign(r, { assigned: Number(to), updated: fake.now() });
      },
      close(id) {
        const r = record(id);
        if (r && r.status !== 'closed') Object.assign(r, { status: 'closed', updated: fake.now() });
      },
      create: () => add(fake.now()),
      remove: (id) => fake.conversations.delete(Number(id)),
    },
  };
}

function tetherScenario(o: ScenarioOptions, wrap?: (fetch: Fetch) => Fetch): Omit<Scenario, 'touching'> {
  const clock = createVirtualClock();
  const fake = createFakeTether({
    clock,
    seed: o.seed ?? 7,
    users: 4,
    contacts: 6,
    conversations: o.seeded ?? 20,
    ...o.faults,
  });
  const contact = [...fake.contacts.values()][0]?._id as string;
  const me = fake.user._id;
  const [a, b, c] = fake.users.slice(1).map((u) => u._id) as [string, string, string];
  const channels = ['sms', 'facebook', 'webchat', 'email'];
  let n = 0;
  let at = fake.seededAt - 1;
  // Owned by the acting user, so they stay visible to it whoever they are assigned to.
  const add = (createdAt: number, owner = me) =>
    fake.insert({ contactId: contact, userId: owner, assignees: [a], channelType: pick(channels, n++), createdAt })._id;
  for (let i = 0; i < (o.matching ?? 30); i++) {
    if (!fake.random.chance(o.tieRate ?? 0)) at -= fake.random.int(1, 600_000);
    add(at);
  }
  // Two the acting user can neither own nor see: the list never shows them.
  add(at - 1, c);
  add(at - 2, c);
  const provider = () => tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password });
  const record = (id: string) => fake.conversations.get(id);
  const matches = (r: { contactId: string; isResolved: boolean; assignees: string[] }) =>
    r.contactId === contact && !r.isResolved && r.assignees.includes(a);
  return {
    name: 'tether',
    fake,
    clock,
    client: new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, wrap) }),
    filter: { contactId: contact, status: 'open', assigneeId: a },
    from: a,
    to: b,
    other: c,
    newClient: (w) => new ConversationsClient({ provider: provider(), ...clientOptions(fake, clock, o, w) }),
    matching: () =>
      fake
        .visibleTo()
        .filter(matches)
        .map((r) => r._id),
    unreachable: () =>
      [...fake.conversations.values()].filter((r) => matches(r) && !fake.isVisible(r)).map((r) => r._id),
    snapshot: () =>
      new Map(
        [...fake.conversations.values()].map((r) => [
          r._id,
          { assignee: r.assignees.join(',') || null, status: r.isResolved ? 'closed' : 'open' },
        ]),
      ),
    writes: () =>
      byConversation(fake.requests(/^PUT \/api\/conversation\/[0-9a-f]{24}(\/resolve)?$/), (r) => {
        const body = r.body as { assignees?: string[]; isResolved?: boolean };
        return [r.path.split('/')[3] as string, body.assignees ? String(body.assignees) : 'resolve'];
      }),
    faults: (faults) => Object.assign(fake.options, faults),
    reads: (id) => fake.requests(`GET /api/conversation/${id}`),
    writer: {
      reassign(id, to) {
        const r = record(id);
        if (r && r.assignees.join() !== to) Object.assign(r, { assignees: [to], updatedAt: clock.now() });
      },
      close(id) {
        const r = record(id);
        if (r) fake.setResolved(r, true);
      },
      create: () => add(clock.now()),
      remove(id) {
        const r = record(id);
        if (r) fake.remove(r);
      },
    },
  };
}
