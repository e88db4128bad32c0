import { at, str } from '../../core/body.js';
import { ConfigurationError } from '../../core/errors.js';
import { checkBaseUrl, requireString } from '../../core/url.js';
import { defineProvider, type ErrorDetails } from '../provider.js';
import { apiKeyAuth, jwtAuth } from './auth.js';
import { conversationOperations } from './conversations.js';
import { historyPaginator, sendOperation } from './messages.js';
import { inboxesPaginator, usersPaginator } from './team.js';

export { signingKey, signJwt, TOKEN_REUSE_MS } from './auth.js';
export { toConversation, toInbox, toMessage, toUser } from './map.js';
export type { TieOverflow } from './walk.js';
export * as heymarketWire from './wire.js';

interface HeymarketCommonOptions {
  /** The acting user: every call is made as this team member, and lists cover the inboxes they belong to. */
  userId: number | string;
  /** Default `https://api.heymarket.com`. */
  baseUrl?: string;
}
/** Signed JWTs (recommended): a fresh HS256 token, reused for at most two minutes. */
export interface HeymarketSecretOptions extends HeymarketCommonOptions {
  secretId: string;
  secretKey: string;
}
/** The legacy API key. */
export interface HeymarketApiKeyOptions extends HeymarketCommonOptions {
  apiKey: string;
}
export type HeymarketOptions = HeymarketSecretOptions | HeymarketApiKeyOptions;

/** `{"error": code, "message": text}` (D9); an HTML page keeps neither, and the status decides. */
function parseError(_status: number, body: unknown): ErrorDetails {
  return { code: str(at(body, 'error')), message: str(at(body, 'message')) };
}

function userIdOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigurationError('heymarket: userId must be a positive integer (the acting team member)');
  }
  return n;
}

/**
 * The Heymarket provider.
 *
 * @example
 * new ConversationsClient({ provider: heymarket({ secretId, secretKey, userId: 42 }) })
 */
export function heymarket(options: HeymarketOptions) {
  const o = (options ?? {}) as Partial<HeymarketSecretOptions & HeymarketApiKeyOptions>;
  const userId = userIdOf(o.userId);
  const hasSecret = o.secretId !== undefined || o.secretKey !== undefined;
  if (hasSecret === (o.apiKey !== undefined)) {
    throw new ConfigurationError('heymarket: pass either secretId and secretKey, or apiKey');
  }
  let auth: ReturnType<typeof apiKeyAuth>;
  if (hasSecret) {
    const secretId = requireString(o.secretId, 'secretId', 'heymarket');
    const secretKey = requireString(o.secretKey, 'secretKey', 'heymarket');
    if (!globalThis.crypto?.subtle) {
      throw new ConfigurationError(
        'heymarket: signing needs WebCrypto (crypto.subtle), which a secure context provides',
      );
    }
    auth = jwtAuth(secretId, secretKey);
  } else {
    const apiKey = requireString(o.apiKey, 'apiKey', 'heymarket');
    // A three-segment value is checked as a JWT by the server (D1), and no header may hold whitespace.
    if (/\s/.test(apiKey) || apiKey.split('.').length === 3) {
      throw new ConfigurationError(
        'heymarket: apiKey is not a Heymarket API key (for JWTs pass secretId and secretKey)',
      );
    }
    auth = apiKeyAuth(apiKey);
  }
  const acting = { userId };
  return defineProvider({
    name: 'heymarket',
    // Only inboxes are filtered exactly by the server. `status` and `unread: true` are also sent, to
    // narrow the pages, and the SDK applies them again on the client, where they are exact.
    serverFilters: ['inboxId'],
    http: {
      baseUrl: checkBaseUrl(o.baseUrl ?? 'https://api.heymarket.com', 'heymarket'),
      auth,
      parseError,
      requestIdHeader: 'x-request-id',
      // 500 requests per minute per credential, and no rate-limit headers to learn it from (§7).
      pace: { limit: 500, windowMs: 60_000 },
    },
    operations: {
      ...conversationOperations(acting),
      'messages.list': historyPaginator(),
      'messages.send': sendOperation(acting),
      'inboxes.list': inboxesPaginator,
      'users.list': usersPaginator,
    },
  });
}
