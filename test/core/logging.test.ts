import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  type ApiError,
  type ClientOptions,
  ConfigurationError,
  ConversationsClient,
  type Logger,
  type LogLevel,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { defineProvider } from '../../src/spec/provider.js';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
} from '../../src/testing/index.js';
import { collecting } from '../support/index.js';

function gtatethSetup(logLevel: LogLevel | undefined, extra: Partial<ClientOptions> = {}) {
  const clock = createVirtualClock();
  const fake = createFakeGTateth({ clock, seed: 9, conversations: 30 });
  const { lines, logger } = collecting();
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: fake.apiKey }),
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
    logger,
    ...(logLevel ? { logLevel } : {}),
    ...extra,
  });
  return { fake, client, lines };
}

describe('logging', () => {
  const saved = process.env.CONVERSATIONS_SDK_LOG;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONVERSATIONS_SDK_LOG;
    else process.env.CONVERSATIONS_SDK_LOG = saved;
  });

  it('debug logs every attempt: method, path, status, ms, attempt and request id', async () => {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ clock, seed: 9, conversations: 10 });
    const { lines, logger } = collecting();
    const client = new ConversationsClient({
      provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
      fetch: fake.fetch,
      clock,
      backoff: { initialMs: 1, maxMs: 2 },
      logger,
      logLevel: 'debug',
    });
    fake.inject({ status: 500, route: 'GET /v1/inboxes' });
    await client.inboxes.list();
    const debug = lines.filter(([level]) => level === 'debug').map(([, line]) => line);
    const [first, second] = fake.requests();
    expect(debug).toEqual([
      `conversations-sdk: GET /v1/inboxes 500 in 0 ms (attempt 1, request ${first!.requestId})`,
      `conversations-sdk: GET /v1/inboxes 200 in 0 ms (attempt 2, request ${second!.requestId})`,
    ]);
  });

  it('info logs retries and rate-limit pauses; debug lines stay out at info', async () => {
    const { fake, client, lines } = gtatethSetup('info');
    fake.inject({ status: 429 });
    await client.conversations.list({ limit: 10 });
    expect(lines.every(([level]) => level === 'info')).toBe(true);
    const text = lines.map(([, line]) => line);
    expect(text).toContainEqual(
      expect.stringMatching(/GET \/api\/v1\/conversations rate limited: every request waits 60000 ms/),
    );
    expect(text.at(-1)).toMatch(/GET \/api\/v1\/conversations retry 1 after 60000 ms: rate_limit 429/);
  });

  it('warn (the default) logs what onWarning reports, and nothing of a healthy call', async () => {
    const warned: unknown[] = [];
    const { lines, logger } = collecting();
    const provider = defineProvider({
      name: 'heymarket',
      http: {
        baseUrl: 'https://x.test',
        auth: { headers: () => ({}) },
        parseError: () => ({ code: null, message: null }),
      },
      operations: {
        'conversations.markRead': async (ctx) => {
          await ctx.request({ method: 'GET', path: '/ok', retrySafe: true, schema: z.object({}) });
          ctx.warn({
            type: 'tie-overflow',
            resource: 'messages',
            message: 'too many rows share 12:00',
            updated: '12:00',
            yielded: 1,
            pageSize: 1,
          });
        },
      },
    });
    const client = new ConversationsClient({
      provider,
      fetch: async () => Response.json({}),
      logger,
      onWarning: (w) => warned.push(w),
    });
    await client.conversations.markRead('1');
    expect(warned).toHaveLength(1);
    expect(lines).toEqual([['warn', 'conversations-sdk: too many rows share 12:00']]);
  });

  it('error logs a response that breaks the contract; off logs nothing', async () => {
    const bad = async () => Response.json({ success: true, data: { _id: 7 } });
    for (const [logLevel, expected] of [
      ['error', 1],
      ['off', 0],
    ] as const) {
      const { lines, logger } = collecting();
      const client = new ConversationsClient({
        provider: gtateth({ apiKey: 'sk_test_x1' }),
        fetch: bad,
        logger,
        logLevel,
      });
      await client.conversations.get('x').catch(() => undefined);
      expect(lines).toHaveLength(expected);
      if (expected)
        expect(lines[0]![1]).toMatch(/GET \/api\/v1\/conversations\/x: Response did not match the expected shape/);
    }
  });

  it('CONVERSATIONS_SDK_LOG sets the level when the client does not', async () => {
    process.env.CONVERSATIONS_SDK_LOG = 'debug';
    const { client, lines } = gtatethSetup(undefined);
    await client.conversations.list({ limit: 10 });
    expect(lines.map(([level]) => level)).toEqual(['debug']);
    process.env.CONVERSATIONS_SDK_LOG = 'off';
    const quiet = gtatethSetup('debug'); // the option wins over the environment
    await quiet.client.conversations.list({ limit: 10 });
    expect(quiet.lines).toHaveLength(1);
    process.env.CONVERSATIONS_SDK_LOG = 'loud'; // not a level: the default applies, the client still builds
    expect(() => gtatethSetup(undefined)).not.toThrow();
  });

  it('refuses a logger without the four functions, and an unknown logLevel', () => {
    const provider = gtateth({ apiKey: 'sk_test_x1' });
    expect(() => new ConversationsClient({ provider, logger: { info: () => {} } as never })).toThrow(
      ConfigurationError,
    );
    expect(() => new ConversationsClient({ provider, logLevel: 'verbose' as never })).toThrow(ConfigurationError);
  });
});

describe('no credential in any log line', () => {
  /** Every logged line, at debug, of a session with failures, retries and renewals. */
  async function session(make: (logger: Logger) => Promise<string[]>): Promise<string> {
    const { lines, logger } = collecting();
    const secrets = await make(logger);
    const text = lines.map(([, line]) => line).join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
    return text;
  }

  it('G-Tateth: the API key, in either header', async () => {
    for (const authHeader of ['bearer', 'x-api-key'] as const) {
      await session(async (logger) => {
        const clock = createVirtualClock();
        const fake = createFakeGTateth({ clock, seed: 2, conversations: 30 });
        const client = new ConversationsClient({
          provider: gtateth({ apiKey: fake.apiKey, authHeader }),
          fetch: fake.fetch,
          clock,
          logger,
          logLevel: 'debug',
          backoff: { initialMs: 1, maxMs: 2 },
          maxRetries: 5,
        });
        fake.inject({ status: 500 }).inject({ status: 429 }).inject({ drop: true });
        await client.conversations.list({ limit: 10 }).toArray();
        await client.request({ method: 'GET', path: '/api/v1/nowhere' }).catch(() => undefined);
        return [fake.apiKey];
      });
    }
  });

  it('Heymarket: the secret key and the JWTs signed with it, and the legacy API key', async () => {
    await session(async (logger) => {
      const clock = createVirtualClock();
      const fake = createFakeHeymarket({ clock, seed: 2, conversations: 30 });
      const jwts: string[] = [];
      const client = new ConversationsClient({
        provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
        fetch: async (input, init) => {
          const request = new Request(input, init);
          jwts.push((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
          return fake.fetch(request);
        },
        clock,
        logger,
        logLevel: 'debug',
        backoff: { initialMs: 1, maxMs: 2 },
      });
      fake.inject({ status: 502 }).inject({ status: 429 });
      await client.conversations.list({ limit: 5 }).toArray({ max: 10 });
      clock.advance(400_000); // the cached token is refused for its age: signed again
      await client.conversations.list({ limit: 5 });
      const keyed = new ConversationsClient({
        provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
        fetch: fake.fetch,
        clock,
        logger,
        logLevel: 'debug',
      });
      await keyed.request({ method: 'GET', path: '/v1/inboxes' });
      return [fake.secretKey, fake.apiKey, ...new Set(jwts.filter(Boolean))];
    });
  });

  it('Tether: the password and every token', async () => {
    await session(async (logger) => {
      const clock = createVirtualClock();
      const fake = createFakeTether({ clock, seed: 2, contacts: 4, tokenTtlSeconds: 60 });
      const tokens: string[] = [];
      const client = new ConversationsClient({
        provider: tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password }),
        fetch: async (input, init) => {
          const request = new Request(input, init);
          tokens.push((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
          return fake.fetch(request);
        },
        clock,
        logger,
        logLevel: 'debug',
        backoff: { initialMs: 1, maxMs: 2 },
      });
      fake.inject({ status: 500, route: 'GET /api/contacts' });
      await client.conversations.list().toArray({ max: 5 });
      clock.advance(120_000); // expired: a 401, a new login
      await client.request({ method: 'GET', path: '/api/auth/verify-token' });
      expect(fake.requests('POST /api/auth/login')).toHaveLength(2);
      return [fake.password, ...new Set(tokens.filter(Boolean))];
    });
  });
});

describe('ApiError.headers', () => {
  it('holds the response headers, without any that carry a credential', async () => {
    const clock = createVirtualClock();
    const fake = createFakeGTateth({ clock, conversations: 3 });
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      fetch: fake.fetch,
      clock,
      maxRetries: 0,
    });
    fake.inject({
      status: 500,
      headers: {
        'retry-after': '1',
        'x-served-by': `edge for ${fake.apiKey}`,
        'set-cookie': 'session=SESSIONSECRET',
        'x-auth-token': 'TOKENSECRET',
      },
    });
    const error = (await client.conversations.list().catch((e: unknown) => e)) as ApiError;
    expect(error.headers['retry-after']).toBe('1');
    expect(error.headers['content-type']).toContain('application/json');
    expect(error.headers['x-served-by']).toBe('edge for [redacted]');
    expect(error.headers).not.toHaveProperty('set-cookie');
    expect(error.headers).not.toHaveProperty('x-auth-token');
    expect(JSON.stringify(error)).not.toMatch(/SESSIONSECRET|TOKENSECRET/);
    expect(JSON.parse(JSON.stringify(error)).headers['retry-after']).toBe('1');
  });
});
