import * as z from 'zod/mini';

/**
 * RFC 3339 date-times as Heymarket sends and accepts them: 0–6 fraction digits and an offset of
 * `Z` or `±hh:mm`. Cursor arithmetic works on the string itself, so precision and offset survive; a
 * `Date` round trip would drop microseconds and rewrite the offset.
 */
const RFC3339 = /^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[Zz]|[+-]\d\d:\d\d)$/;

/** The two digits at `i` as a number (the syntax check has made them digits). */
const two = (raw: string, i: number) => (raw.charCodeAt(i) - 48) * 10 + raw.charCodeAt(i + 1) - 48;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Whether the server accepts `raw` as a `date`: the syntax, and every field in range (a real day of its
 * month, hours to 23, an offset to ±23:59). Every row of every page is checked, so this reads the
 * digits in place and allocates nothing.
 */
export function isRfc3339(raw: string): boolean {
  if (!RFC3339.test(raw)) return false;
  const month = two(raw, 5);
  const day = two(raw, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(two(raw, 0) * 100 + two(raw, 2), month)) return false;
  if (two(raw, 11) > 23 || two(raw, 14) > 59 || two(raw, 17) > 59) return false;
  const end = raw.length;
  return /[Zz]$/.test(raw) || (two(raw, end - 5) <= 23 && two(raw, end - 2) <= 59);
}

/**
 * A string `isRfc3339` accepts: the cursor times of the wire and of a walk's state, which the walks do
 * arithmetic on and send back to the server.
 */
export const rfc3339 = z.string().check(z.refine(isRfc3339, 'Invalid RFC 3339 date-time'));

interface Parts {
  /** Wall-clock time in the string's own offset, in µs since the epoch. */
  wall: number;
  digits: number;
  sep: string;
  offset: string;
  /** The offset in minutes east of UTC. */
  offsetMinutes: number;
}

function parts(raw: string): Parts | null {
  if (!isRfc3339(raw)) return null;
  const zulu = /[Zz]$/.test(raw);
  const offset = zulu ? raw.slice(-1) : raw.slice(-6);
  const fraction = raw.slice(20, raw.length - offset.length);
  const offsetMinutes = zulu ? 0 : (offset[0] === '-' ? -1 : 1) * (two(offset, 1) * 60 + two(offset, 4));
  // `setUTCFullYear` takes years below 100 as they are; `Date.UTC` would read them as 19xx.
  const date = new Date(0);
  date.setUTCFullYear(two(raw, 0) * 100 + two(raw, 2), two(raw, 5) - 1, two(raw, 8));
  date.setUTCHours(two(raw, 11), two(raw, 14), two(raw, 17));
  return {
    wall: date.getTime() * 1000 + Number(fraction.padEnd(6, '0')),
    digits: fraction.length,
    sep: raw.charAt(10),
    offset,
    offsetMinutes,
  };
}

/** The instant in µs since the epoch, or null when the string is not in the accepted syntax. */
export function instantUs(raw: string): number | null {
  const p = parts(raw);
  return p === null ? null : p.wall - p.offsetMinutes * 60_000_000;
}

/**
 * The smallest later value the string's precision can express, counting at least three fraction digits:
 * 1 ms for up to three digits, 1 µs for six. As an exclusive bound it re-includes the instant `raw` names,
 * whatever finer precision the server keeps behind the digits it prints. Offset, separator and digit count
 * are kept.
 */
export function justAfter(raw: string): string {
  const p = parts(raw);
  if (p === null) throw new TypeError('not an RFC 3339 date-time');
  const digits = Math.max(3, p.digits);
  const wall = p.wall + 10 ** (6 - digits);
  const date = new Date(Math.floor(wall / 1000));
  const fraction = pad(wall % 1_000_000, 6).slice(0, digits);
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}${p.sep}` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${fraction}${p.offset}`
  );
}
