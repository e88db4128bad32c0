import * as z from 'zod/mini';
import type { Json, Schema } from '../spec/request.js';
import { base64url, fromBase64url } from './base64url.js';
import { ConfigurationError } from './errors.js';
import { describeIssue } from './schema.js';

/**
 * What a cursor carries: whose walk it is, where it stands, the filters applied on the client, and the
 * params the walk was started with (so params given beside the cursor can be compared with them).
 */
interface CursorToken {
  v: 1;
  /** provider:operation the walk belongs to */
  o: string;
  s: Json;
  /** client-side filter params */
  f?: Json;
  /** the walk's params */
  p?: Json;
}

export function encodeCursor(owner: string, state: Json, filters: Json | undefined, params?: Json): string {
  const token: CursorToken = { v: 1, o: owner, s: state, ...(filters === undefined ? {} : { f: filters }), p: params };
  return base64url(new TextEncoder().encode(JSON.stringify(token)));
}

const token = z.object({
  v: z.literal(1),
  o: z.string(),
  s: z.unknown(),
  f: z.optional(z.unknown()),
  p: z.optional(z.looseObject({})),
});

/**
 * Reads a cursor back and checks it against the list it is given to: a cursor of another provider or
 * list, or one whose state or filters do not have this list's shape (saved by another version, cut
 * short, edited), is a `ConfigurationError`, never a `TypeError` later.
 */
export function decodeCursor<S, F>(
  owner: string,
  cursor: string,
  schemas: { state: Schema<S>; filters: Schema<F> },
): { state: S; filters: F | undefined; params: Record<string, Json> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64url(cursor)));
  } catch {
    throw new ConfigurationError('Invalid cursor: it is not a cursor this SDK made');
  }
  const read = z.safeParse(token, parsed);
  if (!read.success) throw new ConfigurationError('Invalid cursor: it is not a cursor this SDK made');
  if (read.data.o !== owner) throw new ConfigurationError(`Cursor does not belong to ${owner}`);
  const state = z.safeParse(schemas.state, read.data.s);
  if (!state.success) {
    throw new ConfigurationError(`Invalid cursor: its state does not fit this list (${describeIssue(state.error)})`);
  }
  // A cursor made before cursors carried their params has none: any param beside it differs.
  const params = (read.data.p ?? {}) as Record<string, Json>;
  if (read.data.f === undefined) return { state: state.data, filters: undefined, params };
  const filters = z.safeParse(schemas.filters, read.data.f);
  if (!filters.success) {
    throw new ConfigurationError(`Invalid cursor: its filters do not fit this list (${describeIssue(filters.error)})`);
  }
  return { state: state.data, filters: filters.data, params };
}
