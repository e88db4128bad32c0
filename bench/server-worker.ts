// Serves one provider's fake from a worker thread, so the server's work is not on the measured thread.
// workerData: `{ name, size }` (bench/providers.ts `createFake`), or `{ conversations }` for G-Tateth.
// The first message is `{ url, apiKey, target }`; then it answers one message per message it gets:
// - `{ op: 'latency', ms }`: every response waits `ms` from then on (in this thread: the client's
//   thread sees a server that takes that long);
// - `{ op: 'reset', record }`: forget the counts, and with `record` log every request (method, URL, body);
// - `{ op: 'stats' }`: requests since the reset, the most and the mean in flight at an arrival, the log.
import { parentPort, workerData } from 'node:worker_threads';
import type { FakeServer } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';
import type { Name, Target } from './providers.ts';

// Node runs .ts files as they are but cannot map a `.js` path to one, and tsc refuses a `.ts` path in an
// import (without allowImportingTsExtensions) but not in a type: hence the import by URL, typed.
const { createFake, credsOf } = (await import(
  new URL('./providers.ts', import.meta.url).href
)) as typeof import('./providers.ts');

const name: Name = workerData.name ?? 'gtateth';
const fake = createFake(name, workerData.size ?? workerData.conversations);

let latency = 0;
let inFlight = 0;
let requests = 0;
let maxInFlight = 0;
let sumInFlight = 0;
let log: string[] | null = null;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// serveFake only calls `serve`: this one waits, counts what is in flight, and logs, around the fake's.
const served = await serveFake({
  async serve(request: Request): Promise<Response> {
    inFlight++;
    requests++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    sumInFlight += inFlight;
    try {
      if (log) {
        const body = request.body ? await request.clone().text() : '';
        const url = new URL(request.url);
        log.push(`${request.method} ${url.pathname}${url.search} ${body}`);
      }
      if (latency > 0) await sleep(latency);
      return await fake.serve(request);
    } finally {
      inFlight--;
    }
  },
} as FakeServer);

const target: Target = { name, url: served.url, creds: credsOf(name, fake) };
parentPort?.postMessage({ url: served.url, apiKey: target.creds.apiKey, target });

parentPort?.on('message', (message: { op: string; ms?: number; record?: boolean }) => {
  if (message.op === 'latency') latency = message.ms ?? 0;
  if (message.op === 'reset') {
    requests = maxInFlight = sumInFlight = 0;
    log = message.record ? [] : null;
  }
  if (message.op === 'stats') {
    parentPort?.postMessage({ requests, maxInFlight, meanInFlight: requests ? sumInFlight / requests : 0, log });
    return;
  }
  parentPort?.postMessage({ ok: true });
});
