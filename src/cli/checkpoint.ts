import { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from './args.js';

/** The JSON saved in `file` (the job checks that it is a checkpoint of this job), or undefined when there is none. */
export function readCheckpoint(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`checkpoint ${file} is not JSON: pass another --checkpoint file, or remove it to start over`);
  }
}

/** Refuses a checkpoint file the command could not replace, before any write is sent. */
export function checkWritable(file: string): void {
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(`--checkpoint ${file}: its directory does not exist or is not writable`);
  }
}

/**
 * Replaces `file` with `text`: written to a temporary file in the same directory, then renamed over it.
 * A rename within one file system is atomic, so a reader (or a rerun after `kill -9`) finds the
 * previous checkpoint or this one, never a torn file. There is no fsync: a killed process loses nothing
 * the kernel has been given; a power cut may lose the latest checkpoints.
 */
export function writeCheckpoint(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** From this size (bytes, about 2,500 ids) on, checkpoints are spaced out. */
export const LARGE_CHECKPOINT = 64 * 1024;
/** Spaced-out writes: at least this far apart (ms), and at least this many times a write's own time. */
const MIN_SPACING_MS = 100;
const SPACING_FACTOR = 20;

/**
 * The checkpoint file of a running job. A checkpoint lists every settled id, so its size grows with the
 * job. While the file is small, each checkpoint is written as it comes (synchronously, so writes never
 * overlap), and a kill redoes at most the writes that were in flight. Once it is `LARGE_CHECKPOINT` or
 * more, a checkpoint that comes sooner than `MIN_SPACING_MS`, or `SPACING_FACTOR` times the last
 * write's duration, after that write is held and the latest held one is written when that time is up:
 * writing stays a small share of the work, and a kill then also redoes the conversations settled in
 * that span (the actions are harmless to repeat). `flush()` writes a held one at once.
 */
export class CheckpointFile {
  #held: object | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastBytes = 0;
  #nextAt = 0;
  #error: unknown = null;

  constructor(
    readonly file: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The first write that failed, or null. */
  get error(): unknown {
    return this.#error;
  }

  save(checkpoint: object): void {
    if (this.#error !== null) return;
    const now = performance.now();
    if (this.#lastBytes < LARGE_CHECKPOINT || now >= this.#nextAt) {
      this.#write(checkpoint);
      return;
    }
    this.#held = checkpoint;
    this.#timer ??= setTimeout(() => this.flush(), this.#nextAt - now);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const held = this.#held;
    if (held) this.#write(held);
  }

  #write(checkpoint: object): void {
    this.#held = null;
    const started = performance.now();
    try {
      const text = JSON.stringify(checkpoint);
      writeCheckpoint(this.file, text);
      this.#lastBytes = text.length;
    } catch (error) {
      this.#error = error;
      this.onError(error);
      return;
    }
    const ended = performance.now();
    this.#nextAt = ended + Math.max(MIN_SPACING_MS, SPACING_FACTOR * (ended - started));
  }
}
