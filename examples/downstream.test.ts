// How a team that uses the SDK tests its own code with msw: the SDK's Heymarket fake answers at the real
// API's URL, so the code under test (./downstream.ts) runs as in production, client included, and the
// tests assert on the fake's store. Your own msw handlers go on top for what the fake should not do.
// Runs in `npm test`, and alone with `npm run example:downstream`.

import { PermissionDeniedError } from 'conversations-sdk';
import { createFakeHeymarket } from 'conversations-sdk/testing';
import { toMswHandlers } from 'conversations-sdk/testing/msw';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFromEnv, spreadUnassigned } from './downstream.js';

const API = 'https://api.heymarket.com';

// One msw server for the file. A request nothing handles (another host, a typo in a path) fails the test
// instead of reaching the network.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A fresh fake served at the API's URL, and the environment that points your code at it. */
function heymarketFake() {
  const fake = createFakeHeymarket({ conversations: 80, inboxes: 2, users: 4, seed: 7 });
  server.use(...toMswHandlers(fake, API));
  const env = {
    HEYMARKET_SECRET_ID: fake.secretId,
    HEYMARKET_SECRET_KEY: fake.secretKey,
    HEYMARKET_USER_ID: String(fake.userId),
  };
  return { fake, env };
}

describe('spreadUnassigned', () => {
  it('hands every open, unassigned conversation of the inbox to its members in turn, and touches nothing else', async () => {
    const { fake, env } = heymarketFake();
    const inbox = fake.inboxes[0]!;
    const before = new Map([...fake.conversations.values()].map((c) => [c.id, { ...c }]));
    const waiting = [...before.values()].filter((c) => c.inbox === inbox.id && c.status === 'open' && !c.assigned);
    expect(waiting.length).toBeGreaterThan(inbox.members.length); // the seed gives the code something to do

    const given = await spreadUnassigned(clientFromEnv(env), String(inbox.id));

    // Evenly: no member got two more than another.
    const counts = [...given.values()].map((ids) => ids.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect([...given.values()].flat().sort()).toEqual(waiting.map((c) => String(c.id)).sort());
    // The store says the same, and every other conversation is as it was.
    for (const c of fake.conversations.values()) {
      const member = [...given].find(([, ids]) => ids.includes(String(c.id)))?.[0];
      expect(c.assigned).toBe(member ? Number(member) : before.get(c.id)!.assigned);
    }
    // And the HTTP the code sent: one reassign per conversation.
    expect(fake.requests('POST /v1/conversations/reassign')).toHaveLength(waiting.length);
  });

  it('stops with a PermissionDeniedError when the API refuses, having written nothing', async () => {
    const { fake, env } = heymarketFake();
    // Your own handler, mounted over the fake's: every reassign is refused as a 403.
    server.use(
      http.post(`${API}/v1/conversations/reassign`, () =>
        HttpResponse.json({ error: 'denied', message: 'not allowed' }, { status: 403 }),
      ),
    );
    const inbox = fake.inboxes[0]!;
    const assigned = [...fake.conversations.values()].map((c) => c.assigned);

    const error = await spreadUnassigned(clientFromEnv(env), String(inbox.id)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: 'denied' });
    expect([...fake.conversations.values()].map((c) => c.assigned)).toEqual(assigned);
  });

  it('fails fast on a missing variable, before any request', async () => {
    const { fake, env } = heymarketFake();
    expect(() => clientFromEnv({ ...env, HEYMARKET_SECRET_KEY: undefined })).toThrow('HEYMARKET_SECRET_KEY is not set');
    expect(fake.requests()).toEqual([]);
  });
});
