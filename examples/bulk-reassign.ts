// Move every open conversation of one Heymarket member in one inbox to another, with `client.bulk`:
// a dry run first, then the job, saving a checkpoint as it goes; it is stopped halfway (as Ctrl-C or a
// crash would stop it) and resumed from the saved checkpoint, redoing nothing. Runs over real HTTP
// against the bundled Heymarket fake on 127.0.0.1.
// Run it with `npm run example:bulk` (it builds the package first; Node ≥ 22.18 runs TypeScript directly).
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BulkCheckpoint, ConversationsClient } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';
import { createFakeHeymarket } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

const fake = createFakeHeymarket({ conversations: 500, inboxes: 2, users: 5, seed: 9, tieRate: 0.3 });
const server = await serveFake(fake);
const provider = heymarket({ apiKey: fake.apiKey, userId: fake.userId, baseUrl: server.url });
const client = new ConversationsClient({ provider });
const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
const file = join(dir, 'checkpoint.json');

try {
  // Whose open conversations move: the member of the first inbox holding the most, to another member.
  const [inbox] = await client.inboxes.list().toArray();
  if (!inbox) throw new Error('no inbox');
  const open = await client.conversations.list({ inboxId: inbox.id, status: 'open' }).toArray();
  const load = (id: string) => open.filter((c) => c.assignees.some((a) => a.id === id)).length;
  const [from, to] = [...inbox.memberIds].sort((a, b) => load(b) - load(a)) as [string, string];
  const filter = { inboxId: inbox.id, status: 'open', assigneeId: from } as const;
  console.log(`Inbox ${inbox.name}: user ${from} holds ${load(from)} open conversations, user ${to} ${load(to)}`);

  // 1. A dry run: lists, reports what it would write, writes nothing.
  const plan = await client.bulk.reassign({ filter, to, dryRun: true });
  console.log(`Dry run: ${plan.planned} to move, in ${plan.requests} requests, none of them a write`);

  // 2. The job, saving every checkpoint; stopped after 10 conversations, as Ctrl-C would stop it.
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  // Written to a temporary file renamed over the last one, so a crash mid-write never leaves half a file.
  const save = (cp: BulkCheckpoint) => {
    writeFileSync(`${file}.tmp`, JSON.stringify(cp));
    renameSync(`${file}.tmp`, file);
  };
  let seen = 0;
  const job = client.bulk.reassign({ filter, to, signal: stop.signal, onCheckpoint: save });
  for await (const r of job) {
    console.log(`  #${r.id} ${r.outcome}${r.reason ? `: ${r.reason}` : ''}`);
    if (++seen === 10) stop.abort();
  }
  const first = await job;
  console.log(`Stopped: ${first.done} moved, aborted: ${first.aborted}; checkpoint saved to ${file}`);

  // Meanwhile someone else takes one of the conversations still to move.
  const taken = (await client.conversations.list(filter).toArray())[0];
  const other = inbox.memberIds.find((m) => m !== from && m !== to) ?? to;
  if (taken) {
    await client.conversations.assign(taken, other);
    console.log(`Meanwhile user ${other} takes #${taken.id}`);
  }

  // 3. A new run (think: the next process) resumes from the file: nothing settled is redone, and the
  //    conversation someone else took no longer matches, so it is left alone.
  const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as BulkCheckpoint;
  const resumed = new ConversationsClient({ provider });
  const rest = await resumed.bulk.reassign({ filter, to, checkpoint, onCheckpoint: save });
  console.log(
    `Resumed: ${rest.done} moved, ${rest.skipped} skipped, ${rest.failed} failed, in ${rest.passes} passes ` +
      `and ${rest.requests} requests`,
  );
  const left = await client.conversations.list(filter).toArray();
  const writes = fake.requests('POST /v1/conversations/reassign').length - (taken ? 1 : 0);
  console.log(
    `Left matching the filter: ${left.length}; the two runs sent ${writes} reassigns for ${first.done + rest.done} moved`,
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
