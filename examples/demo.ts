// The SDK doing real work over HTTP against the bundled Heymarket fake, served on 127.0.0.1:
// walk an inbox, reassign the open conversations of one member to another, print a summary.
// Run it with `npm run demo` (it builds the package first; Node ≥ 22.18 runs this TypeScript directly).
import { ConversationsClient, type RetryInfo, type Warning } from 'conversations-sdk';
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
const client = new ConversationsClient({
  provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId, baseUrl: server.url }),
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

  // 1. Walk the inbox, newest first. Ties on `updated` across page boundaries are common here.
  const walked = await client.conversations.list({ inboxId: inbox.id, limit: 25 }).toArray();
  const ids = new Set(walked.map((c) => c.id));
  const instants = new Set(walked.map((c) => c.updatedAt.getTime())).size;
  const stored = [...fake.conversations.values()].filter((c) => String(c.inbox) === inbox.id).length;
  line(`Walked ${walked.length} conversations in pages of 25: ${ids.size} distinct ids, the fake holds ${stored};`);
  line(`  only ${instants} distinct update times among them, so many pages end inside a tie group`);

  // 2. Whose open conversations move: the member holding the most, to the member holding the fewest.
  const open = walked.filter((c) => c.status === 'open');
  const load = new Map(inbox.memberIds.map((id) => [id, 0]));
  for (const c of open) for (const a of c.assignees) load.set(a.id, (load.get(a.id) ?? 0) + 1);
  const ranked = [...load].sort((a, b) => b[1] - a[1]);
  const [from] = ranked[0] ?? [];
  const [to] = ranked[ranked.length - 1] ?? [];
  line(`Open conversations per member: ${ranked.map(([id, n]) => `${name(id)} ${n}`).join(', ')}`);

  // 3. Collect first, then reassign: each reassign moves the conversation to the top of the walk.
  const mine = await client.conversations.list({ inboxId: inbox.id, status: 'open', assigneeId: from }).toArray();
  fake.inject({ route: 'POST /v1/conversations/reassign', status: 503 }); // a flaky moment on the way
  for (const c of mine) await client.conversations.assign(c, to as string);
  line(`Reassigned ${mine.length} open conversations from ${name(from)} to ${name(to)}`);

  // 4. Check with a fresh walk.
  const left = await client.conversations.list({ inboxId: inbox.id, status: 'open', assigneeId: from }).toArray();
  const now = await client.conversations.list({ inboxId: inbox.id, status: 'open', assigneeId: to }).toArray();
  line(`Now: ${name(from)} has ${left.length} open, ${name(to)} has ${now.length} open`);

  // 5. A message, sent once even if retried.
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
