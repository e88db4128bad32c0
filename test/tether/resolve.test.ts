import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversationsClient, ConversationsError, NotFoundError, ServerError } from '../../src/index.js';
import type { FakeTetherOptions } from '../../src/testing/index.js';
import { setup } from '../support/tether.js';

const RESOLVE = /^PUT \/api\/conversation\/[0-9a-f]{24}\/resolve$/;
const servers: FakeTetherOptions[] = [
  { resolveMode: 'toggle' },
  { resolveMode: 'explicit' },
  { resolveMode: 'toggle', resolveEnvelope: 'data' },
  { resolveMode: 'explicit', resolveEnvelope: 'data' },
];
const label = (o: FakeTetherOptions) => `${o.resolveMode} server, ${o.resolveEnvelope ?? 'flat'} envelope`;

function openConversation(fake: ReturnType<typeof setup>['fake']) {
  return [...fake.conversations.values()].find((c) => !c.isResolved)!;
}

describe.each(servers)('tether close/reopen on a %s', (server) => {
  it(`${label(server)}: close, close again, reopen, reopen again end in the requested state`, async () => {
    const { fake, client } = setup(server);
    const record = openConversation(fake);
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
    expect(record.resolvedAt).not.toBeNull();
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
    await client.conversations.reopen(record._id);
    expect(record.isResolved).toBe(false);
    expect(record.resolvedAt).toBeNull();
    await client.conversations.reopen(record._id);
    expect(record.isResolved).toBe(false);
    // The state is read before each resolve: already-there calls send none.
    const resolves = fake.requests(RESOLVE);
    expect(resolves.map((r) => r.body)).toEqual([{ isResolved: true }, { isResolved: false }]);
  });

  it(`${label(server)}: a 5xx before the effect: read again, resolve again, closed`, async () => {
    const { fake, client } = setup(server);
    const record = openConversation(fake);
    fake.inject({ status: 500, route: RESOLVE });
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
    expect(fake.requests(RESOLVE).map((r) => r.status)).toEqual([500, 200]);
  });

  it(`${label(server)}: a 5xx after the effect is not resent blindly: still closed`, async () => {
    const { fake, client } = setup(server);
    const record = openConversation(fake);
    fake.inject({ status: 503, when: 'after', route: RESOLVE });
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
    expect(fake.requests(RESOLVE)).toHaveLength(1);
  });

  it(`${label(server)}: a dropped connection after the effect: still open after reopen`, async () => {
    const { fake, client } = setup(server);
    const record = openConversation(fake);
    await client.conversations.close(record._id);
    fake.inject({ drop: true, when: 'after', route: RESOLVE });
    await client.conversations.reopen(record._id);
    expect(record.isResolved).toBe(false);
    expect(fake.requests(RESOLVE)).toHaveLength(2);
  });

  it(`${label(server)}: a 429 after the effect, resent by the transport, is corrected`, async () => {
    const { fake, client } = setup(server);
    const record = openConversation(fake);
    fake.inject({ status: 429, when: 'after', route: RESOLVE });
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
  });
});

describe('tether close/reopen: limits and races', () => {
  it('a timeout before the effect: read again and resolve again', async () => {
    const { fake, client } = setup({}, { timeout: 20 });
    const record = openConversation(fake);
    fake.inject({ delay: 200, route: RESOLVE });
    await client.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
  });

  it('gives up after two failed resolve calls with the last error, in the state read last', async () => {
    const { fake, client } = setup();
    const record = openConversation(fake);
    fake.inject({ status: 500, route: RESOLVE, times: 5 });
    await expect(client.conversations.close(record._id)).rejects.toThrow(ServerError);
    expect(fake.requests(RESOLVE)).toHaveLength(2);
    expect(record.isResolved).toBe(false);
  });

  it('a concurrent toggle racing the call: the answer shows it, and the state is fixed', async () => {
    const { fake, client } = setup({ resolveMode: 'toggle' });
    const record = openConversation(fake);
    let raced = false;
    const racing = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      // Someone else closes it between our read and our resolve: the toggle then reopens it.
      if (!raced && RESOLVE.test(`${request.method} ${new URL(request.url).pathname}`)) {
        raced = true;
        record.isResolved = true;
      }
      return fake.fetch(request);
    };
    const c2 = new ConversationsClient({
      provider: client.provider,
      fetch: racing,
    });
    await c2.conversations.close(record._id);
    expect(record.isResolved).toBe(true);
    // The answer said "open": read again, still open, resolve once more.
    expect(fake.requests(RESOLVE)).toHaveLength(2);
  });

  it('a state that keeps flipping is reported, not looped on', async () => {
    const { fake, client } = setup({ resolveMode: 'toggle' });
    const record = openConversation(fake);
    const flipping = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (RESOLVE.test(`${request.method} ${new URL(request.url).pathname}`)) record.isResolved = !record.isResolved;
      return fake.fetch(request);
    };
    const c2 = new ConversationsClient({
      provider: client.provider,
      fetch: flipping,
    });
    const error = await c2.conversations.close(record._id).catch((e) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    expect(error.message).toContain('kept changing state');
    expect(fake.requests(RESOLVE)).toHaveLength(2);
  });

  it('an unknown conversation is a NotFoundError from the read, with no resolve sent', async () => {
    const { fake, client } = setup();
    await expect(client.conversations.close('ffffffffffffffffffffffff')).rejects.toThrow(NotFoundError);
    expect(fake.requests(RESOLVE)).toHaveLength(0);
  });

  it('any sequence of close/reopen with faults ends each call in its state (property)', async () => {
    const op = fc.record({
      target: fc.boolean(),
      fault: fc.constantFrom(
        null,
        { status: 500 },
        { status: 502, when: 'after' as const },
        { drop: true },
        { drop: true, when: 'after' as const },
        { status: 429, when: 'after' as const },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...servers),
        fc.array(op, { minLength: 1, maxLength: 6 }),
        async (server, ops) => {
          const { fake, client } = setup(server);
          const record = openConversation(fake);
          for (const { target, fault } of ops) {
            fake.clearFaults();
            if (fault) fake.inject({ ...fault, route: RESOLVE });
            await (target ? client.conversations.close(record._id) : client.conversations.reopen(record._id));
            expect(record.isResolved).toBe(target);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
