import { ConversationsError } from '../../core/errors.js';
import { mayHaveApplied, settle } from '../../core/settle.js';
import type { ProviderContext } from '../../spec/provider.js';
import { type ResolveResponse, resolveResponse } from './wire.js';

/** How many times the resolve endpoint is called at most for one close or reopen. */
const ATTEMPTS = 2;

/** The state a resolve answer reports, whichever envelope carried it. */
const resolvedIn = (res: ResolveResponse): boolean | undefined => res.isResolved ?? res.data?.isResolved;

/**
 * Brings a conversation to `isResolved === target` on a server whose resolve endpoint either toggles
 * (ignoring the body) or sets the body's value; which one cannot be told beforehand. Every call is
 * preceded by a fresh read, so a toggle never fires on a conversation already in the target state, and
 * an answer that may or may not have been applied is settled by reading again, never by resending blindly.
 */
export function setResolved(
  ctx: ProviderContext,
  id: string,
  target: boolean,
  read: (id: string) => Promise<{ isResolved: boolean }>,
): Promise<void> {
  return settle({
    read: () => read(id),
    done: (state) => state.isResolved === target,
    readFirst: true,
    attempts: ATTEMPTS,
    verifyLast: true,
    unsettled: mayHaveApplied,
    async send() {
      const res = await ctx.request({
        method: 'PUT',
        path: `/api/conversation/${encodeURIComponent(id)}/resolve`,
        body: { isResolved: target },
        // On a toggle server a second delivery undoes the first: never resent by the transport.
        retrySafe: false,
        schema: resolveResponse,
      });
      // An answer in the other state means a concurrent change raced this one: read and decide again.
      return resolvedIn(res) === target;
    },
    stuck: () =>
      new ConversationsError(
        `Conversation ${id} kept changing state: it is not ${target ? 'closed' : 'open'} after ${ATTEMPTS} attempts`,
      ),
  });
}
