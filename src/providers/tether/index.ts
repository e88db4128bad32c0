import * as z from 'zod/mini';
import { at, str } from '../../core/body.js';
import {
  ConfigurationError,
  ConnectionError,
  ConversationsError,
  NotFoundError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
} from '../../core/errors.js';
import { refId } from '../../core/ref.js';
import { checkBaseUrl, requireString } from '../../core/url.js';
import type { ConversationPatch, ConversationRef } from '../../model/types.js';
import { defineProvider, type ErrorDetails, type ProviderContext } from '../provider.js';
import { loginAuth, tokenAuth } from './auth.js';
import { conversationsPaginator, DEFAULT_CHANNELS } from './list.js';
import { type LatestMessageShape, toConversation, toMessage, updated } from './map.js';
import { setResolved } from './resolve.js';
import { conversation, message, messageList, updateResponse } from './wire.js';

export { type LatestMessageShape, toConversation, toMessage } from './map.js';
export * as tetherWire from './wire.js';

interface TetherCommonOptions {
  /** The instance origin, e.g. `https://acme.tetherai.ca`; every Tether customer runs its own. */
  baseUrl: string;
  /** What the server's `latestMessage` holds. Default `'text'`; with `'id'`, `lastMessage.text` is null. */
  latestMessage?: LatestMessageShape;
  /** Channel types an unfiltered list queries for each contact. Default sms, facebook, webchat, email. */
  channels?: readonly string[];
}
/** A token only: a 401 is final. */
export interface TetherTokenOptions extends TetherCommonOptions {
  token: string;
}
/** Email and password: logs in on the first request and once more when the token is refused. */
export interface TetherLoginOptions extends TetherCommonOptions {
  email: string;
  password: string;
  /** A token to start with, saving the first login. */
  token?: string;
}
export type TetherOptions = TetherTokenOptions | TetherLoginOptions;

/** Three body shapes on one host (§6): `error` may be a string, an object, or absent. */
function parseError(_status: number, body: unknown): ErrorDetails {
  const error = at(body, 'error');
  return {
    code: str(at(error, 'code')) ?? str(at(body, 'code')),
    message: str(error) ?? str(at(error, 'message')) ?? str(at(body, 'message')),
  };
}

const conversationPath = (id: string) => `/api/conversation/${encodeURIComponent(id)}`;

async function getWire(ctx: ProviderContext, id: string) {
  return ctx.request({ method: 'GET', path: conversationPath(id), idempotent: true, schema: conversation });
}

/** Status and assignees are all Tether can change; anything else is refused before a request. */
function checkPatch(patch: ConversationPatch): void {
  for (const field of ['priority', 'subject', 'inboxId'] as const) {
    if (patch[field] !== undefined) throw new UnsupportedOperationError(`conversations.update with ${field}`, 'tether');
  }
  if (patch.status !== undefined && patch.status !== 'open' && patch.status !== 'closed') {
    throw new UnsupportedOperationError(`conversations.update with status '${patch.status}'`, 'tether');
  }
}

/** An answer that may or may not have been applied. */
const ambiguous = (error: unknown) =>
  error instanceof ServerError || error instanceof TimeoutError || error instanceof ConnectionError;

/**
 * The Tether provider.
 *
 * @example
 * new ConversationsClient({ provider: tether({ baseUrl: 'https://acme.tetherai.ca', email, password }) })
 */
export function tether(options: TetherOptions) {
  const o = (options ?? {}) as Partial<TetherLoginOptions>;
  const baseUrl = checkBaseUrl(o.baseUrl, 'tether');
  const hasLogin = o.email !== undefined || o.password !== undefined;
  if (!hasLogin && o.token === undefined) {
    throw new ConfigurationError('tether: pass either token, or email and password');
  }
  if (o.token !== undefined) requireString(o.token, 'token', 'tether');
  const auth = hasLogin
    ? loginAuth(requireString(o.email, 'email', 'tether'), requireString(o.password, 'password', 'tether'), o.token)
    : tokenAuth(o.token as string);
  const latestMessage = o.latestMessage ?? 'text';
  if (latestMessage !== 'text' && latestMessage !== 'id') {
    throw new ConfigurationError("tether: latestMessage must be 'text' or 'id'");
  }
  const channels = o.channels ?? DEFAULT_CHANNELS;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string' && c)) {
    throw new ConfigurationError('tether: channels must be a non-empty array of channel types');
  }

  const map = (wire: z.infer<typeof conversation>) => toConversation(wire, latestMessage);
  const get = async (ctx: ProviderContext, id: string) => map(await getWire(ctx, id));
  const read = (ctx: ProviderContext) => (id: string) => getWire(ctx, id);

  async function update(ctx: ProviderContext, ref: ConversationRef, patch: ConversationPatch) {
    checkPatch(patch);
    const id = refId(ref);
    const body: { assignees?: string[]; isResolved?: boolean } = {};
    // `assignees` replaces the whole array (trap 4): the unified assignee becomes the only one.
    if (patch.assigneeId !== undefined) body.assignees = patch.assigneeId === null ? [] : [patch.assigneeId];
    const target = patch.status === undefined ? undefined : patch.status === 'closed';
    if (target !== undefined) body.isResolved = target;
    if (Object.keys(body).length === 0) return get(ctx, id);
    const res = await ctx.request({
      method: 'PUT',
      path: conversationPath(id),
      body,
      idempotent: true,
      schema: updateResponse,
    });
    const echoed = updated(res);
    // Newer servers dropped `isResolved` from this PUT (trap 1): when it did not take, resolve instead.
    if (target !== undefined && echoed.isResolved !== target) {
      await setResolved(ctx, id, target, read(ctx));
      return get(ctx, id);
    }
    // The echo may be partial on real servers; then the full object is read back.
    const full = z.safeParse(conversation, echoed);
    return full.success ? map(full.data) : get(ctx, id);
  }

  async function deleteConversation(ctx: ProviderContext, ref: ConversationRef) {
    const id = refId(ref);
    const send = () =>
      ctx.request({
        method: 'DELETE',
        path: '/api/conversation',
        body: { conversationId: id },
        idempotent: false,
        schema: null,
        goneMeansDone: true,
      });
    try {
      await send();
    } catch (error) {
      if (!ambiguous(error)) throw error;
      // The first attempt may have landed (trap 8): a 404 now means it did.
      try {
        await getWire(ctx, id);
      } catch (readError) {
        if (readError instanceof NotFoundError) return;
        throw error;
      }
      try {
        await send();
      } catch (retryError) {
        if (!(retryError instanceof NotFoundError)) throw retryError;
      }
    }
  }

  return defineProvider({
    name: 'tether',
    capabilities: [
      'conversations.list',
      'conversations.get',
      'conversations.update',
      'conversations.assign',
      'conversations.close',
      'conversations.reopen',
      'conversations.markUnread',
      'conversations.delete',
      'messages.list',
      'messages.send',
    ],
    serverFilters: ['contactId', 'channel'],
    http: { baseUrl, auth, parseError },
    operations: {
      'conversations.list': conversationsPaginator(channels, latestMessage),
      'conversations.get': get,
      'conversations.update': update,
      async 'conversations.assign'(ctx, ref, userId) {
        await update(ctx, ref, { assigneeId: userId });
      },
      async 'conversations.close'(ctx, ref) {
        await setResolved(ctx, refId(ref), true, read(ctx));
      },
      async 'conversations.reopen'(ctx, ref) {
        await setResolved(ctx, refId(ref), false, read(ctx));
      },
      async 'conversations.markUnread'(ctx, ref) {
        await ctx.request({
          method: 'POST',
          path: '/api/conversation/unseen',
          body: { conversationId: refId(ref) },
          idempotent: false,
          schema: null,
        });
      },
      'conversations.delete': deleteConversation,
      'messages.list': {
        kind: 'cursor',
        start: (params) => ({ id: refId(params.ref) }),
        key: (m) => m.id,
        async fetch(ctx, state) {
          const res = await ctx.request({
            method: 'POST',
            path: '/api/conversation/messages',
            body: { conversationId: (state as { id: string }).id },
            idempotent: false,
            schema: messageList,
          });
          // Unpaginated: the whole conversation, oldest first, in one answer.
          return { items: res.messages.map(toMessage), next: null };
        },
      },
      async 'messages.send'(ctx, ref, input) {
        // The send route is addressed by contact; a bare id costs one read to learn it.
        const contactId = typeof ref === 'string' ? null : ref.contactId;
        const id = refId(ref);
        const to = contactId ?? (await getWire(ctx, id)).contactId;
        if (!to) throw new ConversationsError(`tether: conversation ${id} has no contactId to send to`);
        // No idempotency key on this API (trap 7): retried on 429 only, never after it may have landed.
        const res = await ctx.request({
          method: 'POST',
          path: '/api/messages/send',
          body: { contactId: to, conversationId: id, content: input.text },
          idempotent: false,
          schema: message,
        });
        return toMessage(res);
      },
    },
  });
}
