import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CountIndex,
  GroupIndex,
  GroupOrderIndex,
  IndexedMap,
  newestFirstGroups,
  OrderIndex,
  SortedList,
} from '../../src/testing/indexed.js';
import { newestFirst } from '../../src/testing/lists.js';

interface Row {
  id: number;
  at: number;
  tag: string;
}
const listOrder = newestFirst<Row>(
  (r) => r.at,
  (r) => r.id,
);

/** What a `SortedList` must hold: the items sorted by `compare`, equal ones in the order they were added. */
function reference(rows: readonly Row[]): Row[] {
  return [...rows].sort(listOrder);
}

describe('SortedList', () => {
  it('keeps the order a stable sort gives, through adds, removals and searches', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ remove: fc.nat() }),
      fc.record({ search: fc.integer({ min: -1, max: 61 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), fc.boolean(), (ops, ascending) => {
        const list = new SortedList<Row>(listOrder);
        let rows: Row[] = [];
        let id = 0;
        for (const o of ops) {
          if ('add' in o) {
            // Mostly rows that sort first (as new rows are), some anywhere, many ties.
            const row = { id: ascending ? id++ : 1000 - id++, at: o.add, tag: '' };
            list.add(row);
            rows.push(row);
          } else if ('remove' in o) {
            const row = rows[o.remove % Math.max(1, rows.length)];
            expect(list.delete(row ?? { id: -1, at: 0, tag: '' })).toBe(row !== undefined);
            rows = rows.filter((r) => r !== row);
          } else {
            const sorted = reference(rows);
            const expected = sorted.findIndex((r) => r.at < o.search);
            expect(list.search((r) => r.at < o.search)).toBe(expected < 0 ? sorted.length : expected);
          }
        }
        const sorted = reference(rows);
        expect(list.size).toBe(rows.length);
        expect(list.toArray()).toEqual(sorted);
        expect([...list.values()]).toEqual(sorted);
        expect([...list.values(7)]).toEqual(sorted.slice(7));
        expect(list.slice(3, 1100)).toEqual(sorted.slice(3, 1100));
        expect(list.slice(5, 2)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('holds 20,000 rows added newest first, oldest first or at random', () => {
    for (const order of ['newest', 'oldest', 'random'] as const) {
      const list = new SortedList<Row>(listOrder);
      const n = 20_000;
      let seed = 7;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed;
      };
      for (let i = 0; i < n; i++) {
        const at = order === 'oldest' ? i : order === 'newest' ? n - i : random() % 5000;
        list.add({ id: i, at, tag: '' });
      }
      const all = list.toArray();
      expect(all).toHaveLength(n);
      expect(all.every((r, i) => i === 0 || listOrder(all[i - 1]!, r) < 0)).toBe(true);
      expect(list.slice(n - 2)).toEqual(all.slice(n - 2));
      for (const r of all.filter((_, i) => i % 3 === 0)) list.delete(r);
      expect(list.toArray()).toEqual(all.filter((_, i) => i % 3 !== 0));
    }
  });

  it('finds a row whose key changed behind its back by a scan', () => {
    const list = new SortedList<Row>(listOrder);
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, at: i, tag: '' }));
    for (const r of rows) list.add(r);
    const moved = rows[1234]!;
    moved.at = -5;
    expect(list.delete(moved)).toBe(true);
    expect(list.size).toBe(1999);
    expect(list.toArray()).not.toContain(moved);
  });
});

describe('IndexedMap', () => {
  const build = () => {
    const order = new OrderIndex<Row>(['at', 'id'], listOrder);
    const tags = new GroupIndex<Row>(['tag'], (r) => r.tag);
    const counts = new CountIndex<Row>(['tag'], (r) => r.tag);
    const map = new IndexedMap<number, Row>([order, tags, counts], ['other']);
    return { map, order, tags, counts };
  };

  it('keeps its indexes through set, delete, clear and writes to the records, however made', () => {
    const { map, order, tags, counts } = build();
    const rows = Array.from({ length: 50 }, (_, i) => map.adopt({ id: i, at: i % 7, tag: i % 2 ? 'odd' : 'even' }));
    for (const r of rows) map.set(r.id, r);
    const check = () => {
      const values = [...map.values()];
      // Ties (none here: ids are unique) would go in the map's order.
      expect(order.toArray()).toEqual([...values].sort(listOrder));
      for (const tag of ['odd', 'even', 'x']) {
        expect([...tags.get(tag)].sort((a, b) => a.id - b.id)).toEqual(
          values.filter((r) => r.tag === tag).sort((a, b) => a.id - b.id),
        );
        expect(counts.get(tag)).toBe(values.filter((r) => r.tag === tag).length);
      }
    };
    check();
    rows[3]!.at = 100;
    Object.assign(rows[4]!, { at: -1, tag: 'x' });
    check();
    map.delete(5);
    map.delete(5);
    const plain = { id: 5, at: 50, tag: 'odd' };
    map.set(5, plain);
    plain.at = 3;
    check();
    // Replacing a record under a key keeps the key's place in the map's order.
    map.set(6, { id: 6, at: 1, tag: 'even' });
    check();
    const version = map.version;
    rows[7]!.at = rows[7]!.at;
    expect(map.version).toBe(version);
    (rows[7] as Row & { other?: number }).other = 1;
    rows[7]!.tag = 'x';
    expect(map.version).toBeGreaterThan(version);
    check();
    map.clear();
    expect(order.size).toBe(0);
    expect([...tags.get('odd')]).toEqual([]);
    // A record no map holds any more can still be written to.
    rows[8]!.at = 9;
    expect(order.size).toBe(0);
  });

  it('records read, copy, compare and print as the plain objects they were', () => {
    const { map } = build();
    const source = { id: 1, at: 2, tag: 'a', more: [1] };
    const adopted = map.adopt(source);
    map.set(1, adopted);
    expect(adopted).toEqual(source);
    expect(Object.keys(adopted)).toEqual(Object.keys(source));
    expect(JSON.stringify(adopted)).toBe(JSON.stringify(source));
    expect({ ...adopted }).toEqual(source);
    expect(structuredClone(adopted)).toEqual(source);
    const inspect = (adopted as unknown as Record<symbol, () => unknown>)[Symbol.for('nodejs.util.inspect.custom')]!;
    expect(inspect.call(adopted)).toEqual(source);
    const frozen = Object.freeze({ id: 2, at: 3, tag: 'b' });
    map.set(2, frozen);
    expect(map.get(2)).toBe(frozen);
  });
});

describe('GroupOrderIndex', () => {
  interface Tagged {
    id: number;
    at: number;
    tag: string;
    also: string[];
  }
  const order = newestFirst<Tagged>(
    (r) => r.at,
    (r) => r.id,
  );

  it('keeps each group in list order, ties in the map’s order, through writes however made', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.integer({ min: 0, max: 40 }),
            at: fc.integer({ min: 0, max: 5 }),
            id: fc.integer({ min: 0, max: 5 }),
            tag: fc.constantFrom('a', 'b', 'c'),
            also: fc.constantFrom('a', 'b', 'c', 'none'),
            remove: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        (ops) => {
          const groups = new GroupOrderIndex<Tagged>(['tag', 'also', 'at', 'id'], (r) => [r.tag, ...r.also], order);
          const map = new IndexedMap<number, Tagged>([groups]);
          for (const o of ops) {
            const old = map.get(o.key);
            if (o.remove) map.delete(o.key);
            else if (old && o.id % 2 === 0) {
              // A write to the record, not a new one: it keeps its place in the map's order.
              Object.assign(old, { at: o.at, id: o.id, tag: o.tag });
              old.also = o.also === 'none' ? [] : [o.also];
            } else {
              map.set(o.key, map.adopt({ id: o.id, at: o.at, tag: o.tag, also: o.also === 'none' ? [] : [o.also] }));
            }
          }
          const rows = [...map.values()];
          for (const tag of ['a', 'b', 'c', 'none']) {
            // A stable sort of the map's rows keeps ties in the map's order.
            const expected = rows.filter((r) => r.tag === tag || r.also.includes(tag)).sort(order);
            expect(groups.get(tag)?.toArray() ?? []).toEqual(expected);
            expect(groups.size(tag)).toBe(expected.length);
          }
        },
      ),
    );
  });

  it('breaks a tie by the map’s order, also for a record written away from the tie and back', () => {
    const groups = newestFirstGroups<Tagged>(['tag'], (r) => [r.tag], 'at', 'id');
    const map = new IndexedMap<number, Tagged>([groups]);
    const [a, b, c] = [1, 2, 3].map((key) => {
      const row = map.adopt({ id: 0, at: 0, tag: 't', also: [] });
      map.set(key, row);
      return row;
    }) as [Tagged, Tagged, Tagged];
    a.at = 1;
    a.at = 0;
    b.tag = 'u';
    b.tag = 't';
    expect(groups.get('t')?.toArray()).toEqual([a, b, c]);
    expect(groups.get('t')?.toArray()[0]).toBe(a);
    expect(groups.get('t')?.toArray()[1]).toBe(b);
  });
});
