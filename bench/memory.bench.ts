// Memory of a long walk on every provider: heap growth per item walked, between 20% and 100% of a
// `for await` walk of 100,000 conversations (BENCH_MEMORY_ITEMS to change it), on an in-process fake
// (so only the client's retention is in question; the fake's request log is emptied before each reading,
// since it is the fake's memory, not the client's), after a first walk that is not measured. The heap
// is read after a forced GC, a few event-loop turns and two more GCs: finalizers free what requests left
// on their signals only then (read right after one GC, the figure swings by ±100 bytes per item).
// Run with `npm run bench` (it passes node --expose-gc), or after a build:
// `node --expose-gc bench/memory.bench.ts [provider …]`.
import { createFakeGTateth, createFakeHeymarket, createFakeTether, type FakeServer } from 'conversations-sdk/testing';
import type { Name, Target } from './providers.ts';

// Node runs .ts files as they are but cannot map a `.js` path to one, and tsc refuses a `.ts` path in an
// import (without allowImportingTsExtensions) but not in a type: hence the import by URL, typed.
const { credsOf, defaultLimit, NAMES, row, sdkClient } = (await import(
  new URL('./providers.ts', import.meta.url).href
)) as typeof import('./providers.ts');

const ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 100_000);
/** One id's worth: a Set entry and a short string. */
const TARGET = 80;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/**
 * Every conversation visible to the client, so the walk yields all `ITEMS`. Tether lists one contact on
 * one channel per request: 20 conversations to a contact (about 5 a request, 20,000 requests), so that
 * what a request might leave behind shows too, in a walk of seconds.
 */
function fake(name: Name): FakeServer {
  const rateLimit = { limit: 1e9, windowSeconds: 3600 };
  if (name === 'gtateth') return createFakeGTateth({ conversations: ITEMS, seed: 3, rateLimit });
  if (name === 'heymarket') return createFakeHeymarket({ conversations: ITEMS, seed: 3, rateLimit });
  return createFakeTether({ contacts: Math.ceil(ITEMS / 20), conversations: ITEMS, visibleRate: 1, seed: 3 });
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function measure(name: Name): Promise<string> {
  let started = performance.now();
  const f = fake(name);
  const seeded = performance.now() - started;
  // Heymarket's seeding may drop a conversation whose target repeats in its inbox: walk what is there.
  const count = (f as FakeServer & { conversations: Map<unknown, unknown> }).conversations.size;
  const target: Target = { name, url: 'https://fake.test', creds: credsOf(name, f) };
  // No pace: Heymarket's 500 requests a minute would make this walk take minutes, and a pace keeps only
  // the send times of its window.
  // A first walk, not measured: the fake's seeded strings are flattened as it first serializes them, and
  // that frees megabytes during the walk (Tether's heap shrank by 4 MB over a first walk).
  for await (const _ of sdkClient(target, f.fetch, { pace: null }).conversations.list());
  f.log.length = 0;
  const client = sdkClient(target, f.fetch, { pace: null });
  let requests = 0;
  const heap = async () => {
    requests += f.log.length;
    f.log.length = 0;
    gc?.();
    // Finalizers run in tasks after a GC, and what they release goes at the next one: twice over.
    for (let i = 0; i < 2; i++) {
      await turns(3);
      gc?.();
    }
    return process.memoryUsage().heapUsed;
  };
  let walked = 0;
  const from = Math.floor(count / 5);
  let start = 0;
  let end = 0;
  started = performance.now();
  for await (const _ of client.conversations.list()) {
    walked++;
    if (walked === from) start = await heap();
    if (walked === count) end = await heap();
  }
  const seconds = (performance.now() - started) / 1000;
  requests += f.log.length;
  if (walked !== count) throw new Error(`${name}: walked ${walked} of ${count}`);
  const perItem = (end - start) / (count - from);
  return row(WIDTHS, [
    name,
    String(count),
    String(requests),
    String(defaultLimit(name)),
    `${(seeded / 1000).toFixed(1)} s`,
    `${seconds.toFixed(1)} s`,
    `${((end - start) / 1e6).toFixed(1)} MB`,
    perItem.toFixed(0),
    perItem <= TARGET ? 'ok' : `> ${TARGET}`,
  ]);
}

const HEAD = ['provider', 'items', 'reqs', 'page', 'seed', 'walk', 'growth', 'bytes/item', ''];
const WIDTHS = [10, 7, 6, 4, 6, 6, 7, 10, 4];

const chosen = (process.argv.slice(2) as Name[]).filter((n) => NAMES.includes(n));
console.log(
  `memory: heap growth per item over the last 80% of a for await walk (in-process fake; read after a forced GC, ` +
    `event-loop turns and two more GCs); target ≤ ${TARGET} bytes per item, one id's worth (a conversation ` +
    'object is about 1 KB)',
);
console.log(row(WIDTHS, HEAD));
for (const name of chosen.length ? chosen : NAMES) console.log(await measure(name));
