/** Reads a property path from an unknown (parsed JSON) value; `undefined` when any step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Seconds (a body or header field) to ms; null when absent or not a number. */
export const secondsToMs = (value: unknown): number | null => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : num(value);
  return n === null || !Number.isFinite(n) ? null : n * 1000;
};

/**
 * Code and message of an error body where `error` is either a string (the message) or an object with
 * `code` and `message`, and either may also sit at the top level (the G-Tateth and Tether rule).
 */
export function errorEnvelope(body: unknown): { code: string | null; message: string | null } {
  const error = at(body, 'error');
  return {
    code: str(at(error, 'code')) ?? str(at(body, 'code')),
    message: str(error) ?? str(at(error, 'message')) ?? str(at(body, 'message')),
  };
}
