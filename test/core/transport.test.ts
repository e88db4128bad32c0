import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type ClientOptions,
  ConfigurationError,
  ConversationsClient,
  NotFoundError,
  type RetryInfo,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createVirtualClock } from '../../src/testing/index.js';
import { manualClock, rejection, settle } from '../support/index.js';

const KEY = 'sk_live_TRANSPORT4b8e1d';
const ID = '64a1b2c3d4e5f6789012345a';
const conversation = {
  _id: ID,
  subject: 'Billing question',
  status: 'open',
  priority: 'medium',
  customerId: null,
  assignedTo: null,
  inboxId: null,
  channel: 'email',
  source: 'api',
  labels: [],
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
};
const ok = () => Response.json({ success: true, data: conversation });
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers });

/** A client whose fetch answers from a script, one entry per attempt; records when each attempt went out. */
function scripted(
  script: Array<() => Response | Promise<Response>>,
  options: Partial<ClientOptions> & { clock?: ReturnType<typeof createVirtualClock> } = {},
) {
  const clock = options.clock ?? createVirtualClock();
  const sent: number[] = [];
  const retries: RetryInfo[] = [];
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: KEY }),
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
    onRetry: (r) => retries.push(r),
    fetch: async () => {
      sent.push(clock.now());
      const next = script.shift();
      if (!next) throw new Error('script exhausted');
      return next();
    },
    ...options,
  });
  return { client, clock, sent, retries };
}

/** A body that sends its first bytes and then never ends, and ignores every abort. */
const stalledBody = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"success":true,'));
      },
    }),
    { headers: { 'content-type': 'application/json' } },
  );

describe('per-attempt timeout', () => {
  it('covers a body that stalls after the headers arrived', async () => {
    const { client, retries } = scripted([stalledBody, ok], { timeout: 20 });
    expect((await client.conversations.get(ID)).id).toBe(ID);
    expect(retries.map((r) => r.reason)).toEqual(['timeout']);
  });

  it('covers a fetch that ignores the abort signal, and surfaces TimeoutError when retries run out', async () => {
    const never = () => new Promise<Response>(() => {});
    const { client, sent } = scripted([never, never], { timeout: 20, maxRetries: 1 });
    const error = await rejection(() => client.conversations.get(ID));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(sent).toHaveLength(2);
  });
});

describe('which failures are retried', () => {
  it.each([500, 502, 503, 504, 507, 520, 599])('%i is retried for an idempotent call', async (status) => {
    const { client, sent } = scripted([() => json(status, 'oops'), ok]);
    expect((await client.conversations.get(ID)).id).toBe(ID);
    expect(sent).toHaveLength(2);
  });

  it.each([501, 505])('%i is final: asking again would get the same answer', async (status) => {
    const { client, sent } = scripted([() => json(status, 'nope'), ok]);
    const error = (await rejection(() => client.conversations.get(ID))) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(status);
    expect(sent).toHaveLength(1);
  });
});

describe('server waits', () => {
  it('reads a decimal Retry-After as seconds, not as a date', async () => {
    const { client, sent } = scripted([() => json(503, 'busy', { 'retry-after': '1.5' }), ok]);
    await client.conversations.get(ID);
    expect(sent[1]! - sent[0]!).toBe(1500);
  });

  it('a 429 whose X-RateLimit-Reset is already past backs off instead of retrying at once', async () => {
    const clock = createVirtualClock();
    const past = String(Math.floor(clock.now() / 1000) - 30);
    const limited = () =>
      json(
        429,
        { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' },
        { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': past },
      );
    const { client, sent } = scripted([limited, ok], { clock, rateLimitBackoff: { initialMs: 1000, maxMs: 1000 } });
    await client.conversations.get(ID);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(500); // jittered between half and all of 1 s
  });

  it('429s of requests in flight together pause the client once, not once per request', async () => {
    const clock = createVirtualClock();
    const sent: number[] = [];
    let calls = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: KEY }),
      clock,
      pace: null,
      rateLimitBackoff: { initialMs: 1000, maxMs: 600_000 },
      // Ten answers that take 5 ms widen the client's window from one request in flight to eleven. The
      // next ten attempts are answered together, all 429 with no wait; every later one succeeds.
      fetch: async () => {
        const n = ++calls;
        if (n <= 10) await clock.sleep(5);
        else sent.push(clock.now());
        if (n <= 10 || n > 20) return ok();
        if (++arrived === 10) release();
        await together;
        return json(429, { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED' });
      },
    });
    for (let i = 0; i < 10; i++) await client.conversations.get(ID);
    // A second later, the gate has no rate to learn from those successes: the pause alone spaces the retries.
    clock.advance(1000);
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 10 }, () => client.conversations.get(ID)));
    expect(sent).toHaveLength(20);
    // One strike: every retry went out within the first backoff step, not after nine more doublings.
    expect(Math.max(...sent) - t0).toBeLessThanOrEqual(1000);
  });
});

describe('a Retry-After date already past', () => {
  it('is no hint: the retry backs off instead of going out at once', async () => {
    const clock = createVirtualClock();
    const past = new Date(clock.now() - 60_000).toUTCString();
    const { client, sent } = scripted([() => json(503, 'busy', { 'retry-after': past }), ok], {
      clock,
      backoff: { initialMs: 100, maxMs: 100 },
    });
    await client.conversations.get(ID);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(50);
  });
});

describe('a wait in the 429 body alone (no rate-limit headers)', () => {
  const flat = (seconds: number) => () =>
    json(429, { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: seconds });
  const nested = (seconds: number) => () =>
    json(429, {
      success: false,
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Slow down', details: { retryAfter: seconds } },
    });

  it.each([
    ['flat', flat(7), 7000],
    ['nested', nested(9), 9000],
  ])('sets the retry time (%s body)', async (_, limited, wait) => {
    const { client, sent } = scripted([limited, ok]);
    await client.conversations.get(ID);
    expect(sent[1]! - sent[0]!).toBe(wait);
  });

  it('pauses every request of the client, not only the one it answered', async () => {
    const clock = manualClock();
    const sent: number[] = [];
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: KEY }),
      clock,
      pace: null,
      fetch: async () => {
        sent.push(clock.now());
        return sent.length === 1 ? flat(5)() : ok();
      },
    });
    const t0 = clock.now();
    const first = client.conversations.get(ID);
    await settle();
    expect(sent).toEqual([t0]); // answered 429: the client is paused for 5 s
    const second = client.conversations.get(ID); // a new request, made during the pause
    await settle();
    expect(sent).toHaveLength(1);
    clock.advance(4999);
    await settle();
    expect(sent).toHaveLength(1);
    clock.advance(1);
    await Promise.all([first, second]);
    expect(sent).toEqual([t0, t0 + 5000, t0 + 5000]);
  });
});

describe('onRetry', () => {
  it('reports the request id the error body carries', async () => {
    const failure = () =>
      json(500, { success: false, error: { code: 'INTERNAL_ERROR', message: 'boom', requestId: 'req_body_77' } });
    const { client, retries } = scripted([failure, ok]);
    await client.conversations.get(ID);
    expect(retries).toEqual([expect.objectContaining({ status: 500, requestId: 'req_body_77' })]);
  });
});

describe('credentials the server echoes', () => {
  const everything = (error: Error) => [error.message, JSON.stringify(error), String(error.stack)].join('\n');

  it.each(['bearer', 'x-api-key'] as const)('are cut out of message and body (%s)', async (authHeader) => {
    const echo = () =>
      json(401, {
        success: false,
        error: { code: 'API_KEY_INVALID', message: `Invalid API key ${KEY}`, requestId: 'req_1' },
        echoed: `Bearer ${KEY}`,
      });
    const { client } = scripted([echo], { provider: gtateth({ apiKey: KEY, authHeader }) });
    const error = (await rejection(() => client.conversations.get(ID))) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(everything(error)).not.toContain('TRANSPORT4b8e1d');
    expect(error.message).toContain('Invalid API key [redacted]');
    expect(error.body).toContain('[redacted]');
    expect(error.requestId).toBe('req_1');
  });

  it('a success body that echoes the key and fails validation keeps no key either', async () => {
    const bad = () => Response.json({ success: true, data: { ...conversation, subject: 7, note: KEY } });
    const { client } = scripted([bad]);
    const error = await rejection(() => client.conversations.get(ID));
    expect(error.name).toBe('ResponseValidationError');
    expect(everything(error)).not.toContain('TRANSPORT4b8e1d');
  });
  it("a login's bodies never reach an error, and its password is cut out of the message", async () => {
    const password = 'hunter2-PASSWORD-91';
    const refused = () => json(401, { message: `Wrong password ${password} for ops@example.com` });
    const { client } = scripted([refused], {
      provider: tether({ baseUrl: 'http://127.0.0.1:9', email: 'ops@example.com', password }),
    });
    const error = (await rejection(() => client.conversations.get(ID))) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.body).toBeNull();
    expect(everything(error)).not.toContain('PASSWORD-91');
  });

  it('a login answer that fails validation keeps no body (it may hold the token)', async () => {
    const odd = () => Response.json({ token: 12345, user: 'TOKEN-SHAPED-SECRET' });
    const { client } = scripted([odd], {
      provider: tether({ baseUrl: 'http://127.0.0.1:9', email: 'ops@example.com', password: 'pw-12345678' }),
    });
    const error = await rejection(() => client.conversations.get(ID));
    expect(error.name).toBe('ResponseValidationError');
    expect(everything(error)).not.toContain('TOKEN-SHAPED-SECRET');
  });
});

describe('deletes', () => {
  it('a first-attempt 404 is NotFoundError, not success', async () => {
    const missing = () => json(404, { success: false, error: { code: 'NOT_FOUND', message: 'Not found' } });
    const { client } = scripted([missing]);
    expect(await rejection(() => client.conversations.delete(ID))).toBeInstanceOf(NotFoundError);
  });
});

describe('client options', () => {
  it('an explicit undefined in backoff falls back to the default instead of NaN waits', async () => {
    const { client, sent } = scripted([() => json(500, 'oops'), ok], {
      backoff: { initialMs: undefined, maxMs: 4 },
    });
    await client.conversations.get(ID);
    expect(Number.isFinite(sent[1]!)).toBe(true);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(2); // jittered half to all of min(4, 500)
    expect(sent[1]! - sent[0]!).toBeLessThanOrEqual(4);
  });

  it('a backoff max below its start caps the waits: maxMs 0 retries at once', async () => {
    const { client, sent } = scripted([() => json(500, 'oops'), ok], { backoff: { maxMs: 0 } });
    await client.conversations.get(ID);
    expect(sent[1]! - sent[0]!).toBe(0);
  });

  const provider = gtateth({ apiKey: KEY });
  it.each<[string, Partial<ClientOptions>]>([
    ['a timeout no timer can hold', { timeout: 2 ** 31 }],
    ['a negative backoff', { backoff: { initialMs: -1 } }],
    ['a pace of zero requests', { pace: { limit: 0, windowMs: 1000 } }],
    ['a pace without a window', { pace: { limit: 10, windowMs: 0 } }],
    ['an onRetry that is not a function', { onRetry: 'log' as never }],
    ['a clock without sleep', { clock: { now: () => 0 } as never }],
    ['a fractional lookAhead', { lookAhead: 1.5 }],
  ])('refuses %s at construction', (_, options) => {
    expect(() => new ConversationsClient({ provider, ...options })).toThrow(ConfigurationError);
  });
});
