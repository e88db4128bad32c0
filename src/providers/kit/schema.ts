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
