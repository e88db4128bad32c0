/**
 * The Heymarket provider: `heymarket({ secretId, secretKey, userId })` or
 * `heymarket({ apiKey, userId })`, its wire types, and the mappings of its wire records to the unified ones.
 *
 * @module conversations-sdk/heymarket
 */
import { ConfigurationError } from '../../core/errors.js';
import { defineProvider, type Provider } from '../../spec/provider.js';
import { headerCredential } from '../kit/credential.js';
import { checkBaseUrl, requireString } from '../kit/url.js';
import { apiKeyAuth, jwtAuth } from './auth.js';
import { conversationOperations } from './conversations.js';
import { parseError } from './errors.js';
import { userIdOf } from './ids.js';
import { messageOperations } from './messages.js';
import { teamOperations } from './team.js';

/** The warning a walk reports when one timestamp holds more rows than the server's largest page. */
export type { TieOverflowWarning as TieOverflow } from '../../spec/provider.js';
export { toConversation, toInbox, toMessage, toUser } from './map.js';
// The wire types by name as well as in the namespace: a caller's declarations can name them.
export type { WireConversation, WireInbox, WireMessage, WireSendResponse, WireTeamMember } from './wire.js';
/** Heymarket's wire format: the zod/mini schemas its answers are validated with, and the types they infer. */
export * as heymarketWire from './wire.js';

interface HeymarketCommonOptions {
  /** The acting user: every call is made as this team member, and lists cover the inboxes they belong to. */
  userId: number | string;
  /** Default `https://api.heymarket.com`. */
  baseUrl?: string;
}
/** Signed JWTs (recommended): a fresh HS256 token, reused for at most two minutes. */
export interface HeymarketSecretOptions extends HeymarketCommonOptions {
  /** The API secret's id: the issuer (`iss`) of every signed JWT. */
  secretId: string;
  /** The API secret itself: with `secretId` it keys the HMAC-SHA256 signature. It is never sent. */
  secretKey: string;
}
/** The legacy API key. */
export interface HeymarketApiKeyOptions extends HeymarketCommonOptions {
  /** The legacy API key, sent as `Authorization: Bearer <apiKey>`; fixed, so a 401 is final. */
  apiKey: string;
}
/**
 * What {@link heymarket} takes: the acting user and either a signing secret ({@link HeymarketSecretOptions},
 * recommended) or the legacy API key ({@link HeymarketApiKeyOptions}). Both or neither is a `ConfigurationError`.
 */
export type HeymarketOptions = HeymarketSecretOptions | HeymarketApiKeyOptions;

type Operations = ReturnType<typeof conversationOperations> &
  ReturnType<typeof messageOperations> &
  typeof teamOperations;
/** What a Heymarket client can do. */
export interface HeymarketOperations extends Operations {}

/**
 * The Heymarket provider.
 *
 * @example
 * new ConversationsClient({ provider: heymarket({ secretId, secretKey, userId: 42 }) })
 */
export function heymarket(options: HeymarketOptions): Provider<HeymarketOperations> {
  const o = (options ?? {}) as Partial<HeymarketSecretOptions & HeymarketApiKeyOptions>;
  const userId = userIdOf(o.userId);
  const hasSecret = o.secretId !== undefined || o.secretKey !== undefined;
  if (hasSecret === (o.apiKey !== undefined)) {
    throw new ConfigurationError('heymarket: pass either secretId and secretKey, or apiKey');
  }
  let auth: ReturnType<typeof apiKeyAuth>;
  if (hasSecret) {
    // Neither goes into a header as it is: the id is encoded in the signed token, the key only signs it.
    const secretId = requireString(o.secretId, 'secretId', 'heymarket');
    const secretKey = requireString(o.secretKey, 'secretKey', 'heymarket');
    if (!globalThis.crypto?.subtle) {
      throw new ConfigurationError(
        'heymarket: signing needs WebCrypto (crypto.subtle), which a secure context provides',
      );
    }
    auth = jwtAuth(secretId, secretKey);
  } else {
    const apiKey = headerCredential(o.apiKey, 'apiKey', 'heymarket');
    // The server checks a three-segment value as a JWT.
    if (apiKey.split('.').length === 3) {
      throw new ConfigurationError(
        'heymarket: apiKey is not a Heymarket API key (for JWTs pass secretId and secretKey)',
      );
    }
    auth = apiKeyAuth(apiKey);
  }
  const acting = { userId };
  return defineProvider({
    name: 'heymarket',
    http: {
      baseUrl: checkBaseUrl(o.baseUrl ?? 'https://api.heymarket.com', 'heymarket'),
      auth,
      parseError,
      requestIdHeader: 'x-request-id',
      // 500 requests per minute per credential, and no rate-limit headers to learn it from.
      pace: { limit: 500, windowMs: 60_000 },
    },
    operations: { ...conversationOperations(acting), ...messageOperations(acting), ...teamOperations },
  });
}
