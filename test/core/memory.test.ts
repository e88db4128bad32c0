import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { setup } from '../support/gtateth.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('memory of a long walk', () => {
  it('for await keeps no page it has passed: growth per item is far below one conversation', async () => {
    const count = 20_000;
    const { client } = setup({ conversations: count, rateLimit: { limit: 1e9, windowSeconds: 3600 } });
    let walked = 0;
    let atStart = 0;
    let atEnd = 0;
    for await (const _ of client.conversations.list({ limit: 100 })) {
      walked++;
      if (walked === count / 5) atStart = heap();
      if (walked === count) atEnd = heap();
    }
    expect(walked).toBe(count);
    // A retained conversation costs about 850 bytes; a walk keeps only its id (tens of bytes).
    expect((atEnd - atStart) / (count * 0.8)).toBeLessThan(250);
  });
});
