import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { BASE_URL, expectEachVisibleOnce, setup } from '../support/tether.js';

const GET_ONE = 'GET /api/conversation/';

describe('tether auth: login', () => {
  it('logs in lazily on the first request, once, and sends the token as a bearer header', async () => {
    const { fake, client } = setup();
    expect(fake.requests()).toHaveLength(0);
    const id = fake.visibleTo()[0]!._id;
    await client.conversations.get(id);
    await client.conversations.get(id);
    expect(fake.loginCount).toBe(1);
    const [login, ...rest] = fake.requests();
    expect(login).toMatchObject({ method: 'POST', path: '/api/auth/login', status: 200 });
    expect(login!.body).toEqual({ email: fake.email, password: fake.password });
    expect(rest.map((r) => r.status)).toEqual([200, 200]);
  });

  it('a login answered 5xx or dropped is retried like a read: the first call still succeeds', async () => {
    const { fake, client } = setup({}, { backoff: { initialMs: 1, maxMs: 2 } });
    fake.inject({ status: 503, route: 'POST /api/auth/login', times: 1 });
    fake.inject({ drop: true, route: 'POST /api/auth/login', times: 1 });
    const id = fake.visibleTo()[0]!._id;
    expect((await client.conversations.get(id)).id).toBe(id);
    const logins = fake.requests('POST /api/auth/login').map((r) => r.status);
    expect(logins).toEqual([503, 'dropped', 200]);
  });

  it('renews a token that expires mid-walk once, and the walk completes with every conversation once', async () => {
    const { fake, client, clock } = setup({ contacts: 12, conversations: 40, tokenTtlSeconds: 60 });
    const ids: string[] = [];
    let pages = 0;
    for await (const page of client.conversations.list({ limit: 4 }).pages()) {
      ids.push(...page.items.map((c) => c.id));
      if (++pages === 1) clock.advance(61_000); // every token issued so far is now expired
    }
    expect(pages).toBeGreaterThan(2);
    expect(fake.loginCount).toBe(2);
    expectEachVisibleOnce(fake, ids);
    // Each refused request was resent once, with the new token.
    expect(fake.requests().filter((r) => r.status === 401).length).toBeGreaterThan(0);
  });

  it('ten concurrent requests after expiry cause one login, and each is resent once', async () => {
    const { fake, client, clock } = setup({ tokenTtlSeconds: 60 });
    const ids = fake
      .visibleTo()
      .slice(0, 10)
      .map((c) => c._id);
    expect(ids).toHaveLength(10);
    await client.conversations.get(ids[0]!);
    expect(fake.loginCount).toBe(1);
    clock.advance(61_000);
    const got = await Promise.all(ids.map((id) => client.conversations.get(id)));
    expect(got.map((c) => c.id)).toEqual(ids);
    expect(fake.loginCount).toBe(2);
    // Each request is resent at most once; those that went out after the re-login began wait for it.
    const gets = fake.requests(GET_ONE).slice(1);
    const refused = gets.filter((r) => r.status === 401).length;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(10);
    expect(gets.filter((r) => r.status === 200)).toHaveLength(10);
    expect(gets).toHaveLength(10 + refused);
  });

  it('a wrong password is an AuthenticationError after one login, even for ten concurrent calls', async () => {
    const { fake, client } = setup({}, { password: 'not-the-password' });
    const results = await Promise.allSettled(
      fake
        .visibleTo()
        .slice(0, 10)
        .map((c) => client.conversations.get(c._id)),
    );
    expect(fake.loginCount).toBe(1);
    expect(fake.requests()).toHaveLength(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toContain('Invalid email or password');
      expect(JSON.stringify(error)).not.toContain('not-the-password');
      expect(String(error.stack)).not.toContain('not-the-password');
    }
    // The next call tries again, once: a failed login is not cached forever, nor repeated in a loop.
    await expect(client.conversations.list({ contactId: fake.visibleTo()[0]!.contactId })).rejects.toThrow(
      AuthenticationError,
    );
    expect(fake.loginCount).toBe(2);
  });

  it('a second 401 after the re-login is final', async () => {
    const { fake, client } = setup();
    const id = fake.visibleTo()[0]!._id;
    fake.inject({ status: 401, route: GET_ONE, times: 5 });
    const error = await client.conversations.get(id).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('Invalid or expired token');
    expect(fake.requests(GET_ONE)).toHaveLength(2);
    expect(fake.loginCount).toBe(2);
  });

  it('starts from a given token and logs in only when it is refused', async () => {
    const { fake } = setup();
    const client = new ConversationsClient({
      provider: tether({ baseUrl: BASE_URL, token: fake.issueToken(), email: fake.email, password: fake.password }),
      fetch: fake.fetch,
    });
    const id = fake.visibleTo()[0]!._id;
    await client.conversations.get(id);
    expect(fake.loginCount).toBe(0);
    fake.expireTokens();
    await client.conversations.get(id);
    expect(fake.loginCount).toBe(1);
  });
});

describe('tether auth: token only', () => {
  it('sends the token and never logs in', async () => {
    const { fake, client } = setup({}, { auth: 'token' });
    await client.conversations.get(fake.visibleTo()[0]!._id);
    expect(fake.loginCount).toBe(0);
    expect(fake.requests()[0]!.status).toBe(200);
  });

  it('treats a 401 as final: no login, no resend, and the token is not in the error', async () => {
    const { fake, client } = setup({}, { auth: 'token' });
    const token = [...fake.tokens.keys()][0]!;
    fake.expireTokens();
    const error = await client.conversations.get(fake.visibleTo()[0]!._id).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('Invalid or expired token');
    expect(error.code).toBeNull(); // the string shape carries no code
    expect(fake.requests()).toHaveLength(1);
    expect(fake.loginCount).toBe(0);
    expect(JSON.stringify(error)).not.toContain(token);
  });
});
