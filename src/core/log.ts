import { ConfigurationError } from './errors.js';

/** Where the client writes what it does; `console` by default. */
export interface Logger {
  /** Every attempt: method, path, status, duration, attempt number, request id. */
  debug(message: string): void;
  /** Retries and rate-limit pauses. */
  info(message: string): void;
  /** Conditions that do not fail a call, the ones `onWarning` reports. */
  warn(message: string): void;
  /** Responses that break the API's contract. */
  error(message: string): void;
}

/**
 * How much the client logs: `debug` every attempt (method, path, status, ms, attempt, request id),
 * `info` retries and rate-limit pauses, `warn` the conditions `onWarning` reports, `error` responses
 * that break the API's contract, `off` nothing.
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Writes `line()` at a severity when the level lets it through; `line` is only called then. */
export type Log = (severity: Exclude<LogLevel, 'off'>, line: () => string) => void;

const LEVELS: readonly string[] = ['off', 'error', 'warn', 'info', 'debug'];

/**
 * The client's log. Without a `level`, the `CONVERSATIONS_SDK_LOG` environment variable decides where
 * there is a `process.env` (read through `globalThis`: browsers have no `process`), else `warn`.
 */
export function createLog(logger: Logger = console, level?: LogLevel): Log {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const rank = LEVELS.indexOf(level ?? env?.CONVERSATIONS_SDK_LOG?.toLowerCase() ?? 'warn');
  const missing = LEVELS.slice(1).filter((m) => typeof logger?.[m as 'debug'] !== 'function');
  if (missing.length > 0) {
    throw new ConfigurationError(
      `logger must have debug, info, warn and error methods; it lacks ${missing.join(', ')}`,
    );
  }
  if (rank < 0 && level !== undefined) {
    throw new ConfigurationError(`logLevel must be one of ${LEVELS.join(', ')}`);
  }
  // An unknown value in the environment is no reason to fail: the default applies.
  const max = rank < 0 ? 2 : rank;
  return (severity, line) => {
    if (LEVELS.indexOf(severity) <= max) logger[severity](`conversations-sdk: ${line()}`);
  };
}
