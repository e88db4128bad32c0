import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { FakeGTateth, FakeHeymarket, FakeServer, FakeTether } from '../../src/testing/index.js';
import { serveFake } from '../../src/testing/node-server.js';
import { builtPackage } from '../support/build.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The built `cli.js` (the package's `bin`) of the sources as they are now: ../support/build.ts. */
export function builtCli(): string {
  return join(builtPackage().dir, 'cli.js');
}

/** The variables that point the CLI at a served fake, with the fake's own credentials. */
export function gtatethEnv(fake: FakeGTateth, url: string): Record<string, string> {
  return cleanEnv({ GTATETH_API_KEY: fake.apiKey, GTATETH_BASE_URL: url });
}
export function heymarketEnv(fake: FakeHeymarket, url: string): Record<string, string> {
  return cleanEnv({
    HEYMARKET_SECRET_ID: fake.secretId,
    HEYMARKET_SECRET_KEY: fake.secretKey,
    HEYMARKET_USER_ID: String(fake.userId),
    HEYMARKET_BASE_URL: url,
  });
}
export function tetherEnv(fake: FakeTether, url: string): Record<string, string> {
  return cleanEnv({ TETHER_EMAIL: fake.email, TETHER_PASSWORD: fake.password, TETHER_BASE_URL: url });
}

/** Environment variables whose values are secrets: none may appear in any output. */
const SECRET_VARIABLES = [
  'GTATETH_API_KEY',
  'HEYMARKET_API_KEY',
  'HEYMARKET_SECRET_KEY',
  'HEYMARKET_SECRET_ID',
  'TETHER_PASSWORD',
  'TETHER_TOKEN',
];

/** Every secret value some test has passed to the CLI. */
const secrets = new Set<string>();

/** The base environment: PATH only, so the developer's own variables never reach the CLI. */
export function cleanEnv(vars: Record<string, string> = {}): Record<string, string> {
  for (const name of SECRET_VARIABLES) if (vars[name]) secrets.add(vars[name]);
  return { PATH: process.env.PATH ?? '', ...vars };
}

/** Whether a secret passed to any CLI run appears in `text`. */
export function leaks(text: string): boolean {
  return [...secrets].some((secret) => text.includes(secret));
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when stdout holds at least `n` lines. */
  lines(n: number): Promise<string[]>;
  /** Resolves when stderr matches `pattern`. */
  stderr(pattern: RegExp): Promise<void>;
  done: Promise<Run>;
}

/**
 * Starts `node cli.js ...args` with stdin a pipe (not a terminal) that holds `input`. `done` rejects
 * when a secret some run was given appears on stdout or stderr, except for `fake`, whose output is
 * its fake's own credentials.
 */
export function start(cli: string, args: string[], env: Record<string, string>, input = ''): Started {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ n: number; resolve: (lines: string[]) => void }> = [];
  const current = () => stdout.split('\n').filter(Boolean);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of [...waiters]) {
      if (current().length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(current());
      }
    }
  });
  const stderrWaiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of [...stderrWaiters]) {
      if (w.pattern.test(stderr)) {
        stderrWaiters.splice(stderrWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.on('close', (code, signal) => {
      if (args[0] !== 'fake' && leaks(stdout + stderr)) {
        reject(new Error(`a secret appeared in the output of ${args.join(' ')}`));
      } else resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    lines: (n) =>
      new Promise((resolve, reject) => {
        if (current().length >= n) return resolve(current());
        waiters.push({ n, resolve });
        done.then((r) => reject(new Error(`exited (${r.code}) with ${current().length} lines: ${r.stderr}`)), reject);
      }),
    stderr: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        stderrWaiters.push({ pattern, resolve });
        done.then((r) => reject(new Error(`exited (${r.code}) before stderr matched ${pattern}: ${r.stderr}`)), reject);
      }),
    done,
  };
}

/** Resolves once `check` holds, polling every 10 ms (at most `ms`). */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the CLI to its end. */
export function run(cli: string, args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  return start(cli, args, env, input).done;
}

/** A usage or configuration error: status 2, nothing on stdout, one line on stderr. */
export function expectUsageError(r: Run, pattern: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.code).toBe(2);
}

/** Serves a fake on 127.0.0.1 for the duration of a test. */
export async function served<F extends FakeServer>(fake: F): Promise<{ fake: F; url: string; close(): Promise<void> }> {
  const server = await serveFake(fake);
  return { fake, url: server.url, close: () => server.close() };
}

/** The JSON objects of a JSONL text; fails on a line that is not JSON. */
export function jsonl(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
