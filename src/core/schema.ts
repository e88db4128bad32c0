import * as z from 'zod/mini';
import type { Schema } from '../spec/request.js';
import { ResponseValidationError, type ValidationIssue } from './errors.js';

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  }
  return out;
}

const issuesOf = (error: z.core.$ZodError): ValidationIssue[] =>
  error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));

/** The first issue of a failed parse, as `path: message`, for error messages. */
export function describeIssue(error: z.core.$ZodError): string {
  const first = issuesOf(error)[0];
  return first ? `${first.path || '(root)'}: ${first.message}` : 'invalid';
}

/**
 * Parse `data` or throw a `ResponseValidationError` naming each failing path. The error's body excerpt
 * is made only when it is thrown: cutting credentials out of every successful body costs more than
 * validating it on small items.
 */
export function validate<T>(
  schema: Schema<T>,
  data: unknown,
  requestId: string | null,
  excerpt: () => string | null,
): T {
  const result = z.safeParse(schema, data);
  if (result.success) return result.data;
  throw new ResponseValidationError(issuesOf(result.error), requestId, excerpt());
}
