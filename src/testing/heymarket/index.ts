import { fromBase64url } from '../../core/base64url.js';
import { type FakeOptions, type FakeRequest, type Fault, json } from '../fake-server.js';
import { FixedWindow } from '../rate-window.js';
import { isInt, isObject } from '../validate.js';
import { routes } from './routes.js';
import { type HeymarketSecret, HeymarketStore } from './store.js';

export type {
  HeymarketConversationRecord,
  HeymarketInbox,
  HeymarketMessageRecord,
  HeymarketSecret,
  HeymarketUser,
  HeymarketWireConversation,
  HeymarketWireInbox,
  HeymarketWireMessage,
} from './store.js';

export interface FakeHeymarketOptions extends FakeOptions {
  /** Conversations to seed. Default 25. */
  conversations?: number;
  /** Inboxes to seed; the acting user belongs to all of them. Default 3. */
  inboxes?: number;
  /** Team members to seed; the first is the acting user (`fake.userId`). Default 5. */
  users?: number;
  /** Messages per seeded conversation, fixed or `[min, max]`. Default `[0, 3]`. */
  messages?: number | [number, number];
  /** `generated` (default): integer `assigned`/`inbox`, `read` 0/1; `prose`: objects and a boolean. */
  conversationShape?: 'generated' | 'prose';
  /** `GET /v1/inboxes` as a bare array (default) or `{inboxes: [...]}`. */
  inboxesShape?: 'bare' | 'wrapped';
  /** Error bodies as JSON `{error, message}` (default) or an HTML page. */
  errorBody?: 'json' | 'html';
  /** `2024-01-15T10:30:00.123Z` (default) or `2024-01-15T10:30:00+00:00`, with times kept in whole seconds. */
  timestampStyle?: 'ms-z' | 'seconds-offset';
  /** At most this many conversations per list page, whatever `limit` asks; a short page does not end a walk. */
  pageCap?: number;
  /** Per credential, fixed windows. Default 500 per 60 s. */
  rateLimit?: {
    /** Requests allowed per window. */
    limit: number;
    /** The window's length, in seconds. */
    windowSeconds: number;
  };
  /** Fraction of seeded conversations that share `updated` with the one seeded before. Default 0. */
  tieRate?: number;
}

/** A JWT's `iat` may lie this far in the past and in the future (seconds). */
const JWT_PAST_S = 300;
const JWT_FUTURE_S = 60;
const utf8 = new TextEncoder();

/** A JWS segment's bytes, or null when it is not strict base64url (the server rejects such a token). */
function base64urlDecode(segment: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  try {
    return fromBase64url(segment) as Uint8Array<ArrayBuffer>;
  } catch {
    return null;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
/** What an injected fault below 500 says (the 429's is the real API's). */
const FAULT_TEXTS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'denied',
  404: 'not found',
  409: 'conflict',
  422: 'unprocessable',
  429: 'rate limit exceeded',
};
const CODES: Record<number, string> = {
  400: 'bad_data',
  401: 'unauthorized',
  403: 'denied',
  404: 'not_found',
  429: 'rate_limited',
};

/** The Heymarket API over an in-memory store: JWT and API-key auth, a per-credential rate limit, its routes. */
export class FakeHeymarket extends HeymarketStore {
  #window: FixedWindow;
  #keys = new Map<string, Promise<CryptoKey>>();

  /** A Heymarket fake seeded as `options` says; the same as {@link createFakeHeymarket}. */
  constructor(options: FakeHeymarketOptions = {}) {
    super(options);
    const rl = options.rateLimit ?? { limit: 500, windowSeconds: 60 };
    this.#window = new FixedWindow(rl.limit, rl.windowSeconds * 1000);
  }

  /** A UUID v4 from the seeded generator, so runs repeat. */
  #uuid(): string {
    const h = this.random.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[Number.parseInt(h[16] as string, 16) % 4] as string;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Every response, errors and 429s included, carries a request id. */
  protected override responseHeaders(): Record<string, string> {
    return { 'X-Request-Id': this.#uuid() };
  }

  /** An error as `{error: code, message}`, or an HTML page under `errorBody: "html"`. */
  error(status: number, code: string, message: string): Response {
    if (this.options.errorBody === 'html') {
      const reason = REASONS[status] ?? 'Error';
      return new Response(
        `<!DOCTYPE html>\n<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`,
        { status, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }
    return json(status, { error: code, message });
  }

  /** A 429 carries no wait, in no header and not in the body, so `fault.retryAfter` has no effect here. */
  protected faultResponse(status: number, fault: Fault): Response {
    const code = fault.code ?? CODES[status] ?? 'internal';
    // A text that fits the status, as the fake's own errors have: a test asserting on a 404's message
    // should not read "internal server error".
    const text = status >= 500 ? 'internal server error' : (FAULT_TEXTS[status] ?? 'request failed');
    return this.error(status, code, text);
  }

  /**
   * An HS256 JWS signed with `<secretId>||<secretKey>`, `iss` an active secret id, `iat` at most 300 s
   * old and 60 s ahead; other claims (`exp` included) are ignored.
   */
  async #verifyJwt(token: string): Promise<HeymarketSecret | null> {
    const [h, p, sig] = token.split('.') as [string, string, string];
    const headerBytes = base64urlDecode(h);
    const payloadBytes = base64urlDecode(p);
    const signature = base64urlDecode(sig);
    if (!headerBytes || !payloadBytes || !signature) return null;
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(new TextDecoder().decode(headerBytes));
      payload = JSON.parse(new TextDecoder().decode(payloadBytes));
    } catch {
      return null;
    }
    if (!isObject(header) || header.alg !== 'HS256' || !isObject(payload)) return null;
    const { iss, iat } = payload;
    if (typeof iss !== 'string' || !isInt(iat)) return null;
    const secret = this.secrets.get(iss);
    if (!secret?.active) return null;
    let key = this.#keys.get(iss);
    if (!key) {
      key = globalThis.crypto.subtle.importKey(
        'raw',
        utf8.encode(`${secret.secretId}||${secret.secretKey}`),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      this.#keys.set(iss, key);
    }
    const ok = await globalThis.crypto.subtle.verify('HMAC', await key, signature, utf8.encode(`${h}.${p}`));
    if (!ok) return null;
    const now = this.clock.now() / 1000;
    if (now - iat > JWT_PAST_S || iat - now > JWT_FUTURE_S) return null;
    return secret;
  }

  /**
   * The rate-limit bucket of a valid credential, or null. Three dot-separated base64url segments are a
   * JWT (its bucket is the secret id); any other bearer value is an API key. Basic auth is refused.
   */
  async #authenticate(req: FakeRequest): Promise<string | null> {
    const match = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '');
    if (!match) return null;
    const value = match[1] as string;
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) {
      const secret = await this.#verifyJwt(value);
      return secret ? `jwt:${secret.secretId}` : null;
    }
    return this.apiKeys.has(value) ? `key:${value}` : null;
  }

  /** Checks run in the order 401, 429, then in the route 400 (shape), 403 (membership), 404 (existence). */
  protected async handle(req: FakeRequest): Promise<Response> {
    const bucket = await this.#authenticate(req);
    if (!bucket) return this.error(401, 'unauthorized', 'invalid or missing credentials');
    if (!this.#window.take(bucket, this.clock.now()).ok) {
      return this.error(429, 'rate_limited', 'rate limit exceeded');
    }
    const answer = routes.match(req.method, req.path);
    return answer ? answer({ fake: this, req }) : this.error(404, 'not_found', 'route not found');
  }
}

/**
 * A Heymarket API in memory. Pass `fake.fetch` and the fake's credentials to a client.
 *
 * @example
 * const fake = createFakeHeymarket({ conversations: 200, seed: 7 });
 * const client = new ConversationsClient({
 *   provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
 *   fetch: fake.fetch,
 * });
 */
export function createFakeHeymarket(options: FakeHeymarketOptions = {}): FakeHeymarket {
  return new FakeHeymarket(options);
}
