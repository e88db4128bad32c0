// The page's script: lists the open conversations in a table, and reassigns one to the member picked in
// its row. The client runs in the page and calls the API across origins (here the Heymarket fake that
// `conversations-sdk fake heymarket` serves with CORS), signing its JWTs with the page's WebCrypto.
import { type Conversation, ConversationsClient, type Inbox } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';

/**
 * Where the API is and the credentials, from serve.ts (the fake's own, as `conversations-sdk fake`
 * printed them). A secret belongs in a page only for a demo on a fake: a real app signs in per user or
 * calls its own backend.
 */
interface Config {
  baseUrl: string;
  secretId: string;
  secretKey: string;
  userId: string;
}

const $ = <E extends Element>(selector: string) => document.querySelector<E>(selector) as E;
const cell = (text: string, className?: string) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
};
const when = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
const status = (text: string) => {
  $('#status').textContent = text;
};

async function main() {
  const config = (await (await fetch('/config.json')).json()) as Config;
  const client = new ConversationsClient({ provider: heymarket(config) });

  const [team, inboxes, page] = await Promise.all([
    client.users.list().toArray(),
    client.inboxes.list().toArray(),
    client.conversations.list({ status: 'open', limit: 10 }),
  ]);
  const name = (id: string | undefined) => (id ? (team.find((u) => u.id === id)?.name ?? `user ${id}`) : 'nobody');
  const inboxOf = (c: Conversation) => inboxes.find((i) => i.id === c.inboxId) as Inbox;
  $('#source').textContent =
    `Heymarket at ${config.baseUrl}, as ${name(config.userId)}: the first ${page.items.length} open conversations, newest first.`;

  for (const c of page.items) {
    let current = c;
    const row = document.createElement('tr');
    row.dataset.id = c.id;
    const assignee = cell(name(c.assignees[0]?.id), 'assignee');
    const updated = cell(when(c.updatedAt));
    // Anyone in the conversation's inbox but its assignee.
    const select = document.createElement('select');
    const offer = () =>
      select.replaceChildren(
        ...inboxOf(current)
          .memberIds.filter((id) => id !== current.assignees[0]?.id)
          .map((id) => new Option(name(id), id)),
      );
    offer();
    const button = document.createElement('button');
    button.textContent = 'Reassign';
    button.addEventListener('click', async () => {
      const to = select.value;
      button.disabled = true;
      row.dataset.state = 'busy';
      status(`Reassigning #${c.id} to ${name(to)}…`);
      try {
        await client.conversations.assign(current, to);
        // Read it back: the row shows what the server now holds.
        current = await client.conversations.get(c.id);
        assignee.textContent = name(current.assignees[0]?.id);
        updated.textContent = when(current.updatedAt);
        offer();
        row.dataset.state = 'reassigned';
        status(`Reassigned #${c.id} to ${name(current.assignees[0]?.id)}.`);
      } catch (error) {
        row.dataset.state = 'failed';
        status(`#${c.id} not reassigned: ${(error as Error).name}: ${(error as Error).message}`);
      } finally {
        button.disabled = false;
      }
    });
    const actions = document.createElement('td');
    actions.append(select, ' ', button);
    row.append(
      cell(c.id, 'id'),
      cell(c.target ?? ''),
      cell(c.channel ?? ''),
      cell(inboxOf(c).name ?? ''),
      assignee,
      updated,
      actions,
    );
    $('tbody').append(row);
  }
  status(`${page.items.length} conversations listed.`);
  document.body.dataset.state = 'ready';
}

main().catch((error: unknown) => {
  document.body.dataset.state = 'error';
  status(`Failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
});
