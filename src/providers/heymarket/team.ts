import type { Inbox, User } from '../../model/types.js';
import type { Paginator, ProviderContext } from '../provider.js';
import { toInbox, toUser } from './map.js';
import { inboxList, team, type WireInbox } from './wire.js';

/** The team's inboxes, from either documented list shape (§4). */
export async function teamInboxes(ctx: ProviderContext): Promise<WireInbox[]> {
  const res = await ctx.request({ method: 'GET', path: '/v1/inboxes', idempotent: true, schema: inboxList });
  return Array.isArray(res) ? res : res.inboxes;
}

/** The inboxes `userId` belongs to: what a list without `inboxId` walks. */
export async function memberInboxes(ctx: ProviderContext, userId: number): Promise<WireInbox[]> {
  return (await teamInboxes(ctx)).filter((inbox) => inbox.members?.includes(userId));
}

/** Both lists come whole in one response. */
export const inboxesPaginator: Paginator<Inbox, Record<string, never>> = {
  kind: 'cursor',
  start: () => ({}),
  key: (inbox) => inbox.id,
  async fetch(ctx) {
    return { items: (await teamInboxes(ctx)).map(toInbox), next: null };
  },
};

export const usersPaginator: Paginator<User, Record<string, never>> = {
  kind: 'cursor',
  start: () => ({}),
  key: (user) => user.id,
  async fetch(ctx) {
    const res = await ctx.request({ method: 'GET', path: '/v1/team', idempotent: true, schema: team });
    return { items: res.members.map(toUser), next: null };
  },
};
