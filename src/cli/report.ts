import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  RateLimitError,
  UnsupportedOperationError,
} from '../core/errors.js';
import { UsageError } from './args.js';
import { clock } from './progress.js';

/** Exit statuses: the contract scripts depend on. */
export const EXIT = {
  /** Nothing failed. */
  ok: 0,
  /** Some conversation failed, or the command failed while running. */
  failed: 1,
  /** Usage or configuration: bad flags, missing or refused credentials, an action the provider lacks. */
  usage: 2,
  /** Stopped by SIGINT or SIGTERM. */
  interrupted: 130,
} as const;

/**
 * When a rate limit that stopped a command lets requests through again, as words that end in `; `:
 * `the server asks to wait 59:30 (until 2026-01-15T12:00:00Z); `. Empty for any other error.
 */
export function retryHint(error: unknown, now = Date.now()): string {
  if (!(error instanceof RateLimitError) || error.retryAfterMs === null) return '';
  const until = new Date(now + error.retryAfterMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return `the server asks to wait ${clock(error.retryAfterMs)} (until ${until}); `;
}

/** A configuration problem (exit 2) rather than a failure while running (exit 1). */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ||
    error instanceof ConfigurationError ||
    error instanceof UnsupportedOperationError ||
    error instanceof AuthenticationError
    ? EXIT.usage
    : EXIT.failed;
}

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** The error as one line for stderr; with `debug`, its stack and causes follow on the next lines. */
export function describeError(error: unknown, debug: boolean): string {
  let line: string;
  if (error instanceof UsageError) line = error.message;
  else if (error instanceof Error) {
    line = `${error.name}: ${error.message}`;
    if (error instanceof ApiError) {
      // The client's messages end with the status, code and request id already; others may not.
      const { message } = error;
      const details = [
        message.includes(String(error.status)) ? null : `status ${error.status}`,
        error.code && !message.includes(error.code) ? `code ${error.code}` : null,
        error.requestId && !message.includes(error.requestId) ? `request ${error.requestId}` : null,
      ].filter((detail) => detail !== null);
      if (details.length > 0) line += ` (${details.join(', ')})`;
    }
    if (error instanceof AuthenticationError) line += '; check the credential variables';
  } else line = String(error);
  let text = `conversations-sdk: ${oneLine(line)}\n`;
  if (debug && error instanceof Error) {
    for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
      text += `${depth ? 'caused by: ' : ''}${e.stack ?? `${e.name}: ${e.message}`}\n`;
    }
  }
  return text;
}
