import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Conversation, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  type FakeGTateth,
  type FakeServer,
} from '../../src/testing/index.js';
import {
  builtCli,
  expectUsageError,
  gtatethEnv,
  heymarketEnv,
  jsonl,
  run,
  served,
  start,
  tetherEnv,
  until,
} from './support.js';

// The bulk commands run on `client.bulk`; without it (a build before bulk jobs) these tests cannot run.
const hasBulk = 'bulk' in new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_probe' }) });

let cli = '';
beforeAll(() => {
  cli = builtCli();
}, 120_000);

const dir = mkdtempSync(join(tmpdir(), 'conversations-sdk-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/**
 * One provider's fake served on 127.0.0.1, the CLI's environment for it, an in-process client on the
 * same fake (to learn what matches, before the CLI runs), how to read a conversation's assignee from the
 * store, and the route of the write a reassignment sends.
 */
interface Setup {
  fake: FakeServer;
  env: Record<string, string>;
  /** Every conversation the acting user sees, listed by an in-process client on the fake. */
  list(): AsyncIterable<Conversation>;
  /** The user conversations are moved to: the acting user where the API has one. */
  to: string;
  assigneeOf(id: string): string[];
  writeRoute: string;
}

async function setup(provider: 'gtateth' | 'heymarket' | 'tether', conversations = 40): Promise<Setup> {
  switch (provider) {
    case 'gtateth': {
      const server = await served(createFakeGTateth({ conversations, seed: 11 }));
      open.push(server.close);
      const { fake } = server;
      return {
        fake,
        env: gtatethEnv(fake, server.url),
        list: () =>
          new ConversationsClient({
            provider: gtateth({ apiKey: fake.apiKey }),
            fetch: fake.fetch,
          }).conversations.list(),
        to: fake.users[0]!._id,
        assigneeOf: (id) => [fake.conversations.get(id)?.assignedTo ?? ''].filter(Boolean),
        writeRoute: 'PUT /api/v1/conversations/',
      };
    }
    case 'heymarket': {
      const server = await served(createFakeHeymarket({ conversations, seed: 11 }));
      open.push(server.close);
      const { fake } = server;
      return {
        fake,
        env: heymarketEnv(fake, server.url),
        list: () =>
          new ConversationsClient({
            provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
            fetch: fake.fetch,
          }).conversations.list(),
        to: String(fake.userId),
        assigneeOf: (id) => {
          const assigned = fake.conversations.get(Number(id))?.assigned;
          return assigned == null ? [] : [String(assigned)];
        },
        writeRoute: 'POST /v1/conversations/reassign',
      };
    }
    case 'tether': {
      // Tether spreads assignees thinner: more conversations, so that one user has several.
      const server = await served(createFakeTether({ conversations: conversations * 2, seed: 11 }));
      open.push(server.close);
      const { fake } = server;
      return {
        fake,
        env: tetherEnv(fake, server.url),
        list: () =>
          new ConversationsClient({
            provider: tether({ baseUrl: 'https://tether.test', email: fake.email, password: fake.password }),
            fetch: fake.fetch,
          }).conversations.list(),
        to: fake.user._id,
        assigneeOf: (id) => fake.conversations.get(id)?.assignees ?? [],
        writeRoute: 'PUT /api/conversation/',
      };
    }
  }
}

/** The assignee (other than `to`) with the most conversations, and the ids of those conversations. */
async function busiest(s: Setup): Promise<{ from: string; ids: string[] }> {
  const byUser = new Map<string, string[]>();
  for await (const c of s.list()) {
    for (const a of c.assignees) if (a.id !== s.to) byUser.set(a.id, [...(byUser.get(a.id) ?? []), c.id]);
  }
  const [from, ids] = [...byUser].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(ids.length).toBeGreaterThan(2);
  return { from, ids: ids.sort() };
}

describe.skipIf(!hasBulk)('bulk commands', () => {
  for (const provider of ['gtateth', 'heymarket', 'tether'] as const) {
    it(`reassign on ${provider}: every match moves, one JSONL line per conversation, exit 0`, async () => {
      const s = await setup(provider);
      const { from, ids } = await busiest(s);
      const r = await run(cli, ['reassign', '--assignee', from, '--to', s.to, '--yes'], s.env);
      expect(r.stderr).toMatch(new RegExp(`^reassign: ${ids.length} matched; ${ids.length} done, 0 skipped, 0 failed`));
      expect(r.code).toBe(0);
      const lines = jsonl(r.stdout);
      expect(lines.map((l) => l.id).sort()).toEqual(ids);
      for (const line of lines) expect(line).toEqual({ id: line.id, outcome: 'done', reason: null, error: null });
      for (const id of ids) expect(s.assigneeOf(id)).toEqual([s.to]);
    });

    it(`reassign on ${provider}: a 403 on one write is a failed line and exit 1; the rest move`, async () => {
      const s = await setup(provider);
      const { from, ids } = await busiest(s);
      s.fake.inject({ status: 403, route: s.writeRoute, times: 1 });
      const r = await run(cli, ['reassign', '--assignee', from, '--to', s.to, '--yes'], s.env);
      expect(r.code).toBe(1);
      const lines = jsonl(r.stdout);
      expect(lines).toHaveLength(ids.length);
      const failed = lines.filter((l) => l.outcome === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.error).toMatchObject({ name: 'PermissionDeniedError', status: 403 });
      expect(typeof failed[0]!.reason).toBe('string');
      expect(lines.filter((l) => l.outcome === 'done')).toHaveLength(ids.length - 1);
      expect(r.stderr).toMatch(/1 failed/);
    });
  }

  it('--dry-run lists and plans every match and sends no write', async () => {
    const s = await setup('heymarket');
    const { from, ids } = await busiest(s);
    const mark = s.fake.log.length;
    const r = await run(cli, ['reassign', '--assignee', from, '--to', s.to, '--dry-run'], s.env);
    expect(r.code).toBe(0);
    const lines = jsonl(r.stdout).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(lines.map((l) => [l.id, l.outcome])).toEqual(ids.map((id) => [id, 'planned']));
    expect(r.stderr).toMatch(/reassign \(dry run\): \d+ matched; \d+ planned/);
    // Heymarket lists with POST /v1/conversations; any other POST (or a PUT) would be a write.
    const sent = s.fake.log.slice(mark).map((q) => `${q.method} ${q.path}`);
    expect(sent.filter((line) => !/^(GET |POST \/v1\/conversations$)/.test(line))).toEqual([]);
    for (const id of ids) expect(s.assigneeOf(id)).toEqual([from]);
  });

  it('without a terminal and without --yes, a real run is refused (exit 2) before any request', async () => {
    const s = await setup('gtateth', 5);
    const mark = s.fake.log.length;
    expectUsageError(await run(cli, ['close', '--yes=no'], s.env), /--yes/);
    expectUsageError(await run(cli, ['close', '--status', 'open'], s.env), /no terminal to confirm it: pass --yes/);
    expect(s.fake.log.length).toBe(mark);
  });

  it('an action the provider lacks, or a checkpoint of another job, is exit 2', async () => {
    const s = await setup('gtateth', 5);
    expectUsageError(
      await run(cli, ['transfer', '--to-inbox', 'x', '--yes'], s.env),
      /UnsupportedOperationError: gtateth does not support conversations.transfer/,
    );
    const file = join(dir, 'other-job.json');
    expect((await run(cli, ['close', '--status', 'pending', '--yes', '--checkpoint', file], s.env)).code).toBe(0);
    expectUsageError(
      await run(cli, ['reopen', '--yes', '--checkpoint', file], s.env),
      /checkpoint belongs to another job/,
    );
  });

  it('close and reopen end in that state', async () => {
    const s = await setup('gtateth', 20);
    const fake = s.fake as FakeGTateth;
    const open = () => [...fake.conversations.values()].filter((c) => c.status === 'open').map((c) => c._id);
    const before = open();
    expect((await run(cli, ['close', '--status', 'open', '--yes'], s.env)).code).toBe(0);
    expect(open()).toEqual([]);
    const r = await run(cli, ['reopen', '--status', 'closed', '--yes'], s.env);
    expect(r.code).toBe(0);
    expect(open().length).toBeGreaterThanOrEqual(before.length);
  });

  /** A G-Tateth fake slow enough to stop partway: 60 matches, 10 ms per request, 2 writes in flight. */
  async function slowJob() {
    const server = await served(createFakeGTateth({ conversations: 60, seed: 12, latency: 10 }));
    open.push(server.close);
    const { fake } = server;
    const to = fake.users[0]!._id;
    const ids = [...fake.conversations.values()].filter((c) => c.assignedTo !== to).map((c) => c._id);
    const args = ['reassign', '--to', to, '--yes', '--concurrency', '2'];
    const writes = (id: string) => fake.requests(`PUT /api/v1/conversations/${id}`).length;
    return { fake, env: gtatethEnv(fake, server.url), to, ids, args, writes };
  }

  it('--checkpoint: killed with SIGKILL partway, a rerun moves the rest, writing nothing twice but what was in flight', async () => {
    const { fake, env, to, ids, args, writes } = await slowJob();
    const file = join(dir, 'kill.json');
    const first = start(cli, [...args, '--checkpoint', file], env);
    await first.lines(15);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { settled: string[] };
    expect(saved.settled.length).toBeGreaterThan(0);
    expect(saved.settled.length).toBeLessThan(ids.length); // killed partway

    const rerun = await run(cli, [...args, '--checkpoint', file], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`resumed from ${file}, where ${saved.settled.length} were settled before`));
    for (const id of ids) expect(fake.conversations.get(id)!.assignedTo).toBe(to);
    const twice = ids.filter((id) => writes(id) > 1);
    expect(twice.length).toBeLessThanOrEqual(2); // --concurrency 2: the writes in flight at the kill
    expect(ids.every((id) => writes(id) >= 1)).toBe(true);
    // The rerun reports only what it settled itself.
    const rerunIds = jsonl(rerun.stdout).map((l) => l.id);
    expect(rerunIds.filter((id) => saved.settled.includes(id as string))).toEqual([]);
  });

  it('SIGINT: writes in flight settle, the checkpoint is written, exit 130; a rerun finishes the job', async () => {
    const { fake, env, to, ids, args, writes } = await slowJob();
    const file = join(dir, 'int.json');
    const first = start(cli, [...args, '--checkpoint', file], env);
    await first.lines(10);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: starting no new write/);
    expect(stopped.stderr).toMatch(new RegExp(`checkpoint saved to ${file}`));
    const reported = jsonl(stopped.stdout).map((l) => l.id as string);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { settled: string[] };
    // Everything reported is in the checkpoint: nothing settled is lost to the interrupt.
    expect(reported.every((id) => saved.settled.includes(id))).toBe(true);
    expect(reported.length).toBeLessThan(ids.length);

    const rerun = await run(cli, [...args, '--checkpoint', file], env);
    expect(rerun.code).toBe(0);
    for (const id of ids) expect(fake.conversations.get(id)!.assignedTo).toBe(to);
    expect(ids.filter((id) => writes(id) > 1)).toEqual([]);
  });

  it('a rate limit over --max-retry-after stops the job: the error, the summary, the wait and the resume hint, exit 1; a rerun finishes', async () => {
    const { fake, env, to, ids, args, writes } = await slowJob();
    const file = join(dir, 'limited.json');
    const first = start(cli, [...args, '--checkpoint', file, '--max-retry-after', '1s'], env);
    await first.lines(6);
    // Two seconds asked for, one accepted: every request meets the 429 at once.
    fake.inject({ status: 429, retryAfter: 2, times: 1000 });
    const stopped = await first.done;
    expect(stopped.code).toBe(1);
    const lines = stopped.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^conversations-sdk: RateLimitError: /);
    expect(lines[1]).toMatch(
      /^reassign: \d+ matched; \d+ done, 0 skipped, 0 failed \(\d+\.\d s\); stopped by an error before the end$/,
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^conversations-sdk: stopped by this error; the server asks to wait 0:02 \\(until \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\); checkpoint saved to ${file}: run the same command again to resume$`,
      ),
    );
    const reported = jsonl(stopped.stdout).map((l) => l.id as string);
    expect(jsonl(stopped.stdout).every((l) => l.outcome === 'done')).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { settled: string[] };
    expect(reported.every((id) => saved.settled.includes(id))).toBe(true);
    fake.clearFaults();
    const rerun = await run(cli, [...args, '--checkpoint', file], env);
    expect(rerun.code).toBe(0);
    for (const id of ids) expect(fake.conversations.get(id)!.assignedTo).toBe(to);
    expect(
      ids.filter((id) => fake.requests(`PUT /api/v1/conversations/${id}`).filter((r) => r.status === 200).length !== 1),
    ).toEqual([]);
    expect(ids.every((id) => writes(id) >= 1)).toBe(true);
  });

  it('stdout closed partway stops the job as an interrupt does, but says why, and exits 1', async () => {
    const { env, args } = await slowJob();
    const file = join(dir, 'epipe.json');
    const first = start(cli, [...args, '--checkpoint', file], env);
    await first.lines(3);
    first.child.stdout!.destroy();
    const stopped = await first.done;
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/stdout closed, so no result can be reported: starting no new write/);
    expect(stopped.stderr).not.toMatch(/Ctrl-C/);
    expect(stopped.stderr).toMatch(new RegExp(`stopped \\(stdout closed\\); checkpoint saved to ${file}`));
  });

  it('a second SIGINT exits at once with 130, without waiting for the write in flight', async () => {
    const server = await served(createFakeGTateth({ conversations: 10, seed: 13 }));
    open.push(server.close);
    const { fake } = server;
    fake.inject({ delay: 4_000, route: 'PUT /api/v1/conversations/' }); // one write hangs for 4 s
    const job = start(
      cli,
      ['reassign', '--to', fake.users[0]!._id, '--yes', '--concurrency', '1'],
      gtatethEnv(fake, server.url),
    );
    await until(() => fake.requests('PUT').length > 0);
    job.child.kill('SIGINT');
    await job.stderr(/SIGINT: starting no new write/);
    const at = Date.now();
    job.child.kill('SIGINT');
    const r = await job.done;
    expect(r.code).toBe(130);
    expect(Date.now() - at).toBeLessThan(2_000);
  });
});
