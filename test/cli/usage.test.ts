import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeGTateth } from '../../src/testing/index.js';
import { builtCli, cleanEnv, expectUsageError, gtatethEnv, root, run, served } from './support.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

let cli = '';
beforeAll(() => {
  cli = builtCli();
}, 120_000);

describe('the built command', () => {
  it('is the package bin, starts with a hashbang, is executable and prints the version', () => {
    expect(pkg.bin).toEqual({ 'conversations-sdk': './dist/cli.js' });
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(cli).mode & 0o111).not.toBe(0);
    // Run as a program (the hashbang finds node on PATH), as npx runs the bin.
    const r = spawnSync(cli, ['--version'], { env: cleanEnv(), encoding: 'utf8' });
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.status).toBe(0);
  });

  it('prints help for the command and for each subcommand, on stdout, exit 0', async () => {
    const main = await run(cli, ['--help'], cleanEnv());
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^Usage: conversations-sdk <command>/);
    for (const command of ['reassign', 'close', 'reopen', 'transfer', 'list', 'fake']) {
      const r = await run(cli, [command, '--help'], cleanEnv());
      expect(r.code, command).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: conversations-sdk ${command}`));
      expect(r.stderr).toBe('');
    }
    expect((await run(cli, ['help', 'list'], cleanEnv())).stdout).toMatch(/^Usage: conversations-sdk list/);
    expect((await run(cli, ['help'], cleanEnv())).code).toBe(0);
    expect((await run(cli, ['help', '--help'], cleanEnv())).stdout).toMatch(/^Usage: conversations-sdk <command>/);
  });

  it('help on a command that does not exist says so, exit 2', async () => {
    expectUsageError(await run(cli, ['help', 'lst'], cleanEnv()), /no help on 'lst': not a command \(one of reassign/);
  });

  it('with no command, prints the help on stderr and exits 2', async () => {
    const r = await run(cli, [], cleanEnv());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: conversations-sdk/);
  });
});

describe('usage errors: exit 2, one line, no stack', () => {
  const env = cleanEnv({ GTATETH_API_KEY: 'sk_test_usageonly0000000000000000' });

  it('an unknown command or flag', async () => {
    expectUsageError(await run(cli, ['reasign'], env), /unknown command 'reasign'/);
    expectUsageError(await run(cli, ['reassign', '--to', '1', '--frobnicate'], env), /unknown option --frobnicate/);
    expectUsageError(await run(cli, ['list', '--max'], env), /--max/);
    expectUsageError(await run(cli, ['list', '--unread=yes'], env), /--unread/);
    expectUsageError(await run(cli, ['list', 'extra'], env), /unexpected argument 'extra'/);
  });

  it('a missing --to or --to-inbox', async () => {
    expectUsageError(await run(cli, ['reassign', '--status', 'open'], env), /reassign needs --to/);
    expectUsageError(await run(cli, ['transfer'], env), /transfer needs --to-inbox/);
    expectUsageError(await run(cli, ['reassign', '--to'], env), /--to/);
  });

  it('bad flag values', async () => {
    expectUsageError(
      await run(cli, ['list', '--status', 'opne'], env),
      /--status must be one of open, closed, pending/,
    );
    expectUsageError(await run(cli, ['list', '--format', 'xml'], env), /--format must be one of jsonl, csv, table/);
    expectUsageError(
      await run(cli, ['list', '--max', '-3'], env),
      /--max must be a whole number 0 or more, not '-3'$/m,
    );
    expectUsageError(await run(cli, ['list', '--max=-3'], env), /--max must be a whole number 0 or more, not '-3'$/m);
    expectUsageError(
      await run(cli, ['fake', 'gtateth', '--seed', '-1'], env),
      /--seed must be a whole number 0 or more/,
    );
    expectUsageError(
      await run(cli, ['close', '--concurrency', '-2', '--yes'], env),
      /--concurrency must be a whole number 1 or more, not '-2'/,
    );
    expectUsageError(
      await run(cli, ['list', '--max-retry-after', '5x'], env),
      /--max-retry-after must be a duration like 90s/,
    );
    // A flag after a flag that takes a value is still the missing value it was.
    expectUsageError(await run(cli, ['reassign', '--to', '--yes'], env), /--to/);
    expectUsageError(await run(cli, ['close', '--concurrency', '0'], env), /--concurrency must be a whole number/);
    expectUsageError(await run(cli, ['list', '--provider', 'zendesk'], env), /--provider must be one of/);
    expectUsageError(await run(cli, ['fake', 'zendesk'], env), /unknown provider 'zendesk'/);
    expectUsageError(await run(cli, ['fake'], env), /fake needs a provider/);
  });

  it('a secret given as a flag is refused by name, its value never repeated', async () => {
    const value = 'hunter2-not-a-real-secret';
    for (const [flag, variable] of [
      ['--api-key', /GTATETH_API_KEY or HEYMARKET_API_KEY/],
      ['--token', /TETHER_TOKEN/],
      ['--password', /TETHER_PASSWORD/],
      ['--secret-key', /HEYMARKET_SECRET_KEY/],
    ] as const) {
      for (const args of [
        ['reassign', '--to', '1', flag, value],
        ['list', `${flag}=${value}`],
      ]) {
        const r = await run(cli, args, cleanEnv());
        expectUsageError(r, variable);
        expect(r.stderr).toContain(`${flag} is not accepted`);
        expect(r.stderr).not.toContain(value);
      }
    }
  });

  it('missing credentials name the variables; two providers set ask for --provider', async () => {
    expectUsageError(await run(cli, ['list'], cleanEnv()), /no credentials: set GTATETH_API_KEY/);
    expectUsageError(
      await run(cli, ['list', '--provider', 'heymarket'], cleanEnv({ HEYMARKET_API_KEY: 'hm_x' })),
      /heymarket: set HEYMARKET_USER_ID/,
    );
    expectUsageError(
      await run(cli, ['list', '--provider', 'tether'], cleanEnv({ TETHER_TOKEN: 'tok_secret_x' })),
      /tether: set TETHER_BASE_URL/,
    );
    const both = cleanEnv({ GTATETH_API_KEY: 'sk_test_both0000000000', HEYMARKET_API_KEY: 'hm_both_secret' });
    expectUsageError(await run(cli, ['list'], both), /--provider gtateth or --provider heymarket/);
  });

  it('a credential the provider refuses at construction or the server refuses with 401', async () => {
    expectUsageError(
      await run(cli, ['list'], cleanEnv({ GTATETH_API_KEY: 'not-a-key-secret' })),
      /ConfigurationError: gtateth: apiKey must be/,
    );
    const server = await served(createFakeGTateth({ conversations: 3 }));
    try {
      const env = { ...gtatethEnv(server.fake, server.url), GTATETH_API_KEY: 'sk_test_wrongwrongwrongwrong1234' };
      cleanEnv(env); // registers the wrong key as a secret too
      const r = await run(cli, ['list'], env);
      expectUsageError(
        r,
        /AuthenticationError: [^(]*\(401 [A-Z_]+(, request [^)]+)?\); check the credential variables$/m,
      );
      // The message carries the status, code and request id once: nothing repeats them.
      expect(r.stderr).not.toMatch(/status 401|code [A-Z]/);
    } finally {
      await server.close();
    }
  });

  it('a usage error is exit 2 even when stderr is a pipe already closed', async () => {
    const child = spawn(process.execPath, [cli, 'list', '--badflag'], {
      env: cleanEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
  });

  it('--debug adds the stack trace on stderr', async () => {
    const r = await run(cli, ['list', '--debug'], cleanEnv({ GTATETH_API_KEY: 'not-a-key-secret' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
