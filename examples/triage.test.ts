// An example of testing your own code with the SDK's fakes: no network, no mocks to write by hand.
import { ConversationsClient } from 'conversations-sdk';
import { gtateth } from 'conversations-sdk/gtateth';
import { createFakeGTateth } from 'conversations-sdk/testing';
import { describe, expect, it } from 'vitest';
import { assignUrgentToOnCall } from './triage.js';

describe('assignUrgentToOnCall', () => {
  it('assigns every open, unassigned, urgent conversation and nothing else', async () => {
    const fake = createFakeGTateth({ conversations: 300, seed: 42 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
    const onCall = fake.users[0]!._id;
    const before = new Map([...fake.conversations.values()].map((c) => [c._id, { ...c }]));

    const assigned = await assignUrgentToOnCall(client, onCall);

    const expected = [...before.values()].filter(
      (c) => c.status === 'open' && c.priority === 'urgent' && !c.assignedTo,
    );
    expect(expected.length).toBeGreaterThan(0); // the seed must give the code something to do
    expect(assigned.sort()).toEqual(expected.map((c) => c._id).sort());
    for (const c of fake.conversations.values()) {
      const was = before.get(c._id)!;
      expect(c.assignedTo).toBe(assigned.includes(c._id) ? onCall : was.assignedTo);
    }
  });

  it('surfaces a server failure instead of half-finishing silently', async () => {
    const fake = createFakeGTateth({ conversations: 300, seed: 42 });
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      fetch: fake.fetch,
      maxRetries: 0,
    });
    fake.inject({ route: 'PUT', status: 500 });
    await expect(assignUrgentToOnCall(client, fake.users[0]!._id)).rejects.toMatchObject({ status: 500 });
  });
});
