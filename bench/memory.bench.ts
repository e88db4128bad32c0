// Memory of a long walk: heap growth per item walked, measured between 20% and 100% of a walk of
// 60,000 conversations (in-process fake, so only the client's retention is in question).
// Run with `npm run bench` (it passes node --expose-gc).
import { ConversationsClient } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { createFakeGTateth } from 'conversations-sdk/testing';

const COUNT = 60_000;
const fake = createFakeGTateth({ conversations: COUNT, seed: 3, rateLimit: { limit: 1e9, windowSeconds: 3600 } });
const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

let walked = 0;
let atStart = 0;
let atEnd = 0;
for await (const _ of client.conversations.list({ limit: 100 })) {
  walked++;
  if (walked === COUNT / 5) atStart = heap();
  if (walked === COUNT) atEnd = heap();
}
const perItem = (atEnd - atStart) / (COUNT - COUNT / 5);
console.log(`memory: walk of ${COUNT} conversations with for await`);
console.log(
  `heap growth  ${((atEnd - atStart) / 1e6).toFixed(1)} MB over the last ${COUNT - COUNT / 5} items: ${perItem.toFixed(0)} bytes per item walked`,
);
console.log('(a walk keeps one id per item to yield each once; a conversation object is about 1 KB)');
