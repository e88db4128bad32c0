// The client's CPU time per item, without a network: every provider's walk over a stubbed `fetch` that
// answers each request with a body recorded beforehand from the fake, against the same walk written by
// hand (bench/providers.ts `rawWalk`, over the same stub) and against `JSON.parse` of the same bodies
// alone, interleaved round by round in one run. The change is against today's figure (BASELINE below).
// Run with `npm run bench`, or after a build: `node --expose-gc bench/cpu.bench.ts [provider …]`;
// `--profile` adds, per provider, the functions that took the most self time over a few hundred SDK walks.
// BENCH_LIMIT=<n> walks with that page size on both sides instead of the SDK's default.
import { Session } from 'node:inspector/promises';
import type { FakeServer } from 'conversations-sdk/testing';
import type { Name, Target } from './providers.ts';

// Node runs .ts files as they are but cannot map a `.js` path to one, and tsc refuses a `.ts` path in an
// import (without allowImportingTsExtensions) but not in a type: hence the import by URL, typed.
const { createFake, credsOf, defaultLimit, NAMES, rawWalk, row, sdkWalk } = (await import(
  new URL('./providers.ts', import.meta.url).href
)) as typeof import('./providers.ts');

type Fetch = typeof globalThis.fetch;

/** Sizes as the issue measured them; Tether's is contacts (5 conversations each, some not visible). */
const SIZE: Record<Name, number> = { gtateth: 5_000, heymarket: 5_000, tether: 200 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);

/**
 * Today's figure: CPU µs of the SDK's walk per item, and of JSON.parse alone of the same bodies in the
 * same run, by page size. Measured with this script on 6aef0f6 (a worktree of it, built; its default
 * page is 50, and 100 with BENCH_LIMIT=100), 2026-12-03, on the 2-core bench machine with other work
 * running on it: the median of 3 runs of medians of 21 rounds (absolute µs move with the machine's
 * load, ±15% here; the ratio to JSON.parse less). The figure for G-Tateth, 5,000 @100, is
 * 6.05 µs against 2.11 for JSON.parse (×2.9), wall time on a quieter run with its own stub.
 */
const BASELINE: Record<Name, Record<number, { us: number; parse: number }>> = {
  gtateth: { 50: { us: 15.93, parse: 1.86 }, 100: { us: 12.18, parse: 1.61 } },
  heymarket: { 50: { us: 23.84, parse: 2.82 }, 100: { us: 17.86, parse: 2.91 } },
  tether: { 50: { us: 408.72, parse: 3.06 }, 100: { us: 364.66, parse: 3.19 } },
};

interface Recorded {
  status: number;
  headers: [string, string][];
  text: string;
}

/** A request as the stub keys it: method, URL and body. */
async function keyOf(input: RequestInfo | URL, init: RequestInit | undefined, keep: boolean): Promise<string> {
  if (input instanceof Request) {
    const body = input.body ? await (keep ? input.clone() : input).text() : '';
    return `${input.method} ${input.url} ${body}`;
  }
  const body = typeof init?.body === 'string' ? init.body : '';
  return `${init?.method ?? 'GET'} ${String(input)} ${body}`;
}

/** Records every answer of the fake to the SDK's walk, and a fetch that serves them again. */
async function record(name: Name): Promise<{ target: Target; stub: Fetch; bodies: string[]; hits: Set<string> }> {
  const fake: FakeServer = createFake(name, SIZE[name]);
  const target: Target = { name, url: 'https://fake.test', creds: credsOf(name, fake) };
  const answers = new Map<string, Recorded>();
  const recording: Fetch = async (input, init) => {
    const key = await keyOf(input, init, true);
    const res = await fake.fetch(input, init);
    answers.set(key, { status: res.status, headers: [...res.headers], text: await res.clone().text() });
    return res;
  };
  await sdkWalk(target, recording, limit(name));
  const hits = new Set<string>();
  const stub: Fetch = async (input, init) => {
    const key = await keyOf(input, init, false);
    const hit = answers.get(key);
    if (!hit) throw new Error(`${name}: a request the SDK's walk did not send: ${key.slice(0, 200)}`);
    hits.add(key);
    return new Response(hit.text, { status: hit.status, headers: hit.headers });
  };
  return { target, stub, bodies: [...answers.values()].map((a) => a.text), hits };
}

const limit = (name: Name) => (process.env.BENCH_LIMIT ? Number(process.env.BENCH_LIMIT) : defaultLimit(name));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(name: Name): Promise<string> {
  const { target, stub, bodies, hits } = await record(name);
  const page = limit(name);
  // The raw loop on the stub sends exactly what the SDK sent: every request recorded, no other.
  const { items, requests } = await rawWalk(target, stub, page);
  if (hits.size !== bodies.length || requests !== bodies.length) {
    throw new Error(`${name}: the raw loop sent ${requests} requests, ${hits.size} of the SDK's ${bodies.length}`);
  }
  const sides = {
    sdk: async () => sdkWalk(target, stub, page),
    raw: async () => (await rawWalk(target, stub, page)).items,
    zod: async () => (await rawWalk(target, stub, page, true)).items,
    parse: async () => {
      let n = 0;
      for (const text of bodies) if (JSON.parse(text)) n++;
      return n ? items : 0;
    },
  };
  const times: Record<keyof typeof sides, number[]> = { sdk: [], raw: [], zod: [], parse: [] };
  for (let round = -5; round < ROUNDS; round++) {
    for (const side of Object.keys(sides) as (keyof typeof sides)[]) {
      gc();
      // CPU time of the process (every thread: the collector's and the compiler's too), not the wall
      // clock: on a shared machine a walk may wait for a core, and that is not the client's cost.
      const start = process.cpuUsage();
      const n = await sides[side]();
      const used = process.cpuUsage(start);
      const us = (used.user + used.system) / items;
      if (n !== items) throw new Error(`${name} ${side}: ${n} items, expected ${items}`);
      if (round >= 0) times[side].push(us);
    }
  }
  const sdk = median(times.sdk);
  const parse = median(times.parse);
  const base = BASELINE[name][page];
  const change = base
    ? [
        `${base.us.toFixed(2)} (×${(base.us / base.parse).toFixed(1)})`,
        `${sdk >= base.us ? '+' : ''}${(((sdk - base.us) / base.us) * 100).toFixed(0)}%`,
        `×${(sdk / parse / (base.us / base.parse)).toFixed(2)}`,
      ]
    : [`no figure for page ${page}`, '', ''];
  return row(WIDTHS, [
    name,
    String(items),
    String(requests),
    String(page),
    sdk.toFixed(2),
    median(times.raw).toFixed(2),
    median(times.zod).toFixed(2),
    parse.toFixed(2),
    `×${(sdk / parse).toFixed(2)}`,
    ((sdk * items) / requests).toFixed(0),
    ...change,
  ]);
}

const HEAD = [
  'provider',
  'items',
  'reqs',
  'page',
  'sdk µs',
  'raw µs',
  'zod µs',
  'parse µs',
  '÷parse',
  'µs/req',
  'today µs (÷parse)',
  'change',
  '÷parse',
];
const WIDTHS = [10, 6, 5, 4, 7, 7, 7, 8, 7, 7, 17, 6, 6];

/** The functions with the most self time over repeated SDK walks on the stub (the stub's own work shows too). */
async function profile(name: Name): Promise<void> {
  const { target, stub } = await record(name);
  for (let i = 0; i < 5; i++) await sdkWalk(target, stub, limit(name));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const until = performance.now() + 4000;
  let walks = 0;
  while (performance.now() < until) {
    await sdkWalk(target, stub, limit(name));
    walks++;
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (process.env.BENCH_PROFILE_OUT) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${process.env.BENCH_PROFILE_OUT}/${name}.cpuprofile`, JSON.stringify(profile));
  }
  const self = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-2).join('/');
    const key = `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
    total += node.hitCount ?? 0;
  }
  console.log(`profile: ${name}, ${walks} SDK walks on the stub; self time, top 20 (dist/ lines are the build's)`);
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}

const args = process.argv.slice(2);
const chosen = (args as Name[]).filter((n) => NAMES.includes(n));
if (args.includes('--profile')) {
  for (const name of chosen.length ? chosen : NAMES) await profile(name);
} else {
  console.log(
    `cpu: CPU µs per item of a whole walk on a stubbed fetch that serves recorded bodies (no network, no server); ` +
      "the SDK's walk, the raw loop's, the raw loop's that also parses every body with the provider's wire schema " +
      `(zod), and JSON.parse of the same bodies alone; medians of ${ROUNDS} interleaved ` +
      "rounds. ÷parse: SDK over JSON.parse; µs/req: the SDK's per request. today: the SDK on 6aef0f6 (BASELINE), " +
      'the change in µs, and the change of ÷parse (below 1: cheaper against JSON.parse than today).',
  );
  console.log(row(WIDTHS, HEAD));
  for (const name of chosen.length ? chosen : NAMES) console.log(await measure(name));
}
