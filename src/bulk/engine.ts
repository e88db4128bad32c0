import { type ContextFactory, Runtime } from '../core/dispatch.js';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  ConversationsError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
} from '../core/errors.js';
import { clientFilters, matchConversation } from '../core/filters.js';
import { mayHaveApplied } from '../core/settle.js';
import type { Conversation } from '../model/types.js';
import type { ProviderContext } from '../spec/provider.js';
import type { RequestSpec } from '../spec/request.js';
import { applied, type BulkAction, capabilityOf, describe, reached, write } from './action.js';
import { type BulkCheckpoint, type ListingPosition, Settled } from './checkpoint.js';
import type { BulkResult, BulkSummary, JobChannel } from './job.js';
import { type Batch, type Listing, listingFrom, startOf } from './listing.js';
import type { BulkFilter, JobSpec } from './options.js';

/** A page's conversations still being worked on; the checkpoint points at the oldest such page. */
interface OpenBatch {
  at: ListingPosition;
  /** Its conversations are still being handed out (or the job stopped before it handed out all). */
  dispatching: boolean;
  open: number;
  /** A write took a row out of the list, so an offset list reads the page again. */
  moved: boolean;
}

/**
 * What settling one conversation came to; null when the job stopped before its write began. `again`: a
 * failed result whose failure may pass, so a later pass tries the conversation again.
 */
type Settlement = { result: BulkResult; written: Conversation | null; again?: boolean } | null;

/** Thrown by the context a preflight runs the action on: the action got as far as sending. */
class WouldSend extends Error {}

/**
 * The filters a fresh read is checked against. `unread` is left out: a list reports the acting user's
 * read state, where a read by id may report anyone's (Heymarket), so the list's answer stands.
 */
function recheckFilters(filter: BulkFilter): BulkFilter {
  const { unread: _, ...rest } = filter;
  return rest;
}

const currentValue = (c: Conversation, key: keyof BulkFilter): string => {
  if (key === 'assigneeId') return c.assignees.map((a) => a.id).join(', ') || 'nobody';
  const value = c[key];
  return value === null || value === undefined ? 'none' : String(value);
};

/**
 * A failure that concerns the whole client, not one conversation: every later conversation would meet a
 * refused credential too, so it ends the job, to be resumed from its checkpoint.
 */
const endsTheJob = (error: unknown): boolean => error instanceof AuthenticationError;

/**
 * A failure that may pass, still there after the client's own retries: the server (5xx), the network, a
 * timeout, a rate limit. The conversation is left for a later pass, a page is read again.
 */
const passing = (error: unknown): boolean =>
  error instanceof ServerError ||
  error instanceof TimeoutError ||
  error instanceof ConnectionError ||
  error instanceof RateLimitError;

/** Tries of one conversation whose failures may pass, before it is reported failed. */
const TRIES = 3;
/** Reads of one page whose failures may pass, before the job stops. */
const PAGE_READS = 3;
/**
 * Failures that may pass, one after the other with nothing settled between them, that stop the job
 * (at least this many, and twice the concurrency: the writes in flight can all fail together). A rate
 * limit the client will not wait for (a wait over `maxRetryAfter`) fails every request at once.
 */
const stallAfter = (concurrency: number): number => Math.max(8, 2 * concurrency);

/** The error of a failed result: ours, or the value thrown wrapped in one. */
const asError = (error: unknown): ConversationsError =>
  error instanceof ConversationsError
    ? error
    : new ConversationsError(error instanceof Error ? error.message : String(error), { cause: error });

/**
 * Runs one bulk job: passes over the filter's list until a pass finds nothing it has not settled, each
 * listed conversation read fresh, checked against the filter and written once, `concurrency` at a time.
 */
export class Engine {
  readonly #spec: JobSpec;
  readonly #channel: JobChannel;
  readonly #rt: Runtime;
  /** Writes: once begun, they settle whatever happens to the job. */
  readonly #writes: ProviderContext;
  readonly #signal: AbortSignal;
  readonly #match: (c: Conversation) => boolean;
  /** The filters a fresh read is checked against. */
  readonly #recheckFilters: BulkFilter;
  readonly #settled: Settled;
  readonly #claimed = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #batches: OpenBatch[] = [];
  #pass: number;
  #found: boolean;
  #at: ListingPosition | null;
  #passes = 0;
  #requests = 0;
  #fatal: { error: unknown } | null = null;
  /** Conversations left for a later pass, and how many times each was tried. */
  readonly #tries = new Map<string, number>();
  /** Failures that may pass since something last settled. */
  #stalled = 0;
  readonly #counts = { done: 0, skipped: 0, failed: 0, planned: 0 };

  constructor(rt: Runtime, spec: JobSpec, channel: JobChannel) {
    this.#spec = spec;
    this.#channel = channel;
    this.#signal = spec.signal ? AbortSignal.any([spec.signal, channel.signal]) : channel.signal;
    const counting: ContextFactory = (options) => {
      const ctx = rt.contexts(options);
      return {
        ...ctx,
        request: <T>(request: RequestSpec<T>) => {
          this.#requests += 1;
          return ctx.request(request);
        },
      };
    };
    this.#rt = new Runtime(rt.provider, counting, rt.lookAhead, rt.options);
    this.#writes = this.#rt.ctx;
    this.#match = matchConversation(spec.filter);
    this.#recheckFilters = recheckFilters(spec.filter);
    const cp = spec.checkpoint;
    this.#settled = new Settled(cp?.settled ?? []);
    // A checkpoint of a converged job starts a new pass: what matches now is settled, nothing is redone.
    if (cp && !(cp.at === null && !cp.found)) {
      this.#pass = cp.pass;
      this.#found = cp.found;
      this.#at = cp.at;
    } else {
      this.#pass = cp ? cp.pass + 1 : 1;
      this.#found = false;
      this.#at = startOf(rt);
    }
  }

  async run(): Promise<BulkSummary> {
    const started = this.#rt.ctx.now();
    await this.#preflight();
    for (;;) {
      if (this.#at !== null && !this.#stopped()) await this.#listPass();
      await this.#drain();
      if (this.#stopped() || this.#spec.dryRun || !this.#found) break;
      this.#pass += 1;
      this.#found = false;
      this.#at = startOf(this.#rt);
      this.#checkpoint();
    }
    const checkpoint = this.#checkpoint();
    if (this.#fatal) throw this.#fatal.error;
    const { done, skipped, failed, planned } = this.#counts;
    return {
      matched: done + skipped + failed + planned,
      done,
      skipped,
      failed,
      planned,
      passes: this.#passes,
      requests: this.#requests,
      elapsedMs: this.#rt.ctx.now() - started,
      aborted: this.#signal.aborted,
      checkpoint,
    };
  }

  /**
   * Refuses, before any request, what the job cannot do: an operation the provider lacks, and what the
   * provider refuses before it sends (an unsupported value, a malformed id). The action is tried once
   * on a context that sends nothing.
   */
  async #preflight(): Promise<void> {
    const rt = this.#rt;
    // A filter on a field the provider's conversations never carry could only match nothing.
    clientFilters(this.#spec.filter, rt.op('conversations.list'), rt.provider.name);
    rt.op('conversations.get');
    rt.op(capabilityOf(this.#spec.action));
    const probe: ProviderContext = {
      request: () => Promise.reject(new WouldSend()),
      now: () => rt.ctx.now(),
      warn: () => undefined,
    };
    const sample: Conversation = {
      id: '1',
      provider: rt.provider.name,
      status: 'open',
      channel: 'sms',
      subject: null,
      priority: null,
      contactId: null,
      target: '15555550100',
      inboxId: '1',
      assignees: [],
      unread: null,
      lastMessage: null,
      messageCount: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      raw: null,
    };
    try {
      await write(rt, probe, sample, this.#spec.action);
    } catch (error) {
      if (error instanceof ConfigurationError || error instanceof UnsupportedOperationError) throw error;
    }
  }

  #stopped(): boolean {
    return this.#fatal !== null || this.#signal.aborted;
  }

  /** Ends the job with `error` once the writes in flight have settled. */
  #fail(error: unknown): void {
    this.#fatal ??= { error };
  }

  /**
   * Runs reads that end when the job is aborted, on a signal of their own: a request keeps what it hangs
   * on its signal for as long as the signal lives, so one signal for every read of a long job would keep
   * a little of each.
   */
  async #reading<T>(read: (rt: Runtime) => Promise<T>): Promise<T> {
    const own = new AbortController();
    const abort = () => own.abort(this.#signal.reason);
    if (this.#signal.aborted) abort();
    this.#signal.addEventListener('abort', abort, { once: true });
    try {
      return await read(this.#rt.with({ ...this.#rt.options, signal: own.signal }));
    } finally {
      this.#signal.removeEventListener('abort', abort);
    }
  }

  async #listPass(): Promise<void> {
    this.#passes += 1;
    await this.#reading(async (rt) => {
      const listing: Listing = listingFrom(rt, this.#spec.filter, this.#at);
      let moved = false;
      let reads = 0;
      while (!this.#stopped()) {
        let batch: Batch | null;
        try {
          batch = await listing.next(moved);
          reads = 0;
        } catch (error) {
          if (error instanceof AbortError && this.#signal.aborted) return;
          // A listing that failed reads the same page again; the client backed off within its retries.
          if (passing(error) && ++reads < PAGE_READS) continue;
          this.#fail(error);
          return;
        }
        this.#at = listing.position;
        if (batch === null) return;
        moved = await this.#dispatch(batch, listing.shifts);
      }
    });
  }

  /** Starts the work on a page's conversations; resolves, for an offset list, once it has settled. */
  async #dispatch(batch: Batch, waitForIt: boolean): Promise<boolean> {
    const open: OpenBatch = { at: batch.at, dispatching: true, open: 0, moved: false };
    this.#batches.push(open);
    const candidates = batch.items.filter(
      (c) => this.#match(c) && !this.#settled.has(c.id) && !this.#claimed.has(c.id),
    );
    if (candidates.length > 0) this.#found = true;
    for (const c of candidates) {
      await this.#slot();
      // The page keeps the checkpoint's place while some of its conversations were not handed out.
      if (this.#stopped()) return open.moved;
      open.open += 1;
      this.#claimed.add(c.id);
      const task: Promise<void> = this.#work(c, open).finally(() => this.#inFlight.delete(task));
      this.#inFlight.add(task);
    }
    open.dispatching = false;
    this.#retire();
    if (waitForIt) await this.#drain();
    return open.moved;
  }

  /** Waits for a free slot and for the iterations to take their results. */
  async #slot(): Promise<void> {
    while (this.#inFlight.size >= this.#spec.concurrency) await Promise.race(this.#inFlight);
    await this.#channel.room();
  }

  async #drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Drops the pages whose conversations have all settled, oldest first. */
  #retire(): void {
    for (let first = this.#batches[0]; first && first.open === 0 && !first.dispatching; first = this.#batches[0]) {
      this.#batches.shift();
    }
  }

  async #work(listed: Conversation, batch: OpenBatch): Promise<void> {
    let settlement: Settlement;
    try {
      settlement = await this.#settle(listed);
    } catch (error) {
      this.#fail(error);
      settlement = null;
    }
    this.#claimed.delete(listed.id);
    batch.open -= 1;
    if (settlement?.again) settlement = this.#again(settlement.result);
    else if (settlement) {
      this.#stalled = 0;
      this.#tries.delete(listed.id);
    }
    if (settlement) {
      const { result, written } = settlement;
      if (written && !this.#match(applied(written, this.#spec.action))) batch.moved = true;
      this.#settled.add(result.id);
      this.#counts[result.outcome] += 1;
    }
    this.#retire();
    if (settlement) {
      this.#channel.emit(settlement.result);
      this.#checkpoint();
    }
  }

  /**
   * A conversation whose failure may pass: left unsettled, so a later pass (or a resumed run) tries it
   * again; failed after `TRIES` tries. Too many such failures in a row stop the job with the last one.
   */
  #again(failed: BulkResult): Settlement {
    const tries = (this.#tries.get(failed.id) ?? 0) + 1;
    if (++this.#stalled >= stallAfter(this.#spec.concurrency)) this.#fail(failed.error);
    if (tries < TRIES) {
      this.#tries.set(failed.id, tries);
      return null;
    }
    this.#tries.delete(failed.id);
    return { result: { ...failed, reason: `${failed.reason} (tried ${tries} times)` }, written: null };
  }

  /**
   * One conversation: read it fresh, skip it when it no longer matches or already is in the target
   * state, write it on that state (as a precondition where the API checks one), and settle a failure
   * that may have taken effect by reading it back. Throws what ends the whole job.
   */
  async #settle(listed: Conversation): Promise<Settlement> {
    const { id } = listed;
    const { action, dryRun } = this.#spec;
    const result = (outcome: BulkResult['outcome'], reason: string | null, error: unknown = null, attempts = 0) => ({
      id,
      outcome,
      reason,
      error: error === null ? null : asError(error),
      attempts,
    });
    if (dryRun) return { result: result('planned', null), written: null };
    let fresh: Conversation;
    try {
      fresh = await this.#reading((rt) => rt.op('conversations.get')(rt.ctx, id));
    } catch (error) {
      if (error instanceof AbortError && this.#signal.aborted) return null;
      if (error instanceof NotFoundError) return { result: result('skipped', 'it no longer exists'), written: null };
      if (endsTheJob(error)) throw error;
      const reason = `it could not be read: ${asError(error).message}`;
      return { result: result('failed', reason, error), written: null, again: passing(error) };
    }
    const mismatch = this.#recheck(fresh);
    if (mismatch) return { result: result('skipped', `it no longer matches the filter: ${mismatch}`), written: null };
    if (reached(fresh, action))
      return { result: result('skipped', `it is already ${describe(action)}`), written: null };
    if (this.#stopped()) return null;
    // A write the job is told to stop before it goes out (it waits at the rate gate) is not sent, and
    // stays for the checkpoint to resume; once one of its requests went out, it settles. Its own signal,
    // as for reads, so the job's does not keep something of every write.
    const unsent = new AbortController();
    const stop = () => unsent.abort(this.#signal.reason);
    this.#signal.addEventListener('abort', stop, { once: true });
    const writes = this.#rt.contexts({ ...this.#rt.options, unsent: unsent.signal });
    let attempts = 0;
    const ctx: ProviderContext = {
      ...writes,
      request: <T>(request: RequestSpec<T>) => {
        if (request.method !== 'GET') attempts += 1;
        return writes.request(request);
      },
    };
    try {
      await write(this.#rt, ctx, fresh, action);
      return { result: result('done', null, null, attempts), written: fresh };
    } catch (error) {
      if (error instanceof AbortError && unsent.signal.aborted) return null;
      if (error instanceof PreconditionFailedError) {
        return { result: result('skipped', error.message, null, attempts), written: null };
      }
      if (endsTheJob(error)) throw error;
      if (mayHaveApplied(error) && (await this.#landed(id, action))) {
        return { result: result('done', null, null, attempts), written: fresh };
      }
      // Left for a later pass, which reads it again first: a write that landed after all is not sent again.
      return {
        result: result('failed', asError(error).message, error, attempts),
        written: null,
        again: passing(error),
      };
    } finally {
      this.#signal.removeEventListener('abort', stop);
    }
  }

  /** Why a conversation read just now no longer matches the filter; null when it does. */
  #recheck(c: Conversation): string | null {
    const filters = this.#recheckFilters;
    for (const key of Object.keys(filters) as (keyof BulkFilter)[]) {
      if (!matchConversation({ [key]: filters[key] })(c)) return `${key} is ${currentValue(c, key)}`;
    }
    return null;
  }

  /** After a failure that may have taken effect: whether the conversation now is in the target state. */
  async #landed(id: string, action: BulkAction): Promise<boolean> {
    try {
      return reached(await this.#rt.op('conversations.get')(this.#writes, id), action);
    } catch {
      return false;
    }
  }

  /** A checkpoint of where the job stands, handed to `onCheckpoint`. */
  #checkpoint(): BulkCheckpoint {
    const at = this.#batches[0]?.at ?? this.#at;
    const checkpoint = this.#settled.checkpoint(this.#spec.job, this.#pass, this.#found, at);
    const { onCheckpoint } = this.#spec;
    if (onCheckpoint) {
      try {
        onCheckpoint(checkpoint);
      } catch (error) {
        this.#fail(error);
      }
    }
    return checkpoint;
  }
}
