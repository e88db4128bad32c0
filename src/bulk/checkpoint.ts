import * as z from 'zod/mini';
import { ConfigurationError } from '../core/errors.js';
import { describeIssue } from '../core/schema.js';

/** Where a pass's listing stands: an offset list's page, or a cursor list's cursor (`null`: its start). */
const position = z.union([
  z.object({
    /** The offset list's next page, from 1. */
    page: z.int().check(z.minimum(1)),
  }),
  z.object({
    /** The cursor list's next page, `null` for its first. */
    cursor: z.nullable(z.string()),
  }),
]);
/**
 * Where a pass's listing stands: an offset list's `page`, or a cursor list's `cursor` (`null`: its start).
 * @useDeclaredType
 */
export type ListingPosition = z.infer<typeof position>;

/** The shape of a checkpoint, checked when one comes back. */
export const bulkCheckpoint = z.object({
  /** The checkpoint format; a checkpoint of another version is refused. */
  version: z.literal(1),
  /** Whose checkpoint it is: a fingerprint of the provider, the filter, the action and `dryRun`. */
  job: z.string(),
  /** The pass in progress, from 1: each lists the filter again. */
  pass: z.int().check(z.minimum(1)),
  /** Whether this pass has found a conversation not settled before; if not, the job has converged. */
  found: z.boolean(),
  /** Where this pass's listing stands; null once the pass has listed its last page. */
  at: z.nullable(position),
  /** Every conversation id settled so far (done, skipped, failed or planned), never to be written again. */
  settled: z.array(z.string()),
});

/** Where a bulk job stands, JSON-safe: save it (`JSON.stringify`) and pass it back to resume the job. */
export interface BulkCheckpoint extends z.infer<typeof bulkCheckpoint> {}

/**
 * A checkpoint given back, checked: one of another shape or another job is a `ConfigurationError`.
 * `jobs`: the fingerprints of this job, the current one first (the checkpoints it saves carry it).
 */
export function readCheckpoint(value: unknown, jobs: readonly string[]): BulkCheckpoint {
  const read = z.safeParse(bulkCheckpoint, value);
  if (!read.success) {
    throw new ConfigurationError(`bulk: checkpoint is not a bulk job checkpoint (${describeIssue(read.error)})`);
  }
  if (!jobs.includes(read.data.job)) {
    throw new ConfigurationError(
      'bulk: checkpoint belongs to another job (another provider, filter, action or dryRun); it cannot resume this one',
    );
  }
  return read.data;
}

/** A value with its object keys sorted, so equal options give equal JSON. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = canonical(field);
  }
  return out;
}

/** A 53-bit hash of a string (cyrb53), as hex: a fingerprint, not a secret. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The fingerprint of a job; `filter` and `action` are the checked ones. */
export function fingerprint(provider: string, filter: object, action: object, dryRun: boolean): string {
  return `bulk1:${hash(JSON.stringify(canonical({ provider, filter, action, dryRun })))}`;
}

/**
 * The ids a job has settled, in the order they settled. The list only grows, so a checkpoint keeps its
 * length and reads its ids when asked: making one after every settled conversation costs nothing, and
 * a checkpoint's `settled` is the ids settled when it was made, whenever it is read.
 */
export class Settled {
  readonly #ids: string[];
  readonly #set: Set<string>;
  constructor(ids: readonly string[]) {
    this.#ids = [...ids];
    this.#set = new Set(ids);
  }

  has(id: string): boolean {
    return this.#set.has(id);
  }

  add(id: string): void {
    if (this.#set.has(id)) return;
    this.#set.add(id);
    this.#ids.push(id);
  }

  get size(): number {
    return this.#ids.length;
  }

  checkpoint(job: string, pass: number, found: boolean, at: ListingPosition | null): BulkCheckpoint {
    const ids = this.#ids;
    const count = ids.length;
    let settled: string[] | undefined;
    return {
      version: 1,
      job,
      pass,
      found,
      at: at === null ? null : { ...at },
      get settled() {
        settled ??= ids.slice(0, count);
        return settled;
      },
      set settled(value) {
        settled = value;
      },
    };
  }
}
