#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './run.js';

// The `conversations-sdk` command. No top-level await: the entry is also built as CommonJS.
/**
 * Exits once stderr has taken what was written to it (stdout is flushed by `run`): where pipes are
 * asynchronous (macOS), `process.exit` would otherwise cut the last lines off. Exiting then, rather
 * than when the event loop drains, keeps idle keep-alive sockets from holding the command open.
 */
function exit(code: number): void {
  process.stderr.write('', () => process.exit(code));
}

// A reader of stderr that went away (EPIPE) takes what is left to say, not the exit status: without a
// listener, the stream's error would end the process with 1 instead.
process.stderr.on('error', () => {});

run(process.argv.slice(2), processIo()).then(exit, (error: unknown) => {
  process.stderr.write(`conversations-sdk: ${error instanceof Error ? error.message : String(error)}\n`);
  exit(1);
});
