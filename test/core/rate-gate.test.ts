import { describe, expect, it } from 'vitest';
import { RateGate } from '../../src/core/rate-gate.js';
import { AbortError } from '../../src/index.js';
import { createVirtualClock } from '../../src/testing/index.js';

const tick = () => new Promise((r) => setTimeout(r, 0));
const second = () => 1000;

describe('RateGate', () => {
  it('after a header-less 429, requests probe one at a time until one succeeds', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock);
    const first = await gate.ready();
    gate.strike(second, first);
    first.done();
    const passed: number[] = [];
    const waiting = [1, 2, 3].map(async (n) => {
      const pass = await gate.ready();
      passed.push(n);
      return pass;
    });
    await tick();
    expect(passed).toEqual([1]); // the probe; the others wait for its answer
    const probe = await waiting[0]!;
    gate.clear(); // it succeeded: the others go
    probe.done();
    await Promise.all(waiting);
    expect(passed).toEqual([1, 2, 3]);
  });

  it('a 429 of a request sent before the last strike does not lengthen the pause', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock);
    const [a, b] = [await gate.ready(), await gate.ready()];
    const t0 = clock.now();
    expect(gate.strike(second, a)).toBe(1000);
    clock.advance(1500); // b's 429 is read after the pause is over
    expect(gate.strike(second, b)).toBe(0);
    const probe = await gate.ready();
    expect(clock.now() - t0).toBe(1500);
    expect(gate.strike((n) => n * 1000, probe)).toBe(2000); // the probe's own 429 is a new strike
  });

  it('an abort while queued rejects at once and takes no slot of the pace', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, { limit: 2, windowMs: 60_000 });
    (await gate.ready()).done();
    gate.pauseUntil(clock.now() + 10_000);
    const controller = new AbortController();
    const queued = gate.ready(controller.signal);
    controller.abort();
    expect(await queued.catch((e: unknown) => e)).toBeInstanceOf(AbortError);
    const t0 = clock.now();
    await gate.ready(); // the second slot is still free once the pause is over
    expect(clock.now() - t0).toBeLessThanOrEqual(10_000);
  });
});
