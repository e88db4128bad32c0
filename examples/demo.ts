// The SDK doing real work over HTTP against the bundled Heymarket fake, served on 127.0.0.1:
// walk an inbox, reassign the open conversations of one member to another, print a summary.
// Run it with `npm run demo` (it builds the package first; Node ≥ 22.18 runs this TypeScript directly).
import { type Conversation, ConversationsClient, type RetryInfo, type Warning } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';
import { createFakeHeymarket } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

// Many conversations share one `updated` instant, as on the real API: the walk must still see each once.
const fake = createFakeHeymarket({
  conversations: 600,
  inboxes: 2,
  users: 4,
  seed: 2026,
  tieRate: 0.4,
  latency: [1, 3],
});
const server = await serveFake(fake);
const retries: RetryInfo[] = [];
const warnings: Warning[] = [];
const credentials = { secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId, baseUrl: server.url };
const client = new ConversationsClient({
  provider: heymarket(credentials),
  onRetry: (r) => retries.push(r),
  onWarning: (w) => warnings.push(w),
  backoff: { initialMs: 20, maxMs: 100 },
});
const line = (text = '') => console.log(text);

try {
  line(`Heymarket fake on ${server.url}: ${fake.conversations.size} conversations, signed JWT auth\n`);

  const [inbox] = await client.inboxes.list().toArray();
  const team = await client.users.list().toArray();
  if (!inbox) throw new Error('no inbox');
  const name = (id: string | undefined) => team.find((u) => u.id === id)?.name ?? `user ${id}`;
  line(`Inbox "${inbox.name}" (${inbox.id}), members: ${inbox.memberIds.map(name).join(', ')}`);

  // 1. The first page, as rows. Newest first; ties on `updated` across page boundaries are common here.
  const firstPage = await client.conversations.list({ inboxId: inbox.id, limit: 25 });
  line(`\nFirst page (${firstPage.items.length} of them, before ${firstPage.before ?? 'now'}):`);
  for (const c of firstPage.items.slice(0, 4)) {
    const who = c.assignees.map((a) => name(a.id)).join(', ') || 'unassigned';
    line(
      `  #${c.id.padEnd(6)} ${c.status.padEnd(7)} ${(c.target ?? '').padEnd(18)} ${who.padEnd(12)} ${c.updatedAt.toISOString()}`,
    );
  }
  line(`  … and ${firstPage.items.length - 4} more on this page`);

  // 2. Page by page to the end, stopping after three pages to save the cursor, as a job that is
  //    interrupted would; a second client (think: the next run) resumes from the saved string alone.
  const walked: Conversation[] = [];
  let saved: string | null = null;
  let pages = 0;
  for await (const page of client.conversations.list({ inboxId: inbox.id, limit: 25 }).pages()) {
    walked.push(...page.items);
    saved = page.cursor;
    if (++pages === 3) break;
  }
  const resumed = new ConversationsClient({ provider: heymarket(credentials) });
  if (saved) {
    for await (const page of resumed.conversations.list({ cursor: saved }).pages()) {
      walked.push(...page.items);
      pages++;
    }
  }
  const ids = new Set(walked.map((c) => c.id));
  const instants = new Set(walked.map((c) => c.updatedAt.getTime())).size;
  const stored = [...fake.conversations.values()].filter((c) => String(c.inbox) === inbox.id).length;
  line(`\nWalked ${pages} pages of 25 (3, then resumed from a saved cursor by a second client):`);
  line(`  ${walked.length} conversations, ${ids.size} distinct ids, the fake holds ${stored};`);
  line(`  only ${instants} distinct update times among them, so many pages end inside a tie group\n`);

  // 3. Whose open conversations move: the member holding the most, to the member holding the fewest.
  const open = walked.filter((c) => c.status === 'open');
  const load = new Map(inbox.memberIds.map((id) => [id, 0]));
  for (const c of open) for (const a of c.assignees) load.set(a.id, (load.get(a.id) ?? 0) + 1);
  const ranked = [...load].sort((a, b) => b[1] - a[1]);
  const [from] = ranked[0] ?? [];
  const [to] = ranked[ranked.length - 1] ?? [];
  line(`Open conversations per member: ${ranked.map(([id, n]) => `${name(id)} ${n}`).join(', ')}`);

  // 4. A bulk job: lists what matches, reads each one fresh and reassigns it (the server checks it is
  //    still the member's), a few at a time, and lists again until nothing matching is left.
  if (!from || !to) throw new Error('no members');
  fake.inject({ route: 'POST /v1/conversations/reassign', status: 503 }); // a flaky moment on the way
  const moved = await client.bulk.reassign({ filter: { inboxId: inbox.id, status: 'open', assigneeId: from }, to });
  line(
    `Reassigned ${moved.done} open conversations from ${name(from)} to ${name(to)} ` +
      `(${moved.skipped} skipped, ${moved.failed} failed; ${moved.passes} passes, ${moved.requests} requests)`,
  );

  // 5. Check with a fresh walk.
  const left = await client.conversations.list({ inboxId: inbox.id, status: 'open', assigneeId: from }).toArray();
  const now = await client.conversations.list({ inboxId: inbox.id, status: 'open', assigneeId: to }).toArray();
  line(`Now: ${name(from)} has ${left.length} open, ${name(to)} has ${now.length} open`);

  // 6. A message, sent once even if retried.
  const first = now[0];
  if (first) {
    const sent = await client.messages.send(first, { text: `Hi! ${name(to)} here, taking over your conversation.` });
    line(`Sent message ${sent.id} to ${first.target}`);
  }

  line('');
  line(`Retries: ${retries.map((r) => `${r.reason} (${r.status ?? '-'})`).join(', ') || 'none'}`);
  line(`Warnings: ${warnings.map((w) => w.message).join('; ') || 'none'}`);
  line(`${fake.requests().length} HTTP requests served.`);
} finally {
  await server.close();
}
