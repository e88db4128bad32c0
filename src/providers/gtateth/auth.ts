import type { Auth } from '../../spec/provider.js';

/**
 * How the key is sent: `Authorization: Bearer` (default) or the `X-API-Key` header.
 * @inline
 */
export type AuthHeader = 'bearer' | 'x-api-key';

/** An API key: a fixed header, so a 401 is final. The key carries its tenant and permissions. */
export function apiKeyAuth(apiKey: string, header: AuthHeader): Auth {
  const headers: Record<string, string> =
    header === 'bearer' ? { Authorization: `Bearer ${apiKey}` } : { 'X-API-Key': apiKey };
  return { headers: () => headers };
}
