import * as z from 'zod/mini';
import { UnsupportedOperationError } from '../../core/errors.js';
import type { ConversationRef, Message, MessageListParams } from '../../model/types.js';
import type { DatePaginator } from '../../spec/paginator.js';
import type { Operations, ProviderContext } from '../../spec/provider.js';
import { refId } from '../kit/ref.js';
import { type Acting, refTarget, type Target, targetOf, withTarget } from './conversations.js';
import { integerId } from './ids.js';
import { instantUs } from './instant.js';
import { sentMessage, toMessage } from './map.js';
import { boundOf, startTieWalk, type TieAxis, tieOverflowWarning, tieState, tieStep } from './walk.js';
import { messageList, sendResponse, type WireMessage } from './wire.js';

/** The history endpoint's fixed page: there is no limit parameter. */
const HISTORY_PAGE = 50;
const PHONE = /^\d{10,15}$/;

const second = (time: string) => Math.floor((instantUs(time) as number) / 1_000_000);

/** `timestamp` is in whole unix seconds: re-read the boundary second; one group is one second. */
const secondsAxis: TieAxis = {
  through: (time) => second(time) + 1,
  before: second,
  same: (a, b) => second(a) === second(b),
};

const historyState = z.extend(tieState, {
  /** The history starts at the newest message. */
  from: boundOf(() => false, 'A history starts at the newest message'),
  /** A `timestamp`: unix seconds. */
  bound: boundOf((b) => Number.isSafeInteger(b) && (b as number) >= 0, 'Not unix seconds'),
  /** The conversation's id. */
  id: integerId,
  /** Filled from the conversation object, or read from the server on the first page. */
  inbox: z.nullable(z.int().check(z.minimum(0))),
  /** The conversation's target phone number, which the history is looked up by; filled like `inbox`. */
  phone: z.nullable(z.string().check(z.regex(PHONE, 'Not a phone number'))),
});
type HistoryState = z.infer<typeof historyState>;

/** One page of the history of the conversation with `inbox` and `phone`, walked tie-safe by seconds. */
async function historyPage(ctx: ProviderContext, s: HistoryState) {
  const { inbox, phone } = s;
  // The history is looked up by phone number; email and chat conversations have none.
  if (inbox === null || phone === null || !PHONE.test(phone)) {
    throw new UnsupportedOperationError(
      'messages.list for a conversation whose target is not a phone number',
      'heymarket',
    );
  }
  return tieStep<WireMessage>(
    {
      axis: secondsAxis,
      limit: HISTORY_PAGE,
      maxLimit: HISTORY_PAGE,
      fetch: (timestamp) =>
        ctx.request({
          method: 'GET',
          path: '/v1/messages',
          query: { phoneNumber: phone, inboxID: inbox, ...(timestamp === null ? {} : { timestamp }) },
          retrySafe: true,
          schema: messageList,
        }),
      id: (m) => String(m.id),
      time: (m) => m.date,
      overflow: (group) =>
        ctx.warn(
          tieOverflowWarning(
            'messages',
            `At least ${group.page} messages of conversation ${s.id} fall in the second of ${group.at}, a whole ` +
              `page of the server; the walk yielded ${group.yielded} of them and stepped past that second, so any ` +
              'others were skipped',
            group,
          ),
        ),
    },
    s,
  );
}

function historyPaginator(): DatePaginator<
  Message,
  {
    /** The conversation whose history is listed. */
    ref: ConversationRef;
  } & MessageListParams,
  HistoryState
> {
  return {
    kind: 'date',
    state: historyState,
    start({ ref }) {
      const known = refTarget(ref, 'target');
      return { ...startTieWalk(null), id: refId(ref), inbox: known?.inbox ?? null, phone: known?.target ?? null };
    },
    key: (m) => m.id,
    async fetch(ctx, state) {
      let s = state;
      const fromObject = s.inbox !== null && s.phone !== null;
      const fill = (t: Target) => ({ ...s, inbox: t.inbox, phone: t.target });
      if (!fromObject) s = fill(await targetOf(ctx, s.id, 'target'));
      let step = await historyPage(ctx, s);
      if (fromObject && s.bound === null && step.rows.length === 0) {
        // The history is looked up by inbox and number, so an object's stale inbox (a transfer moved the
        // conversation) answers [] just as an empty history does. The conversation, read now, tells them apart.
        const t = await targetOf(ctx, s.id, 'target');
        if (t.inbox !== s.inbox || t.target !== s.phone) {
          s = fill(t);
          step = await historyPage(ctx, s);
        }
      }
      const { rows, next, bound } = step;
      return {
        items: rows.map((m) => toMessage(m, s.id)),
        next: next === null ? null : { ...s, ...next },
        before: typeof bound === 'number' ? new Date(bound * 1000).toISOString() : null,
      };
    },
  };
}

/**
 * Every send carries a `local_id`, made once per call so each retry repeats it and the server returns the
 * first result instead of sending twice.
 */
function sendOperation({ userId }: Acting): Operations['messages.send'] {
  return async (ctx: ProviderContext, ref, input) => {
    // The key, when given, is a non-blank string (the resource checks it before any request).
    const localId = input.idempotencyKey ?? globalThis.crypto.randomUUID();
    // A send refused for a stale inbox sent nothing, so the call made with the fresh one keeps the local_id.
    return withTarget(ctx, ref, 'inbox', async (t) => {
      const res = await ctx.request({
        method: 'POST',
        path: '/v1/message/send',
        body: { inbox_id: t.inbox, creator_id: userId, chat_id: t.id, text: input.text, local_id: localId },
        retrySafe: true,
        schema: sendResponse,
      });
      return sentMessage(res, { conversationId: String(t.id), text: input.text, authorId: userId });
    });
  };
}

export function messageOperations(acting: Acting) {
  return {
    /** The history of a phone-number conversation, newest first, 50 a page; other targets are unsupported. */
    'messages.list': historyPaginator(),
    /**
     * Posts the text with a `local_id` (the `idempotencyKey`, or a random UUID), so a retried send never posts twice.
     */
    'messages.send': sendOperation(acting),
  };
}
