// Full walk over a loopback fake served from another thread: the SDK against a hand-written fetch + JSON.parse loop over the same
// pages, interleaved in one run so machine noise hits both. Run with `npm run bench`.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ConversationsClient } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';

const CONVERSATIONS = 5_000;
const LIMIT = 100;
const ROUNDS = 7;

// The fake runs in its own thread, as a real server would be elsewhere: only the client's work is on
// this thread, and look-ahead can overlap round trips.
const worker = new Worker(new URL('./server-worker.ts', import.meta.url), {
  workerData: { conversations: CONVERSATIONS },
});
const [server] = (await once(worker, 'message')) as [{ url: string; apiKey: string }];
const headers = { authorization: `Bearer ${server.apiKey}` };

async function raw(): Promise<number> {
  let count = 0;
  for (let page = 1; ; page++) {
    const res = await fetch(`${server.url}/api/v1/conversations?page=${page}&limit=${LIMIT}`, { headers });
    const body = JSON.parse(await res.text());
    count += body.data.length;
    if (body.data.length === 0 || page >= body.pagination.totalPages) return count;
  }
}

async function sdk(lookAhead: number): Promise<number> {
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: server.apiKey, baseUrl: server.url }),
    lookAhead,
  });
  let count = 0;
  for await (const _ of client.conversations.list({ limit: LIMIT })) count++;
  return count;
}

async function time(fn: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const n = await fn();
  if (n !== CONVERSATIONS) throw new Error(`walked ${n}, expected ${CONVERSATIONS}`);
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const runs = { raw: [] as number[], sequential: [] as number[], lookAhead: [] as number[] };
try {
  await time(raw); // warm-up
  await time(() => sdk(0));
  for (let i = 0; i < ROUNDS; i++) {
    runs.raw.push(await time(raw));
    runs.sequential.push(await time(() => sdk(0)));
    runs.lookAhead.push(await time(() => sdk(3)));
  }
  const perSecond = (ms: number) => Math.round((CONVERSATIONS / ms) * 1000);
  const base = median(runs.raw);
  console.log(`walk of ${CONVERSATIONS} conversations, limit ${LIMIT}, median of ${ROUNDS} rounds, loopback HTTP`);
  for (const [name, xs] of Object.entries(runs)) {
    const ms = median(xs);
    console.log(
      `${name.padEnd(11)} ${ms.toFixed(1).padStart(8)} ms  ${String(perSecond(ms)).padStart(7)} items/s  ratio ${(base / ms).toFixed(2)}`,
    );
  }
  const heap = process.memoryUsage().heapUsed / 1e6;
  console.log(`heap after the runs: ${heap.toFixed(1)} MB`);
} finally {
  await worker.terminate();
}
