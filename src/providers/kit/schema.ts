import * as z from 'zod/mini';
import type { Schema } from '../../spec/request.js';

/**
 * A string enum that stays open: known values autocomplete, unknown ones pass through, so a new
 * server value never breaks a bulk job.
 */
export function openEnum<const K extends readonly string[]>(_known: K): Schema<K[number] | (string & {})> {
  return z.string() as Schema<K[number] | (string & {})>;
}

/**
 * An ISO 8601 / RFC 3339 date-time string. A shape check, cheaper than zod's ISO regexes in the bundle
 * and than `Date.parse` on every item of every page; mapping parses it once.
 */
export const timestamp = z
  .string()
  .check(z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i, 'Invalid timestamp'));

/**
 * A string a list state carries (an id filter, a contact still to list, a channel) that is not blank, as
 * `requireString` wants of an argument: an edited cursor cannot send an empty one.
 */
export const nonBlank = z.string().check(z.refine((value) => value.trim() !== '', 'must be a non-empty string'));

/** An integer from `min` (and up to `max`) in a list state: a page number or a page size. */
export const intFrom = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .int('must be an integer')
    .check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`));
