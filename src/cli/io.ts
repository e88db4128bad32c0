import type { Readable, Writable } from 'node:stream';
import type { Env } from './credentials.js';
import { Output } from './output.js';

/** What a command reads and writes: the process's streams and environment, or a test's. */
export interface Io {
  env: Env;
  stdin: Readable & { isTTY?: boolean };
  stdout: Output;
  stderr: Writable & { isTTY?: boolean };
  /** Ends the process at once with `code` (a second Ctrl-C). */
  exitNow(code: number): void;
}

export function processIo(): Io {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: new Output(process.stdout),
    stderr: process.stderr,
    exitNow: (code) => process.exit(code),
  };
}
