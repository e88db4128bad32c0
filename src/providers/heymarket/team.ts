import * as z from 'zod/mini';
import type { Inbox, User } from '../../model/types.js';
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

/** Both lists come whole in one response, so a walk has nothing to remember. */
const whole = z.strictObject({});

const inboxesPaginator: CursorPaginator<Inbox, Record<string, never>, z.infer<typeof whole>> = {
  kind: 'cursor',
  state: whole,
  start: () => ({}),
  key: (inbox) => inbox.id,
  async fetch(ctx) {
    return { items: (await teamInboxes(ctx)).map(toInbox), next: null };
  },
};

const usersPaginator: CursorPaginator<User, Record<string, never>, z.infer<typeof whole>> = {
  kind: 'cursor',
  state: whole,
  start: () => ({}),
  key: (user) => user.id,
  async fetch(ctx) {
    const res = await ctx.request({ method: 'GET', path: '/v1/team', retrySafe: true, schema: team });
    return { items: res.members.map(toUser), next: null };
  },
};

export const teamOperations = { 'inboxes.list': inboxesPaginator, 'users.list': usersPaginator };
