// The msw adapter with the Heymarket and Tether fakes: a real client on the global fetch, which msw
// intercepts, so no `fetch: fake.fetch` anywhere here. (test/gtateth/fake.test.ts covers G-Tateth.)
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, ConversationsClient, NotFoundError, RateLimitError, ServerError } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import {
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeHeymarketOptions,
  type FakeTetherOptions,
} from '../../src/testing/index.js';
import { toMswHandlers } from '../../src/testing/msw.js';
import { rejection } from '../support/index.js';

const HEYMARKET = 'https://api.heymarket.com';
const TETHER = 'https://acme.tether.test';

// One server for the file; each test mounts its own fake and drops it afterwards. An unhandled request
// (a wrong base URL, say) fails the test instead of reaching the network.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A Heymarket fake served through msw at its default base URL, and a client on the global fetch. */
function heymarketOverMsw(options: FakeHeymarketOptions = {}, maxRetries = 2) {
  const clock = createVirtualClock();
  const fake = createFakeHeymarket({ conversations: 40, seed: 13, clock, ...options });
  server.use(...toMswHandlers(fake, HEYMARKET));
  const client = new ConversationsClient({
    provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
    clock,
    maxRetries,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { fake, client };
}

/** A Tether fake served through msw at an https instance URL, and a client logging in by email. */
function tetherOverMsw(options: FakeTetherOptions = {}, maxRetries = 2) {
  const clock = createVirtualClock();
  const fake = createFakeTether({ contacts: 6, conversations: 30, seed: 13, clock, ...options });
  server.use(...toMswHandlers(fake, `${TETHER}/`));
  const client = new ConversationsClient({
    provider: tether({ baseUrl: TETHER, email: fake.email, password: fake.password }),
    clock,
    maxRetries,
    backoff: { initialMs: 1, maxMs: 2 },
  });
  return { fake, client };
}

describe('msw adapter: Heymarket', () => {
  it('walks the list and sends a message through msw', async () => {
    const { fake, client } = heymarketOverMsw({ tieRate: 0.3 });
    const walked = await client.conversations.list({ limit: 9 }).toArray();
    expect(walked.map((c) => c.id)).toEqual(fake.visibleTo().map((c) => String(c.id)));
    const lists = fake.requests('POST /v1/conversations');
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.every((r) => r.status === 200)).toBe(true);
    // Every request went through msw to the fake: the log holds them all, each with its request id.
    expect(fake.requests().every((r) => r.requestId !== null)).toBe(true);

    const record = fake.visibleTo().find((c) => c.channel === 'sms')!;
    const message = await client.messages.send(String(record.id), { text: 'Sent through msw' });
    expect(fake.history(record.id)[0]).toMatchObject({ id: Number(message.id), text: 'Sent through msw' });
    expect(fake.conversations.get(record.id)?.replied).toBe(true);
    const [send] = fake.requests('POST /v1/message/send');
    expect(send?.body).toMatchObject({ inbox_id: record.inbox, text: 'Sent through msw' });
    expect(send?.status).toBe(200);
  });

  it('maps an injected 500 to ServerError and a real 404 to NotFoundError, without retries', async () => {
    const { fake, client } = heymarketOverMsw({}, 0);
    fake.inject({ status: 500 });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: 'internal' });
    expect(await rejection(() => client.conversations.get('999999'))).toBeInstanceOf(NotFoundError);
    expect(fake.requests().map((r) => r.status)).toEqual([500, 404]);
  });

  it('a dropped connection is a network error through msw, retried like any other', async () => {
    const { fake, client } = heymarketOverMsw({}, 1);
    const id = String(fake.visibleTo()[0]!.id);
    fake.inject({ drop: true });
    expect((await client.conversations.get(id)).id).toBe(id);
    fake.inject({ drop: true, times: 2 });
    expect(await rejection(() => client.conversations.get(id))).toBeInstanceOf(ConnectionError);
    expect(fake.requests().map((r) => r.status)).toEqual(['dropped', 200, 'dropped', 'dropped']);
  });
});

describe('msw adapter: Tether', () => {
  it('logs in, walks the list and resolves a conversation through msw', async () => {
    const { fake, client } = tetherOverMsw();
    const walked = (await client.conversations.list().toArray()).map((c) => c.id);
    expect(new Set(walked).size).toBe(walked.length);
    expect([...walked].sort()).toEqual(
      fake
        .visibleTo()
        .map((c) => c._id)
        .sort(),
    );
    expect(fake.loginCount).toBe(1);
    expect(fake.requests('POST /api/auth/login')).toHaveLength(1);
    expect(fake.requests('GET /api/contacts').length).toBeGreaterThan(0);

    const open = fake.visibleTo().find((c) => !c.isResolved)!;
    await client.conversations.close(open._id);
    expect(fake.conversations.get(open._id)?.isResolved).toBe(true);
    expect(fake.requests(`PUT /api/conversation/${open._id}/resolve`).map((r) => r.status)).toEqual([200]);
  });

  it('maps an injected 404 to NotFoundError and a 429 to RateLimitError with its Retry-After, without retries', async () => {
    const { fake, client } = tetherOverMsw({}, 0);
    const id = fake.visibleTo()[0]!._id;
    fake.inject({ status: 404, route: 'GET /api/conversation/' });
    const missing = await rejection(() => client.conversations.get(id));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    fake.inject({ status: 429, retryAfter: 1, route: 'GET /api/conversation/' });
    const limited = await rejection(() => client.conversations.get(id));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(1000);
    expect(fake.requests(`GET /api/conversation/${id}`).map((r) => r.status)).toEqual([404, 429]);
  });
});
