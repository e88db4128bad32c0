import type { ErrorDetails } from '../../spec/provider.js';
import { at, errorEnvelope } from '../kit/body.js';

/** Three body shapes on one host: `error` may be a string, an object with `code` and `message`, or absent. */
export function parseError(_status: number, body: unknown): ErrorDetails {
  return errorEnvelope(body);
}

/**
 * A success status whose body is an error envelope: an `error` (a string or an object) or a `code`, in a
 * body that is no object of the API (those have an `_id`). Success envelopes carry only a `message`.
 */
export function failure(body: unknown): ErrorDetails | null {
  const error = at(body, 'error');
  const failed =
    (typeof error === 'string' || typeof error === 'object' || typeof at(body, 'code') === 'string') && error !== null;
  return failed && at(body, '_id') === undefined ? errorEnvelope(body) : null;
}
