import * as z from 'zod/mini';
import { ConfigurationError } from '../../core/errors.js';
import { requireString } from './url.js';

/** G-Tateth's and Tether's ids: Mongo ObjectIds, 24 lower-case hex digits, as both servers check them. */
const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * An id that goes into a filter or a body, checked as the server checks it. Both servers refuse a
 * malformed one with a 400, so a typo in a bulk job's `to` would fail every conversation one request
 * at a time; refused here, it ends the job before its first write.
 */
export function requireObjectId(value: unknown, name: string, provider: string): string {
  const id = requireString(value, name, provider);
  if (!OBJECT_ID.test(id))
    throw new ConfigurationError(`${provider}: ${name} must be a 24-hex id, like the ids it returns`);
  return id;
}

/** The same check in a schema: an id a list's state carries, so an edited cursor cannot send a malformed one. */
export const objectId = z.string().check(z.regex(OBJECT_ID, 'must be a 24-hex id'));
