import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  type ConversationListParams,
  type ConversationPatch,
  NotFoundError,
  RateLimitError,
  type RetryInfo,
  ServerError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { createVirtualClock } from '../../src/testing/index.js';
import { gtatethTarget } from './gtateth.target.js';
import { heymarketTarget } from './heymarket.target.js';
import type { ConformanceEnv, ConformanceTarget, StoredConversation } from './target.js';
import { tetherTarget } from './tether.target.js';

// Each provider joins by exporting a target; the scenarios below run unchanged against every one.
const targets: ConformanceTarget[] = [gtatethTarget, heymarketTarget, tetherTarget];
const fast = { backoff: { initialMs: 1, maxMs: 2 } };

const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * A filtered walk yields exactly the store's matching set, each once. The set must be non-empty and
 * leave something out, so neither an empty answer nor an ignored filter can pass.
 */
async function expectFilter(
  env: ConformanceEnv,
  params: ConversationListParams,
  matches: (stored: StoredConversation) => boolean,
): Promise<void> {
  const all = env.visibleIds();
  const expected = all.filter((id) => matches(env.stored(id) as StoredConversation));
  expect(expected.length, `store matches for ${JSON.stringify(params)}`).toBeGreaterThan(0);
  expect(expected.length, `store matches for ${JSON.stringify(params)}`).toBeLessThan(all.length);
  const ids = (await env.client.conversations.list({ limit: 7, ...params }).toArray()).map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(sorted(ids)).toEqual(sorted(expected));
}

/** The value of one stored field across the visible conversations, most common first. */
function valuesOf<T>(env: ConformanceEnv, field: (s: StoredConversation) => T | null): T[] {
  const counts = new Map<T, number>();
  for (const id of env.visibleIds()) {
    const value = field(env.stored(id) as StoredConversation);
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([value]) => value);
}

describe.each(targets)('conformance: $name', (target) => {
  const setup = (conversations = 30, clientOptions = {}) =>
    target.setup({ conversations, seed: 5, clientOptions: { ...fast, ...clientOptions } });
  const has = (field: ConformanceTarget['fields'][number]) => target.fields.includes(field);

  it('shares a clock passed in clientOptions between the fake and the client', async () => {
    const clock = createVirtualClock(Date.UTC(2030, 5, 1));
    const retries: RetryInfo[] = [];
    const env = target.setup({
      conversations: 5,
      seed: 5,
      clientOptions: { ...fast, clock, onRetry: (r: RetryInfo) => retries.push(r) },
    });
    expect(env.fake.clock).toBe(clock);
    const id = env.visibleIds()[0] as string;
    env.fake.inject({ status: 429, route: target.routes.get });
    const start = clock.now();
    await env.client.conversations.get(id);
    // The client's wait ran on that clock, and the fake stamped both attempts with it.
    const [first, second] = env.fake.requests(target.routes.get);
    expect(first?.at).toBe(start);
    expect(second?.at).toBe(clock.now());
    expect(clock.now() - start).toBeGreaterThanOrEqual(retries[0]?.delayMs ?? Number.POSITIVE_INFINITY);
    expect(retries[0]?.delayMs).toBeGreaterThan(0);
  });

  it('walks every visible conversation exactly once', async () => {
    const env = setup(60);
    const ids = (await env.client.conversations.list({ limit: 7 }).toArray()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(env.visibleIds()));
  });

  it('resumes a walk from a page cursor: the rest, each once, nothing before it again', async () => {
    const env = setup(60);
    const first = await env.client.conversations.list({ limit: 5 });
    const cursor = JSON.parse(JSON.stringify(first.cursor)) as string; // as a caller would store it
    const rest = await env.client.conversations.list({ cursor }).toArray();
    const ids = [...first.items, ...rest].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(env.visibleIds()));
  });

  describe('filters', () => {
    it('by status exactly', async () => {
      const env = setup(60);
      for (const status of ['open', 'closed'] as const) {
        await expectFilter(env, { status }, (s) => s.status === status);
      }
    });

    it('by assignee exactly', async () => {
      const env = setup(60);
      const assigned = env.visibleIds().find((id) => (env.stored(id)?.assigneeIds.length ?? 0) > 0) as string;
      const user = env.stored(assigned)?.assigneeIds[0] as string;
      await expectFilter(env, { assigneeId: user }, (s) => s.assigneeIds.includes(user));
    });

    it('assigneeId null: exactly the unassigned ones', async () => {
      const env = setup(60);
      await expectFilter(env, { assigneeId: null }, (s) => s.assigneeIds.length === 0);
    });

    it.skipIf(!has('inboxId'))('by inboxId, one id and an array of ids', async () => {
      const env = setup(60);
      const inboxes = valuesOf(env, (s) => s.inboxId);
      expect(inboxes.length).toBeGreaterThanOrEqual(3);
      const [a, b] = inboxes as [string, string];
      await expectFilter(env, { inboxId: a }, (s) => s.inboxId === a);
      await expectFilter(env, { inboxId: [a] }, (s) => s.inboxId === a);
      await expectFilter(env, { inboxId: [a, b] }, (s) => s.inboxId === a || s.inboxId === b);
    });

    it.skipIf(!has('channel'))('by channel exactly', async () => {
      const env = setup(60);
      const channels = valuesOf(env, (s) => s.channel);
      expect(channels.length).toBeGreaterThanOrEqual(2);
      for (const channel of channels.slice(0, 2)) {
        await expectFilter(env, { channel }, (s) => s.channel === channel);
      }
    });

    it.skipIf(!has('priority'))('by priority exactly', async () => {
      const env = setup(60);
      const priorities = valuesOf(env, (s) => s.priority) as NonNullable<ConversationListParams['priority']>[];
      expect(priorities.length).toBeGreaterThanOrEqual(2);
      for (const priority of priorities.slice(0, 2)) {
        await expectFilter(env, { priority }, (s) => s.priority === priority);
      }
    });

    it.skipIf(!has('unread'))('by unread, true and false, exactly', async () => {
      const env = setup(60);
      for (const unread of [true, false]) {
        await expectFilter(env, { unread }, (s) => s.unread === unread);
      }
    });

    it('a filter on a field the API lacks is a ConfigurationError when the list starts, before any request', async () => {
      const env = setup(10);
      const values = { inboxId: '1', channel: 'sms', priority: 'high', unread: false } as const;
      const lacking = (Object.keys(values) as (keyof typeof values)[]).filter((field) => !has(field));
      expect(lacking.length).toBeGreaterThan(0);
      for (const field of lacking) {
        const error = await env.client.conversations.list({ [field]: values[field] }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, field).toBeInstanceOf(ConfigurationError);
      }
      expect(env.fake.requests()).toHaveLength(0);
    });

    it('filters combine: status and assigneeId null', async () => {
      const env = setup(60);
      await expectFilter(
        env,
        { status: 'open', assigneeId: null },
        (s) => s.status === 'open' && s.assigneeIds.length === 0,
      );
    });
  });

  it('gets one conversation in the unified shape', async () => {
    const env = setup();
    const id = env.visibleIds()[3] as string;
    const c = await env.client.conversations.get(id);
    const stored = env.stored(id) as StoredConversation;
    expect(c.id).toBe(id);
    expect(c.provider).toBe(target.name);
    expect(c.status).toBe(stored.status);
    expect(c.createdAt).toBeInstanceOf(Date);
    expect(c.assignees.map((a) => a.id)).toEqual(stored.assigneeIds);
    expect(c.inboxId).toBe(stored.inboxId);
    expect(c.channel).toBe(stored.channel);
    expect(c.priority).toBe(stored.priority);
    expect(c.subject).toBe(stored.subject);
  });

  it('assigns, and unassigns where the API can', async () => {
    const env = setup();
    const id = env.visibleIds()[0] as string;
    const user = env.assignableUserIds(id).find((u) => !env.stored(id)?.assigneeIds.includes(u)) as string;
    await env.client.conversations.assign(id, user);
    expect(env.stored(id)?.assigneeIds).toContain(user);
    if (target.canUnassign) {
      await env.client.conversations.assign(id, null);
      expect(env.stored(id)?.assigneeIds).toEqual([]);
    }
  });

  it('close and reopen end in the requested state, called twice each', async () => {
    const env = setup();
    const id = env.visibleIds()[1] as string;
    const c = await env.client.conversations.get(id);
    await env.client.conversations.close(c);
    await env.client.conversations.close(id);
    expect(env.stored(id)?.status).toBe('closed');
    await env.client.conversations.reopen(id);
    await env.client.conversations.reopen(id);
    expect(env.stored(id)?.status).toBe('open');
  });

  describe('update', () => {
    /** A patch the provider refuses is an UnsupportedOperationError, and nothing reaches the server. */
    async function expectRefused(env: ConformanceEnv, id: string, patch: ConversationPatch) {
      const before = env.fake.requests().length;
      const storedBefore = env.stored(id);
      const error = await env.client.conversations.update(id, patch).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error).toMatchObject({ name: 'UnsupportedOperationError', provider: target.name });
      expect(env.fake.requests().length).toBe(before);
      expect(env.stored(id)).toEqual(storedBefore);
    }

    const openId = (env: ConformanceEnv) => env.visibleIds().find((id) => env.stored(id)?.status === 'open') as string;

    it('status: each supported one lands in the store and the result; the others are refused unsent', async () => {
      const env = setup();
      expect(env.client.supports('conversations.update')).toBe(true);
      const id = openId(env);
      for (const status of ['closed', 'pending', 'open'] as const) {
        if (!target.updatable.statuses.includes(status)) {
          await expectRefused(env, id, { status });
          continue;
        }
        const c = await env.client.conversations.update(id, { status });
        expect(c.id).toBe(id);
        expect(c.status).toBe(status);
        expect(env.stored(id)?.status).toBe(status);
      }
    });

    // Each single-field change: the new value lands in the result and the store, or is refused unsent.
    const fieldChanges = {
      priority: (env: ConformanceEnv, id: string) => (env.stored(id)?.priority === 'urgent' ? 'low' : 'urgent'),
      subject: () => 'Renamed by the conformance suite',
    } as const;
    for (const [field, valueFor] of Object.entries(fieldChanges) as Array<
      [keyof typeof fieldChanges, (env: ConformanceEnv, id: string) => string]
    >) {
      it(`${field}: lands where supported, refused unsent elsewhere`, async () => {
        const env = setup();
        const id = openId(env);
        const patch = { [field]: valueFor(env, id) };
        if (!target.updatable[field]) return expectRefused(env, id, patch);
        const c = await env.client.conversations.update(id, patch);
        expect(c[field]).toBe(patch[field]);
        expect(env.stored(id)?.[field]).toBe(patch[field]);
      });
    }

    it('a patch with any refused field is refused whole and unsent; a fully supported one lands whole', async () => {
      const env = setup();
      const id = openId(env);
      if (!target.updatable.subject) return expectRefused(env, id, { status: 'closed', subject: 'x' });
      if (!target.updatable.priority) return expectRefused(env, id, { status: 'closed', priority: 'high' });
      // Everything in the patch is supported here: it lands whole.
      const c = await env.client.conversations.update(id, { status: 'closed', priority: 'high', subject: 'x' });
      expect(c).toMatchObject({ status: 'closed', priority: 'high', subject: 'x' });
      expect(env.stored(id)).toMatchObject({ status: 'closed', priority: 'high', subject: 'x' });
    });
  });

  describe('errors', () => {
    it('a missing conversation is a NotFoundError with the server code, message and request id', async () => {
      const env = setup();
      const error = await env.client.conversations.get(env.missingId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      const e = error as NotFoundError;
      expect(e).toMatchObject({ name: 'NotFoundError', status: 404, code: target.codes.notFound });
      expect(e.message).toMatch(/conversation not found/i);
      if (target.requestId === null) {
        expect(e.requestId).toBeNull();
      } else {
        expect(e.requestId).toMatch(target.requestId);
        // When it came in a header, it is the one the fake sent.
        const sent = env.fake.requests(target.routes.get).at(-1)?.requestId ?? null;
        if (sent !== null) expect(e.requestId).toBe(sent);
      }
    });

    it('a refused credential is an AuthenticationError with the server code, sent once, leaking nothing', async () => {
      const env = setup();
      const retries: RetryInfo[] = [];
      const { client, credential } = env.refusedClient({ onRetry: (r: RetryInfo) => retries.push(r) });
      const before = env.fake.requests().length;
      const error = await client.conversations.get(env.visibleIds()[0] as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ name: 'AuthenticationError', status: 401, code: target.codes.unauthorized });
      expect(env.fake.requests().length - before).toBe(1);
      expect(retries).toEqual([]);
      expect(JSON.stringify(error)).not.toContain(credential);
      expect(String((error as Error).stack)).not.toContain(credential);
    });

    it.skipIf(target.rateLimitWaitMs === null)(
      'a 429 asking for longer than maxRetryAfter is a RateLimitError carrying the wait, not retried',
      async () => {
        const wait = target.rateLimitWaitMs as number;
        const retries: RetryInfo[] = [];
        const env = setup(10, { maxRetryAfter: wait - 1, onRetry: (r: RetryInfo) => retries.push(r) });
        const id = env.visibleIds()[0] as string;
        env.fake.inject({ status: 429, route: target.routes.get });
        const error = await env.client.conversations.get(id).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error).toMatchObject({
          name: 'RateLimitError',
          status: 429,
          code: target.codes.rateLimited,
          retryAfterMs: wait,
        });
        expect(env.fake.requests(target.routes.get)).toHaveLength(1);
        expect(retries).toEqual([]);
      },
    );

    it('a 429 that outlasts the retries is a RateLimitError with the wait the server asked for, or null', async () => {
      const retries: RetryInfo[] = [];
      const env = setup(10, { maxRetries: 2, onRetry: (r: RetryInfo) => retries.push(r) });
      const id = env.visibleIds()[0] as string;
      env.fake.inject({ status: 429, route: target.routes.get, times: 3 });
      const error = await env.client.conversations.get(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({
        name: 'RateLimitError',
        status: 429,
        code: target.codes.rateLimited,
        retryAfterMs: target.rateLimitWaitMs,
      });
      expect(env.fake.requests(target.routes.get)).toHaveLength(3);
      expect(retries.map((r) => r.reason)).toEqual(['rate_limit', 'rate_limit']);
    });
  });

  describe('retries', () => {
    const recorder = () => {
      const retries: RetryInfo[] = [];
      return { retries, onRetry: (r: RetryInfo) => retries.push(r) };
    };

    it('retries a 5xx and a dropped connection on reads, reporting each retry', async () => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { onRetry });
      const id = env.visibleIds()[0] as string;
      env.fake.inject({ status: 500 });
      expect((await env.client.conversations.get(id)).id).toBe(id);
      env.fake.inject({ drop: true });
      expect((await env.client.conversations.get(id)).id).toBe(id);
      expect(retries.map((r) => r.reason)).toEqual(['server_error', 'connection']);
    });

    it('retries a 429 on get, waiting what the server asked for', async () => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { onRetry });
      const id = env.visibleIds()[0] as string;
      env.fake.inject({ status: 429, route: target.routes.get });
      expect((await env.client.conversations.get(id)).id).toBe(id);
      expect(retries.map((r) => r.reason)).toEqual(['rate_limit']);
      expect(retries[0]).toMatchObject({ attempt: 1, status: 429, method: 'GET' });
      const gets = env.fake.requests(target.routes.get);
      expect(gets.map((r) => r.status)).toEqual([429, 200]);
      if (target.rateLimitWaitMs !== null) {
        // On the shared virtual clock: the retry went out no sooner than the server said.
        expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(target.rateLimitWaitMs);
        expect((gets[1]?.at ?? 0) - (gets[0]?.at ?? 0)).toBeGreaterThanOrEqual(target.rateLimitWaitMs);
      }
    });

    it('retries a 429 during a list walk and still yields every conversation once', async () => {
      const { retries, onRetry } = recorder();
      const env = setup(30, { onRetry });
      env.fake.inject({ status: 429, route: target.routes.list });
      const ids = (await env.client.conversations.list({ limit: 7 }).toArray()).map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sorted(ids)).toEqual(sorted(env.visibleIds()));
      expect(retries.map((r) => r.reason)).toEqual(['rate_limit']);
      expect(env.fake.requests(target.routes.list).filter((r) => r.status === 429)).toHaveLength(1);
    });

    it('retries a timed-out get', async () => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { timeout: 40, onRetry });
      const id = env.visibleIds()[0] as string;
      env.fake.inject({ delay: 200, route: target.routes.get });
      expect((await env.client.conversations.get(id)).id).toBe(id);
      expect(retries.map((r) => r.reason)).toEqual(['timeout']);
      expect(env.fake.requests(target.routes.get)).toHaveLength(2);
    });

    it('does not retry a create on a 5xx (no idempotency key): one POST, one conversation', async (ctx) => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { onRetry });
      const { createInput: input } = env;
      const route = target.routes.create;
      if (!env.client.supports('conversations.create') || !input || !route) return ctx.skip();
      const count = env.conversationCount();
      // The worst case: the create landed, then the answer failed. A retry would make a second one.
      env.fake.inject({ status: 500, route, when: 'after' });
      const error = await env.client.conversations.create(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ name: 'ServerError', status: 500 });
      expect(env.fake.requests(route)).toHaveLength(1);
      expect(env.conversationCount()).toBe(count + 1);
      expect(retries).toEqual([]);
    });

    it('retries a create on a 429, which the server refused before any effect', async (ctx) => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { onRetry });
      const { createInput: input } = env;
      const route = target.routes.create;
      if (!env.client.supports('conversations.create') || !input || !route) return ctx.skip();
      const count = env.conversationCount();
      env.fake.inject({ status: 429, route });
      const c = await env.client.conversations.create(input);
      expect(env.stored(c.id)).not.toBeNull();
      expect(env.fake.requests(route).map((r) => r.status)).toEqual([429, 201]);
      expect(env.conversationCount()).toBe(count + 1);
      expect(retries.map((r) => r.reason)).toEqual(['rate_limit']);
    });

    it('a send without an idempotency key is retried on a 5xx only where the provider keys it itself', async (ctx) => {
      const { retries, onRetry } = recorder();
      const env = setup(10, { onRetry });
      const { messageCount } = env;
      const route = target.routes.send;
      if (!env.client.supports('messages.send') || !messageCount || !route) return ctx.skip();
      const id = env.visibleIds()[0] as string;
      const count = messageCount(id);
      // The send landed, then the answer failed: only a keyed retry is safe.
      env.fake.inject({ status: 500, route, when: 'after' });
      const sending = env.client.messages.send(id, { text: 'Conformance hello' });
      const sends = () => env.fake.requests(route);
      if (target.sendRetriedOn5xx) {
        const message = await sending;
        expect(message.text).toBe('Conformance hello');
        expect(retries.map((r) => r.reason)).toEqual(['server_error']);
        expect(sends()).toHaveLength(2);
        // The retry repeats the request byte for byte, its idempotency key included.
        expect(sends()[1]?.body).toEqual(sends()[0]?.body);
      } else {
        const error = await sending.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ServerError);
        expect(error).toMatchObject({ name: 'ServerError', status: 500 });
        expect(sends()).toHaveLength(1);
        expect(retries).toEqual([]);
      }
      // Either way the message exists once.
      expect(messageCount(id)).toBe(count + 1);
    });
  });
});
