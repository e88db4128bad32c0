import * as z from 'zod/mini';
import { ConfigurationError } from '../../core/errors.js';

/** Heymarket's ids are integers; the unified objects carry them as strings of digits. */
const INTEGER_ID = /^\d{1,15}$/;

/** Whether a unified id can name a Heymarket object. */
export const isIntegerId = (value: unknown): value is string => typeof value === 'string' && INTEGER_ID.test(value);

/** A unified id in a schema (a cursor's state): a string of digits. */
export const integerId = z.string().check(z.refine(isIntegerId, 'Not an integer id'));

/** A unified id argument as the integer the wire wants. */
export function wireId(value: unknown, what: string): number {
  if (!isIntegerId(value)) throw new ConfigurationError(`heymarket: ${what} must be an integer id as a string`);
  return Number(value);
}

/** The acting team member, given as a number or a string of digits. */
export function userIdOf(value: unknown): number {
  const n = isIntegerId(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigurationError('heymarket: userId must be a positive integer (the acting team member)');
  }
  return n;
}
