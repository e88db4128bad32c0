import { describe, expect, it } from 'vitest';
import { ConversationsClient, UnsupportedOperationError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';

describe('unsupported operations', () => {
  it('reject with UnsupportedOperationError and send no request', async () => {
    const fake = createFakeGTateth({ conversations: 2 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
    const loose = client as unknown as ConversationsClient;
    const id = fake.sorted()[0]!._id;
    for (const call of [
      () => loose.conversations.transfer(id, '1'),
      () => loose.conversations.markRead(id),
      () => loose.conversations.markUnread(id),
      () => loose.messages.send(id, { text: 'hi' }),
      () => loose.messages.list(id),
      () => loose.inboxes.list(),
      () => loose.users.list(),
    ]) {
      const error = await rejection(call as () => Promise<unknown>);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error).toMatchObject({ provider: 'gtateth' });
    }
    expect(fake.requests()).toHaveLength(0);
  });

  it('supports() tells what the provider has', () => {
    const client = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });
    expect(client.supports('conversations.delete')).toBe(true);
    expect(client.supports('conversations.transfer')).toBe(false);
    expect(client.supports('messages.send')).toBe(false);
  });
});
