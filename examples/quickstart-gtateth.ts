// Quickstart, G-Tateth: list, get, assign, close and create conversations, and catch an error.
// It runs against the bundled G-Tateth fake served on 127.0.0.1; the client is made as for the real API,
// with only `baseUrl` pointing at the fake. Run it with `npm run example:quickstart-gtateth`.
import { ConversationsClient, NotFoundError } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { createFakeGTateth } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

// The fake. Against the real API, skip this and drop `baseUrl` below.
const fake = createFakeGTateth({ conversations: 40, seed: 1 });
const server = await serveFake(fake);

const client = new ConversationsClient({
  provider: gtateth({
    apiKey: fake.apiKey, // yours: process.env.GTATETH_API_KEY (sk_live_… or sk_test_…)
    baseUrl: server.url,
  }),
});

try {
  // Await a list for its first page (G-Tateth pages by number, with a total) …
  const page = await client.conversations.list({ status: 'open', limit: 5 });
  console.log(`${page.total} open conversations, page ${page.page} of ${page.totalPages}:`);
  for (const c of page.items) console.log(`  ${c.id}  ${(c.priority ?? '').padEnd(6)}  ${c.subject}`);

  // … or iterate it for every conversation, page after page.
  let urgent = 0;
  for await (const c of client.conversations.list({ priority: 'urgent' })) if (c.status !== 'closed') urgent++;
  console.log(`Urgent and not closed: ${urgent}`);

  // Get one by id, assign it to an agent, close it.
  const first = page.items[0];
  if (!first) throw new Error('no open conversation');
  const conversation = await client.conversations.get(first.id);
  const agent = fake.users[0]; // an agent of your account
  if (!agent) throw new Error('no agent');
  await client.conversations.assign(conversation, agent._id);
  await client.conversations.close(conversation);
  const after = await client.conversations.get(conversation.id);
  const assignee = after.assignees[0]?.id === agent._id ? agent.name : after.assignees[0]?.id;
  console.log(`Assigned ${after.id} to ${assignee} and closed it: status ${after.status}`);

  // Create one for the same customer (G-Tateth only). G-Tateth has no messages API.
  const created = await client.conversations.create({
    subject: 'Welcome call',
    priority: 'high',
    contactId: after.contactId ?? undefined,
  });
  console.log(`Created ${created.id} "${created.subject}" (${created.status})`);
  console.log(`messages.send supported: ${client.supports('messages.send')}`);

  // Errors are classes: a 404 is a NotFoundError, with the server's code and request id.
  try {
    await client.conversations.get('ffffffffffffffffffffffff');
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`Not found: ${error.code} (request ${error.requestId})`);
  }
} finally {
  await server.close();
}
