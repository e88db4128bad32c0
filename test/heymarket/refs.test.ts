import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionDeniedError } from '../../src/index.js';
import type { FakeHeymarket } from '../../src/testing/index.js';
import { setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

/** Requests after a mark, as `METHOD path status` lines. */
const since = (fake: FakeHeymarket, mark: number) =>
  fake.log.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`);

/**
 * An sms conversation in the first inbox, with one message, read as a `Conversation`, then transferred by
 * the SDK itself to the second inbox: the object still names the first.
 */
async function transferred() {
  const s = setup({ conversations: 0 });
  const { fake, client } = s;
  const [from, to] = [fake.inboxes[0]!, fake.inboxes[1]!];
  const record = fake.insert({ inbox: from.id, status: 'open', assigned: fake.userId });
  fake.addMessage(record.id, { text: 'before the move' });
  const stale = await client.conversations.get(String(record.id));
  await client.conversations.transfer(stale, String(to.id));
  expect(record.inbox).toBe(to.id);
  expect(stale.inboxId).toBe(String(from.id));
  return { ...s, record, stale, from, to };
}

describe('a Conversation made stale by a transfer (its inbox changed) still works', () => {
  it('close and reopen: the 404 is settled by a read, then sent once more to the fresh inbox', async () => {
    const { fake, client, record, stale, to } = await transferred();
    const mark = fake.log.length;
    await client.conversations.close(stale);
    expect(record.status).toBe('closed');
    expect(since(fake, mark)).toEqual([
      'POST /v1/conversations/close 404',
      `GET /v1/conversations/${record.id} 200`,
      'POST /v1/conversations/close 200',
    ]);
    expect(fake.requests('POST /v1/conversations/close').at(-1)!.body).toEqual({
      inbox_id: to.id,
      user_id: fake.userId,
      chat_id: record.id,
    });
    await client.conversations.reopen(stale);
    expect(record.status).toBe('open');
  });

  it('markRead and markUnread', async () => {
    const { fake, client, record, stale } = await transferred();
    await client.conversations.markRead(stale);
    expect(record.readBy.has(fake.userId)).toBe(true);
    await client.conversations.markUnread(stale);
    expect(record.readBy.has(fake.userId)).toBe(false);
    expect(fake.requests('POST /v1/conversations/read').map((r) => r.status)).toEqual([404, 200]);
  });

  it('messages.send: sent once, to the fresh inbox, with the same local_id', async () => {
    const { fake, client, record, stale, to } = await transferred();
    const message = await client.messages.send(stale, { text: 'after the move' });
    expect(fake.history(record.id).map((m) => m.text)).toEqual(['after the move', 'before the move']);
    expect(message).toMatchObject({ conversationId: String(record.id), text: 'after the move' });
    const sends = fake.requests('POST /v1/message/send');
    expect(sends.map((r) => r.status)).toEqual([404, 200]);
    const [first, second] = sends.map((r) => r.body as Record<string, unknown>);
    expect(second).toMatchObject({ inbox_id: to.id, chat_id: record.id });
    expect(second!.local_id).toBe(first!.local_id);
  });

  it('assign: the 404 is read back and the reassign sent for the fresh inbox', async () => {
    const { fake, client, record, stale, to } = await transferred();
    const other = fake.addUser();
    to.members.push(other.id);
    await client.conversations.assign(stale, String(other.id));
    expect(record.assigned).toBe(other.id);
    expect(fake.requests('POST /v1/conversations/reassign').map((r) => r.status)).toEqual([404, 200]);
  });

  it('a bulk reassign whose conversation is transferred between its read and its write skips it', async () => {
    let victim = -1;
    let moved = false;
    const s = setup(
      { conversations: 0 },
      {
        // Someone else transfers the conversation just after the job has read it.
        fetch: async (input, init) => {
          const res = await s.fake.fetch(input, init);
          const url = new URL(input instanceof Request ? input.url : String(input));
          if (!moved && url.pathname === `/v1/conversations/${victim}`) {
            moved = true;
            s.fake.conversations.get(victim)!.inbox = s.fake.inboxes[1]!.id;
          }
          return res;
        },
      },
    );
    const { fake, client } = s;
    const [from, to] = [fake.inboxes[0]!, fake.inboxes[1]!];
    const other = fake.addUser();
    from.members.push(other.id);
    to.members.push(other.id);
    const records = [1, 2, 3].map(() => fake.insert({ inbox: from.id, assigned: fake.userId }));
    victim = records[1]!.id;
    const job = client.bulk.reassign({ filter: { inboxId: String(from.id) }, to: String(other.id) });
    const results = [];
    for await (const r of job) results.push(r);
    expect(moved).toBe(true);
    expect(await job).toMatchObject({ done: 2, skipped: 1, failed: 0 });
    expect(results.find((r) => r.id === String(victim))).toMatchObject({
      outcome: 'skipped',
      reason: `Conversation ${victim} changed since it was read (in inbox ${to.id}, not ${from.id}): not reassigned`,
    });
    // Not overwritten: still the acting user's, in the inbox it was moved to.
    expect(records[1]).toMatchObject({ inbox: to.id, assigned: fake.userId });
    expect(records.filter((r) => r.assigned === other.id).length).toBe(2);
  });

  it('update with a status: composed of the same calls, so it works too', async () => {
    const { client, record, stale } = await transferred();
    const updated = await client.conversations.update(stale, { status: 'closed' });
    expect(updated).toMatchObject({ status: 'closed', inboxId: String(record.inbox) });
  });

  it('messages.list: an empty first page from an object is checked with a read, never silently empty', async () => {
    const { fake, client, record, stale } = await transferred();
    const mark = fake.log.length;
    const messages = await client.messages.list(stale).toArray();
    expect(messages.map((m) => m.text)).toEqual(['before the move']);
    expect(since(fake, mark)).toEqual([
      'GET /v1/messages 200', // the old inbox: []
      `GET /v1/conversations/${record.id} 200`,
      'GET /v1/messages 200',
      'GET /v1/messages 200',
      'GET /v1/messages 200',
    ]);
    expect(Object.fromEntries(fake.requests('GET /v1/messages')[1]!.query)).toMatchObject({
      inboxID: String(record.inbox),
    });
  });

  it('messages.list: a history that is really empty stays empty, for one more read', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert();
    const c = await client.conversations.get(String(record.id));
    const mark = fake.log.length;
    expect(await client.messages.list(c).toArray()).toEqual([]);
    expect(since(fake, mark)).toEqual(['GET /v1/messages 200', `GET /v1/conversations/${record.id} 200`]);
  });

  it('a refusal the read does not explain stands: one read, no second call', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const theirs = fake.addInbox({ members: [fake.users[1]!.id] });
    const record = fake.insert({ inbox: theirs.id });
    const c = await client.conversations.get(String(record.id));
    const mark = fake.log.length;
    const error = await rejection(() => client.conversations.close(c));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(since(fake, mark)).toEqual(['POST /v1/conversations/close 403', `GET /v1/conversations/${record.id} 200`]);
    // Gone altogether: the read's 404 is not what surfaces, the call's own refusal is.
    fake.conversations.delete(record.id);
    const gone = await rejection(() =>
      client.messages.send({ ...c, inboxId: String(fake.inboxes[0]!.id) }, { text: 'x' }),
    );
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toMatch(/chat_id is not in this inbox/);
    expect(fake.history(record.id)).toEqual([]);
  });
});

describe('a partial conversation object (as a mock builds one) works: what it lacks is read', () => {
  it('each call reads only when the object lacks a field it needs, and never throws a TypeError', async () => {
    const { fake, client } = setup({ conversations: 0 });
    const record = fake.insert({ status: 'open', assigned: null });
    fake.addMessage(record.id);
    const id = String(record.id);
    const inboxId = String(record.inbox);
    const read = `GET /v1/conversations/${id} 200`;
    type Ref = Parameters<typeof client.conversations.close>[0];
    const partial = (fields: object) => ({ id, ...fields }) as unknown as Ref;
    const cases: Array<[string, () => Promise<unknown>, string[]]> = [
      ['close {id}', () => client.conversations.close(partial({})), [read, 'POST /v1/conversations/close 200']],
      [
        'reopen {id, inboxId}',
        () => client.conversations.reopen(partial({ inboxId })),
        ['POST /v1/conversations/open 200'],
      ],
      [
        'reopen {id, inboxId: number}',
        () => client.conversations.reopen(partial({ inboxId: record.inbox })),
        [read, 'POST /v1/conversations/open 200'],
      ],
      [
        'markRead {id, inboxId}',
        () => client.conversations.markRead(partial({ inboxId })),
        [read, 'POST /v1/conversations/read 200'],
      ],
      [
        'markUnread {id, inboxId, target}',
        () => client.conversations.markUnread(partial({ inboxId, target: record.target })),
        ['POST /v1/conversations/unread 200'],
      ],
      [
        'assign {id, inboxId, target}',
        () => client.conversations.assign(partial({ inboxId, target: record.target }), String(fake.userId)),
        [read, 'POST /v1/conversations/reassign 200'],
      ],
      [
        'assign {id, inboxId, target, assignees: [null]}',
        () =>
          client.conversations.assign(
            partial({ inboxId, target: record.target, assignees: [null] }),
            String(fake.userId),
          ),
        ['POST /v1/conversations/reassign 200'],
      ],
      [
        'send {id, inboxId}',
        () => client.messages.send(partial({ inboxId }), { text: 'x' }),
        ['POST /v1/message/send 200'],
      ],
      [
        'messages.list {id, inboxId}',
        () => client.messages.list(partial({ inboxId })).toArray(),
        [read, 'GET /v1/messages 200', 'GET /v1/messages 200', 'GET /v1/messages 200'],
      ],
    ];
    for (const [name, call, requests] of cases) {
      const mark = fake.log.length;
      const outcome = await call().then(
        () => 'ok',
        (error: Error) => error.name,
      );
      expect(outcome, name).toBe('ok');
      expect(since(fake, mark), name).toEqual(requests);
    }
  });
});
