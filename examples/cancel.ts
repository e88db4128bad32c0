// Cancel with an AbortSignal: a request that takes too long (`AbortSignal.timeout`) and a walk stopped
// midway (an `AbortController`). Each rejects with the SDK's `AbortError`, whose `cause` is the signal's
// reason, at once, and what was in flight is cancelled. Runs on the bundled G-Tateth fake, in process
// (its `fetch`, which sees each abort too): `npm run example:cancel`.
import { AbortError, ConversationsClient } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { createFakeGTateth } from 'conversations-sdk/testing';

const fake = createFakeGTateth({ conversations: 200, seed: 3, latency: [5, 15] });
const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
const [first] = (await client.conversations.list({ limit: 1 })).items;
if (!first) throw new Error('no conversation');

// 1. A deadline for one call, retries included: the server hangs for 10 s, the call gives up after 200 ms.
//    (The `timeout` option is per attempt instead, and a timed-out attempt is retried.)
fake.inject({ route: 'GET /api/v1/conversations/', delay: 10_000 });
const started = Date.now();
try {
  await client.conversations.get(first.id, { signal: AbortSignal.timeout(200) });
} catch (error) {
  if (!(error instanceof AbortError)) throw error;
  const cause = error.cause as Error;
  console.log(`get: ${error.name} after ${Date.now() - started} ms (cause: ${cause.name}: ${cause.message})`);
}

// 2. A walk the user stops: here after three pages, as a Stop button or Ctrl-C would
//    (`process.once('SIGINT', () => stop.abort())`), under a deadline for the whole walk as well.
const stop = new AbortController();
const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(30_000)]);
const sentBefore = fake.requests().length;
let walked = 0;
try {
  for await (const page of client.conversations.list({ limit: 20 }, { signal }).pages()) {
    walked += page.items.length; // your work on the page goes here
    if (walked === 60) stop.abort(new Error('stopped by the user'));
  }
} catch (error) {
  if (!(error instanceof AbortError)) throw error;
  const cause = error.cause as Error;
  console.log(
    `walk: ${error.name} after ${walked} of ${fake.conversations.size} conversations (cause: ${cause.message})`,
  );
}
const sent = fake.requests().slice(sentBefore);
const cancelled = sent.filter((r) => r.status === 'dropped').length; // never answered
console.log(
  `The walk sent ${sent.length} requests (pages fetched ahead included); ${cancelled} were cancelled in flight`,
);

// 3. A signal that has already aborted sends nothing.
const before = fake.requests().length;
const refused = await client.conversations.get(first.id, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
console.log(`get with an aborted signal: ${(refused as Error).name}, ${fake.requests().length - before} requests sent`);
