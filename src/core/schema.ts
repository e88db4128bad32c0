import * as z from 'zod/mini';
import { ResponseValidationError, type ValidationIssue } from './errors.js';

/** A zod/mini schema whose output is `T`. */
export type Schema<T> = z.ZodMiniType<T, unknown>;

/**
 * A string enum that stays open: known values autocomplete, unknown ones pass through, so a new
 * server value never breaks a bulk job.
 */
export function openEnum<const K extends readonly string[]>(_known: K): Schema<K[number] | (string & {})> {
  return z.string() as Schema<K[number] | (string & {})>;
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Parse `data` or throw a `ResponseValidationError` naming each failing path. */
export function validate<T>(schema: Schema<T>, data: unknown, requestId: string | null, text: string | null): T {
  const result = z.safeParse(schema, data);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message,
  }));
  throw new ResponseValidationError(issues, requestId, text);
}

/**
 * An ISO 8601 / RFC 3339 date-time string. A shape check, cheaper than zod's ISO regexes in the bundle
 * and than `Date.parse` on every item of every page; mapping parses it once.
 */
export const timestamp = z
  .string()
  .check(z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i, 'Invalid timestamp'));
