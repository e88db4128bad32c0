import { intParam } from './validate.js';

/**
 * Newest first by `time`, ties broken by the larger id first: the order of G-Tateth's list, Heymarket's
 * list and message history, and Tether's contacts and conversation lists.
 */
export function newestFirst<T>(time: (row: T) => number, id: (row: T) => string | number): (a: T, b: T) => number {
  return (a, b) => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return tb - ta;
    const ia = id(a);
    const ib = id(b);
    return ia < ib ? 1 : ia > ib ? -1 : 0;
  };
}

/** Why offset paging parameters were refused: the parameter, a message, and the rule it broke. */
export interface PageRefusal {
  param: string;
  message: string;
  rule: string;
}

/**
 * `page` (an integer of at least 1, default 1) and a page size (an integer from 1 to 100) from a query,
 * as G-Tateth's `limit` and Tether's `size` take them; a value out of range is refused, never clamped.
 */
export function offsetParams(
  query: URLSearchParams,
  sizeParam: string,
  defaultSize: number,
): { page: number; size: number } | PageRefusal {
  const page = intParam(query.get('page'), 1);
  if (page === null || page < 1) {
    return { param: 'page', message: 'page must be an integer of at least 1', rule: 'page >= 1' };
  }
  const size = intParam(query.get(sizeParam), defaultSize);
  if (size === null || size < 1 || size > 100) {
    return {
      param: sizeParam,
      message: `${sizeParam} must be an integer between 1 and 100`,
      rule: `1 <= ${sizeParam} <= 100`,
    };
  }
  return { page, size };
}

/** Rows `(page − 1) · size` to `page · size − 1`; past the end, none. */
export function pageOf<T>(rows: readonly T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size);
}

/**
 * `pageOf` the rows that pass `match`, and how many pass, in one pass over `rows` (in list order, as
 * `forEach` visits them), without copying the ones that pass.
 */
export function matchingPage<T>(
  rows: { forEach(visit: (row: T) => unknown): void },
  match: (row: T) => boolean,
  page: number,
  size: number,
): { rows: T[]; total: number } {
  const start = (page - 1) * size;
  const end = page * size;
  const out: T[] = [];
  let total = 0;
  rows.forEach((row) => {
    if (!match(row)) return;
    if (total >= start && total < end) out.push(row);
    total += 1;
  });
  return { rows: out, total };
}
