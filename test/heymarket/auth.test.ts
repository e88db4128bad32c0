import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConfigurationError, ConversationsClient } from '../../src/index.js';
import { signingKey, signJwt, TOKEN_REUSE_MS } from '../../src/providers/heymarket/auth.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { createFakeHeymarket, createVirtualClock, type FakeHeymarket } from '../../src/testing/index.js';
import { clientFor, setup } from '../support/heymarket.js';
import { rejection } from '../support/index.js';

const decode = (segment: string) =>
  JSON.parse(
    new TextDecoder().decode(
      Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    ),
  );

/** A fetch that records each Authorization header and the client-clock time it went out. */
function recording(fake: FakeHeymarket, now: () => number) {
  const sent: Array<{ authorization: string; at: number }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ authorization: request.headers.get('authorization') ?? '', at: now() });
    return fake.fetch(request);
  };
  return { sent, fetch };
}

async function getWith(fake: FakeHeymarket, authorization: string) {
  return fake.fetch('https://api.heymarket.com/v1/team', { headers: { authorization } });
}

describe('signed JWT auth', () => {
  it('signs HS256 over `<secretId>||<secretKey>` with {iss, iat} only, as compact JWS', async () => {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ clock, seed: 3 });
    const { sent, fetch } = recording(fake, clock.now);
    const client = clientFor(fake, { fetch });
    await client.users.list().toArray();
    const token = sent[0]!.authorization.replace(/^Bearer /, '');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(payload)).toEqual({ iss: fake.secretId, iat: Math.floor(clock.now() / 1000) });
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(`${fake.secretId}||${fake.secretKey}`),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const expected = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`));
    const b64 = btoa(String.fromCharCode(...new Uint8Array(expected)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(signature).toBe(b64);
  });

  it('reuses a token for under two minutes and never sends one past the 5-minute mark', async () => {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ clock, seed: 3 });
    const { sent, fetch } = recording(fake, clock.now);
    const client = clientFor(fake, { fetch });
    // Requests at 0 s, 30 s, … across 12 minutes of client time.
    for (let t = 0; t <= 12 * 60_000; t += 30_000) {
      await client.users.list().toArray();
      clock.advance(30_000);
    }
    expect(fake.log.every((r) => r.status === 200)).toBe(true);
    const ages = sent.map((s) => s.at - decode(s.authorization.split('.')[1]!).iat * 1000);
    expect(Math.max(...ages)).toBeLessThan(TOKEN_REUSE_MS);
    expect(new Set(sent.map((s) => s.authorization)).size).toBeGreaterThan(5);
    expect(new Set(sent.map((s) => s.authorization)).size).toBeLessThan(sent.length); // reused in between
  });

  it('signs again for a retry that waited out a long rate-limit pause', async () => {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ clock, seed: 3 });
    const { sent, fetch } = recording(fake, clock.now);
    const client = clientFor(fake, { fetch, rateLimitBackoff: { initialMs: 400_000, maxMs: 400_000 } });
    await client.users.list().toArray();
    clock.advance(100_000);
    fake.inject({ status: 429 });
    await client.users.list().toArray(); // the retry goes out 200-400 s after the token was signed
    expect(fake.log.map((r) => r.status)).toEqual([200, 429, 200]);
    const last = sent.at(-1)!;
    expect(last.at - decode(last.authorization.split('.')[1]!).iat * 1000).toBeLessThan(TOKEN_REUSE_MS);
  });

  it('signs a fresh token once when a cached one is refused for its age (a server clock ahead)', async () => {
    const clientClock = createVirtualClock();
    const serverClock = { now: () => clientClock.now() + 200_000 };
    const fake = createFakeHeymarket({ clock: serverClock, seed: 3 });
    const client = new ConversationsClient({
      provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
      fetch: fake.fetch,
      clock: clientClock,
    });
    await client.users.list().toArray();
    clientClock.advance(110_000); // cached token: 110 s old here, 310 s on the server
    await client.users.list().toArray();
    expect(fake.log.map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('works with either of two active secrets (rotation)', async () => {
    const { fake } = setup();
    const second = fake.addSecret();
    const client = new ConversationsClient({
      provider: heymarket({ ...second, userId: fake.userId }),
      fetch: fake.fetch,
      clock: fake.clock as ReturnType<typeof createVirtualClock>,
    });
    expect((await client.users.list().toArray()).length).toBeGreaterThan(0);
  });
});

describe('the fake verifies every credential (D1)', () => {
  async function token(fake: FakeHeymarket, iat: number, secret = fake.secretKey, iss = fake.secretId) {
    return `Bearer ${await signJwt(await signingKey(iss, secret), iss, iat)}`;
  }

  it('accepts an iat up to 300 s old and 60 s ahead, and refuses one outside that window', async () => {
    const { fake, clock } = setup();
    const now = Math.floor(clock.now() / 1000);
    expect((await getWith(fake, await token(fake, now - 300))).status).toBe(200);
    expect((await getWith(fake, await token(fake, now + 60))).status).toBe(200);
    expect((await getWith(fake, await token(fake, now - 301))).status).toBe(401); // expired
    expect((await getWith(fake, await token(fake, now + 61))).status).toBe(401); // from the future
  });

  it('refuses a bad signature, an unknown or revoked issuer, another alg, Basic auth, and no credential', async () => {
    const { fake, clock } = setup();
    const now = Math.floor(clock.now() / 1000);
    const none = `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, '')}.${btoa(JSON.stringify({ iss: fake.secretId, iat: now })).replace(/=+$/, '')}.x`;
    const refused = [
      await token(fake, now, 'not-the-secret'),
      await token(fake, now, fake.secretKey, 'sid_unknown'),
      `Bearer ${none}`,
      `Basic ${btoa(`${fake.apiKey}:`)}`,
      'Bearer hm_not_a_key',
      '',
    ];
    for (const authorization of refused) {
      const response = await getWith(fake, authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
    }
    fake.secrets.get(fake.secretId)!.active = false;
    expect((await getWith(fake, await token(fake, now))).status).toBe(401);
  });

  it('accepts the legacy API key', async () => {
    const { fake, client } = setup({}, { auth: 'key' });
    expect((await getWith(fake, `Bearer ${fake.apiKey}`)).status).toBe(200);
    expect((await client.inboxes.list().toArray()).length).toBe(3);
  });

  it('a refused credential is an AuthenticationError that carries no credential', async () => {
    const { fake } = setup();
    for (const client of [
      new ConversationsClient({
        provider: heymarket({ secretId: fake.secretId, secretKey: 'wrong-secret-key-value', userId: fake.userId }),
        fetch: fake.fetch,
      }),
      new ConversationsClient({ provider: heymarket({ apiKey: 'hm_wrong_key_value', userId: 1 }), fetch: fake.fetch }),
    ]) {
      const error = await rejection(() => client.conversations.get('1'));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
      const text = `${JSON.stringify(error)} ${error.message} ${error.stack}`;
      for (const secret of ['wrong-secret-key-value', 'hm_wrong_key_value', 'Bearer', fake.secretId]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

describe('construction', () => {
  it('refuses missing or malformed options with a ConfigurationError that names no secret', () => {
    const bad: unknown[] = [
      undefined,
      { apiKey: 'k', userId: 0 },
      { apiKey: 'k', userId: 1.5 },
      { apiKey: 'k' },
      { userId: 1 },
      { apiKey: 'k', secretId: 's', secretKey: 'SECRETVALUE', userId: 1 },
      { secretId: 's', userId: 1 },
      { secretKey: 'SECRETVALUE', userId: 1 },
      { secretId: '', secretKey: 'SECRETVALUE', userId: 1 },
      { apiKey: 'aaa.bbb.ccc', userId: 1 },
      { apiKey: 'has space', userId: 1 },
      { apiKey: 'k', userId: 1, baseUrl: 'http://api.heymarket.com' },
    ];
    for (const options of bad) {
      let error: unknown;
      try {
        heymarket(options as Parameters<typeof heymarket>[0]);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(ConfigurationError);
      expect(String((error as Error).message)).not.toContain('SECRETVALUE');
    }
  });

  it('accepts a string userId, a loopback http baseUrl, and has the documented capabilities', () => {
    const provider = heymarket({ apiKey: 'k', userId: '42', baseUrl: 'http://127.0.0.1:8080' });
    expect(provider.http.baseUrl).toBe('http://127.0.0.1:8080');
    expect(provider.http.pace).toEqual({ limit: 500, windowMs: 60_000 });
    expect([...provider.capabilities].sort()).toEqual(
      [
        'conversations.assign',
        'conversations.close',
        'conversations.get',
        'conversations.list',
        'conversations.markRead',
        'conversations.markUnread',
        'conversations.reopen',
        'conversations.transfer',
        'conversations.update',
        'inboxes.list',
        'messages.list',
        'messages.send',
        'users.list',
      ].sort(),
    );
  });
});
