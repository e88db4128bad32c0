// Quickstart, Heymarket: list inboxes, team and conversations, get one, reassign and close it, send a
// message. It runs against the bundled Heymarket fake served on 127.0.0.1; the client is made as for the
// real API, with only `baseUrl` pointing at the fake. Run it with `npm run example:quickstart-heymarket`.
import { ConversationsClient } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';
import { createFakeHeymarket } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

// The fake. Against the real API, skip this and drop `baseUrl` below.
const fake = createFakeHeymarket({ conversations: 40, inboxes: 2, seed: 1 });
const server = await serveFake(fake);

const client = new ConversationsClient({
  provider: heymarket({
    secretId: fake.secretId, // yours: process.env.HEYMARKET_SECRET_ID
    secretKey: fake.secretKey, // yours: process.env.HEYMARKET_SECRET_KEY
    userId: fake.userId, // the team member every call acts as
    baseUrl: server.url,
  }),
});

try {
  const team = await client.users.list().toArray();
  const name = (id: string | undefined) => team.find((u) => u.id === id)?.name ?? 'nobody';
  const [inbox] = await client.inboxes.list().toArray();
  if (!inbox) throw new Error('no inbox');
  console.log(`Inbox "${inbox.name}" (${inbox.id}): ${inbox.memberIds.map(name).join(', ')}`);

  // Await a list for its first page (newest first) …
  const page = await client.conversations.list({ inboxId: inbox.id, status: 'open', limit: 5 });
  console.log(`Open in ${inbox.name}, newest first:`);
  for (const c of page.items) console.log(`  #${c.id}  ${(c.target ?? '').padEnd(14)}  ${name(c.assignees[0]?.id)}`);

  // … or iterate it for every conversation, page after page.
  let all = 0;
  for await (const _ of client.conversations.list({ inboxId: inbox.id })) all++;
  console.log(`All conversations in ${inbox.name}: ${all}`);

  // Get one by id, reassign it to another member of the inbox, send a message, close it.
  const first = page.items[0];
  if (!first) throw new Error('no open conversation');
  const conversation = await client.conversations.get(first.id);
  const to = inbox.memberIds.find((id) => id !== conversation.assignees[0]?.id) ?? String(fake.userId);
  await client.conversations.assign(conversation, to);
  const sent = await client.messages.send(conversation, { text: `Hi! ${name(to)} here, I'll take it from here.` });
  console.log(`Reassigned #${conversation.id} to ${name(to)} and sent message ${sent.id}: "${sent.text}"`);
  await client.conversations.close(conversation.id);
  const after = await client.conversations.get(conversation.id);
  console.log(`Closed #${after.id}: status ${after.status}, assignee ${name(after.assignees[0]?.id)}`);
} finally {
  await server.close();
}
