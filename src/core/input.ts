import { ConfigurationError } from './errors.js';

/**
 * An id argument, or a conversation ref (an id, or a conversation whose `id` is one): a string that is
 * not blank, else a `ConfigurationError` before any request.
 */
export function checkId<T>(value: T, name = 'conversation id'): T {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
  if (typeof id !== 'string' || !id.trim()) throw new ConfigurationError(`${name} must be a non-empty string`);
  return value;
}

/**
 * A `limit` param: absent, or an integer from 1 to the list's largest page. A list whose pages are the
 * API's own (`max` undefined: no page-size parameter) takes none, rather than ignoring one silently.
 */
export function checkLimit(limit: unknown, max: number | undefined, list = 'this list'): void {
  if (limit === undefined) return;
  if (max === undefined) {
    throw new ConfigurationError(`limit is not taken by ${list}: its pages are the API's own size`);
  }
  if (!(Number.isInteger(limit) && (limit as number) > 0 && (limit as number) <= max)) {
    throw new ConfigurationError(`limit must be an integer from 1 to ${max}`);
  }
}
