import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConversationsClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
} from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import type { FakeHeymarket } from '../../src/testing/index.js';
import { setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One call per error of §6, each with the class, the code and the server's words it must map to. */
function scenarios(fake: FakeHeymarket) {
  const client = () =>
    new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
      fetch: fake.fetch,
      clock: fake.clock as never,
      maxRetries: 0,
    });
  const theirs = fake.addInbox({ members: [fake.users[1]!.id] });
  const record = fake.insert({ channel: 'email', target: 'ana@example.com' });
  return [
    {
      name: '400 bad_data',
      run: () => client().conversations.transfer(String(record.id), String(fake.inboxes[1]!.id)),
      Class: BadRequestError,
      status: 400,
      code: 'bad_data',
      text: 'only sms and mms',
    },
    {
      name: '401 unauthorized',
      run: () =>
        new ConversationsClient({ provider: heymarket({ apiKey: 'hm_nope', userId: 1 }), fetch: fake.fetch }).users
          .list()
          .toArray(),
      Class: AuthenticationError,
      status: 401,
      code: 'unauthorized',
      text: 'invalid or missing credentials',
    },
    {
      name: '403 denied',
      run: () => client().conversations.list({ inboxId: String(theirs.id) }),
      Class: PermissionDeniedError,
      status: 403,
      code: 'denied',
      text: 'not a member',
    },
    {
      name: '404 not_found',
      run: () => client().conversations.get('999999'),
      Class: NotFoundError,
      status: 404,
      code: 'not_found',
      text: 'conversation not found',
    },
    {
      name: '429 rate_limited',
      run: () => {
        fake.inject({ status: 429 });
        return client().conversations.get(String(record.id));
      },
      Class: RateLimitError,
      status: 429,
      code: 'rate_limited',
      text: 'rate limit exceeded',
    },
    {
      name: '500 internal',
      run: () => {
        fake.inject({ status: 500 });
        return client().conversations.get(String(record.id));
      },
      Class: ServerError,
      status: 500,
      code: 'internal',
      text: 'internal server error',
    },
  ];
}

describe('error bodies map onto the error tree', () => {
  it.each(['json', 'html'] as const)(
    '%s bodies: class, status, code, the server’s message, X-Request-Id',
    async (errorBody) => {
      const { fake } = setup({ conversations: 3, errorBody });
      for (const s of scenarios(fake)) {
        const error = await rejection(s.run);
        const response = fake.log.findLast((r) => r.status === s.status)!;
        expect(error, s.name).toBeInstanceOf(s.Class);
        expect(error.name).toBe(s.Class.name);
        expect(response.requestId).toMatch(UUID);
        expect(error, s.name).toMatchObject({ status: s.status, requestId: response.requestId });
        if (errorBody === 'json') {
          expect(error, s.name).toMatchObject({ code: s.code });
          expect(error.message, s.name).toContain(s.text);
        } else {
          // An HTML page has no code or message: the status decides, and the page stays as the body excerpt.
          expect(error, s.name).toMatchObject({ code: null, body: expect.stringContaining('<html>') });
        }
      }
    },
  );

  it('a 2xx body that is not JSON is a ResponseValidationError with the request id', async () => {
    const { fake, client } = setup({ conversations: 3 });
    const id = String(fake.sorted()[0]!.id);
    const original = fake.fetch;
    const client2 = new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
      fetch: async (input, init) => {
        const response = await original(input, init);
        return new Response('<html>maintenance</html>', { status: 200, headers: response.headers });
      },
    });
    const error = await rejection(() => client2.conversations.get(id));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ requestId: expect.stringMatching(UUID), body: '<html>maintenance</html>' });
    expect(client).toBeDefined();
  });

  it('a body of the wrong shape is a ResponseValidationError naming the path', async () => {
    const { fake } = setup({ conversations: 3 });
    const id = String(fake.sorted()[0]!.id);
    const client = new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
      fetch: async (input, init) => {
        const response = await fake.fetch(input, init);
        const body = await response.json();
        return Response.json({ ...body, updated: '15/01/2024' }, { headers: response.headers });
      },
    });
    const error = await rejection<Error>(() => client.conversations.get(id));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toBe('updated');
  });

  it('members: the entry that names a bare-id assignee is validated, the others pass through as sent', async () => {
    const { fake } = setup({ conversations: 3 });
    const wire = fake.sorted().find((c) => c.assigned !== null)!;
    const id = String(wire.id);
    const rewrite = (members: (body: { assigned: number; members: unknown[] }) => unknown[]) =>
      new ConversationsClient({
        provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
        fetch: async (input, init) => {
          const response = await fake.fetch(input, init);
          const body = await response.json();
          return Response.json({ ...body, members: members(body) }, { headers: response.headers });
        },
      });
    // Entries the mapping does not read are kept whatever they hold.
    const loose = rewrite(({ assigned }) => [{ id: 'x' }, 7, { id: assigned, name: 'Ada', extra: true }]);
    const got = await loose.conversations.get(id);
    expect(got.assignees).toEqual([{ id: String(wire.assigned), name: 'Ada', email: null }]);
    expect(got.raw.members).toEqual([{ id: 'x' }, 7, { id: wire.assigned, name: 'Ada', extra: true }]);
    // The one it reads must be a member: a name that is not a string is refused, at its path.
    const bad = rewrite(({ assigned }) => [
      { id: 1, name: 2 },
      { id: assigned, name: 42 },
    ]);
    const error = await rejection<ResponseValidationError>(() => bad.conversations.get(id));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toEqual([{ path: 'members[1].name', message: expect.any(String) }]);
    expect(error.message).toContain('members[1].name');
  });

  it('every response, success or error, carries a UUID X-Request-Id', async () => {
    const { fake, client } = setup({ conversations: 20 });
    await client.conversations.list({ limit: 5 }).toArray();
    fake.inject({ status: 503 });
    await client.inboxes.list().toArray();
    await fake.fetch('https://api.heymarket.com/v1/nowhere', { headers: { authorization: `Bearer ${fake.apiKey}` } });
    await fake.fetch('https://api.heymarket.com/v1/team');
    expect(fake.log.length).toBeGreaterThan(5);
    expect(fake.log.every((r) => UUID.test(r.requestId ?? ''))).toBe(true);
    expect(new Set(fake.log.map((r) => r.requestId)).size).toBe(fake.log.length);
  });

  it('5xx and dropped connections on reads are retried', async () => {
    const { fake, client } = setup({ conversations: 20 });
    fake.inject({ status: 502, route: 'POST /v1/conversations' });
    fake.inject({ drop: true, route: 'GET /v1/inboxes' });
    expect((await client.conversations.list().toArray()).length).toBe(20);
    expect(fake.log.map((r) => r.status).slice(0, 3)).toEqual(['dropped', 200, 502]);
  });
});

describe('injected faults say what their status means', () => {
  it.each([
    [400, BadRequestError, 'bad_data', 'bad request'],
    [403, PermissionDeniedError, 'denied', 'denied'],
    [404, NotFoundError, 'not_found', 'not found'],
    [409, ConflictError, 'internal', 'conflict'],
  ] as const)('%i: code %s and a text that fits it', async (status, Class, code, text) => {
    const { fake, client } = setup({ conversations: 1 });
    const record = fake.insert({ channel: 'email', target: 'ana@example.com' });
    fake.inject({ status, times: 1 });
    const error = await rejection(() => client.conversations.get(String(record.id)));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code });
    expect(error.message).toContain(text);
    expect(error.message).not.toContain('internal server error');
  });
});
