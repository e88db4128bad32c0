import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFilter, durationOf, UsageError } from '../../src/cli/args.js';
import { CheckpointFile, LARGE_CHECKPOINT, writeCheckpoint } from '../../src/cli/checkpoint.js';
import { shellQuote } from '../../src/cli/commands/fake.js';
import { csvField, errorLine, resultLine } from '../../src/cli/output.js';
import { clock, progressLine } from '../../src/cli/progress.js';
import { retryHint } from '../../src/cli/report.js';
import { PermissionDeniedError, RateLimitError, ServerError } from '../../src/index.js';

// The pure pieces of the CLI, in process; the command itself is tested as a built process elsewhere.
const dir = mkdtempSync(join(tmpdir(), 'conversations-sdk-cli-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli pieces', () => {
  it('a duration flag takes ms, s, m and h; a number alone is seconds', () => {
    const ms = (text: string) => durationOf({ 'max-retry-after': text }, 'max-retry-after');
    expect(ms('500ms')).toBe(500);
    expect(ms('90')).toBe(90_000);
    expect(ms('1.5s')).toBe(1_500);
    expect(ms('15m')).toBe(900_000);
    expect(ms('1h')).toBe(3_600_000);
    expect(durationOf({}, 'max-retry-after')).toBeUndefined();
    for (const bad of ['', '-1s', '1d', 'soon', '25d', '999h']) expect(() => ms(bad)).toThrow(UsageError);
  });

  it('a rate limit says how long the server asks to wait, and until when; other errors say nothing', () => {
    const limited = new RateLimitError({
      status: 429,
      code: null,
      message: 'slow down (429)',
      requestId: null,
      retryAfterMs: 3_540_000,
    });
    expect(retryHint(limited, Date.UTC(2026, 0, 15, 11, 0, 0))).toBe(
      'the server asks to wait 59:00 (until 2026-01-15T11:59:00Z); ',
    );
    expect(
      retryHint(new RateLimitError({ status: 429, code: null, message: 'x', requestId: null, retryAfterMs: null })),
    ).toBe('');
    expect(retryHint(new ServerError({ status: 500, code: null, message: 'x', requestId: null }))).toBe('');
  });

  it('csv fields are quoted only when they must be, quotes doubled', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('a result line carries the error as name, status, code and message only', () => {
    const error = new PermissionDeniedError({
      status: 403,
      code: 'FORBIDDEN',
      message: 'no',
      requestId: 'r1',
      body: '{"secret":"body"}',
    });
    expect(errorLine(error)).toEqual({ name: 'PermissionDeniedError', status: 403, code: 'FORBIDDEN', message: 'no' });
    expect(JSON.parse(resultLine({ id: '1', outcome: 'failed', reason: 'no', error }))).toEqual({
      id: '1',
      outcome: 'failed',
      reason: 'no',
      error: { name: 'PermissionDeniedError', status: 403, code: 'FORBIDDEN', message: 'no' },
    });
    expect(errorLine(new TypeError('x'))).toEqual({ name: 'TypeError', status: null, code: null, message: 'x' });
  });

  it('the progress line: counts, rate, and an ETA only when the total is known', () => {
    const counts = { done: 40, skipped: 5, failed: 5, planned: 0 };
    expect(progressLine('close', counts, 10_000, 200)).toBe(
      'close: 40 done · 5 skipped · 5 failed of ~200 · 5.0/s · ETA 0:30',
    );
    expect(progressLine('close', counts, 10_000, null)).toMatch(/5\.0\/s · ETA \?$/);
    expect(progressLine('close', { done: 0, skipped: 0, failed: 0, planned: 7 }, 1000, null)).toMatch(
      /^close: 7 planned/,
    );
    expect(clock(3_725_000)).toBe('1:02:05');
  });

  it('filters in words; shell values quoted for a POSIX shell', () => {
    expect(describeFilter({ status: 'open', inboxId: ['1', '2'], assigneeId: null })).toBe(
      'status=open inbox=1,2 assignee=none',
    );
    expect(describeFilter({})).toMatch(/every conversation/);
    expect(shellQuote('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });

  it('a checkpoint file is replaced by rename: no temporary file is left behind', () => {
    const file = join(dir, 'cp.json');
    writeCheckpoint(file, JSON.stringify({ version: 1, settled: ['a'] }));
    writeCheckpoint(file, JSON.stringify({ version: 1, settled: ['a', 'b'] }));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, settled: ['a', 'b'] });
    expect(readdirSync(dir)).toEqual(['cp.json']);
  });

  it('small checkpoints are each written as they come; large ones are spaced out, the latest kept', () => {
    const file = join(dir, 'each.json');
    const read = () => (JSON.parse(readFileSync(file, 'utf8')) as { settled: string[] }).settled.length;
    const ids = (n: number) => ({
      settled: Array.from({ length: n }, (_, k) => `64a1b2c3d4e5f6${String(k).padStart(10, '0')}`),
    });
    const saved = new CheckpointFile(file, () => {});
    for (let i = 1; i <= 50; i++) {
      saved.save(ids(i));
      expect(read()).toBe(i);
    }
    expect(JSON.stringify(ids(3000)).length).toBeGreaterThan(LARGE_CHECKPOINT);
    saved.save(ids(3000)); // written: the file was small until now
    expect(read()).toBe(3000);
    saved.save(ids(3001)); // held: too soon after a large write
    saved.save(ids(3002));
    expect(read()).toBe(3000);
    saved.flush();
    expect(read()).toBe(3002);
  });

  it('a checkpoint that cannot be written is reported once', () => {
    const errors: unknown[] = [];
    const broken = new CheckpointFile(join(dir, 'missing-dir', 'cp.json'), (e) => errors.push(e));
    broken.save({});
    broken.save({});
    expect(errors).toHaveLength(1);
    expect(broken.error).toBe(errors[0]);
  });
});
