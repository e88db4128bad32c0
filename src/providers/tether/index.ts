/**
 * The Tether provider: `tether({ baseUrl, email, password })` or `tether({ baseUrl, token })`, its wire
 * types, and the mappings of its wire records to the unified ones.
 *
 * @module conversations-sdk/tether
 */
import { ConfigurationError } from '../../core/errors.js';
import { defineProvider, type Provider } from '../../spec/provider.js';
import { headerCredential } from '../kit/credential.js';
import { checkBaseUrl, requireString } from '../kit/url.js';
import { loginAuth, tokenAuth } from './auth.js';
import { conversationOperations, DEFAULT_CHANNELS } from './conversations.js';
import { failure, parseError } from './errors.js';
import type { LatestMessageShape } from './map.js';
import { messageOperations } from './messages.js';

export { type LatestMessageShape, toConversation, toMessage } from './map.js';
// The wire types by name as well as in the namespace: a caller's declarations can name them.
export type { WireContact, WireConversation, WireMessage } from './wire.js';
/** Tether's wire format: the zod/mini schemas its answers are validated with, and the types they infer. */
export * as tetherWire from './wire.js';

interface TetherCommonOptions {
  /**
   * The instance origin, e.g. `https://acme.tetherai.ca`: every Tether customer runs its own. Every path
   * the SDK sends starts with `/api`, so a trailing `/api` here is dropped rather than sent twice.
   */
  baseUrl: string;
  /** What the server's `latestMessage` holds. Default `'text'`; with `'id'`, `lastMessage.text` is null. */
  latestMessage?: LatestMessageShape;
  /** Channel types an unfiltered list queries for each contact. Default sms, facebook, webchat, email. */
  channels?: readonly string[];
}
/** A token only: a 401 is final. */
export interface TetherTokenOptions extends TetherCommonOptions {
  /** A bearer token the instance issued, used as it is: it is never renewed. */
  token: string;
}
/** Email and password: logs in on the first request and once more when the token is refused. */
export interface TetherLoginOptions extends TetherCommonOptions {
  /** The login's email address. */
  email: string;
  /** The login's password; it is cut out of every error message and never logged. */
  password: string;
  /** A token to start with, saving the first login. */
  token?: string;
}
/**
 * What {@link tether} takes: the instance's `baseUrl` and either a token ({@link TetherTokenOptions}) or a login
 * ({@link TetherLoginOptions}).
 */
export type TetherOptions = TetherTokenOptions | TetherLoginOptions;

type Operations = ReturnType<typeof conversationOperations> & typeof messageOperations;
/** What a Tether client can do. */
export interface TetherOperations extends Operations {}

/**
 * The Tether provider.
 *
 * @example
 * new ConversationsClient({ provider: tether({ baseUrl: 'https://acme.tetherai.ca', email, password }) })
 */
export function tether(options: TetherOptions): Provider<TetherOperations> {
  const o = (options ?? {}) as Partial<TetherLoginOptions>;
  const baseUrl = checkBaseUrl(o.baseUrl, 'tether').replace(/\/api$/i, '');
  const hasLogin = o.email !== undefined || o.password !== undefined;
  if (!hasLogin && o.token === undefined) {
    throw new ConfigurationError('tether: pass either token, or email and password');
  }
  const token = o.token === undefined ? undefined : headerCredential(o.token, 'token', 'tether');
  // The email and password go in the login's JSON body, which carries any string.
  const auth = hasLogin
    ? loginAuth(requireString(o.email, 'email', 'tether'), requireString(o.password, 'password', 'tether'), token)
    : tokenAuth(token as string);
  const latestMessage = o.latestMessage ?? 'text';
  if (latestMessage !== 'text' && latestMessage !== 'id') {
    throw new ConfigurationError("tether: latestMessage must be 'text' or 'id'");
  }
  const channels = o.channels ?? DEFAULT_CHANNELS;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string' && c)) {
    throw new ConfigurationError('tether: channels must be a non-empty array of channel types');
  }
  return defineProvider({
    name: 'tether',
    http: { baseUrl, auth, parseError, failure },
    operations: { ...conversationOperations(channels, latestMessage), ...messageOperations },
  });
}
