// Bulk reassignment with `client.bulk.reassign` on each provider's fake, against its rate limit, with and
// without faults and a concurrent writer: how close the job runs to the allowed request rate, how many
// requests meet a 429, and whether any conversation was lost or done twice. Then the memory a job keeps
// per settled conversation, over a 100,000-conversation job. Runs on virtual time (each request takes
// 1 ms of it, as a round trip would), so a job of many minutes takes seconds.
// Run with `npm run bench` (it builds the package first, and passes node --expose-gc).
import { type BulkFilter, type BulkResult, ConversationsClient } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { heymarket } from 'conversations-sdk/heymarket';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeServer,
  type RandomFaults,
  type RequestRecord,
  type VirtualClock,
} from 'conversations-sdk/testing';
import { tether } from 'conversations-sdk/tether';

type Fetch = typeof globalThis.fetch;

/** One provider's job: its fake, a client on it, and how to read the store. */
interface Setup {
  name: string;
  fake: FakeServer;
  clock: VirtualClock;
  client: ConversationsClient;
  filter: BulkFilter;
  to: string;
  /** The request budget the job runs against: the server's limit, or (Tether, which has none) the client's pace. */
  limit: { requests: number; windowMs: number; by: string };
  matching(): string[];
  /** Write requests by conversation id. */
  writes(): Map<string, RequestRecord[]>;
  /** Requests that read one conversation by id. */
  reads(id: string): RequestRecord[];
  /** Turns on random faults at the fake from now on. */
  faults(faults: RandomFaults): void;
  /** The concurrent writer: hands a matching conversation to someone else, adds a new matching one. */
  moveAway(id: string): void;
  create(): string;
  assignee(id: string): string | null;
}

const CONVERSATIONS = 1500;
const OTHERS = 500;

/**
 * Virtual time in which a sleep does not stop the world: sleepers wake in the order of their wake time,
 * each once everything else has run (the fakes answer at once, so then only sleepers are left). On
 * `createVirtualClock()` a sleep moves the clock for every request, so one request's backoff would hold
 * up the seven others in flight, which real time does not do.
 */
function eventClock(start = Date.UTC(2026, 0, 15, 12)): VirtualClock {
  let now = start;
  const sleepers: Array<{ wake: number; resolve: () => void }> = [];
  let scheduled = false;
  const tick = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.wake - b.wake);
    const next = sleepers.shift();
    if (!next) return;
    now = Math.max(now, next.wake);
    next.resolve();
    if (sleepers.length > 0) schedule();
  };
  // Two turns: what a request does between its awaits is done by then.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => setImmediate(tick));
  };
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { wake: now + Math.max(0, ms), resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          },
          { once: true },
        );
        schedule();
      }),
  };
}

/** Each request takes a millisecond of virtual time; `hook` runs before it reaches the fake. */
function served(fake: FakeServer, clock: VirtualClock, hook: () => void): Fetch {
  return (input, init) => {
    clock.advance(1);
    hook();
    return fake.fetch(input, init);
  };
}

function byId(records: RequestRecord[], id: (r: RequestRecord) => string): Map<string, RequestRecord[]> {
  const out = new Map<string, RequestRecord[]>();
  for (const r of records) out.set(id(r), [...(out.get(id(r)) ?? []), r]);
  return out;
}

function gtatethSetup(hook: () => void): Setup {
  const clock = eventClock();
  const limit = 600;
  const fake = createFakeGTateth({
    clock,
    seed: 5,
    conversations: OTHERS,
    users: 3,
    inboxes: 2,
    rateLimit: { limit, windowSeconds: 60 },
  });
  const inbox = fake.inboxes[0] as string;
  const [a, b, c] = fake.users.map((u) => u._id) as [string, string, string];
  const add = (createdAt: number) => fake.insert({ inboxId: inbox, status: 'open', assignedTo: a, createdAt })._id;
  for (let i = 0, at = fake.seededAt - 1; i < CONVERSATIONS; i++, at -= fake.random.chance(0.5) ? 0 : 1000) add(at);
  return {
    name: 'gtateth',
    fake,
    clock,
    client: new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      fetch: served(fake, clock, hook),
      clock,
      // A window resets up to a minute later (an hour, on a real plan): wait for it rather than fail.
      maxRetryAfter: 120_000,
    }),
    filter: { inboxId: inbox, status: 'open', assigneeId: a },
    to: b,
    limit: { requests: limit, windowMs: 60_000, by: 'server' },
    matching: () =>
      [...fake.conversations.values()]
        .filter((r) => r.inboxId === inbox && r.status === 'open' && r.assignedTo === a)
        .map((r) => r._id),
    writes: () => byId(fake.requests(/^PUT /), (r) => r.path.split('/').pop() as string),
    reads: (id) => fake.requests(`GET /api/v1/conversations/${id}`),
    faults: (faults) => Object.assign(fake.options, faults),
    moveAway(id) {
      const r = fake.conversations.get(id);
      if (r) Object.assign(r, { assignedTo: c, updatedAt: clock.now() });
    },
    create: () => add(clock.now()),
    assignee: (id) => fake.conversations.get(id)?.assignedTo ?? null,
  };
}

function heymarketSetup(hook: () => void): Setup {
  const clock = eventClock();
  const fake = createFakeHeymarket({ clock, seed: 5, conversations: OTHERS, users: 4, inboxes: 2 });
  const inbox = fake.inboxes[0] as { id: number; members: number[] };
  inbox.members = fake.users.map((u) => u.id);
  const [a, b, c] = fake.users.slice(1).map((u) => u.id) as [number, number, number];
  let phone = 0;
  const add = (updated: number) => {
    let target = '';
    do target = `1415550${String(phone++).padStart(4, '0')}`;
    while (fake.byTarget(inbox.id, target));
    return String(fake.insert({ inbox: inbox.id, status: 'open', assigned: a, target, updated }).id);
  };
  for (let i = 0, at = fake.seededAt - 1; i < CONVERSATIONS; i++, at -= fake.random.chance(0.5) ? 0 : 1000) add(at);
  const provider = heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId });
  return {
    name: 'heymarket',
    fake,
    clock,
    client: new ConversationsClient({ provider, fetch: served(fake, clock, hook), clock }),
    filter: { inboxId: String(inbox.id), status: 'open', assigneeId: String(a) },
    to: String(b),
    limit: { requests: 500, windowMs: 60_000, by: 'server' },
    matching: () =>
      [...fake.conversations.values()]
        .filter((r) => r.inbox === inbox.id && r.status === 'open' && r.assigned === a)
        .map((r) => String(r.id)),
    writes: () =>
      byId(fake.requests('POST /v1/conversations/reassign'), (r) => {
        const body = r.body as { inbox_id: number; target: string };
        return String(fake.byTarget(body.inbox_id, body.target)?.id);
      }),
    reads: (id) => fake.requests(`GET /v1/conversations/${id}`),
    faults: (faults) => Object.assign(fake.options, faults),
    moveAway(id) {
      const r = fake.conversations.get(Number(id));
      if (r) Object.assign(r, { assigned: c, updated: fake.now() });
    },
    create: () => add(fake.now()),
    assignee(id) {
      const assigned = fake.conversations.get(Number(id))?.assigned;
      return assigned == null ? null : String(assigned);
    },
  };
}

function tetherSetup(hook: () => void): Setup {
  const clock = eventClock();
  const fake = createFakeTether({ clock, seed: 5, users: 4, contacts: 4, conversations: OTHERS });
  const contact = [...fake.contacts.values()][0]?._id as string;
  const [a, b, c] = fake.users.slice(1).map((u) => u._id) as [string, string, string];
  const channels = ['sms', 'facebook', 'webchat', 'email'];
  let n = 0;
  const add = (createdAt: number) =>
    fake.insert({
      contactId: contact,
      userId: fake.user._id,
      assignees: [a],
      channelType: channels[n++ % 4],
      createdAt,
    })._id;
  for (let i = 0, at = fake.seededAt - 1; i < CONVERSATIONS; i++, at -= 1000) add(at);
  // Tether documents no limit and the fake enforces none: the job runs against a pace the client keeps.
  const pace = { limit: 600, windowMs: 60_000 };
  const provider = tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password });
  return {
    name: 'tether',
    fake,
    clock,
    client: new ConversationsClient({ provider, fetch: served(fake, clock, hook), clock, pace }),
    filter: { contactId: contact, status: 'open', assigneeId: a },
    to: b,
    limit: { requests: pace.limit, windowMs: pace.windowMs, by: 'client pace' },
    matching: () =>
      fake
        .visibleTo()
        .filter((r) => r.contactId === contact && !r.isResolved && r.assignees.includes(a))
        .map((r) => r._id),
    writes: () =>
      byId(fake.requests(/^PUT \/api\/conversation\/[0-9a-f]{24}$/), (r) => r.path.split('/').pop() as string),
    reads: (id) => fake.requests(`GET /api/conversation/${id}`),
    faults: (faults) => Object.assign(fake.options, faults),
    moveAway(id) {
      const r = fake.conversations.get(id);
      if (r) Object.assign(r, { assignees: [c], updatedAt: clock.now() });
    },
    create: () => add(clock.now()),
    assignee: (id) => fake.conversations.get(id)?.assignees.join(',') ?? null,
  };
}

interface Row {
  provider: string;
  faults: string;
  conversations: number;
  requests: number;
  perConversation: number;
  minutes: number;
  rate: number;
  limited: number;
  lost: number;
  doubled: number;
  raced: number;
  /** Conversations the concurrent writer handed to someone else. */
  moved: number;
  passes: number;
  failed: number;
}

async function run(make: (hook: () => void) => Setup, withFaults: boolean): Promise<Row> {
  // The concurrent writer: every 40th request, one matching conversation goes to someone else and a new
  // matching one appears, for the first 2,000 requests.
  let s: Setup | null = null;
  const moved = new Map<string, number>();
  const created = new Map<string, number>();
  let count = 0;
  const hook = () => {
    if (!withFaults || !s || ++count % 40 !== 0 || count > 2000) return;
    const ids = s.matching();
    const id = ids[(count / 40) % ids.length];
    if (id) {
      s.moveAway(id);
      moved.set(id, s.fake.requests().length);
    }
    created.set(s.create(), s.fake.requests().length);
  };
  s = make(hook);
  const setup = s;
  const start = setup.clock.now();
  const startRequests = setup.fake.requests().length;
  if (withFaults) {
    setup.faults({ errorRate: 0.02, dropRate: 0.01 });
    // Writes applied, then failed: every one of the first 30 writes' answers is lost once.
    const write = { gtateth: /^PUT /, heymarket: /^POST \/v1\/conversations\/reassign/, tether: /^PUT / }[setup.name];
    setup.fake.inject({ status: 500, when: 'after', route: write, times: 30 });
  }
  const targets = setup.matching().length;
  const results = new Map<string, BulkResult[]>();
  let lastPass = 0;
  let pass = 1;
  const job = setup.client.bulk.reassign({
    filter: setup.filter,
    to: setup.to,
    concurrency: 8,
    onCheckpoint: (cp) => {
      if (cp.pass !== pass) [pass, lastPass] = [cp.pass, setup.fake.requests().length];
    },
  });
  for await (const r of job) results.set(r.id, [...(results.get(r.id) ?? []), r]);
  const summary = await job;
  const log = setup.fake.requests().slice(startRequests);
  const elapsed = setup.clock.now() - start;
  const { requests, windowMs } = setup.limit;
  const fastest = (Math.ceil(log.length / requests) - 1) * windowMs;
  // Lost: still matching at the end, not reported failed, not created after the last pass began.
  const lost = setup
    .matching()
    .filter(
      (id) => !results.get(id)?.some((r) => r.outcome === 'failed') && !((created.get(id) ?? -1) >= lastPass),
    ).length;
  // Doubled: more than one result, two different writes, or a conversation the writer moved taken back.
  const writes = setup.writes();
  let doubled = 0;
  let raced = 0;
  for (const [id, rs] of results) {
    const bodies = new Set((writes.get(id) ?? []).map((w) => JSON.stringify(w.body)));
    if (rs.length > 1 || bodies.size > 1) doubled++;
  }
  for (const [id, at] of moved) {
    if (setup.assignee(id) !== setup.to) continue;
    const wrote = (writes.get(id) ?? []).map((w) => setup.fake.requests().indexOf(w));
    // Taken back within the moment between the job's read and its write: what the API cannot prevent.
    const read = setup.reads(id).map((r) => setup.fake.requests().indexOf(r));
    if (wrote.some((w) => w >= at) && read.some((g) => g < at) && setup.name !== 'heymarket') raced++;
    else doubled++;
  }
  return {
    provider: setup.name,
    faults: withFaults ? 'yes' : 'no',
    conversations: targets,
    requests: log.length,
    perConversation: log.length / Math.max(1, summary.matched),
    minutes: elapsed / 60_000,
    rate: fastest / Math.max(1, elapsed),
    limited: log.filter((r) => r.status === 429).length / log.length,
    lost,
    doubled,
    raced,
    moved: moved.size,
    passes: summary.passes,
    failed: summary.failed,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log('bulk reassignment with client.bulk.reassign, concurrency 8, virtual time');
console.log('targets: ≥ 95% of the allowed rate, < 1% answered 429, 0 lost, 0 doubled');
console.log(
  'provider   faults  convs  requests  req/conv  minutes  rate    429s   lost  doubled  raced  failed  passes',
);
for (const make of [gtatethSetup, heymarketSetup, tetherSetup]) {
  for (const withFaults of [false, true]) {
    const r = await run(make, withFaults);
    console.log(
      [
        r.provider.padEnd(10),
        r.faults.padEnd(7),
        String(r.conversations).padEnd(6),
        String(r.requests).padEnd(9),
        r.perConversation.toFixed(2).padEnd(9),
        r.minutes.toFixed(2).padEnd(8),
        pct(r.rate).padEnd(7),
        pct(r.limited).padEnd(6),
        String(r.lost).padEnd(5),
        String(r.doubled).padEnd(8),
        `${r.raced}/${r.moved}`.padEnd(6),
        String(r.failed).padEnd(7),
        String(r.passes),
      ].join(' '),
    );
  }
}
console.log('rate: the fastest any client could send these requests under the limit, over the time taken');
console.log('faults: 2% answered 500, 1% dropped, 30 writes applied then failed, a writer moving and adding');
console.log('conversations during the job; raced: moves taken back in the moment between read and write,');
console.log('of all the moves the writer made');
console.log('(G-Tateth and Tether have no conditional write; Heymarket refuses it, so it is never raced)');

// Memory: a G-Tateth job over 100,000 matching conversations, heap after a forced GC at 20% and at 100%
// of the conversations settled. The fake's request log is emptied as the job goes, so only the client's
// retention is measured.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const COUNT = 100_000;
const clock = createVirtualClock();
const fake = createFakeGTateth({
  clock,
  seed: 3,
  conversations: 0,
  users: 2,
  inboxes: 1,
  rateLimit: { limit: 1e9, windowSeconds: 3600 },
});
const [a, b] = fake.users.map((u) => u._id) as [string, string];
for (let i = 0; i < COUNT; i++)
  fake.insert({ status: 'open', assignedTo: a, inboxId: fake.inboxes[0] ?? null, createdAt: fake.seededAt - i * 10 });
const client = new ConversationsClient({
  provider: gtateth({ apiKey: fake.apiKey }),
  fetch: served(fake, clock, () => undefined),
  clock,
});
// A few turns of the event loop between collections let the runtime run its finalizers (a request's
// signal listeners are freed from one), so what is left is what the job keeps.
const heap = async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  gc();
  return process.memoryUsage().heapUsed;
};
let atStart = 0;
let atEnd = 0;
let settled = 0;
const began = Date.now();
const job = client.bulk.reassign({ filter: { assigneeId: a }, to: b, concurrency: 8 });
for await (const _ of job) {
  if (++settled % 1000 === 0) fake.log.length = 0;
  if (settled === COUNT / 5) atStart = await heap();
  if (settled === COUNT) atEnd = await heap();
}
const summary = await job;
const left = [...fake.conversations.values()].filter((r) => r.assignedTo === a).length;
console.log(`memory: a job of ${COUNT} conversations (G-Tateth), ${((Date.now() - began) / 1000).toFixed(0)} s`);
console.log(
  `heap growth  ${((atEnd - atStart) / 1e6).toFixed(1)} MB over the last ${COUNT - COUNT / 5} settled: ${((atEnd - atStart) / (COUNT - COUNT / 5)).toFixed(0)} bytes per settled conversation`,
);
console.log(`done ${summary.done}, left matching ${left}, passes ${summary.passes}, requests ${summary.requests}`);
