import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Page, Warning } from '../../src/index.js';
import { createFakeHeymarket, createVirtualClock, type FakeHeymarket, Random } from '../../src/testing/index.js';
import { clientFor } from '../support/heymarket.js';

// Mostly small tie groups, some larger than the smallest pages, a few larger than the largest (100).
const groupSize = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 3, arbitrary: fc.integer({ min: 4, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 61, max: 140 }) },
);

interface Group {
  /** The instant every row of the group shares (for messages: the second), ms. */
  at: number;
  ids: number[];
}

const clientOn = (fake: FakeHeymarket, warnings: Warning[]) =>
  clientFor(fake, { auth: 'key', onWarning: (w) => warnings.push(w) });

/** Walks `stopAfter` pages with one client, then the rest from the last page's cursor with a new one. */
async function interrupted<T extends { id: string }>(
  first: () => PromiseLike<Page<T>>,
  resume: (cursor: string) => { toArray(): Promise<T[]> },
  stopAfter: number,
): Promise<{ items: T[]; resumedAfter: number }> {
  let page = await first();
  const items = [...page.items];
  let pages = 1;
  while (pages < stopAfter && page.hasNextPage()) {
    page = await page.nextPage();
    items.push(...page.items);
    pages += 1;
  }
  if (page.cursor !== null) items.push(...(await resume(page.cursor).toArray()));
  return { items, resumedAfter: pages };
}

/**
 * Every id once, except in groups larger than the largest page: exactly that many of those, and each
 * such group reported. Smaller groups are never reported; a group of exactly the largest page may be
 * (a full page of one instant cannot show whether more follow).
 */
function expectWalked(groups: Group[], ids: string[], warnings: Warning[], maxPage: number) {
  expect(new Set(ids).size).toBe(ids.length);
  const yielded = new Set(ids);
  const known = new Set(groups.flatMap((g) => g.ids.map(String)));
  expect(ids.filter((id) => !known.has(id))).toEqual([]);
  const reported = new Set(warnings.map((w) => Math.floor(Date.parse(w.updated as string))));
  expect(warnings.every((w) => w.type === 'tie-overflow')).toBe(true);
  for (const g of groups) {
    const got = g.ids.filter((id) => yielded.has(String(id))).length;
    const size = g.ids.length;
    const label = { at: g.at, size, got, maxPage };
    if (size > maxPage) {
      expect({ ...label, reported: reported.has(g.at) }).toEqual({ ...label, got: maxPage, reported: true });
    } else {
      expect(label).toEqual({ ...label, got: size });
      if (size < maxPage) expect({ ...label, reported: reported.has(g.at) }).toEqual({ ...label, reported: false });
    }
  }
}

type ScenarioValue = {
  groups: number[];
  limit: number;
  pageCap: number | undefined;
  style: 'ms-z' | 'seconds-offset';
  seed: number;
  stopAfter: number;
};

describe('the conversation walk, over random datasets', () => {
  const scenario = fc.record({
    groups: fc.array(groupSize, { minLength: 20, maxLength: 120 }),
    limit: fc.integer({ min: 1, max: 100 }),
    pageCap: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    style: fc.constantFrom('ms-z' as const, 'seconds-offset' as const),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    stopAfter: fc.integer({ min: 1, max: 30 }),
  });

  function arrange(s: ScenarioValue) {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({
      conversations: 0,
      seed: s.seed,
      clock,
      pageCap: s.pageCap,
      timestampStyle: s.style,
    });
    const r = new Random(s.seed);
    const { sizes, ids } = groupsAndIds(s.groups, 5000, r);
    const groups: Group[] = [];
    let at = fake.time(clock.now() - 3_600_000);
    for (const size of sizes) {
      const group: Group = { at, ids: ids.splice(0, size) };
      for (const id of group.ids) {
        fake.insert({ id, updated: at, inbox: r.pick(fake.inboxes).id, status: r.pick(['open', 'closed', 'pending']) });
      }
      groups.push(group);
      at -= s.style === 'seconds-offset' ? r.int(1, 3) * 1000 : r.int(1, 1500);
    }
    return { fake, groups, maxPage: Math.min(100, s.pageCap ?? 100) };
  }

  it('yields every conversation once per walk, but for reported groups larger than the largest page', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { fake, groups, maxPage } = arrange(s);
        const warnings: Warning[] = [];
        const items = await clientOn(fake, warnings).conversations.list({ limit: s.limit }).toArray();
        expectWalked(
          groups,
          items.map((c) => c.id),
          warnings,
          maxPage,
        );
        // Newest first.
        const times = items.map((c) => c.updatedAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => b - a));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('does the same when interrupted at a random page and resumed from its cursor by a new client', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { fake, groups, maxPage } = arrange(s);
        const warnings: Warning[] = [];
        const { items } = await interrupted(
          () => clientOn(fake, warnings).conversations.list({ limit: s.limit }),
          (cursor) => clientOn(fake, warnings).conversations.list({ cursor }),
          s.stopAfter,
        );
        expectWalked(
          groups,
          items.map((c) => c.id),
          warnings,
          maxPage,
        );
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('the message history walk, over random histories', () => {
  // Messages are grouped by the second, the `timestamp` cursor's unit; the page is fixed at 50.
  const messageGroup = fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 3, arbitrary: fc.integer({ min: 5, max: 49 }) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 90 }) },
  );
  const scenario = fc.record({
    groups: fc.array(messageGroup, { minLength: 10, maxLength: 100 }),
    style: fc.constantFrom('ms-z' as const, 'seconds-offset' as const),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    stopAfter: fc.integer({ min: 1, max: 15 }),
  });

  function arrange(s: { groups: number[]; style: 'ms-z' | 'seconds-offset'; seed: number }) {
    const clock = createVirtualClock();
    const fake = createFakeHeymarket({ conversations: 0, seed: s.seed, clock, timestampStyle: s.style });
    const conversation = fake.insert({ channel: 'sms' });
    const r = new Random(s.seed);
    const { sizes, ids } = groupsAndIds(s.groups, 90_000, r);
    const groups: Group[] = [];
    let second = Math.floor(clock.now() / 1000) - 10;
    for (const size of sizes) {
      const group: Group = { at: second * 1000, ids: ids.splice(0, size) };
      for (const id of group.ids) {
        fake.addMessage(conversation.id, {
          id,
          date: second * 1000 + r.int(0, 999),
          type: r.chance(0.5) ? 'inbound' : 'outbound',
        });
      }
      groups.push(group);
      second -= r.int(1, 5);
    }
    return { fake, groups, conversationId: String(conversation.id) };
  }

  it('yields every message once, but for reported seconds holding more than a page (50)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { fake, groups, conversationId } = arrange(s);
        const warnings: Warning[] = [];
        const items = await clientOn(fake, warnings).messages.list(conversationId).toArray();
        expectWalked(
          groups,
          items.map((m) => m.id),
          bySecond(warnings),
          50,
        );
        const times = items.map((m) => Math.floor(m.createdAt.getTime() / 1000));
        expect(times).toEqual([...times].sort((a, b) => b - a));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('does the same when interrupted and resumed from a cursor by a new client', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { fake, groups, conversationId } = arrange(s);
        const warnings: Warning[] = [];
        const { items } = await interrupted(
          () => clientOn(fake, warnings).messages.list(conversationId),
          (cursor) => clientOn(fake, warnings).messages.list(conversationId, { cursor }),
          s.stopAfter,
        );
        expectWalked(
          groups,
          items.map((m) => m.id),
          bySecond(warnings),
          50,
        );
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

/**
 * Tie-group sizes capped at hundreds of rows in all, and that many ids from `first`, shuffled so id
 * order within a group is not insertion order.
 */
function groupsAndIds(groups: number[], first: number, r: Random): { sizes: number[]; ids: number[] } {
  const sizes: number[] = [];
  let total = 0;
  for (const size of groups) {
    if (total + size > 700) break;
    sizes.push(size);
    total += size;
  }
  const ids = Array.from({ length: total }, (_, i) => first + i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return { sizes, ids };
}

/** A message's tie group is its second: warnings compared by the second they name. */
function bySecond(warnings: Warning[]): Warning[] {
  return warnings.map((w) => ({
    ...w,
    updated: new Date(Math.floor(Date.parse(w.updated as string) / 1000) * 1000).toISOString(),
  }));
}
