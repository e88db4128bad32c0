// Full walks of every provider over a loopback fake served from a worker thread: the SDK's `for await`
// against a raw loop that sends the same requests with the same concurrency and JSON.parses the same
// bodies (bench/providers.ts), interleaved round by round so machine noise hits both, and beside it the
// same raw loop validating every body with the wire schema (the cheapest client that checks what the SDK
// checks); without latency, then with every response held `BENCH_LATENCY` ms (default 20) in the
// server, beside the fewest round trips any client at that concurrency needs. Run with `npm run bench`, or on its own after a build:
// `node --expose-gc bench/walk.bench.ts [gtateth|heymarket|tether …]`.
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Name, RawResult, Target } from './providers.ts';

// Node runs .ts files as they are but cannot map a `.js` path to one, and tsc refuses a `.ts` path in an
// import (without allowImportingTsExtensions) but not in a type: hence the import by URL, typed.
const { CONCURRENCY, defaultLimit, floorRoundTrips, NAMES, rawWalk, row, sdkWalk } = (await import(
  new URL('./providers.ts', import.meta.url).href
)) as typeof import('./providers.ts');

const LATENCY = Number(process.env.BENCH_LATENCY ?? 20);
const TARGET = 0.9;

/** Sizes as the issue measured them; Tether's is contacts (5 conversations each, some not visible). */
const PLAN: Record<Name, { size: number; rounds: number; latencyRounds: number }> = {
  gtateth: { size: 5_000, rounds: 15, latencyRounds: 5 },
  heymarket: { size: 5_000, rounds: 15, latencyRounds: 5 },
  tether: { size: 200, rounds: 11, latencyRounds: 3 },
};

interface Stats {
  requests: number;
  maxInFlight: number;
  meanInFlight: number;
  log: string[] | null;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return (s[lo] as number) + ((s[Math.ceil(at)] as number) - (s[lo] as number)) * (at - lo);
}

async function bench(name: Name): Promise<string[]> {
  const plan = PLAN[name];
  const worker = new Worker(new URL('./server-worker.ts', import.meta.url), { workerData: { name, size: plan.size } });
  const ask = async <T>(message: object): Promise<T> => {
    worker.postMessage(message);
    return ((await once(worker, 'message')) as [T])[0];
  };
  const [{ target }] = (await once(worker, 'message')) as [{ target: Target }];
  const lines: string[] = [];
  try {
    // The two sides send the same requests: same method, path, query and body, as many of each.
    await ask({ op: 'reset', record: true });
    const raw = await rawWalk(target);
    const rawLog = (await ask<Stats>({ op: 'stats' })).log ?? [];
    await ask({ op: 'reset', record: true });
    const items = await sdkWalk(target);
    const sdkLog = (await ask<Stats>({ op: 'stats' })).log ?? [];
    if (items !== raw.items) throw new Error(`${name}: the SDK walked ${items} items, the raw loop ${raw.items}`);
    const key = (log: string[]) => [...log].sort().join('\n');
    if (key(rawLog) !== key(sdkLog)) {
      const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).slice(0, 3);
      throw new Error(
        `${name}: the raw loop does not send the SDK's requests (${rawLog.length} vs ${sdkLog.length}); ` +
          `raw only: ${only(rawLog, sdkLog).join(' | ')}; SDK only: ${only(sdkLog, rawLog).join(' | ')}`,
      );
    }
    for (const latency of [0, LATENCY]) {
      await ask({ op: 'latency', ms: latency });
      lines.push(await rounds(name, target, raw, latency, latency ? plan.latencyRounds : plan.rounds, ask, worker));
    }
  } finally {
    await worker.terminate();
  }
  return lines;
}

async function rounds(
  name: Name,
  target: Target,
  shape: RawResult,
  latency: number,
  count: number,
  ask: <T>(message: object) => Promise<T>,
  worker: Worker,
): Promise<string> {
  const time = async (side: 'raw' | 'sdk' | 'zod') => {
    gc();
    await ask({ op: 'reset', record: false });
    // How busy each thread's event loop was during the walk: the side that is near 1 is the bottleneck.
    const client = performance.eventLoopUtilization();
    const server = worker.performance.eventLoopUtilization();
    const start = performance.now();
    const n =
      side === 'sdk' ? await sdkWalk(target) : (await rawWalk(target, undefined, undefined, side === 'zod')).items;
    const ms = performance.now() - start;
    const busy = {
      client: performance.eventLoopUtilization(client).utilization,
      server: worker.performance.eventLoopUtilization(server).utilization,
    };
    if (n !== shape.items) throw new Error(`${name} ${side}: walked ${n}, expected ${shape.items}`);
    const stats = await ask<Stats>({ op: 'stats' });
    return { ms, inFlight: stats.meanInFlight, busy };
  };
  // Warm-up: both sides compiled and their connections open.
  for (let i = 0; i < (latency ? 1 : 3); i++) {
    await time('raw');
    await time('sdk');
    await time('zod');
  }
  type Round = Awaited<ReturnType<typeof time>>;
  const raw: Round[] = [];
  const sdk: Round[] = [];
  const zod: Round[] = [];
  const busy = (side: Round[]) =>
    `${median(side.map((r) => r.busy.client)).toFixed(2)}/${median(side.map((r) => r.busy.server)).toFixed(2)}`;
  for (let i = 0; i < count; i++) {
    // Rotating which goes first, so none always runs on a warmer (or a more collected) heap.
    const order = (['raw', 'sdk', 'zod'] as const).map((_, k, sides) => sides[(i + k) % 3] as (typeof sides)[number]);
    for (const side of order) ({ raw, sdk, zod })[side].push(await time(side));
  }
  // Throughput ratio of one round: SDK items/s ÷ raw items/s, the same items on both sides.
  const ratios = raw.map((r, i) => r.ms / (sdk[i] as Round).ms);
  // The same for the raw loop that also validates each body with the provider's wire schema: the
  // ratio the cheapest client that checks what the SDK checks reaches, a ceiling for the SDK's.
  const ceiling = median(raw.map((r, i) => r.ms / (zod[i] as Round).ms));
  const floor = latency ? floorRoundTrips(name, shape) * latency : null;
  const m = median(ratios);
  return row(WIDTHS, [
    name,
    String(shape.items),
    String(shape.requests),
    String(defaultLimit(name)),
    String(CONCURRENCY[name]),
    `${median(raw.map((r) => r.inFlight)).toFixed(1)}/${median(sdk.map((r) => r.inFlight)).toFixed(1)}`,
    `${latency} ms`,
    median(raw.map((r) => r.ms)).toFixed(0),
    median(sdk.map((r) => r.ms)).toFixed(0),
    floor === null ? '-' : floor.toFixed(0),
    `${m.toFixed(2)} ${m >= TARGET ? 'ok' : '<0.9'}`,
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`,
    String(count),
    busy(raw),
    busy(sdk),
    median(zod.map((r) => r.ms)).toFixed(0),
    ceiling.toFixed(2),
  ]);
}

const HEAD = [
  'provider',
  'items',
  'reqs',
  'page',
  'cc',
  'inflight',
  'latency',
  'raw ms',
  'sdk ms',
  'floor',
  'ratio',
  'min–max',
  'IQR',
  'n',
  'busy raw',
  'busy sdk',
  'zod ms',
  'zod ratio',
];
const WIDTHS = [10, 6, 5, 4, 2, 8, 7, 6, 6, 6, 9, 9, 9, 2, 9, 9, 6, 9];

const chosen = (process.argv.slice(2) as Name[]).filter((n) => NAMES.includes(n));
console.log(
  `walk: the SDK's for await against a raw fetch + JSON.parse loop sending the same requests, as many in flight ` +
    `(fake in a worker thread, loopback HTTP). ratio = SDK items/s ÷ raw items/s in one round; median of ` +
    `interleaved rounds, its min–max and interquartile range; target ≥ ${TARGET}. floor = the fewest round trips at ` +
    `that concurrency × latency. in flight: mean at each arrival at the server, raw/SDK. busy: the share of ` +
    `the walk's time each thread's event loop was busy, client/server (the fake's worker); the side near 1 is ` +
    `what bounds that walk. zod: the raw loop that also parses every body with the provider's wire schema ` +
    `(what the SDK checks), nothing else; zod ratio = raw items/s ÷ its items/s, the ceiling of a client that validates.`,
);
console.log(row(WIDTHS, HEAD));
for (const name of chosen.length ? chosen : NAMES) for (const line of await bench(name)) console.log(line);
