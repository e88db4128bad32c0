import * as z from 'zod/mini';
import type { TieOverflowWarning } from '../../spec/provider.js';
import { rfc3339 } from './instant.js';

/**
 * A tie-safe walk down a strictly-before time cursor, for both Heymarket lists: conversations by
 * `updated` (an RFC 3339 `date`) and message history by `date` (a unix-seconds `timestamp`).
 *
 * The server returns the newest rows strictly before a bound. Sending the last row's time as the next
 * bound would lose the rest of its tie group, so the walk sends a bound just after it (re-including the
 * group) and drops the ids of that group it has already yielded. A page that brings
 * nothing new holds only that group: the walk asks for the API's largest page once, and if even that
 * holds nothing new, the group fills a whole page, so it steps strictly past it and reports the
 * instant. Only an empty page ends the walk: a short page is not the end.
 *
 * The server's page size may be capped below what is asked, and a capped page of one tie group looks
 * exactly like the last rows of the data. The walk learns the cap from what it sees (a short page
 * followed by more rows), and when a group fills what may be a capped page, lets the next answers
 * decide whether to report it. Everything it knows travels in its state, which is JSON, so a cursor
 * resumes it in another process with the same guarantees.
 */

/**
 * The state travels in cursors, which come back from outside: every field is checked to be one the walk
 * can have made, so an edited cursor is refused when it is read, not by the server.
 */
const count = z.int().check(z.minimum(0));
const size = z.int().check(z.minimum(1));

/** A tie group the walk stepped past without seeing all of it, or possibly so. */
export const tieGroup = z.object({
  /** Raw time of the group, as the server sent it. */
  at: rfc3339,
  /** How many of its rows the walk yielded. */
  yielded: count,
  /** How many rows the page that held only this group had. */
  page: size,
});
export type TieGroup = z.infer<typeof tieGroup>;

const bound = z.nullable(z.union([z.string(), z.number()]));

/**
 * A bound as one walk makes them (an RFC 3339 string, or unix seconds), typed as any walk's so the
 * walk's code is shared: `valid` says which bounds of the union that walk can have made.
 */
export const boundOf = (valid: (bound: string | number) => boolean, message: string) =>
  bound.check(z.refine((b) => b === null || valid(b), message));

/** Where a walk stands. */
export const tieState = z.object({
  /** The walk's first bound (null: from the newest row), for a probe that tells a cap from the end. */
  from: bound,
  /** Exclusive upper bound of the next request; null for the newest rows. */
  bound,
  /** Raw time of the group `bound` re-includes; null after a strict step. */
  at: z.nullable(rfc3339),
  /** Ids of that group already yielded. */
  seen: z.array(z.string()),
  /** Ask for the API's largest page: the group filled the page asked for. */
  wide: z.boolean(),
  /** Largest page the server has returned in this walk: its page cap is at least this. */
  max: count,
  /** A page cap the server has shown, or null. */
  cap: z.nullable(size),
  /** Ids yielded so far. */
  n: count,
  /** Length of the last page when it was shorter than asked. */
  short: z.nullable(size),
  /** A group that filled what may be a capped page; the next answers decide whether to report it. */
  pending: z.nullable(tieGroup),
});
export type TieState = z.infer<typeof tieState>;

/** How bounds are made from row times, and which rows count as one tie group. */
export interface TieAxis {
  /** A bound that re-includes the group of `time` and everything older. */
  through(time: string): string | number;
  /** A bound strictly before the group of `time`. */
  before(time: string): string | number;
  same(a: string, b: string): boolean;
}

export interface TieWalk<Row> {
  axis: TieAxis;
  /** Page size the caller asked for. */
  limit: number;
  /** Largest page size the API accepts. */
  maxLimit: number;
  fetch(bound: string | number | null, limit: number): Promise<Row[]>;
  id(row: Row): string;
  time(row: Row): string;
  /** Called for each group the walk had to step past. */
  overflow(group: TieGroup): void;
}

export function startTieWalk(from: string | number | null): TieState {
  return { from, bound: from, at: null, seen: [], wide: false, max: 0, cap: null, n: 0, short: null, pending: null };
}

const minCap = (cap: number | null, page: number) => (cap === null ? page : Math.min(cap, page));

/**
 * Fetches until a page brings rows not yet yielded, or the walk ends. Returns those rows, the state of
 * the next page (null at the end), and the bound the rows were fetched with.
 */
export async function tieStep<Row>(
  w: TieWalk<Row>,
  state: TieState,
): Promise<{ rows: Row[]; next: TieState | null; bound: string | number | null }> {
  let s = state;
  for (;;) {
    const limit = s.wide ? w.maxLimit : Math.min(w.limit, w.maxLimit);
    const rows = await w.fetch(s.bound, limit);
    let next: TieState = { ...s, max: Math.max(s.max, rows.length), pending: null };

    if (s.pending) {
      // The last page held only one group and was shorter than asked: the end of the data, or a cap.
      // Rows below the group prove a cap. With none, a top page no larger than the group's proves it too
      // when the walk has yielded more rows than that (uncapped, the top page would hold them).
      let capped = rows.length > 0;
      if (!capped && s.n > s.pending.page) {
        const top = await w.fetch(s.from, w.maxLimit);
        next.max = Math.max(next.max, top.length);
        capped = top.length <= s.pending.page;
      }
      if (capped) {
        next.cap = minCap(next.cap, s.pending.page);
        w.overflow(s.pending);
      }
    }

    if (rows.length === 0) return { rows: [], next: null, bound: s.bound };

    const seen = new Set(s.seen);
    const fresh = rows.filter((row) => !seen.has(w.id(row)));
    if (fresh.length > 0) {
      // A short page followed by rows it did not hold was cut by the server.
      if (s.short !== null) next.cap = minCap(next.cap, s.short);
      const last = w.time(rows[rows.length - 1] as Row);
      const sameGroup = s.at !== null && w.axis.same(s.at, last);
      // Rows come newest first, so the last row's group is a run at the end of the page.
      const group: string[] = [];
      for (let i = rows.length - 1; i >= 0 && w.axis.same(w.time(rows[i] as Row), last); i--) {
        group.push(w.id(rows[i] as Row));
      }
      next = {
        ...next,
        bound: w.axis.through(last),
        at: last,
        seen: sameGroup ? [...new Set([...s.seen, ...group])] : group,
        wide: sameGroup && s.wide,
        n: s.n + fresh.length,
        short: rows.length < limit ? rows.length : null,
      };
      return { rows: fresh, next, bound: s.bound };
    }

    // Nothing new: the page holds only rows of the boundary group, all yielded already.
    const at = s.at as string;
    const page = rows.length;
    const full = page >= limit;
    if (full && limit < w.maxLimit && (next.cap === null || next.cap > limit)) {
      s = { ...next, wide: true, short: null };
      continue;
    }
    const group: TieGroup = { at, yielded: s.seen.length, page };
    // A full page, or one as large as a known cap: more of the group may lie beyond it.
    const overflow = full || (next.cap !== null && page >= next.cap);
    if (overflow) w.overflow(group);
    // As large as any page so far, with no cap known: a cap of exactly this size is possible.
    const undecided = !overflow && next.cap === null && page >= next.max;
    s = {
      ...next,
      bound: w.axis.before(at),
      at: null,
      seen: [],
      wide: false,
      short: null,
      pending: undecided ? group : null,
    };
  }
}

/** The warning a walk reports for a group it stepped past: one shape for conversations and messages. */
export function tieOverflowWarning(
  resource: TieOverflowWarning['resource'],
  message: string,
  group: TieGroup,
): TieOverflowWarning {
  return { type: 'tie-overflow', resource, message, updated: group.at, yielded: group.yielded, pageSize: group.page };
}
