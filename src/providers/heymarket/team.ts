import * as z from 'zod/mini';
import type { CursorPaginator } from '../../spec/paginator.js';
import type { ProviderContext } from '../../spec/provider.js';
import { toInbox, toUser } from './map.js';
import { inboxList, team, type WireInbox } from './wire.js';

/** The team's inboxes, from either documented list shape (a bare array, or wrapped in `inboxes`). */
export async function teamInboxes(ctx: ProviderContext): Promise<WireInbox[]> {
  const res = await ctx.request({ method: 'GET', path: '/v1/inboxes', retrySafe: true, schema: inboxList });
  return Array.isArray(res) ? res : res.inboxes;
}

/** The inboxes `userId` belongs to: what a list without `inboxId` walks. */
export async function memberInboxes(ctx: ProviderContext, userId: number): Promise<WireInbox[]> {
  return (await teamInboxes(ctx)).filter((inbox) => inbox.members?.includes(userId));
}

/** Both lists come whole in one response, so a walk has nothing to remember: its state is `{}`. */
const whole = z.strictObject({});

function wholeList<T extends { id: string }>(
  read: (ctx: ProviderContext) => Promise<T[]>,
): CursorPaginator<T, Record<string, never>, z.infer<typeof whole>> {
  return {
    kind: 'cursor',
    state: whole,
    start: () => ({}),
    key: (item) => item.id,
    fetch: async (ctx) => ({ items: await read(ctx), next: null }),
  };
}

export const teamOperations = {
  /** The team's inboxes, in one page (`GET /v1/inboxes`). */
  'inboxes.list': wholeList(async (ctx) => (await teamInboxes(ctx)).map(toInbox)),
  /** The team's members, in one page (`GET /v1/team`). */
  'users.list': wholeList(async (ctx) => {
    const res = await ctx.request({ method: 'GET', path: '/v1/team', retrySafe: true, schema: team });
    return res.members.map(toUser);
  }),
};
