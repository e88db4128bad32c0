/**
 * The G-Tateth provider: `gtateth({ apiKey })`, its wire types, and the mapping of its wire
 * conversation to the unified one.
 *
 * @module conversations-sdk/gtateth
 */
import { ConfigurationError } from '../../core/errors.js';
import { defineProvider, type Provider } from '../../spec/provider.js';
import { headerCredential } from '../kit/credential.js';
import { checkBaseUrl } from '../kit/url.js';
import { type AuthHeader, apiKeyAuth } from './auth.js';
import { conversationOperations } from './conversations.js';
import { failure, parseError, rateLimit } from './errors.js';
import { messageOperations } from './messages.js';

export { toConversation } from './map.js';
// The wire types by name as well as in the namespace: a caller's declarations can name them.
export type { WireConversation } from './wire.js';
/** G-Tateth's wire format: the zod/mini schemas its answers are validated with, and the types they infer. */
export * as gtatethWire from './wire.js';

/** What {@link gtateth} takes: the API key, and optionally the host and the header the key travels in. */
export interface GTatethOptions {
  /** `sk_live_…` or `sk_test_…`. */
  apiKey: string;
  /** Default `https://api.g-tateth.com`. */
  baseUrl?: string;
  /** How the key is sent: `Authorization: Bearer` (default) or the `X-API-Key` header. */
  authHeader?: AuthHeader;
}

type Operations = typeof conversationOperations & typeof messageOperations;
/** What a G-Tateth client can do. */
export interface GTatethOperations extends Operations {}

/**
 * The G-Tateth provider.
 *
 * @example
 * new ConversationsClient({ provider: gtateth({ apiKey: 'sk_live_…' }) })
 */
export function gtateth(options: GTatethOptions): Provider<GTatethOperations> {
  const { authHeader = 'bearer' } = options ?? ({} as GTatethOptions);
  const apiKey = headerCredential(options?.apiKey, 'apiKey', 'gtateth');
  if (!/^sk_[A-Za-z0-9_-]+$/.test(apiKey)) {
    throw new ConfigurationError('gtateth: apiKey must be a G-Tateth key (sk_live_… or sk_test_…)');
  }
  if (authHeader !== 'bearer' && authHeader !== 'x-api-key') {
    throw new ConfigurationError("gtateth: authHeader must be 'bearer' or 'x-api-key'");
  }
  return defineProvider({
    name: 'gtateth',
    http: {
      baseUrl: checkBaseUrl(options.baseUrl ?? 'https://api.g-tateth.com', 'gtateth'),
      auth: apiKeyAuth(apiKey, authHeader),
      parseError,
      failure,
      rateLimit,
      requestIdHeader: 'x-request-id',
    },
    operations: { ...conversationOperations, ...messageOperations },
  });
}
