import { ConversationsError } from '../../core/errors.js';
import type { ProviderContext } from '../provider.js';
import { ambiguous } from './errors.js';
import { type ResolveResponse, resolveResponse } from './wire.js';

/** How many times the resolve endpoint is called at most for one close or reopen. */
const ATTEMPTS = 2;

/** The state a resolve answer reports, whichever envelope carried it. */
const resolvedIn = (res: ResolveResponse): boolean | undefined => res.isResolved ?? res.data?.isResolved;

/**
 * Brings a conversation to `isResolved === target` on a server whose resolve endpoint either toggles
 * (ignoring the body) or sets the body's value (trap 1). Every call is preceded by a fresh read, so a
 * toggle never fires on a conversation already in the target state, and an answer that may or may not
 * have been applied (5xx, timeout, dropped connection, a fault after the effect) is settled by reading
 * again rather than by resending blindly.
 */
export async function setResolved(
  ctx: ProviderContext,
  id: string,
  target: boolean,
  read: (id: string) => Promise<{ isResolved: boolean }>,
): Promise<void> {
  let failure: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if ((await read(id)).isResolved === target) return;
    try {
      const res = await ctx.request({
        method: 'PUT',
        path: `/api/conversation/${encodeURIComponent(id)}/resolve`,
        body: { isResolved: target },
        // On a toggle server a second delivery undoes the first: never resent by the transport.
        idempotent: false,
        schema: resolveResponse,
      });
      if (resolvedIn(res) === target) return;
      failure = null; // a concurrent change raced this one: read and decide again
    } catch (error) {
      if (!ambiguous(error)) throw error;
      failure = error;
    }
  }
  if ((await read(id)).isResolved === target) return;
  throw (
    failure ??
    new ConversationsError(
      `Conversation ${id} kept changing state: it is not ${target ? 'closed' : 'open'} after ${ATTEMPTS} attempts`,
    )
  );
}
