/** Checks the fakes share for request bodies and query parameters. */

/** A JSON object (not null, not an array). A body that did not parse (`INVALID_JSON`, a symbol) fails too. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSON number that is a whole number within the safe integer range. */
export const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** A 24-character lower-case hex id, as Mongo ObjectIds are written. */
export const isHex24 = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);

/** An integer query parameter: `fallback` when absent, null when it is not written as an integer. */
export function intParam(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : null;
}
