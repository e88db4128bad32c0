import { describe, expect, it } from 'vitest';
import { ApiError, ConversationsError } from '../../src/index.js';
import { createFakeGTateth, createFakeHeymarket, createFakeTether } from '../../src/testing/index.js';
import * as gtateth from '../support/gtateth.js';
import * as heymarket from '../support/heymarket.js';
import { rejection } from '../support/index.js';
import * as tether from '../support/tether.js';

/** Every string reachable from `value`: own properties at any depth (non-enumerable ones too), keys included. */
function strings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  for (const key of Object.getOwnPropertyNames(value)) {
    out.push(key, ...strings((value as Record<string, unknown>)[key], seen));
  }
  return out;
}

/** Everything an error shows: each property at any depth, its JSON, its string and its stack. */
const everything = (error: Error) => [...strings(error), JSON.stringify(error), String(error), String(error.stack)];

/** The credential a request carries: the header value, and the token alone without its scheme. */
function credentialsOf(request: Request): string[] {
  const value = request.headers.get('authorization') ?? request.headers.get('x-api-key') ?? '';
  return [value, value.replace(/^Bearer /, '')].filter((v) => v.length > 0);
}

type Shape = 'gtateth' | 'heymarket' | 'tether';

/** An error body of the provider's own shape with `secret` in its code, message and request id. */
function echoBody(shape: Shape, secret: string): unknown {
  if (shape === 'gtateth')
    return { success: false, error: { code: secret, message: `bad ${secret}`, requestId: secret } };
  if (shape === 'heymarket') return { error: secret, message: `bad ${secret}` };
  return { error: { code: secret, message: `bad ${secret}` } };
}

/**
 * A fetch in front of a fake that answers the request matching `route` with `status` and a body that
 * echoes the request's credential everywhere: code, message, request id (body and header), another
 * header's value and name. Records the credentials it saw.
 */
function echoing(fetch: typeof globalThis.fetch, shape: Shape, status: number, route: RegExp) {
  const seen: string[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    if (!route.test(`${request.method} ${pathname}`)) return fetch(request);
    const [secret = 'none'] = credentialsOf(request).slice(-1);
    seen.push(...credentialsOf(request));
    const body = status === 200 ? { success: false, ...(echoBody(shape, secret) as object) } : echoBody(shape, secret);
    return Response.json(shape === 'tether' && status === 200 ? { error: `bad ${secret}`, code: secret } : body, {
      status,
      headers: { 'x-request-id': secret, 'x-echo': `you sent ${secret}`, [`x-${secret.slice(0, 20)}`]: '1' },
    });
  };
  return { fetch: wrapped, seen };
}

const STATUSES = [400, 401, 403, 404, 429, 500, 200] as const;

describe('no field of an error holds a credential the server echoes', () => {
  it.each(STATUSES)('G-Tateth, key in Authorization and in X-API-Key: %i', async (status) => {
    for (const authHeader of ['bearer', 'x-api-key'] as const) {
      const fake = createFakeGTateth({ conversations: 2 });
      const { fetch, seen } = echoing(fake.fetch, 'gtateth', status, /conversations/);
      const client = gtateth.clientFor(fake, { authHeader, fetch, maxRetries: 0 });
      const error = await rejection(() => client.conversations.list());
      expect(error).toBeInstanceOf(ApiError);
      expect(seen).toContain(fake.apiKey);
      for (const text of everything(error)) expect(text).not.toContain(fake.apiKey);
      expect(error.code).toBe('[redacted]');
      expect(error.requestId).toBe('[redacted]');
    }
  });

  it.each(STATUSES)('Heymarket, API key and signed JWT: %i', async (status) => {
    for (const auth of ['key', 'jwt'] as const) {
      const fake = createFakeHeymarket({ conversations: 2 });
      const { fetch, seen } = echoing(fake.fetch, 'heymarket', status, /^GET \/v1\/conversations\//);
      const client = heymarket.clientFor(fake, { auth, fetch, maxRetries: 0 });
      const error = await rejection(() => client.conversations.get(String(fake.sorted()[0]!.id)));
      if (status === 200) {
        // No failure envelope for Heymarket: the echoed body fails validation instead.
        expect(error).toBeInstanceOf(ConversationsError);
      } else {
        expect(error).toBeInstanceOf(ApiError);
        expect(error.code).toBe('[redacted]');
        expect(error.requestId).toBe('[redacted]');
      }
      expect(seen.length).toBeGreaterThan(0);
      for (const secret of seen) for (const text of everything(error)) expect(text).not.toContain(secret);
    }
  });

  it.each(STATUSES)('Tether, token: %i', async (status) => {
    const fake = createFakeTether({ conversations: 2 });
    const { fetch, seen } = echoing(fake.fetch, 'tether', status, /^GET \/api\/conversation\//);
    const client = tether.clientFor(fake, { auth: 'token', fetch, maxRetries: 0 });
    const error = await rejection(() => client.conversations.get([...fake.conversations.keys()][0]!));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('[redacted]');
    expect(seen.length).toBeGreaterThan(0);
    for (const secret of seen) for (const text of everything(error)) expect(text).not.toContain(secret);
  });

  it('Tether, a login refused with the email and password echoed', async () => {
    const fake = createFakeTether({ conversations: 2 });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const { email, password } = await request.json();
      return Response.json(
        { error: { code: password, message: `no user ${email} with ${password}` } },
        { status: 401, headers: { 'x-echo': password } },
      );
    };
    const client = tether.clientFor(fake, { fetch, maxRetries: 0 });
    const error = await rejection(() => client.conversations.get([...fake.conversations.keys()][0]!));
    expect(error).toBeInstanceOf(ApiError);
    for (const text of everything(error)) expect(text).not.toContain(fake.password);
  });
});
