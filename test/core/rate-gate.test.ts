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

describe('RateGate metering', () => {
  const passes = async (gate: RateGate, n: number) => {
    const passed: number[] = [];
    const waiting = Array.from({ length: n }, async (_, i) => {
      const pass = await gate.ready();
      passed.push(i);
      return pass;
    });
    await tick();
    return { passed, waiting };
  };

  it('with a window, one attempt goes at first; one more for each answer that took time', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, null, { window: 1 });
    const { passed, waiting } = await passes(gate, 4);
    expect(passed).toEqual([0]);
    const first = await waiting[0]!;
    gate.ok(first); // an instant answer: parallel requests would not have helped
    first.done();
    await tick();
    expect(passed).toEqual([0, 1]);
    const second = await waiting[1]!;
    clock.advance(50);
    gate.ok(second); // it took 50 ms: two may be in flight now
    second.done();
    await tick();
    expect(passed).toEqual([0, 1, 2, 3]);
  });

  it('a 429 sets the rate to what succeeded in the last second: the next attempt waits for that second', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, null, { window: 1 });
    const t0 = clock.now();
    for (let i = 0; i < 3; i++) {
      const pass = await gate.ready();
      gate.ok(pass);
      pass.done();
    }
    const limited = await gate.ready();
    expect(gate.strike(() => 10, limited)).toBe(10);
    limited.done();
    const next = await gate.ready();
    expect(next.at - t0).toBe(1000); // 3 per second, the 10 ms backoff notwithstanding
  });

  it('a budget the server reports is spent, then held until it resets', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, null, { window: 1, maxWait: 60_000 });
    const t0 = clock.now();
    const first = await gate.ready();
    gate.observe(first, { limit: 3, remaining: 2, resetAt: t0 + 5000 });
    const { passed, waiting } = await passes(gate, 3);
    expect(passed).toEqual([0, 1]); // both at once, without waiting for answers: the budget is known
    first.done();
    for (const pass of await Promise.all(waiting.slice(0, 2))) pass.done();
    expect((await waiting[2]!).at).toBe(t0 + 5000);
  });

  it('a budget that resets later than maxWait is not waited for', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, null, { window: 1, maxWait: 60_000 });
    const first = await gate.ready();
    gate.observe(first, { limit: 1, remaining: 0, resetAt: clock.now() + 3_600_000 });
    first.done();
    expect((await gate.ready()).at).toBe(first.at);
  });

  it('a call ahead (a login) passes while the window is full and others wait in line', async () => {
    const clock = createVirtualClock();
    const gate = new RateGate(clock, null, { window: 1 });
    await gate.ready(); // in flight, waiting for the credential the login fetches
    const { passed } = await passes(gate, 1);
    expect(passed).toEqual([]);
    const login = await gate.ready(undefined, true);
    expect(login.seq).toBe(2);
  });
});
