import { ConfigurationError } from '../../core/errors.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a provider's base URL: `https:` anywhere, `http:` only on loopback, so credentials never
 * travel in clear text off the machine. Returns it without a trailing slash.
 */
export function checkBaseUrl(value: unknown, provider: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigurationError(`${provider}: baseUrl must be a non-empty string`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${provider}: baseUrl is not a valid URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigurationError(`${provider}: baseUrl must use https: (http: is allowed only on loopback hosts)`);
  }
  if (url.username || url.password) throw new ConfigurationError(`${provider}: baseUrl must not carry credentials`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Throws a `ConfigurationError` unless `value` is a non-empty string. */
export function requireString(value: unknown, name: string, provider: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(`${provider}: ${name} must be a non-empty string`);
  }
  return value;
}
