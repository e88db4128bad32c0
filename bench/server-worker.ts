// Serves a G-Tateth fake from a worker thread, so the server's work is not on the measured thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeGTateth } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

const fake = createFakeGTateth({
  conversations: workerData.conversations,
  seed: 1,
  rateLimit: { limit: 1e9, windowSeconds: 3600 },
});
const served = await serveFake(fake);
parentPort?.postMessage({ url: served.url, apiKey: fake.apiKey });
