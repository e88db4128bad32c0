import { iso } from '../clock.js';
import { type FakeOptions, type FakeRequest, type Fault, faultWait, json } from '../fake-server.js';
import { FixedWindow } from '../rate-window.js';
import { routes } from './routes.js';
import { type GTatethKey, GTatethStore } from './store.js';

export type {
  GTatethConversationRecord,
  GTatethCustomer,
  GTatethKey,
  GTatethUser,
  GTatethWireConversation,
} from './store.js';

export interface FakeGTatethOptions extends FakeOptions {
  /** Conversations to seed. Default 25. */
  conversations?: number;
  /** Agents to seed. Default 5. */
  users?: number;
  /** Customers to seed. Default 20. */
  customers?: number;
  /** Inboxes to seed. Default 3. */
  inboxes?: number;
  /** Send `customerId` as `{_id, profile}` objects. */
  populateCustomer?: boolean;
  /**
   * Fraction of seeded customers whose profile fields are each, at random, kept, `null` or missing, as
   * the API allows. Seen under `populateCustomer`. Default 0.
   */
  sparseProfiles?: number;
  /** Send `assignedTo` as `{_id, name, email}` objects. */
  populateAssignee?: boolean;
  /** DELETE answers 204 (default) or 200 `{success:true, data:null}`. */
  deleteResponse?: '204' | '200';
  /** 429 body: flat (default) or the standard nested envelope. */
  rateLimitBody?: 'flat' | 'nested';
  /** Refuse `sk_test_` keys with 401 `API_KEY_INVALID`; `apiKey` and new keys are then `sk_live_` keys. */
  rejectTestKeys?: boolean;
  /** Per-key fixed window. Default 5,000 per 3,600 s. */
  rateLimit?: {
    /** Requests allowed per window. */
    limit: number;
    /** The window's length, in seconds. */
    windowSeconds: number;
  };
  /** Fraction of seeded conversations that share their `createdAt` with the previous one. */
  tieRate?: number;
}

/** A request past authentication: its key, and its rate-limit headers once it was counted. */
interface Caller {
  key: GTatethKey;
  headers?: Record<string, string>;
}

/** Body code and message of an injected fault, by status; any other status is an `INTERNAL_ERROR`. */
const FAULTS: Record<number, [string, string]> = {
  400: ['VALIDATION_ERROR', 'Validation failed'],
  401: ['AUTH_REQUIRED', 'Authentication required'],
  403: ['INSUFFICIENT_PERMISSIONS', 'Insufficient permissions'],
  404: ['NOT_FOUND', 'Not found'],
  409: ['CONFLICT', 'Conflict'],
  422: ['VALIDATION_ERROR', 'Validation failed'],
};

/** The G-Tateth API over an in-memory store, with its auth, permissions, envelopes and hourly rate limit. */
export class FakeGTateth extends GTatethStore {
  #window: FixedWindow;
  readonly #callers = new WeakMap<FakeRequest, Caller>();

  /** A G-Tateth fake seeded as `options` says; the same as {@link createFakeGTateth}. */
  constructor(options: FakeGTatethOptions = {}) {
    super(options);
    const rl = options.rateLimit ?? { limit: 5000, windowSeconds: 3600 };
    this.#window = new FixedWindow(rl.limit, rl.windowSeconds * 1000);
  }

  #requestId(): string {
    return `req_${this.random.hex(16)}`;
  }

  /** The standard error envelope, with a fresh `requestId` and the fake's time. */
  error(
    status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Response {
    return json(
      status,
      {
        success: false,
        error: {
          code,
          message,
          ...(details ? { details } : {}),
          requestId: this.#requestId(),
          timestamp: iso(this.clock.now()),
        },
      },
      headers,
    );
  }

  /**
   * The 429 body: flat, with `error` a string and `code` and `retryAfter` beside it (default), or the
   * standard envelope with the wait in `details` under `rateLimitBody: "nested"`.
   */
  #rateLimited(retryAfter: number, headers: Record<string, string>, code = 'RATE_LIMIT_EXCEEDED'): Response {
    if (this.options.rateLimitBody === 'nested') {
      return this.error(429, code, 'Rate limit exceeded', { retryAfter }, headers);
    }
    return json(429, { success: false, error: 'Rate limit exceeded', code, retryAfter }, headers);
  }

  /** A 429 of the key's own exhausted window: not counted, `Remaining: 0`, wait until the reset. */
  #overLimit(resetAtMs: number): Response {
    const headers = this.#rateHeaders(0, resetAtMs);
    const reset = Number(headers['X-RateLimit-Reset']);
    return this.#rateLimited(Math.max(1, Math.ceil(reset - this.clock.now() / 1000)), headers);
  }

  /**
   * Counts an authenticated request in its key's window, once (a `when: "after"` fault reuses the
   * count), and returns its rate-limit headers. `ok` is false when the window filled up since the
   * request was admitted.
   */
  #count(req: FakeRequest): { ok: boolean; headers: Record<string, string>; resetAt: number } {
    const caller = this.#callers.get(req) as Caller;
    const now = this.clock.now();
    if (caller.headers) return { ok: true, headers: caller.headers, resetAt: now };
    const slot = this.#window.take(caller.key.key, now);
    const headers = this.#rateHeaders(slot.remaining, slot.resetAt);
    if (slot.ok) caller.headers = headers;
    return { ok: slot.ok, headers, resetAt: slot.resetAt };
  }

  /**
   * An injected or random fault, on an authenticated request (health and 401s are answered before any
   * fault). It carries the rate-limit headers like every authenticated answer; a 429 is not counted
   * and says `Remaining: 0`, an injected 401 is unauthenticated and carries none.
   */
  protected faultResponse(status: number, fault: Fault, req: FakeRequest): Response {
    const authenticated = this.#callers.has(req);
    if (status === 429) {
      // The body's `retryAfter` is the wait; `Reset` the first whole second at or after now + wait, so a
      // client going by either never comes back early.
      const wait = faultWait(fault, 60, 1);
      const resetAt = Math.ceil((this.clock.now() + wait * 1000) / 1000) * 1000;
      return this.#rateLimited(wait, authenticated ? this.#rateHeaders(0, resetAt) : {}, fault.code);
    }
    const headers = authenticated && status !== 401 ? this.#count(req).headers : {};
    if (status === 502 || status === 503 || status === 504) {
      const reason = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[status];
      return new Response(`<html><body><h1>${status} ${reason}</h1></body></html>`, {
        status,
        headers: { 'content-type': 'text/html', ...headers },
      });
    }
    const [code, message] = FAULTS[status] ?? ['INTERNAL_ERROR', 'Internal server error'];
    const details = code === 'VALIDATION_ERROR' ? { field: 'body', validation: 'injected fault' } : undefined;
    return this.error(status, fault.code ?? code, message, details, headers);
  }

  /** `Reset` is absolute unix time in whole seconds, not a delay. */
  #rateHeaders(remaining: number, resetAtMs: number): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(this.#window.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(Math.ceil(resetAtMs / 1000)),
    };
  }

  #authenticate(req: FakeRequest): GTatethKey | Response {
    const authorization = req.headers.get('authorization');
    const apiKeyHeader = req.headers.get('x-api-key');
    if (authorization === null && apiKeyHeader === null)
      return this.error(401, 'AUTH_REQUIRED', 'Authentication required');
    let token: string;
    // Authorization wins when both are sent; X-API-Key is then ignored.
    if (authorization !== null) {
      const match = /^Bearer (.+)$/.exec(authorization);
      if (!match) return this.error(401, 'API_KEY_INVALID', 'Invalid API key');
      token = match[1] as string;
      // A user JWT is a documented credential that this fake does not accept.
      if (!token.startsWith('sk_') && token.split('.').length === 3) {
        return this.error(401, 'AUTH_INVALID', 'Invalid authentication token');
      }
    } else token = apiKeyHeader as string;
    const key = this.keys.get(token);
    if (!key || key.revoked || (this.options.rejectTestKeys && token.startsWith('sk_test_'))) {
      return this.error(401, 'API_KEY_INVALID', 'Invalid API key');
    }
    if (key.expired) return this.error(401, 'API_KEY_EXPIRED', 'API key has expired');
    return key;
  }

  /**
   * Health, 401 and the key's own 429 come before any injected or random fault, so health is never
   * faulted or limited, and unauthenticated answers carry no rate-limit headers. After them come an
   * unknown route (404), the key's permission (403), the request (400) and the conversation (404).
   */
  protected override admit(req: FakeRequest): Response | null {
    if (req.method === 'GET' && req.path === '/api/v1/health') return json(200, { status: 'ok' });
    const key = this.#authenticate(req);
    if (key instanceof Response) return key;
    const slot = this.#window.peek(key.key, this.clock.now());
    if (!slot.ok) return this.#overLimit(slot.resetAt);
    this.#callers.set(req, { key });
    return null;
  }

  protected handle(req: FakeRequest): Response {
    const early = this.#callers.has(req) ? null : this.admit(req);
    if (early) return early;
    const { ok, headers, resetAt } = this.#count(req);
    if (!ok) return this.#overLimit(resetAt);
    const response = this.#route(req, (this.#callers.get(req) as Caller).key);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  /** An unknown route, or a known path with another method, is a 404; then the key's permission. */
  #route(req: FakeRequest, key: GTatethKey): Response {
    const answer = routes.match(req.method, req.path);
    if (!answer) return this.error(404, 'NOT_FOUND', 'Route not found');
    const needed = req.method === 'GET' ? 'read:conversations' : 'write:conversations';
    if (!key.permissions.includes(needed)) {
      return this.error(403, 'INSUFFICIENT_PERMISSIONS', `This API key lacks the ${needed} permission`);
    }
    return answer({ fake: this, req });
  }
}

/**
 * A G-Tateth API in memory. Pass `fake.fetch` and `fake.apiKey` to a client.
 *
 * @example
 * const fake = createFakeGTateth({ conversations: 200, seed: 7 });
 * const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
 */
export function createFakeGTateth(options: FakeGTatethOptions = {}): FakeGTateth {
  return new FakeGTateth(options);
}
