/** A seeded PRNG (mulberry32): the same seed gives the same data, run after run. */
export class Random {
  #state: number;
  /** `seed` is any integer; 0 counts as 1. */
  constructor(seed = 1) {
    this.#state = seed >>> 0 || 1;
  }
  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** `true` with probability `p` (never for `p` ≤ 0). */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
  /** `length` random lower-case hex digits. */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
  /** `length` random decimal digits, the first not `0`. */
  digits(length: number): string {
    let out = String(this.int(1, 9));
    for (let i = 1; i < length; i++) out += String(this.int(0, 9));
    return out;
  }
}

const FIRST = [
  'Ana',
  'Sam',
  'Lee',
  'Dana',
  'Jordan',
  'Priya',
  'Noah',
  'Mia',
  'Omar',
  'Zoe',
  'Ivan',
  'Luca',
  'Aiko',
  'Ben',
];
const LAST = ['Silva', 'Lee', 'Park', 'Ruiz', 'Smith', 'Shah', 'Kim', 'Novak', 'Okafor', 'Berg', 'Costa', 'Ito'];
const TOPICS = [
  'Billing question',
  'Refund request',
  'Login problem',
  'Order status',
  'Shipping delay',
  'Plan upgrade',
  'Invoice copy',
  'Password reset',
  'Cancel subscription',
  'Feature request',
  'Bug report',
  'Address change',
];

/** Plausible names, subjects and addresses from a seeded PRNG. */
export const fakeData = {
  /** A first name. */
  firstName: (r: Random) => r.pick(FIRST),
  /** A last name. */
  lastName: (r: Random) => r.pick(LAST),
  /** A support conversation's subject line. */
  subject: (r: Random) => r.pick(TOPICS),
  /** A lower-case `first.last<n>@example.com` address. */
  email: (r: Random, first: string, last: string) => `${first}.${last}${r.int(1, 999)}@example.com`.toLowerCase(),
  /** E.164 digits without `+` (US-style 11 digits). */
  phoneDigits: (r: Random) => `1${r.int(200, 999)}555${r.digits(4)}`,
};

/**
 * How far back (ms, about 104 days) from the store's time the fakes date the ids of users, customers,
 * inboxes and organisations, so they are older than the conversations seeded for them.
 */
export const ACCOUNTS_AGE_MS = 9e9;

/**
 * 24-hex ids that increase over time, in the style of Mongo ObjectIds: 4 bytes of seconds, 5 random
 * bytes drawn once per instance (a real process draws them once at start), and a 3-byte counter, so
 * ids made within one second still increase.
 */
export class ObjectIds {
  #counter: number;
  readonly #middle: string;
  /**
   * Ids drawn from `random`, unique within this instance.
   * @param random The PRNG that draws the counter's start and the per-instance bytes.
   */
  constructor(readonly random: Random) {
    this.#counter = random.int(0, 0xffff);
    this.#middle = random.hex(10);
  }
  /**
   * A new id for the instant `atMs` (ms since the epoch), greater than every earlier one of this instance in that
   * second.
   */
  next(atMs: number): string {
    this.#counter = (this.#counter + 1) % 0x1000000;
    const seconds = Math.floor(atMs / 1000)
      .toString(16)
      .padStart(8, '0')
      .slice(-8);
    return `${seconds}${this.#middle}${this.#counter.toString(16).padStart(6, '0')}`;
  }
}
