/** How a command was stopped from outside. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'stdout closed';

export interface Interrupt {
  /** Aborts when SIGINT or SIGTERM arrives (or `stop()` is called). */
  readonly signal: AbortSignal;
  /** What stopped the command, or null. */
  readonly reason: StopReason | null;
  stop(reason: StopReason): void;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM aborts `signal` and calls `onStop` (the command lets its writes settle and
 * saves its checkpoint); a second signal exits at once with status 130.
 */
export function onInterrupt(onStop: (reason: StopReason) => void, exitNow: () => void): Interrupt {
  const controller = new AbortController();
  let reason: StopReason | null = null;
  const stop = (why: StopReason) => {
    if (reason !== null) return;
    reason = why;
    onStop(why);
    controller.abort(new Error(`stopped by ${why}`));
  };
  const handler = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (reason !== null) exitNow();
    else stop(name);
  };
  const int = handler('SIGINT');
  const term = handler('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    stop,
    dispose: () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
    },
  };
}
