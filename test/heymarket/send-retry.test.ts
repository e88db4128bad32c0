import { describe, expect, it } from 'vitest';
import { ConfigurationError, type RetryInfo } from '../../src/index.js';
import { bodies, setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

describe('a retried send creates exactly one message', () => {
  it.each([
    ['a 500 after the message was created', { status: 500, when: 'after' as const }, 'server_error'],
    ['a 503 after the message was created', { status: 503, when: 'after' as const }, 'server_error'],
    ['a connection dropped after the message was created', { drop: true, when: 'after' as const }, 'connection'],
    ['a 502 before anything happened', { status: 502 }, 'server_error'],
    ['a connection dropped before anything happened', { drop: true }, 'connection'],
  ])('%s', async (_name, fault, reason) => {
    const retries: RetryInfo[] = [];
    const { fake, client } = setup({ conversations: 0 }, { onRetry: (r) => retries.push(r) });
    const record = fake.insert();
    fake.inject({ ...fault, route: 'POST /v1/message/send' });
    const message = await client.messages.send(String(record.id), { text: 'Your order shipped' });
    expect(fake.history(record.id).map((m) => m.text)).toEqual(['Your order shipped']);
    expect(message.id).toBe(String(fake.history(record.id)[0]!.id));
    const sends = bodies(fake, 'POST /v1/message/send');
    expect(sends.length).toBe(2);
    expect(sends[1]!.local_id).toBe(sends[0]!.local_id);
    expect(retries.map((r) => r.reason)).toEqual([reason]);
  });

  it('each send call gets its own local_id, so two calls are two messages', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    await client.messages.send(String(record.id), { text: 'one' });
    await client.messages.send(String(record.id), { text: 'one' });
    expect(fake.history(record.id).length).toBe(2);
    const [a, b] = bodies(fake, 'POST /v1/message/send');
    expect(a!.local_id).not.toBe(b!.local_id);
  });

  it('a send given a Conversation sends only the send request', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    const c = await client.conversations.get(String(record.id));
    const mark = fake.log.length;
    await client.messages.send(c, { text: 'hi' });
    expect(fake.log.slice(mark).map((r) => r.path)).toEqual(['/v1/message/send']);
  });

  it('an idempotency key is kept across the retry of a send that landed: one message', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    fake.inject({ status: 500, when: 'after', route: 'POST /v1/message/send' });
    await client.messages.send(String(record.id), { text: 'exactly once', idempotencyKey: ' job-7 ' });
    expect(fake.history(record.id).map((m) => m.text)).toEqual(['exactly once']);
    // Sent as given: the server matches a local_id exactly.
    expect(bodies(fake, 'POST /v1/message/send').map((b) => b.local_id)).toEqual([' job-7 ', ' job-7 ']);
  });

  it('a blank or non-string idempotency key is a ConfigurationError before any request', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    const c = await client.conversations.get(String(record.id));
    const mark = fake.log.length;
    // "" is what the server reads as no local_id: a retry of it would send twice.
    for (const idempotencyKey of ['', '   ', '\n', 5, null, {}]) {
      for (const ref of [c, String(record.id)]) {
        const input = { text: 'hi', idempotencyKey } as unknown as { text: string };
        const error = await rejection(() => client.messages.send(ref, input));
        expect(error, JSON.stringify(idempotencyKey)).toBeInstanceOf(ConfigurationError);
        expect(error.message).toBe('messages.send: idempotencyKey must be a non-blank string, or left out');
      }
    }
    expect(fake.log.length).toBe(mark);
    expect(fake.history(record.id)).toEqual([]);
  });
});
