import { ConfigurationError } from '../../core/errors.js';
import { requireString } from './url.js';

/**
 * Visible ASCII: what a key or token sent in an HTTP header may hold. `fetch` refuses control characters
 * and anything past U+00FF in a header value, and every API key or bearer token the APIs issue is ASCII.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * A credential that travels in an HTTP header (an API key, a bearer token): a non-empty string of visible
 * ASCII, else a `ConfigurationError` at construction naming the option, never its value. Without this
 * check a malformed one would fail every call later, when the header is set.
 */
export function headerCredential(value: unknown, name: string, provider: string): string {
  const credential = requireString(value, name, provider);
  if (!HEADER_SAFE.test(credential)) {
    throw new ConfigurationError(
      `${provider}: ${name} must be visible ASCII characters with no spaces or line breaks: it is sent in an HTTP header`,
    );
  }
  return credential;
}
