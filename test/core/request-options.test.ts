import { describe, expect, it } from 'vitest';
import {
  AbortError,
  type ClientOptions,
  ConfigurationError,
  ConversationsClient,
  ConversationsError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { createFakeGTateth, createFakeHeymarket, createVirtualClock } from '../../src/testing/index.js';

const KEY = 'sk_live_OPTIONS9c1e7a';
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

/** What the injected fetch was called with, one entry per attempt. */
interface Seen {
  input: unknown;
  init: unknown;
  request: Request;
}

/** A G-Tateth client whose fetch answers from `answer`; records every call as fetch saw it. */
function recorded(
  answer: (request: Request, n: number) => Response | Promise<Response>,
  options: Partial<ClientOptions> = {},
) {
  const seen: Seen[] = [];
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: KEY }),
    clock: createVirtualClock(),
    backoff: { initialMs: 1, maxMs: 2 },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen.push({ input, init, request });
      return answer(request, seen.length);
    },
    ...options,
  });
  return { client, seen };
}

/** A clock whose sleeps never end and ignore their signal: only an abort can end a wait on it. */
const stuckClock = () => ({ now: () => Date.UTC(2026, 0, 15, 12), sleep: () => new Promise<void>(() => {}) });

/** Resolves with what `promise` rejected with, or with `'pending'` if it is still pending after `ms` real ms. */
async function outcome(promise: Promise<unknown>, ms = 200): Promise<unknown> {
  const pending = new Promise((resolve) => setTimeout(() => resolve('pending'), ms));
  return Promise.race([
    promise.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    pending,
  ]);
}

describe('ky is the HTTP layer', () => {
  it("the injected fetch gets ky's Request: URL and search params built, JSON body, accept and credential", async () => {
    const { client, seen } = recorded((_, n) =>
      n === 1
        ? Response.json({ success: true, data: [], pagination: { page: 1, limit: 5, total: 0, totalPages: 0 } })
        : Response.json({ success: true, data: conversation }, { status: 201 }),
    );
    await client.conversations.list({ limit: 5, status: 'open' });
    await client.conversations.create({ subject: 'New' });
    const [list, create] = seen;
    // The hand-written loop called fetch(url, init); ky calls it with one Request and no URL string.
    expect(list!.input).toBeInstanceOf(Request);
    expect(typeof list!.input).not.toBe('string');
    const url = new URL(list!.request.url);
    expect(url.origin + url.pathname).toBe('https://api.g-tateth.com/api/v1/conversations');
    expect(url.searchParams.get('limit')).toBe('5');
    expect(url.searchParams.get('status')).toBe('open');
    expect(list!.request.headers.get('accept')).toBe('application/json');
    expect(list!.request.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(create!.request.method).toBe('POST');
    expect(create!.request.headers.get('content-type')).toBe('application/json');
    expect(await create!.request.json()).toEqual({ subject: 'New' });
  });
});

describe('request options', () => {
  it('timeout overrides the client timeout for one call', async () => {
    const never = () => new Promise<Response>(() => {});
    const { client, seen } = recorded(never, { timeout: 60_000, maxRetries: 0 });
    const started = Date.now();
    const error = await client.conversations.get(ID, { timeout: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen).toHaveLength(1);
  });

  it('maxRetries overrides the client retries for one call', async () => {
    const { client, seen } = recorded(() => Response.json({ success: false }, { status: 500 }), { maxRetries: 3 });
    expect(await client.conversations.get(ID, { maxRetries: 0 }).catch((e: unknown) => e)).toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
    await client.conversations.get(ID).catch(() => undefined);
    expect(seen).toHaveLength(5);
  });

  it('headers reach the request, but never replace the credential, accept or content-type', async () => {
    const { client, seen } = recorded(() => Response.json({ success: true, data: conversation }, { status: 201 }));
    await client.conversations.create(
      { subject: 'x' },
      {
        headers: {
          'X-Trace': 'trace-1',
          Authorization: 'Bearer sk_live_SOMEONEELSE',
          Accept: 'text/html',
          'Content-Type': 'text/plain',
        },
      },
    );
    const { headers } = seen[0]!.request;
    expect(headers.get('x-trace')).toBe('trace-1');
    expect(headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('content-type')).toBe('application/json');
  });

  it('the x-api-key credential is not replaced either', async () => {
    const seen: Request[] = [];
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: KEY, authHeader: 'x-api-key' }),
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return ok();
      },
    });
    await client.conversations.get(ID, { headers: { 'x-api-key': 'sk_live_other' } });
    expect(seen[0]!.headers.get('x-api-key')).toBe(KEY);
  });

  it.each([
    ['a timeout of 0', { timeout: 0 }],
    ['a fractional maxRetries', { maxRetries: 1.5 }],
    ['a header name no request can carry', { headers: { 'bad header': 'x' } }],
    ['a signal that is not one', { signal: 'stop' as never }],
  ])('%s is a ConfigurationError before anything is sent', async (_, options) => {
    const { client, seen } = recorded(ok);
    expect(await client.conversations.get(ID, options).catch((e: unknown) => e)).toBeInstanceOf(ConfigurationError);
    expect(await client.conversations.list({}, options).catch((e: unknown) => e)).toBeInstanceOf(ConfigurationError);
    expect(seen).toHaveLength(0);
  });
});

describe('abort', () => {
  it('an aborted signal rejects with AbortError and sends nothing', async () => {
    const { client, seen } = recorded(ok);
    const error = await client.conversations.get(ID, { signal: AbortSignal.abort('gone') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toBeInstanceOf(ConversationsError);
    expect((error as Error).name).toBe('AbortError');
    expect((error as Error).cause).toBe('gone');
    expect(seen).toHaveLength(0);
  });

  it('rejects promptly during a backoff wait, even on a clock that ignores the signal, and sends no retry', async () => {
    const { client, seen } = recorded(() => Response.json({ success: false }, { status: 500 }), {
      clock: stuckClock(),
      backoff: { initialMs: 10_000, maxMs: 10_000 },
    });
    const controller = new AbortController();
    const call = client.conversations.get(ID, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(1); // the first attempt failed; the call is waiting to retry
    expect(await outcome(call, 50)).toBe('pending');
    controller.abort();
    expect(await outcome(call)).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
  });

  it('rejects promptly while the client is paused by a 429, and the call takes no slot afterwards', async () => {
    const limited = () =>
      Response.json(
        { success: false, error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 30 },
        { status: 429 },
      );
    const { client, seen } = recorded((_, n) => (n === 1 ? limited() : ok()), { clock: stuckClock() });
    client.conversations.get(ID).catch(() => undefined); // answered 429: the whole client pauses for 30 s
    await new Promise((r) => setTimeout(r, 20));
    const controller = new AbortController();
    const other = client.conversations.get(ID, { signal: controller.signal });
    expect(await outcome(other, 50)).toBe('pending');
    controller.abort();
    expect(await outcome(other)).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
  });

  it('rejects promptly mid-attempt, even when the fetch ignores its signal', async () => {
    const { client } = recorded(() => new Promise<Response>(() => {}), { timeout: 60_000 });
    const controller = new AbortController();
    const call = client.conversations.get(ID, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await outcome(call)).toBeInstanceOf(AbortError);
  });

  it('rejects promptly mid-body, when the headers arrived and the body stalls', async () => {
    const stalled = () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"success":true,'));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const { client } = recorded(stalled, { timeout: 60_000 });
    const controller = new AbortController();
    const call = client.conversations.get(ID, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    expect(await outcome(call, 30)).toBe('pending');
    controller.abort();
    expect(await outcome(call)).toBeInstanceOf(AbortError);
  });

  it('aborting a list aborts its pages in flight', async () => {
    const fake = createFakeGTateth({ conversations: 100, latency: 30, seed: 4 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = (async () => {
      for await (const c of client.conversations.list({ limit: 10 }, { signal: controller.signal })) {
        seen.push(c.id);
        // Page 1 is consumed; abort while page 2 and the pages fetched ahead with it are under way.
        if (seen.length === 10) setTimeout(() => controller.abort(), 10);
      }
    })();
    expect(await outcome(walk, 2_000)).toBeInstanceOf(AbortError);
    await new Promise((r) => setTimeout(r, 60));
    // Page 1 answered; page 2 and the pages fetched ahead were in flight at the abort and never answered.
    const statuses = fake.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 'dropped').length).toBeGreaterThanOrEqual(2);
  });

  it('an abort during a for await ends it at the next item, not after the rest of the page in hand', async () => {
    const fake = createFakeGTateth({ conversations: 40, seed: 4 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = (async () => {
      for await (const c of client.conversations.list({ limit: 20 }, { signal: controller.signal })) {
        seen.push(c.id);
        if (seen.length === 5) controller.abort(); // mid-page: 15 more of this page are already here
      }
    })();
    expect(await outcome(walk, 2_000)).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(5);
  });

  /**
   * A G-Tateth fake behind a fetch that holds pages 3 and later for 100 ms first (an abort ends the
   * hold, and such a request never reaches the fake), so they are still in flight when page 2 arrives.
   */
  function slowLaterPages() {
    const fake = createFakeGTateth({ conversations: 100, seed: 4 });
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: fake.apiKey }),
      lookAhead: 3,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (Number(new URL(request.url).searchParams.get('page')) >= 3) {
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, 100);
            request.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(request.signal.reason);
            });
          });
        }
        return fake.fetch(request);
      },
    });
    const pages = () => fake.requests().map((r) => Number(r.query.get('page')));
    return { client, pages };
  }

  it('breaking out of a for await aborts the look-ahead pages still in flight', async () => {
    const { client, pages } = slowLaterPages();
    let n = 0;
    for await (const _ of client.conversations.list({ limit: 10 })) if (++n === 11) break; // the first of page 2
    await new Promise((r) => setTimeout(r, 150));
    expect(pages()).toEqual([1, 2]); // pages 3 to 5 were fetched ahead, and aborted
  });

  it('toArray({ max }) that is full aborts the look-ahead pages still in flight', async () => {
    const { client, pages } = slowLaterPages();
    expect(await client.conversations.list({ limit: 10 }).toArray({ max: 15 })).toHaveLength(15);
    await new Promise((r) => setTimeout(r, 150));
    expect(pages()).toEqual([1, 2]);
  });

  it('a walk read to its end, and a second pass, still fetch every page', async () => {
    const { client, pages } = slowLaterPages();
    const list = client.conversations.list({ limit: 10 });
    expect(await list.toArray()).toHaveLength(100);
    expect(await list.toArray({ max: 25 })).toHaveLength(25);
    expect(
      pages()
        .slice(0, 10)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('messages.list(ref, params, options) takes the signal too', async () => {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ clock, seed: 3, conversations: 5 });
    const client = new ConversationsClient({
      provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
      fetch: fake.fetch,
      clock,
    });
    const c = (await client.conversations.list({ limit: 1 })).items[0]!;
    const before = fake.log.length;
    const error = await client.messages.list(c, {}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(fake.log.length).toBe(before);
  });
});
