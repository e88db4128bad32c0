import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantUs, isRfc3339 } from '../../src/providers/heymarket/instant.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An independent reading: fields in range when `Date` keeps them as given (years from 1000 on). */
function oracle(raw: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(
    raw,
  );
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const kept =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return kept && (m[7] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59));
}

describe('heymarket isRfc3339 (checked on every row of every page)', () => {
  it('agrees with an independent reading on date-times with fields in and out of range', () => {
    const field = (max: number) => fc.integer({ min: 0, max });
    const dateTime = fc
      .record({
        y: fc.integer({ min: 1000, max: 9999 }),
        mo: field(13),
        d: field(32),
        h: field(25),
        mi: field(61),
        s: field(61),
        t: fc.constantFrom('T', 't', ' '),
        fraction: fc.constantFrom('', '.1', '.123', '.123456', '.1234567', '.'),
        offset: fc.oneof(
          fc.constantFrom('Z', 'z', '', '+0530'),
          fc
            .tuple(fc.constantFrom('+', '-'), field(25), field(61))
            .map(([sign, oh, om]) => `${sign}${pad(oh)}:${pad(om)}`),
        ),
      })
      .map((p) => `${p.y}-${pad(p.mo)}-${pad(p.d)}${p.t}${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${p.fraction}${p.offset}`);
    fc.assert(
      fc.property(dateTime, (raw) => {
        expect(isRfc3339(raw)).toBe(oracle(raw));
        // The cursor arithmetic reads exactly the strings the check lets through.
        expect(instantUs(raw) !== null).toBe(isRfc3339(raw));
        if (isRfc3339(raw)) {
          // The instant to the millisecond is the one `Date` reads (it takes the separator and Z upper-case).
          const upper = `${raw.slice(0, 10)}T${raw.slice(11).replace('z', 'Z')}`;
          expect(Math.floor((instantUs(raw) as number) / 1000)).toBe(Date.parse(upper));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('knows leap years and the length of each month', () => {
    expect(isRfc3339('2024-02-29T00:00:00Z')).toBe(true);
    expect(isRfc3339('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339('2100-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339('2000-02-29T00:00:00Z')).toBe(true);
    expect(isRfc3339('2026-04-31T00:00:00Z')).toBe(false);
    expect(isRfc3339('2026-12-31T23:59:59.123456+05:30')).toBe(true);
    expect(isRfc3339('2026-01-10T00:00:00+24:00')).toBe(false);
    expect(isRfc3339('2026-01-10T00:00:00.1234567Z')).toBe(false);
  });
});
