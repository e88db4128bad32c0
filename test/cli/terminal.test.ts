import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth } from '../../src/testing/index.js';
import { builtCli, gtatethEnv, leaks, served } from './support.js';

// util-linux `script` runs a command on a pseudo-terminal: stdin and stderr are then a TTY, as for a
// person at a terminal. Without it (macOS has a different `script`), these tests cannot run.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') === true;
const hasBulk = 'bulk' in new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_probe' }) });

let cli = '';
beforeAll(() => {
  cli = builtCli();
}, 120_000);
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** Runs the CLI on a terminal, typing `typed`; resolves its exit status and everything the terminal showed. */
function onTerminal(
  args: string[],
  env: Record<string, string>,
  typed: string,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, cli, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(typed);
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (leaks(screen) ? reject(new Error('a secret appeared')) : resolve({ code, screen }))),
  );
}

describe.skipIf(!hasScript || !hasBulk)('on a terminal', () => {
  async function setup() {
    const server = await served(createFakeGTateth({ conversations: 30, seed: 21 }));
    open.push(server.close);
    const { fake } = server;
    const to = fake.users[0]!._id;
    const ids = [...fake.conversations.values()]
      .filter((c) => c.status === 'open' && c.assignedTo !== to)
      .map((c) => c._id);
    return { fake, to, ids, env: gtatethEnv(fake, server.url) };
  }

  it('a real run asks first; anything but yes changes nothing (exit 2)', async () => {
    const { fake, to, env } = await setup();
    const r = await onTerminal(['reassign', '--status', 'open', '--to', to], env, 'n\n');
    expect(r.screen).toMatch(
      /About to assign to \w+ every conversation matching status=open on gtateth\. Go on\? \[y\/N\]/,
    );
    expect(r.screen).toMatch(/not confirmed; nothing was changed/);
    expect(r.code).toBe(2);
    expect(fake.requests('PUT')).toEqual([]);
  });

  it('answered yes, it runs with a live progress line (counts, rate, ETA) and exits 0', async () => {
    const { fake, to, ids, env } = await setup();
    const r = await onTerminal(['reassign', '--status', 'open', '--to', to], env, 'y\n');
    expect(r.code).toBe(0);
    // An offset list's first page gives the number of matches, so the line has an ETA.
    expect(r.screen).toContain('\r\u001b[2Kreassign: '); // the line is redrawn in place
    expect(r.screen).toMatch(/reassign: \d+ done · \d+ skipped · 0 failed of ~\d+ · [\d.]+\/s · ETA \d+:\d\d/);
    expect(r.screen).toMatch(/reassign: \d+ matched; \d+ done, \d+ skipped, 0 failed/);
    for (const id of ids) expect(fake.conversations.get(id)!.assignedTo).toBe(to);
  });
});
