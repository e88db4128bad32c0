import { ConnectionError, ConversationsError, RateLimitError, ServerError, TimeoutError } from './errors.js';

/**
 * A failure after which a write may or may not have taken effect: a 5xx, a timeout, a dropped connection,
 * or a 429 still refused after its retries (a server may rate-limit after applying). Such a failure is
 * settled by reading the state back, never by resending blindly.
 */
export const mayHaveApplied = (error: unknown): boolean =>
  error instanceof ServerError ||
  error instanceof TimeoutError ||
  error instanceof ConnectionError ||
  error instanceof RateLimitError;

export interface Settle<S> {
  /** Reads the state the write is about. */
  read(): Promise<S>;
  /** Whether `state` is what the write is for. */
  done(state: S): boolean;
  /**
   * Sends the write for `state`: the state it assumes (first) or the one just read. Resolves `true`
   * when the answer itself shows the write done; otherwise the state is read to decide.
   */
  send(state: S | undefined): Promise<boolean>;
  /** Failures that do not settle the write: read the state and decide again. Others are thrown as they are. */
  unsettled(error: unknown): boolean;
  /** Writes sent at most. */
  attempts: number;
  /** Read before the first write: a write that toggles must never go to a state already there. */
  readFirst?: boolean;
  /** The state the first write is made for, when it is not read first. */
  assume?: S;
  /** Read once more after the last write when its answer did not settle it. */
  verifyLast?: boolean;
  /** The state read back is the one the failed write was sent for: the failure stands, so it is thrown. */
  same?(sent: S, read: S): boolean;
  /**
   * The write was made on its assumed state as a precondition: a state read back that is neither done
   * nor the same as the one sent means someone else changed it, so this error ends the write instead of
   * another write decided on the new state.
   */
  changed?(read: S): Error;
  /** The error when every write went through but the state kept moving away. */
  stuck?(): Error;
}

/**
 * Sends a write whose failure may have taken effect anyway (or whose precondition may have been stale),
 * and settles such a failure by reading the state back: done when the state shows the write, else decide
 * again, up to `attempts` writes. A read that fails too surfaces the write's own failure.
 */
export async function settle<S>(o: Settle<S>): Promise<void> {
  let state = o.readFirst ? await o.read() : o.assume;
  let fresh = o.readFirst === true;
  let failure: unknown = null;
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (fresh && o.done(state as S)) return;
    try {
      if (await o.send(state)) return;
      failure = null;
    } catch (error) {
      if (!o.unsettled(error)) throw error;
      failure = error;
    }
    if (attempt === o.attempts && !o.verifyLast) {
      if (failure !== null) throw failure;
      return;
    }
    const sent = state;
    try {
      state = await o.read();
    } catch (error) {
      throw failure ?? error;
    }
    fresh = true;
    if (o.done(state)) return;
    if (failure !== null && sent !== undefined && o.same?.(sent, state)) throw failure;
    if (o.changed && sent !== undefined && !o.same?.(sent, state)) throw o.changed(state);
  }
  throw failure ?? o.stuck?.() ?? new ConversationsError(`The state kept changing over ${o.attempts} writes`);
}
