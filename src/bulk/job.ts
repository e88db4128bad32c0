import type { ConversationsError } from '../core/errors.js';
import type { BulkCheckpoint } from './checkpoint.js';

/** What became of one conversation. */
export interface BulkResult {
  /** The conversation's id. */
  id: string;
  /**
   * `done`: written; `skipped`: not written, because it no longer matched the filter when its turn came,
   * someone else changed it first, or it already was in the target state; `failed`: the write (or the
   * read before it) failed, `error` says how; `planned`: a dry run would write it.
   */
  outcome: 'done' | 'skipped' | 'failed' | 'planned';
  /** Why it was skipped or failed, in words; null otherwise. */
  reason: string | null;
  /** For `failed`: the error. */
  error: ConversationsError | null;
  /** Write requests sent for it (a request the client retried counts once); 0 when nothing was written. */
  attempts: number;
}

/** A job's outcome, once it has converged, been aborted, or stopped. */
export interface BulkSummary {
  /** Conversations this run settled: `done + skipped + failed + planned`. */
  matched: number;
  /** Conversations written. */
  done: number;
  /** Conversations left alone: no longer matching, changed by someone else first, or already in the target state. */
  skipped: number;
  /** Conversations whose write (or the read before it) failed; their {@link BulkResult.error} says how. */
  failed: number;
  /** Conversations a dry run would write. */
  planned: number;
  /** Passes over the filter's list this run made; the last found nothing left to settle. */
  passes: number;
  /** Requests this run sent, reads included (a request the client retried counts once). */
  requests: number;
  /** On the client's clock. */
  elapsedMs: number;
  /** The signal aborted the job (or a `for await` over it was left early) before it converged. */
  aborted: boolean;
  /** Where the job stands: pass it as `checkpoint` to resume it. */
  checkpoint: BulkCheckpoint;
}

/** How a running job hands out its results and learns it should stop. */
export interface JobChannel {
  /** Aborted when an iteration over the job ends early. */
  readonly signal: AbortSignal;
  emit(result: BulkResult): void;
  /** Resolves when the iterations have taken enough results for the job to go on. */
  room(): Promise<void>;
}

/** Results an iteration may hold before the job waits for it to take them. */
const HIGH_WATER = 256;

/** What a reader tells its job. */
interface ReaderHost {
  /** The reader took a result: a job waiting for room may go on. */
  taken(): void;
  /** The loop was left early. */
  left(reader: Reader): void;
}

/** One `for await` over a job: the results that settled since it began, in order. */
class Reader implements AsyncIterableIterator<BulkResult> {
  readonly queue: BulkResult[] = [];
  #wake: (() => void) | null = null;
  #ended = false;
  #error: { reason: unknown } | null = null;

  constructor(readonly host: ReaderHost) {}

  push(result: BulkResult): void {
    this.queue.push(result);
    this.#poke();
  }

  /** No result will come after those queued; with `error`, the loop throws it once they are taken. */
  end(error: { reason: unknown } | null): void {
    this.#ended = true;
    this.#error = error;
    this.#poke();
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async next(): Promise<IteratorResult<BulkResult>> {
    for (;;) {
      const result = this.queue.shift();
      if (result) {
        this.host.taken();
        return { value: result, done: false };
      }
      if (this.#ended) {
        const error = this.#error;
        this.#error = null;
        if (error) throw error.reason;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Called by `for await` when the loop is left early (`break`, `return`, a throw). */
  async return(): Promise<IteratorResult<BulkResult>> {
    if (!this.#ended) {
      this.#ended = true;
      this.queue.length = 0;
      this.host.left(this);
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * A bulk job: iterate it for one `BulkResult` per conversation as each settles, await it for the
 * `BulkSummary`, or both. Nothing is sent until one of the two happens. A `for await` sees the results
 * that settle while it runs; leaving it early (`break`) aborts the job, as its `signal` would.
 *
 * @example
 * const job = client.bulk.reassign({ filter: { inboxId: '101', status: 'open', assigneeId: '55' }, to: '72' });
 * for await (const r of job) console.log(r.id, r.outcome, r.reason ?? '');
 * const { done, skipped, failed } = await job;
 */
export class BulkJob implements Promise<BulkSummary>, AsyncIterable<BulkResult> {
  readonly #run: (channel: JobChannel) => Promise<BulkSummary>;
  #summary: Promise<BulkSummary> | null = null;
  #over = false;
  #failure: { reason: unknown } | null = null;
  readonly #stop = new AbortController();
  readonly #readers = new Set<Reader>();
  #waiting: Array<() => void> = [];
  readonly #host: ReaderHost = {
    taken: () => this.#release(),
    left: (reader) => {
      this.#readers.delete(reader);
      this.#release();
      if (!this.#over) this.#stop.abort(new Error('the loop over the job was left early'));
    },
  };

  constructor(run: (channel: JobChannel) => Promise<BulkSummary>) {
    this.#run = run;
  }

  #start(): Promise<BulkSummary> {
    if (!this.#summary) {
      const summary = this.#run({
        signal: this.#stop.signal,
        emit: (result) => {
          for (const reader of this.#readers) reader.push(result);
        },
        room: () => (this.#full() ? new Promise((resolve) => this.#waiting.push(resolve)) : Promise.resolve()),
      });
      this.#summary = summary;
      summary.then(
        () => this.#end(null),
        (reason: unknown) => this.#end({ reason }),
      );
    }
    return this.#summary;
  }

  #full(): boolean {
    for (const reader of this.#readers) if (reader.queue.length >= HIGH_WATER) return true;
    return false;
  }

  #release(): void {
    if (this.#full()) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  #end(error: { reason: unknown } | null): void {
    this.#over = true;
    this.#failure = error;
    for (const reader of this.#readers) reader.end(error);
    this.#readers.clear();
    this.#release();
  }

  // biome-ignore lint/suspicious/noThenProperty: a BulkJob is awaitable by design
  then<A = BulkSummary, B = never>(
    onFulfilled?: ((summary: BulkSummary) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#start().then(onFulfilled, onRejected);
  }
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<BulkSummary | B> {
    return this.#start().catch(onRejected);
  }
  finally(onFinally?: (() => void) | null): Promise<BulkSummary> {
    return this.#start().finally(onFinally);
  }
  /** `[object BulkJob]`, for `Object.prototype.toString` and debuggers. */
  readonly [Symbol.toStringTag] = 'BulkJob';

  /** The results as they settle, from now on; leaving the loop early aborts the job. */
  [Symbol.asyncIterator](): AsyncIterableIterator<BulkResult> {
    const reader = new Reader(this.#host);
    if (this.#over) reader.end(this.#failure);
    else this.#readers.add(reader);
    this.#start();
    return reader;
  }
}
