import { describe, expect, it } from 'vitest';
import { NotFoundError, type RetryInfo } from '../../src/index.js';
import { gtatethTarget } from './gtateth.target.js';
import { heymarketTarget } from './heymarket.target.js';
import type { ConformanceTarget } from './target.js';
import { tetherTarget } from './tether.target.js';

// Each provider joins by exporting a target; the scenarios below run unchanged against every one.
const targets: ConformanceTarget[] = [gtatethTarget, heymarketTarget, tetherTarget];
const fast = { backoff: { initialMs: 1, maxMs: 2 } };

describe.each(targets)('conformance: $name', (target) => {
  const setup = (conversations = 30, clientOptions = {}) =>
    target.setup({ conversations, seed: 5, clientOptions: { ...fast, ...clientOptions } });

  it('walks every visible conversation exactly once', async () => {
    const env = setup(60);
    const ids = (await env.client.conversations.list({ limit: 7 }).toArray()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...env.visibleIds()].sort());
  });

  it('resumes a walk from a page cursor: the rest, each once, nothing before it again', async () => {
    const env = setup(60);
    const first = await env.client.conversations.list({ limit: 5 });
    const cursor = JSON.parse(JSON.stringify(first.cursor)) as string; // as a caller would store it
    const rest = await env.client.conversations.list({ cursor }).toArray();
    const ids = [...first.items, ...rest].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...env.visibleIds()].sort());
  });

  it('filters by status exactly', async () => {
    const env = setup(60);
    for (const status of ['open', 'closed'] as const) {
      const ids = (await env.client.conversations.list({ status }).toArray()).map((c) => c.id);
      const expected = env.visibleIds().filter((id) => env.stored(id)?.status === status);
      expect([...ids].sort()).toEqual([...expected].sort());
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('filters by assignee exactly', async () => {
    const env = setup(60);
    const assigned = env.visibleIds().find((id) => (env.stored(id)?.assigneeIds.length ?? 0) > 0)!;
    const user = env.stored(assigned)!.assigneeIds[0]!;
    const ids = (await env.client.conversations.list({ assigneeId: user }).toArray()).map((c) => c.id);
    const expected = env.visibleIds().filter((id) => env.stored(id)?.assigneeIds.includes(user));
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('gets one conversation in the unified shape', async () => {
    const env = setup();
    const id = env.visibleIds()[3]!;
    const c = await env.client.conversations.get(id);
    expect(c.id).toBe(id);
    expect(c.provider).toBe(target.name);
    expect(c.status).toBe(env.stored(id)?.status);
    expect(c.createdAt).toBeInstanceOf(Date);
    expect(Array.isArray(c.assignees)).toBe(true);
  });

  it('assigns, and unassigns where the API can', async () => {
    const env = setup();
    const id = env.visibleIds()[0]!;
    const user = env.assignableUserIds(id).find((u) => !env.stored(id)?.assigneeIds.includes(u))!;
    await env.client.conversations.assign(id, user);
    expect(env.stored(id)?.assigneeIds).toContain(user);
    if (target.canUnassign) {
      await env.client.conversations.assign(id, null);
      expect(env.stored(id)?.assigneeIds).toEqual([]);
    }
  });

  it('close and reopen end in the requested state, called twice each', async () => {
    const env = setup();
    const id = env.visibleIds()[1]!;
    const c = await env.client.conversations.get(id);
    await env.client.conversations.close(c);
    await env.client.conversations.close(id);
    expect(env.stored(id)?.status).toBe('closed');
    await env.client.conversations.reopen(id);
    await env.client.conversations.reopen(id);
    expect(env.stored(id)?.status).toBe('open');
  });

  it('a missing conversation is a NotFoundError', async () => {
    const env = setup();
    const error = await env.client.conversations.get(env.missingId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('retries a 5xx and a dropped connection on reads, reporting each retry', async () => {
    const retries: RetryInfo[] = [];
    const env = setup(10, { onRetry: (r: RetryInfo) => retries.push(r) });
    const id = env.visibleIds()[0]!;
    env.fake.inject({ status: 500 });
    expect((await env.client.conversations.get(id)).id).toBe(id);
    env.fake.inject({ drop: true });
    expect((await env.client.conversations.get(id)).id).toBe(id);
    expect(retries.map((r) => r.reason)).toEqual(['server_error', 'connection']);
  });
});
