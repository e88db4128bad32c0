// Quickstart, Tether: list conversations (of all contacts, then of one), get one, assign and close it,
// send a message. It runs against the bundled Tether fake served on 127.0.0.1; the client is made as for
// the real API, with `baseUrl` (your instance) pointing at the fake. Run it with `npm run example:quickstart-tether`.
import { ConversationsClient } from 'conversations-sdk';
import { createFakeTether } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';
import { tether } from 'conversations-sdk/tether';

// The fake. Against the real API, skip this; `baseUrl` is then your instance, e.g. https://acme.tetherai.ca.
const fake = createFakeTether({ contacts: 6, conversations: 20, seed: 1 });
const server = await serveFake(fake);

const client = new ConversationsClient({
  provider: tether({
    baseUrl: server.url,
    email: fake.email, // yours: process.env.TETHER_EMAIL (the client logs in, and again when the token expires)
    password: fake.password, // yours: process.env.TETHER_PASSWORD
  }),
});

try {
  // Iterate a list for every conversation: Tether lists by contact, and the SDK walks every contact.
  // It lists what you own or are assigned to, as the API does.
  const all = await client.conversations.list().toArray();
  const open = all.filter((c) => c.status === 'open');
  console.log(`${all.length} conversations you own or are assigned to, ${open.length} open:`);
  for (const c of open.slice(0, 5)) console.log(`  ${c.id}  ${(c.channel ?? '').padEnd(8)}  ${c.target}`);

  // One contact's conversations: one request per channel type (or one with `channel`).
  const first = open[0];
  if (!first?.contactId) throw new Error('no open conversation');
  const ofContact = await client.conversations.list({ contactId: first.contactId, status: 'open' });
  console.log(`Contact ${first.contactId}: ${ofContact.items.length} open`);

  // Get one by id, assign it to a colleague, send a message, close it.
  const conversation = await client.conversations.get(first.id);
  const colleague = fake.users[1]; // a user of your organisation
  if (!colleague) throw new Error('no colleague');
  await client.conversations.assign(conversation, colleague._id);
  const sent = await client.messages.send(conversation, { text: 'Thanks for waiting, a colleague takes over now.' });
  console.log(`Assigned ${conversation.id} to ${colleague.fullName} and sent message ${sent.id}: "${sent.text}"`);
  await client.conversations.close(conversation);
  const after = await client.conversations.get(conversation.id);
  const names = after.assignees.map((a) => fake.users.find((u) => u._id === a.id)?.fullName ?? a.id);
  console.log(`Closed ${after.id}: status ${after.status}, assigned to ${names.join(', ')}`);
} finally {
  await server.close();
}
