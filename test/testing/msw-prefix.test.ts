// toMswHandlers with a baseUrl that has a path: a gateway's prefix, or Tether's `/api`. The fake sees each
// request as the API behind the prefix would; requests outside baseUrl are left to msw (here: an error).
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  type FakeServer,
} from '../../src/testing/index.js';
import { toMswHandlers } from '../../src/testing/msw.js';

const GATEWAY = 'https://gateway.example.com';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const lines = (fake: FakeServer) => fake.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
const options = { logLevel: 'off' as const, maxRetries: 0 };

describe('toMswHandlers below a path-prefixed baseUrl', () => {
  it('Heymarket behind a gateway prefix: the fake sees the paths the API would, and answers them', async () => {
    const fake = createFakeHeymarket({ conversations: 5, clock: createVirtualClock() });
    const baseUrl = `${GATEWAY}/heymarket`;
    server.use(...toMswHandlers(fake, baseUrl));
    const client = new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId, baseUrl }),
      ...options,
    });
    const inboxes = await client.inboxes.list();
    expect(inboxes.items.length).toBeGreaterThan(0);
    expect(lines(fake)).toEqual(['GET /v1/inboxes 200']);
    // Routes of faults and of the log are the API's, whatever the prefix.
    fake.inject({ status: 500, route: 'GET /v1/inboxes' });
    await expect(client.inboxes.list()).rejects.toMatchObject({ status: 500 });
    expect(fake.requests('GET /v1/inboxes').map((r) => r.status)).toEqual([200, 500]);
  });

  it('G-Tateth behind a prefix with a trailing slash: method, headers, query and body reach the fake', async () => {
    const fake = createFakeGTateth({ conversations: 8, clock: createVirtualClock() });
    server.use(...toMswHandlers(fake, `${GATEWAY}/gt/`));
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey, baseUrl: `${GATEWAY}/gt` }),
      ...options,
    });
    const page = await client.conversations.list({ limit: 3, status: 'open' });
    expect(page.limit).toBe(3);
    const created = await client.conversations.create({ subject: 'Through the gateway', inboxId: fake.inboxes[0]! });
    expect(fake.conversations.get(created.id)).toMatchObject({ subject: 'Through the gateway' });
    await client.conversations.delete(created.id);
    const [list, create, remove] = fake.requests();
    expect(list).toMatchObject({ method: 'GET', path: '/api/v1/conversations', status: 200 });
    expect(list!.query.get('limit')).toBe('3');
    expect(list!.query.get('status')).toBe('open');
    expect(create).toMatchObject({ method: 'POST', path: '/api/v1/conversations', status: 201 });
    expect(create!.body).toMatchObject({ subject: 'Through the gateway', inboxId: fake.inboxes[0] });
    expect(remove).toMatchObject({ method: 'DELETE', path: `/api/v1/conversations/${created.id}` });
    expect(fake.conversations.has(created.id)).toBe(false);
  });

  it('answers nothing outside baseUrl: another path, a longer segment, another origin', async () => {
    const fake = createFakeHeymarket({ conversations: 2 });
    server.use(...toMswHandlers(fake, `${GATEWAY}/heymarket`));
    const headers = { authorization: `Bearer ${fake.apiKey}` };
    for (const outside of [
      `${GATEWAY}/v1/inboxes`,
      `${GATEWAY}/other/v1/inboxes`,
      `${GATEWAY}/heymarket2/v1/inboxes`,
      'https://api.heymarket.com/v1/inboxes',
    ]) {
      await expect(fetch(outside, { headers }), outside).rejects.toThrow();
    }
    expect(fake.requests()).toHaveLength(0);
    // Below it, the fake answers, query and all.
    const inside = await fetch(`${GATEWAY}/heymarket/v1/inboxes?x=1`, { headers });
    expect(inside.status).toBe(200);
    expect(fake.requests()[0]).toMatchObject({ path: '/v1/inboxes' });
    expect(fake.requests()[0]!.query.get('x')).toBe('1');
  });

  it('a prefix with characters msw patterns give a meaning is matched as it is', async () => {
    const fake = createFakeHeymarket({ conversations: 2 });
    const baseUrl = `${GATEWAY}/hm:v1/*`;
    server.use(...toMswHandlers(fake, baseUrl));
    const client = new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId, baseUrl }),
      ...options,
    });
    await client.inboxes.list();
    expect(lines(fake)).toEqual(['GET /v1/inboxes 200']);
    await expect(fetch(`${GATEWAY}/hmXv1/x/v1/inboxes`)).rejects.toThrow();
  });

  it('Tether: the /api of an instance URL is the API’s own, with or without a gateway prefix', async () => {
    // With the /api in baseUrl, a request beside it is outside; without, everything below the prefix is in.
    for (const [baseUrl, outside] of [
      [
        'https://acme.tether.test/api',
        ['https://acme.tether.test/contacts', 'https://acme.tether.test/x/api/contacts'],
      ],
      ['https://acme.tether.test/API/', ['https://acme.tether.test/contacts']],
      [`${GATEWAY}/tether`, [`${GATEWAY}/api/contacts`, `${GATEWAY}/x/tether/api/contacts`]],
      [`${GATEWAY}/tether/api`, [`${GATEWAY}/tether/contacts`, `${GATEWAY}/api/contacts`]],
    ] as const) {
      server.resetHandlers();
      const fake = createFakeTether({ contacts: 2, conversations: 4, clock: createVirtualClock() });
      server.use(...toMswHandlers(fake, baseUrl));
      const client = new ConversationsClient({
        provider: tether({ baseUrl, email: fake.email, password: fake.password }),
        ...options,
      });
      const items = await client.conversations.list().toArray();
      expect(items.length, baseUrl).toBe(fake.visibleTo().length);
      expect(fake.requests()[0], baseUrl).toMatchObject({ method: 'POST', path: '/api/auth/login', status: 200 });
      expect(fake.requests().every((r) => r.path.startsWith('/api/') && r.status === 200)).toBe(true);
      const seen = fake.requests().length;
      for (const url of outside) await expect(fetch(url), url).rejects.toThrow();
      expect(fake.requests()).toHaveLength(seen);
    }
  });

  it('a baseUrl that is not a URL is a ConfigurationError', () => {
    expect(() => toMswHandlers(createFakeHeymarket(), '/heymarket')).toThrow(ConfigurationError);
    expect(() => toMswHandlers(createFakeHeymarket(), '/heymarket')).toThrow(
      'toMswHandlers: baseUrl is not a valid URL',
    );
  });
});
