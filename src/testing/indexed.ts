/**
 * The fakes' stores at scale: a sorted list that keeps a list's order without sorting per request, and a
 * Map of records that keeps such indexes up to date however a record changes, a route's write or a test's
 * `Object.assign` alike.
 */
import { newestFirst } from './lists.js';

/** Items per block of a `SortedList`; a block that grows to twice this is split. */
const BLOCK = 512;

/**
 * Items in the order `compare` gives, kept as a list of sorted blocks: adding, removing and finding a
 * position cost O(log n + block), reading the item at an index O(n / block), so a page is cheap to serve
 * out of 100,000 rows and a write that moves a row does not shift all of them. The blocks hold the items
 * last first, so an item that sorts first (the newest row of a newest-first list) is a push.
 */
export class SortedList<T> {
  /** The items in reverse order: the first item is the last one of the last block. */
  #blocks: T[][] = [];
  #size = 0;
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#size;
  }

  /**
   * The number of items, counted from the end of the list, that pass `test`, where `test` passes and then
   * fails along the stored (reverse) order: binary search over the blocks' last items, then within one.
   */
  #countPassing(test: (item: T) => boolean): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid] as T[];
      if (test(block[block.length - 1] as T)) lo = mid + 1;
      else hi = mid;
    }
    // Blocks before `lo` pass throughout; block `lo` passes up to some point.
    let count = 0;
    for (let b = 0; b < lo; b++) count += (blocks[b] as T[]).length;
    const block = blocks[lo];
    return block ? count + passingIn(block, test) : count;
  }

  /** Block and offset of the stored position `at` (0 = the last item of the list); `at = size` is past the end. */
  #locate(at: number): [number, number] {
    const blocks = this.#blocks;
    let rest = at;
    for (let b = 0; b < blocks.length; b++) {
      const length = (blocks[b] as T[]).length;
      if (rest < length) return [b, rest];
      rest -= length;
    }
    return [blocks.length, 0];
  }

  /** Adds an item after every item that sorts the same. */
  add(item: T): void {
    const blocks = this.#blocks;
    this.#size += 1;
    const lastBlock = blocks[blocks.length - 1];
    if (!lastBlock) {
      blocks.push([item]);
      return;
    }
    // Stored in reverse, the item goes after every item that sorts after it: at the end when it sorts first.
    const before = (x: T) => this.#compare(x, item) > 0;
    if (before(lastBlock[lastBlock.length - 1] as T)) {
      lastBlock.push(item);
      if (lastBlock.length >= 2 * BLOCK) blocks.push(lastBlock.splice(BLOCK));
      return;
    }
    let [b, i] = this.#locate(this.#countPassing(before));
    if (b === blocks.length) {
      b -= 1;
      i = (blocks[b] as T[]).length;
    }
    const block = blocks[b] as T[];
    block.splice(i, 0, item);
    if (block.length >= 2 * BLOCK) blocks.splice(b + 1, 0, block.splice(BLOCK));
  }

  /**
   * Removes an item (the same object), found where its sort key says it is; call it before the key
   * changes. One whose key changed behind the list's back is still found, by a scan.
   */
  delete(item: T): boolean {
    const blocks = this.#blocks;
    const [start, offset] = this.#locate(this.#countPassing((x) => this.#compare(x, item) > 0));
    for (let b = start; b < blocks.length; b++) {
      const block = blocks[b] as T[];
      let i = b === start ? offset : 0;
      for (; i < block.length; i++) {
        const x = block[i] as T;
        if (x === item) return this.#removeAt(b, i);
        if (this.#compare(x, item) !== 0) break;
      }
      if (i < block.length) break;
    }
    for (const [b, block] of blocks.entries()) {
      const i = block.indexOf(item);
      if (i >= 0) return this.#removeAt(b, i);
    }
    return false;
  }

  #removeAt(b: number, i: number): true {
    const blocks = this.#blocks;
    const block = blocks[b] as T[];
    if (i === block.length - 1) block.pop();
    else block.splice(i, 1);
    this.#size -= 1;
    const next = blocks[b + 1];
    if (block.length === 0) blocks.splice(b, 1);
    else if (next && block.length + next.length <= BLOCK) {
      for (const x of next) block.push(x);
      blocks.splice(b + 1, 1);
    }
    return true;
  }

  clear(): void {
    this.#blocks = [];
    this.#size = 0;
  }

  /** The index of the first item that passes `test`, which must fail and then pass along the list; `size` when none does. */
  search(test: (item: T) => boolean): number {
    return this.#size - this.#countPassing(test);
  }

  /** Items from index `start` on, in order. Do not add or remove items while iterating. */
  *values(start = 0): IterableIterator<T> {
    const blocks = this.#blocks;
    const from = this.#size - 1 - Math.max(0, start);
    if (from < 0) return;
    const [first, offset] = this.#locate(from);
    for (let b = first; b >= 0; b--) {
      const block = blocks[b] as T[];
      for (let i = b === first ? offset : block.length - 1; i >= 0; i--) yield block[i] as T;
    }
  }

  /** Calls `visit` on the items in order until it returns false. Do not add or remove items meanwhile. */
  forEach(visit: (item: T) => unknown): void {
    const blocks = this.#blocks;
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b] as T[];
      for (let i = block.length - 1; i >= 0; i--) if (visit(block[i] as T) === false) return;
    }
  }

  /** Items `start` to `end − 1`, as `Array.prototype.slice` takes them (no negative indexes). */
  slice(start = 0, end = this.#size): T[] {
    const out: T[] = [];
    if (end <= start) return out;
    for (const item of this.values(start)) {
      out.push(item);
      if (out.length >= end - start) break;
    }
    return out;
  }

  /** Every item, in order. */
  toArray(): T[] {
    const out: T[] = [];
    for (let b = this.#blocks.length - 1; b >= 0; b--) {
      const block = this.#blocks[b] as T[];
      for (let i = block.length - 1; i >= 0; i--) out.push(block[i] as T);
    }
    return out;
  }
}

/** How many items at the start of a block pass `test` (which passes, then fails, along it). */
function passingIn<T>(block: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(block[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An index an `IndexedMap` keeps over its records. */
export interface RecordIndex<R> {
  /** The fields it reads: a write to one takes the record out of the index before, and puts it back after. */
  readonly fields: readonly string[];
  add(record: R): void;
  delete(record: R): void;
  clear(): void;
}

/** What the map knows of one record: its watched fields' values, which map holds it, and where. */
interface Watch {
  values: Record<string, unknown>;
  owner: Owner | null;
  /** Its place in the map's order (a replaced record takes the place of the one it replaced). */
  seq: number;
  /** Under how many keys the map holds it. */
  refs: number;
}
interface Owner {
  before(record: object, field: string): void;
  after(record: object, field: string): void;
}

const WATCH: unique symbol = Symbol('conversations-sdk.watch');
interface Watched {
  [WATCH]: Watch;
}
/** Records that cannot take a hidden property (not extensible): their bookkeeping, without watched fields. */
const unwatchable = new WeakMap<object, Watch>();
const watchOf = (record: object): Watch | undefined => (record as Partial<Watched>)[WATCH] ?? unwatchable.get(record);

/** Where a record stands in its map's order (the order `Map` iterates in); 0 for one no map holds. */
export const seqOf = (record: object): number => watchOf(record)?.seq ?? 0;

const accessors = new Map<string, PropertyDescriptor>();
/** A watched field: reads give its value, a write that changes it goes through the map holding the record. */
function accessor(field: string): PropertyDescriptor {
  let descriptor = accessors.get(field);
  if (!descriptor) {
    descriptor = {
      enumerable: true,
      configurable: true,
      get(this: Watched) {
        return this[WATCH].values[field];
      },
      set(this: Watched, value: unknown) {
        const watch = this[WATCH];
        if (Object.is(watch.values[field], value)) return;
        const owner = watch.owner;
        owner?.before(this, field);
        watch.values[field] = value;
        owner?.after(this, field);
      },
    };
    accessors.set(field, descriptor);
  }
  return descriptor;
}

/** Node's `util.inspect` shows a watched record as the plain object it reads as, not as getters and setters. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
function inspectAsPlain(this: object): object {
  return { ...this };
}

/** Makes `fields` of `record` watched accessors, in place; a record that is not extensible keeps plain fields. */
function watch(record: object, fields: Iterable<string>): Watch {
  let state = watchOf(record);
  if (!state) {
    state = { values: {}, owner: null, seq: 0, refs: 0 };
    if (!Object.isExtensible(record)) {
      unwatchable.set(record, state);
      return state;
    }
    Object.defineProperty(record, WATCH, { value: state });
    if (!Object.hasOwn(record, INSPECT)) Object.defineProperty(record, INSPECT, { value: inspectAsPlain });
  }
  if (!Object.hasOwn(record, WATCH)) return state;
  for (const field of fields) {
    if (Object.hasOwn(state.values, field)) continue;
    const own = Object.getOwnPropertyDescriptor(record, field);
    // A field the record lacks, someone else's accessor, or one that cannot be redefined stays as it is.
    if (!own || !('value' in own) || !own.configurable) continue;
    state.values[field] = own.value;
    Object.defineProperty(record, field, accessor(field));
  }
  return state;
}

/**
 * A `Map` of records that keeps indexes of them: on `set`, `delete` and `clear`, and on every write to a
 * field an index reads, however it is written, for those fields are accessors that report to the map.
 * `version` changes on every such change, so anything derived from the records can be cached against it.
 */
export class IndexedMap<K, R extends object> extends Map<K, R> {
  readonly #fields: ReadonlySet<string>;
  readonly #indexes: readonly RecordIndex<R>[];
  readonly #byField = new Map<string, RecordIndex<R>[]>();
  readonly #owner: Owner;
  #version = 0;
  #seq = 0;
  /** The fields of the record adopted last, and the accessor of each watched one. */
  #plan: { keys: string[]; accessors: Array<PropertyDescriptor | null> } | null = null;

  /** `extra` fields are watched too: a write to one changes `version` and touches no index. */
  constructor(indexes: readonly RecordIndex<R>[], extra: readonly string[] = []) {
    super();
    this.#indexes = indexes;
    for (const index of indexes) {
      for (const field of index.fields) this.#byField.set(field, [...(this.#byField.get(field) ?? []), index]);
    }
    this.#fields = new Set([...this.#byField.keys(), ...extra]);
    this.#owner = {
      before: (record, field) => {
        for (const index of this.#byField.get(field) ?? []) index.delete(record as R);
      },
      after: (record, field) => {
        for (const index of this.#byField.get(field) ?? []) index.add(record as R);
        this.#version += 1;
      },
    };
  }

  get version(): number {
    return this.#version;
  }

  /**
   * A copy of `record` with the same fields in the same order, its watched fields already accessors: the
   * fast way to make a record this map will hold (making them in place is slower, and slows later reads).
   * A field the record lacks is not watched: give every record the fields the indexes read.
   */
  adopt(record: R): R {
    const source = record as Record<string, unknown>;
    const keys = Object.keys(source);
    let plan = this.#plan;
    if (plan?.keys.length !== keys.length || plan.keys.some((key, i) => key !== keys[i])) {
      plan = this.#plan = { keys, accessors: keys.map((key) => (this.#fields.has(key) ? accessor(key) : null)) };
    }
    const values: Record<string, unknown> = {};
    const copy = {} as Record<string, unknown>;
    Object.defineProperty(copy, WATCH, { value: { values, owner: null, seq: 0, refs: 0 } satisfies Watch });
    Object.defineProperty(copy, INSPECT, { value: inspectAsPlain });
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const watched = plan.accessors[i];
      if (watched) {
        values[key] = source[key];
        Object.defineProperty(copy, key, watched);
      } else copy[key] = source[key];
    }
    return copy as R;
  }

  override set(key: K, record: R): this {
    const old = super.get(key);
    const had = old !== undefined || super.has(key);
    if (had && old === record) return this;
    super.set(key, record);
    const seq = had && isRecord(old) ? seqOf(old) : this.#seq++;
    if (had && isRecord(old)) this.#leave(old);
    if (isRecord(record)) this.#join(record, seq);
    this.#version += 1;
    return this;
  }

  override delete(key: K): boolean {
    const old = super.get(key);
    if (!super.delete(key)) return false;
    if (isRecord(old)) this.#leave(old);
    this.#version += 1;
    return true;
  }

  override clear(): void {
    for (const record of super.values()) {
      const state = isRecord(record) ? watchOf(record) : undefined;
      if (state) {
        state.owner = null;
        state.refs = 0;
      }
    }
    super.clear();
    for (const index of this.#indexes) index.clear();
    this.#version += 1;
  }

  #join(record: R, seq: number): void {
    const state = watch(record, this.#fields);
    if (state.owner === this.#owner && state.refs > 0) {
      state.refs += 1;
      return;
    }
    state.owner = this.#owner;
    state.refs = 1;
    state.seq = seq;
    for (const index of this.#indexes) index.add(record);
  }

  #leave(record: R): void {
    const state = watchOf(record);
    if (!state || state.owner !== this.#owner) return;
    state.refs -= 1;
    if (state.refs > 0) return;
    for (const index of this.#indexes) index.delete(record);
    state.owner = null;
  }
}

const isRecord = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** Rows in a list's order over an `IndexedMap`: `compare` reads only `fields`; ties go in the map's order. */
export class OrderIndex<R extends object> extends SortedList<R> implements RecordIndex<R> {
  constructor(
    readonly fields: readonly string[],
    compare: (a: R, b: R) => number,
  ) {
    super((a, b) => compare(a, b) || seqOf(a) - seqOf(b));
  }
}

/** The names of `R`'s fields whose values are of type `V`. */
type FieldsOf<R, V> = { [P in keyof R]-?: R[P] extends V ? P : never }[keyof R] & string;

/**
 * The order of every fake's lists, newest `time` first, then the highest `id`, over the two fields it
 * reads: one place names them, for the comparison and for what the index watches.
 */
export function newestFirstIndex<R extends object>(
  time: FieldsOf<R, number>,
  id: FieldsOf<R, string | number>,
): OrderIndex<R> {
  // The keys are of those types by their signature; TypeScript does not narrow `R[K]` from it.
  return new OrderIndex<R>(
    [time, id],
    newestFirst(
      (r) => r[time] as number,
      (r) => r[id] as string | number,
    ),
  );
}

/**
 * Records in list order per group, a record in each group `keys` names (none, one or several): a page of
 * one group is read straight out of its list, as `OrderIndex` serves the whole map's. `compare` reads only
 * `fields`; ties go in the map's order.
 */
export class GroupOrderIndex<R extends object> implements RecordIndex<R> {
  readonly #groups = new Map<unknown, SortedList<R>>();
  readonly #compare: (a: R, b: R) => number;

  /** A record leaves the groups `keys` names when it leaves: every key comes from a watched field's value. */
  constructor(
    readonly fields: readonly string[],
    readonly keys: (record: R) => Iterable<unknown>,
    compare: (a: R, b: R) => number,
  ) {
    this.#compare = (a, b) => compare(a, b) || seqOf(a) - seqOf(b);
  }

  add(record: R): void {
    for (const key of distinct(this.keys(record))) {
      let group = this.#groups.get(key);
      if (!group) {
        group = new SortedList<R>(this.#compare);
        this.#groups.set(key, group);
      }
      group.add(record);
    }
  }

  delete(record: R): void {
    for (const key of distinct(this.keys(record))) {
      const group = this.#groups.get(key);
      if (!group?.delete(record)) continue;
      if (group.size === 0) this.#groups.delete(key);
    }
  }

  clear(): void {
    this.#groups.clear();
  }

  /** The group's records in list order, or undefined when it has none. Read it; do not add to it. */
  get(key: unknown): SortedList<R> | undefined {
    return this.#groups.get(key);
  }

  /** How many records the group holds. */
  size(key: unknown): number {
    return this.#groups.get(key)?.size ?? 0;
  }
}

/** The keys without repeats, in order; an array of one as it is (most groups are one key's). */
function distinct(keys: Iterable<unknown>): readonly unknown[] {
  if (Array.isArray(keys) && keys.length <= 1) return keys;
  return [...new Set(keys)];
}

/** Groups in the order of every fake's lists (`newestFirstIndex`): `keyFields` are the fields `keys` reads. */
export function newestFirstGroups<R extends object>(
  keyFields: readonly string[],
  keys: (record: R) => Iterable<unknown>,
  time: FieldsOf<R, number>,
  id: FieldsOf<R, string | number>,
): GroupOrderIndex<R> {
  return new GroupOrderIndex<R>(
    [...keyFields, time, id],
    keys,
    newestFirst(
      (r) => r[time] as number,
      (r) => r[id] as string | number,
    ),
  );
}

/** Records grouped by a key made of `fields`; a group of one holds the record itself, not a set of one. */
export class GroupIndex<R extends object> implements RecordIndex<R> {
  readonly #groups = new Map<unknown, R | Set<R>>();
  constructor(
    readonly fields: readonly string[],
    readonly key: (record: R) => unknown,
  ) {}

  add(record: R): void {
    const key = this.key(record);
    const group = this.#groups.get(key);
    if (group === undefined) this.#groups.set(key, record);
    else if (group instanceof Set) group.add(record);
    else if (group !== record) this.#groups.set(key, new Set([group, record]));
  }

  delete(record: R): void {
    const key = this.key(record);
    if (!this.#remove(key, record)) {
      // Its key changed behind the index's back: find it by a scan.
      for (const k of [...this.#groups.keys()]) if (this.#remove(k, record)) return;
    }
  }

  #remove(key: unknown, record: R): boolean {
    const group = this.#groups.get(key);
    if (group === record) return this.#groups.delete(key);
    if (!(group instanceof Set) || !group.delete(record)) return false;
    if (group.size === 1) this.#groups.set(key, group.values().next().value as R);
    return true;
  }

  clear(): void {
    this.#groups.clear();
  }

  /** The records whose key is `key`, in the order they joined the group: none when there are none. */
  get(key: unknown): Iterable<R> {
    const group = this.#groups.get(key);
    return group === undefined ? [] : group instanceof Set ? group : [group];
  }
}

/** Counts records by a key made of `fields`. */
export class CountIndex<R extends object> implements RecordIndex<R> {
  readonly #counts = new Map<unknown, number>();
  constructor(
    readonly fields: readonly string[],
    readonly key: (record: R) => unknown,
  ) {}
  add(record: R): void {
    const key = this.key(record);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }
  delete(record: R): void {
    const key = this.key(record);
    const n = (this.#counts.get(key) ?? 0) - 1;
    if (n > 0) this.#counts.set(key, n);
    else this.#counts.delete(key);
  }
  clear(): void {
    this.#counts.clear();
  }
  get(key: unknown): number {
    return this.#counts.get(key) ?? 0;
  }
}
