import { ConversationsClient } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';

/**
 * Your service's code, as it runs in production: a client built from the environment (the real API's
 * base URL, the global `fetch`), and a job written against it. `examples/downstream.test.ts` tests both
 * with msw and the SDK's fake, changing nothing here.
 */
export function clientFromEnv(env: Record<string, string | undefined>) {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  return new ConversationsClient({
    provider: heymarket({
      secretId: need('HEYMARKET_SECRET_ID'),
      secretKey: need('HEYMARKET_SECRET_KEY'),
      userId: Number(need('HEYMARKET_USER_ID')),
    }),
  });
}

/**
 * Hands the open, unassigned conversations of an inbox to its members in turn, oldest first; returns
 * who got which ids.
 */
export async function spreadUnassigned(
  client: ReturnType<typeof clientFromEnv>,
  inboxId: string,
): Promise<Map<string, string[]>> {
  const inbox = (await client.inboxes.list().toArray()).find((i) => i.id === inboxId);
  if (!inbox) throw new Error(`no inbox ${inboxId}`);
  // Collect first, then write: the writes move conversations to the top of the newest-first list.
  const waiting = await client.conversations.list({ inboxId, status: 'open', assigneeId: null }).toArray();
  const given = new Map<string, string[]>(inbox.memberIds.map((id) => [id, []]));
  for (const [i, conversation] of waiting.reverse().entries()) {
    const member = inbox.memberIds[i % inbox.memberIds.length] as string;
    await client.conversations.assign(conversation, member);
    given.get(member)?.push(conversation.id);
  }
  return given;
}
