import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConversationsClient,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { rejection } from '../support/index.js';
import { BASE_URL, setup } from '../support/tether.js';

const MISSING = 'ffffffffffffffffffffffff';

describe('tether errors: the three body shapes', () => {
  it('400 is nested: BadRequestError with the code and the server message', async () => {
    const { client } = setup();
    // The SDK's own list refuses a malformed contactId before sending it; the passthrough sends it as is.
    const error = await rejection(() =>
      client.request({ method: 'POST', path: '/api/conversation/all', body: { contactId: 'not-an-id' } }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Invalid contactId');
    expect(error.body).toContain('"error":{');
  });

  it('401 is a string: AuthenticationError with the message and no code', async () => {
    const { fake, client } = setup({}, { auth: 'token' });
    fake.expireTokens();
    const error = await client.conversations.get(MISSING).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBeNull();
    expect(error.message).toContain('Invalid or expired token');
  });

  it('404 is flat: NotFoundError with code not_found', async () => {
    const { client } = setup();
    const error = await client.conversations.get(MISSING).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('Conversation not found');
  });

  it('403 (injected) is flat: PermissionDeniedError with code forbidden', async () => {
    const { fake, client } = setup();
    fake.inject({ status: 403, route: 'GET /api/conversation/' });
    const error = await client.conversations.get(MISSING).catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('Forbidden');
  });

  it('500 is flat "Internal server error": ServerError once retries are spent', async () => {
    const { fake, client } = setup({}, { maxRetries: 1 });
    fake.inject({ status: 500, route: 'GET /api/conversation/', times: 2 });
    const error = await client.conversations.get(fake.visibleTo()[0]!._id).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('Internal server error');
    expect(fake.requests('GET /api/conversation/')).toHaveLength(2);
  });

  for (const errorShape of ['nested', 'string', 'flat'] as const) {
    it(`errorShape "${errorShape}": every status maps to its class with the server's message`, async () => {
      const { fake, client } = setup({ errorShape });
      const notFound = await client.conversations.get(MISSING).catch((e) => e);
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound.message).toContain('Conversation not found');
      expect(notFound.code).toBe(errorShape === 'string' ? null : 'not_found');
      const bad = await rejection(() =>
        client.request({ method: 'POST', path: '/api/conversation/all', body: { contactId: 'nope' } }),
      );
      expect(bad).toBeInstanceOf(BadRequestError);
      expect(bad.message).toContain('Invalid contactId');
      expect(bad.code).toBe(errorShape === 'string' ? null : 'invalid_request');
      fake.expireTokens();
      fake.inject({ status: 401, route: 'POST /api/auth/login' }); // the re-login fails too
      const unauthorized = await client.conversations.get(MISSING).catch((e) => e);
      expect(unauthorized).toBeInstanceOf(AuthenticationError);
      expect(unauthorized.message).toContain('Invalid or expired token');
    });
  }

  it('a body that is not JSON (a proxy page) maps by status without crashing', async () => {
    const { fake } = setup();
    const fetch = async () =>
      new Response('<html><body>502 Bad Gateway</body></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      });
    const client = new ConversationsClient({
      provider: tether({ baseUrl: BASE_URL, token: fake.issueToken() }),
      fetch,
      maxRetries: 0,
    });
    const error = await client.conversations.get(MISSING).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeNull();
  });

  it('any body of the three shapes gives its code and message (property)', async () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    const body = fc.oneof(
      fc
        .record({ code: text, message: text })
        .map(({ code, message }) => ({ body: { error: { code, message } }, code, message })),
      text.map((message) => ({ body: { error: message }, code: null, message })),
      fc.record({ code: fc.option(text, { nil: undefined }), message: text }).map(({ code, message }) => ({
        body: code === undefined ? { message } : { message, code },
        code: code ?? null,
        message,
      })),
    );
    const status = fc.constantFrom(400, 401, 403, 404, 409, 422, 500);
    await fc.assert(
      fc.asyncProperty(body, status, async (b, s) => {
        const client = new ConversationsClient({
          provider: tether({ baseUrl: BASE_URL, token: 't' }),
          fetch: async () =>
            new Response(JSON.stringify(b.body), { status: s, headers: { 'content-type': 'application/json' } }),
          maxRetries: 0,
        });
        const error = await client.conversations.get(MISSING).catch((e) => e);
        expect(error.status).toBe(s);
        expect(error.code).toBe(b.code);
        expect(error.message).toContain(b.message);
      }),
      { numRuns: 60 },
    );
  });
});

describe('tether errors: before any request', () => {
  it('refuses bad construction options with ConfigurationError', () => {
    const make = (o: unknown) => () => tether(o as Parameters<typeof tether>[0]);
    expect(make({ baseUrl: 'http://tether.example.com', token: 't' })).toThrow(ConfigurationError);
    expect(make({ baseUrl: 'not a url', token: 't' })).toThrow(ConfigurationError);
    expect(make({ token: 't' })).toThrow(ConfigurationError);
    expect(make({ baseUrl: BASE_URL })).toThrow(ConfigurationError);
    expect(make({ baseUrl: BASE_URL, token: '' })).toThrow(ConfigurationError);
    expect(make({ baseUrl: BASE_URL, email: 'a@b.c' })).toThrow(/password/);
    expect(make({ baseUrl: BASE_URL, email: 'a@b.c', password: 'p', latestMessage: 'html' })).toThrow(
      ConfigurationError,
    );
    expect(make({ baseUrl: BASE_URL, token: 't', channels: [] })).toThrow(ConfigurationError);
    expect(make({ baseUrl: 'http://localhost:4010', token: 't' })).not.toThrow();
    expect(make({ baseUrl: 'http://127.0.0.1:4010/', email: 'a@b.c', password: 'p' })).not.toThrow();
  });

  it('a construction error never shows the password', () => {
    const error = (() => {
      try {
        tether({ baseUrl: 'http://evil.example.com', email: 'a@b.c', password: 'hunter2-secret' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(JSON.stringify(error) + String(error?.message)).not.toContain('hunter2-secret');
  });

  it('operations Tether lacks, and fields it cannot change, fail without a request', async () => {
    const { fake, client } = setup();
    const untyped = client as unknown as ConversationsClient;
    expect(client.supports('conversations.markUnread')).toBe(true);
    expect(client.supports('messages.send')).toBe(true);
    for (const op of [
      'conversations.create',
      'conversations.transfer',
      'conversations.markRead',
      'inboxes.list',
      'users.list',
    ]) {
      expect(client.supports(op)).toBe(false);
    }
    await expect(untyped.conversations.create({ subject: 'x' })).rejects.toThrow(UnsupportedOperationError);
    await expect(untyped.conversations.transfer(MISSING, MISSING)).rejects.toThrow(UnsupportedOperationError);
    await expect(untyped.inboxes.list()).rejects.toThrow(UnsupportedOperationError);
    await expect(client.conversations.update(MISSING, { subject: 'x' })).rejects.toThrow(UnsupportedOperationError);
    await expect(client.conversations.update(MISSING, { priority: 'high' })).rejects.toThrow(UnsupportedOperationError);
    await expect(client.conversations.update(MISSING, { status: 'pending' })).rejects.toThrow(
      UnsupportedOperationError,
    );
    expect(fake.requests()).toHaveLength(0);
  });
});
