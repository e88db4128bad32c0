import type { ConversationsClient } from 'conversations-sdk';

/**
 * Your own code, written against the SDK: hand every open, unassigned, urgent conversation to an
 * on-call agent. `examples/triage.test.ts` shows how to test code like this with the bundled fakes.
 */
export async function assignUrgentToOnCall(client: ConversationsClient, onCallUserId: string): Promise<string[]> {
  // Collect first, then write: changing rows while paging through a filtered offset list would skip some.
  const urgent = await client.conversations.list({ status: 'open', priority: 'urgent', assigneeId: null }).toArray();
  for (const conversation of urgent) await client.conversations.assign(conversation, onCallUserId);
  return urgent.map((c) => c.id);
}
