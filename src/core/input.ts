import type { ListKind } from '../spec/paginator.js';
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

/** The keys of `RequestOptions`: in params, a patch or an input they would be ignored, not obeyed. */
const REQUEST_OPTION_KEYS = ['signal', 'timeout', 'maxRetries', 'headers'];

/**
 * An object argument of a method (a list's params, a patch, an input): an object, else a
 * `ConfigurationError` (`null` included); absent only where it is optional, as `{}`. One that carries a
 * request option (`signal`, `timeout`, …) is refused too: only the last argument is read for those, so
 * `users.list({ signal })` would not abort.
 *
 * @param method The method, as the message names it (`conversations.list`).
 * @param what The argument, as the message names it (`params`, `patch`, `input`).
 */
export function checkObject(value: unknown, method: string, what: string, optional = false): Record<string, unknown> {
  if (value === undefined && optional) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`${method}: ${what} must be an object${optional ? ' when given' : ''}`);
  }
  const options = REQUEST_OPTION_KEYS.filter((key) => key in value);
  if (options.length > 0) {
    const [one] = options;
    throw new ConfigurationError(
      `${method}: ${options.join(', ')} ${options.length > 1 ? 'are request options' : 'is a request option'}, not part of the ${what}: pass ${options.length > 1 ? 'them' : 'it'} in the last argument, as ${method}(…, { ${one} })`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Where a list starts: `page` only on lists of numbered pages, `before` only on date-cursor lists, and
 * neither on a list that always starts at its first page (`kind` null: a conversation's messages). A
 * start the list has no use for is refused rather than ignored, which would walk from the first page.
 * Its value is the provider's to check (G-Tateth's page is a whole number from 1).
 */
export function checkStart(
  params: { page?: unknown; before?: unknown },
  kind: ListKind | null,
  list = 'this list',
): void {
  const first = kind === null ? 'it always starts at its first page' : null;
  if (params.page !== undefined && kind !== 'offset') {
    throw new ConfigurationError(`page is not taken by ${list}: ${first ?? 'its pages are not numbered'}`);
  }
  if (params.before !== undefined && kind !== 'date') {
    throw new ConfigurationError(`before is not taken by ${list}: ${first ?? 'it does not page by date'}`);
  }
}
