import { base64url } from '../../core/base64url.js';
import type { Auth } from '../../spec/provider.js';

const utf8 = new TextEncoder();

const HEADER = base64url(utf8.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/** The HMAC key: the UTF-8 bytes of `<secretId>||<secretKey>`. */
export function signingKey(secretId: string, secretKey: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    utf8.encode(`${secretId}||${secretKey}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

/** A compact HS256 JWS with `{iss, iat}`: the issuer is the secret id, `iat` the signing second. */
export async function signJwt(key: CryptoKey, secretId: string, iat: number): Promise<string> {
  const payload = base64url(utf8.encode(JSON.stringify({ iss: secretId, iat })));
  const input = `${HEADER}.${payload}`;
  const signature = await globalThis.crypto.subtle.sign('HMAC', key, utf8.encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/**
 * How long a token is reused. The server accepts an `iat` up to 300 s old; two minutes leaves room for a
 * request that waits out a rate-limit pause after its headers were made, and for clock drift.
 */
export const TOKEN_REUSE_MS = 120_000;

/** A signed JWT per request, cached by the client's clock so a virtual clock in tests drives expiry. */
export function jwtAuth(secretId: string, secretKey: string): Auth {
  let key: Promise<CryptoKey> | null = null;
  let cached: { iat: number; header: Promise<string> } | null = null;

  const header = (now: number): Promise<string> => {
    const age = cached === null ? -1 : now - cached.iat * 1000;
    // A clock that went backwards (age < 0) would make the cached `iat` lie in the future: sign again.
    if (cached === null || age < 0 || age >= TOKEN_REUSE_MS) {
      const iat = Math.floor(now / 1000);
      key ??= signingKey(secretId, secretKey);
      const entry = {
        iat,
        header: key.then((k) => signJwt(k, secretId, iat)).then((token) => `Bearer ${token}`),
      };
      // A failed signing must not stick: the next request tries again.
      entry.header.catch(() => {
        if (cached === entry) cached = null;
      });
      cached = entry;
    }
    return cached.header;
  };

  return {
    async headers(ctx) {
      return { Authorization: await header(ctx.now()) };
    },
    // A refused token that is older than this second may be refused for its age (a server clock ahead
    // of ours): one freshly signed retry. One signed this second would be the same token again.
    async refresh(ctx, refused) {
      const current = cached;
      if (current === null) return true;
      const sent = refused.Authorization;
      if (sent !== (await current.header.catch(() => null))) return true;
      if (current.iat >= Math.floor(ctx.now() / 1000)) return false;
      if (cached === current) cached = null;
      return true;
    },
  };
}

/** The legacy API key: a fixed bearer value, so a 401 is final. */
export function apiKeyAuth(apiKey: string): Auth {
  const headers = { Authorization: `Bearer ${apiKey}` };
  return { headers: () => headers };
}
