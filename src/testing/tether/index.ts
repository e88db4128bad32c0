import { type FakeOptions, type FakeRequest, type Fault, faultWait, json } from '../fake-server.js';
import { routes } from './routes.js';
import { TetherStore } from './store.js';

export type {
  TetherContact,
  TetherConversationRecord,
  TetherMessageRecord,
  TetherUser,
  TetherWireContact,
  TetherWireConversation,
  TetherWireMessage,
} from './store.js';

export interface FakeTetherOptions extends FakeOptions {
  /** Users of the organisation; the first one is the acting user (`fake.email` / `fake.password`). Default 4. */
  users?: number;
  /** Contacts to seed. Default 12. */
  contacts?: number;
  /** Conversations to seed, spread over the contacts and channel types. Default 30. */
  conversations?: number;
  /** Fraction of seeded conversations the acting user owns or is assigned to. Default 0.7. */
  visibleRate?: number;
  /** Fraction of seeded conversations that are resolved. Default 0.35. */
  resolvedRate?: number;
  /** The resolve endpoint flips the state whatever the body says (default), or sets the body's value. */
  resolveMode?: 'toggle' | 'explicit';
  /** Resolve answers `{message, isResolved, resolvedAt}` (default) or `{message, data}`. */
  resolveEnvelope?: 'flat' | 'data';
  /** PUT answers `{message, conversation}` (default) or `{message, data}`. */
  updateEnvelope?: 'conversation' | 'data';
  /** `latestMessage` as a text preview (default) or as the newest message's `_id`. */
  latestMessageShape?: 'text' | 'id';
  /**
   * Error bodies: by status (default `mixed`: 400 `{error: {code, message}}`, 401 `{error: message}`,
   * every other `{message, code}`), or one of those shapes for every error.
   */
  errorShape?: 'mixed' | 'nested' | 'string' | 'flat';
  /** Token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
  /** `ignored` acts like newer servers, whose PUT no longer takes `isResolved`. Default `explicit`. */
  putIsResolved?: 'explicit' | 'ignored';
  /** The PUT echo carries only `_id, assignees, isResolved, updatedAt`, as one vendor example shows. */
  partialUpdate?: boolean;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};
const FAULT_TEXTS: Record<number, string> = {
  401: 'Invalid or expired token',
  403: 'Forbidden',
  404: 'Not found',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** The Tether API over an in-memory store: login tokens, its routes and its three error shapes. */
export class FakeTether extends TetherStore {
  /** A Tether fake seeded as `options` says; the same as {@link createFakeTether}. */
  constructor(options: FakeTetherOptions = {}) {
    super(options);
  }

  /** An error in the body shape its status has by default, or the one `errorShape` forces. */
  error(status: number, code: string | null, message: string, headers: Record<string, string> = {}): Response {
    const forced = this.options.errorShape ?? 'mixed';
    const shape = forced !== 'mixed' ? forced : status === 400 ? 'nested' : status === 401 ? 'string' : 'flat';
    const body =
      shape === 'nested'
        ? { error: { code: code ?? DEFAULT_CODES[status] ?? 'error', message } }
        : shape === 'string'
          ? { error: message }
          : { message, ...(code ? { code } : {}) };
    return json(status, body, headers);
  }

  /** A 429 or 503 says when to come back, in integer seconds; other statuses do not. */
  protected faultResponse(status: number, fault: Fault): Response {
    const code = fault.code ?? (status < 429 ? (DEFAULT_CODES[status] ?? null) : null);
    const retryAfter = status === 429 || status === 503 ? { 'Retry-After': String(faultWait(fault, 1)) } : undefined;
    return this.error(status, code, FAULT_TEXTS[status] ?? 'Request failed', retryAfter);
  }

  /** An unknown route is a 404 before the token is looked at. */
  protected handle(req: FakeRequest): Response {
    const answer = routes.match(req.method, req.path);
    return answer ? answer({ fake: this, req }) : this.error(404, 'not_found', 'Route not found');
  }
}

/**
 * A Tether API in memory. Log in with `fake.email` / `fake.password`, or use `fake.issueToken()`.
 *
 * @example
 * const fake = createFakeTether({ contacts: 40, seed: 7 });
 * const client = new ConversationsClient({
 *   provider: tether({ baseUrl: 'https://tether.test', email: fake.email, password: fake.password }),
 *   fetch: fake.fetch,
 * });
 */
export function createFakeTether(options: FakeTetherOptions = {}): FakeTether {
  return new FakeTether(options);
}
