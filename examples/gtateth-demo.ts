// The SDK doing real work over HTTP against a bundled fake served on 127.0.0.1.
// Run it with `npm run demo:gtateth` (it builds the package first; Node ≥ 22.18 runs this TypeScript directly).
import { ConversationsClient, type RetryInfo } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { createFakeGTateth } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

const fake = createFakeGTateth({ conversations: 240, seed: 2026, latency: [2, 8] });
const server = await serveFake(fake);
const retries: RetryInfo[] = [];
const client = new ConversationsClient({
  provider: gtateth({ apiKey: fake.apiKey, baseUrl: server.url }),
  onRetry: (r) => retries.push(r),
  backoff: { initialMs: 50, maxMs: 200 },
});

const line = (text = '') => console.log(text);
try {
  line(`G-Tateth fake listening on ${server.url} (${fake.conversations.size} conversations)\n`);

  // 1. The first page, with its offset metadata.
  const first = await client.conversations.list({ limit: 25 }); // an OffsetPage: G-Tateth pages by number
  line(`First page: ${first.items.length} of ${first.total} conversations, page ${first.page}/${first.totalPages}`);

  // 2. Walk everything; later pages are fetched ahead while earlier ones are consumed.
  const byStatus = new Map<string, number>();
  let walked = 0;
  for await (const c of client.conversations.list({ limit: 50 })) {
    walked++;
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  }
  line(`Walked ${walked} conversations: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(', ')}`);

  // 3. Resume a walk from a saved cursor, as another process would.
  const page = await client.conversations.list({ status: 'open', limit: 10 });
  const rest = await client.conversations.list({ cursor: page.cursor as string }).toArray();
  line(`Open conversations: ${page.items.length} on the first page + ${rest.length} resumed from its cursor`);

  // 4. Update: hand the urgent, unassigned, open ones to one agent, and survive a flaky network.
  const agent = fake.users[0] as (typeof fake.users)[number];
  const urgent = await client.conversations.list({ status: 'open', priority: 'urgent', assigneeId: null }).toArray();
  fake.inject({ route: 'PUT', status: 503 }).inject({ route: 'PUT', drop: true });
  for (const c of urgent) await client.conversations.assign(c, agent._id);
  line(`Assigned ${urgent.length} urgent conversations to ${agent.name}`);
  for (const c of urgent.slice(0, 3)) line(`  • ${(c.subject ?? '').padEnd(22)} ${c.id}`);
  line(`Retries along the way: ${retries.map((r) => `${r.method} ${r.reason}`).join(', ') || 'none'}`);

  // 5. Close one and check the server's state.
  if (urgent[0]) {
    await client.conversations.close(urgent[0]);
    const after = await client.conversations.get(urgent[0].id);
    line(`Closed ${after.id}: status is now "${after.status}", assignee ${after.assignees[0]?.id ?? 'none'}`);
  }
  line(`\n${fake.requests().length} HTTP requests served.`);
} finally {
  await server.close();
}
