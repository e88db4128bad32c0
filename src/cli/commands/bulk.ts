import type { BulkAction, BulkCheckpoint, BulkFilter } from '../../bulk/index.js';
import type { ConversationsClient } from '../../client.js';
import { ConfigurationError, UnsupportedOperationError } from '../../core/errors.js';
import { OffsetPage } from '../../core/list.js';
import {
  type BulkCommandName,
  describeFilter,
  durationOf,
  filtersOf,
  integerOf,
  parseCommand,
  requiredString,
  stringOf,
  UsageError,
  type Values,
} from '../args.js';
import { CheckpointFile, checkWritable, readCheckpoint } from '../checkpoint.js';
import { confirm } from '../confirm.js';
import { clientFromEnv } from '../credentials.js';
import type { Io } from '../io.js';
import { resultLine } from '../output.js';
import { type Counts, ProgressLine, progressLine, stoppedLine, summaryLine } from '../progress.js';
import { describeError, EXIT, exitCodeOf, retryHint } from '../report.js';
import { onInterrupt } from '../signals.js';
import { HELP } from '../usage.js';

/** The action a command runs, from its flags. `reassign --to none` unassigns. */
function actionOf(command: BulkCommandName, values: Values): BulkAction {
  switch (command) {
    case 'reassign': {
      const to = requiredString(values, 'to', command, 'ID (the user to assign to, or none)');
      return { type: 'assign', to: to === 'none' ? null : to };
    }
    case 'close':
      return { type: 'close' };
    case 'reopen':
      return { type: 'reopen' };
    case 'transfer':
      return { type: 'transfer', inboxId: requiredString(values, 'to-inbox', command, 'ID (the inbox to move to)') };
  }
}

function describeAction(action: BulkAction): string {
  switch (action.type) {
    case 'assign':
      return action.to === null ? 'unassign' : `assign to ${action.to}`;
    case 'transfer':
      return `transfer to inbox ${action.inboxId}`;
    default:
      return action.type;
  }
}

/**
 * How many conversations match, where the provider's list says so on its first page (offset lists),
 * for the progress line's ETA; null elsewhere or when asking fails.
 */
async function estimate(client: ConversationsClient, filter: BulkFilter, signal: AbortSignal): Promise<number | null> {
  if (client.provider.operations['conversations.list']?.kind !== 'offset') return null;
  // Aborted once the first page is in: pages fetched ahead of it are not wanted.
  const done = new AbortController();
  try {
    const page = await client.conversations.list(
      { ...filter, limit: 1 },
      { signal: AbortSignal.any([signal, done.signal]) },
    );
    return page instanceof OffsetPage ? page.total : null;
  } catch {
    return null;
  } finally {
    done.abort();
  }
}

export async function bulkCommand(command: BulkCommandName, args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(command, args, 0);
  if (values.help === true) {
    await io.stdout.write(HELP[command]);
    return EXIT.ok;
  }
  const debug = values.debug === true;
  const filter = filtersOf(values);
  const action = actionOf(command, values);
  const dryRun = values['dry-run'] === true;
  // The job checks the upper bound (a ConfigurationError, so exit 2 as well).
  const concurrency = integerOf(values, 'concurrency', 1);
  const file = stringOf(values, 'checkpoint');
  if (file !== undefined) checkWritable(file);
  const checkpoint = file === undefined ? undefined : readCheckpoint(file);
  const { client, provider } = clientFromEnv({
    env: io.env,
    provider: stringOf(values, 'provider'),
    debug,
    stderr: (line) => io.stderr.write(line),
    maxRetryAfter: durationOf(values, 'max-retry-after'),
  });

  const what = `${describeAction(action)} every conversation matching ${describeFilter(filter)} on ${provider}`;
  if (!dryRun && values.yes !== true) {
    if (io.stdin.isTTY !== true) {
      throw new UsageError(
        `${command} changes conversations and there is no terminal to confirm it: pass --yes (or --dry-run to see what it would do)`,
      );
    }
    const answer = await confirm(`About to ${what}${checkpoint ? ' (resuming)' : ''}. Go on?`, io.stdin, io.stderr);
    if (answer !== 'yes') {
      io.stderr.write(`conversations-sdk: ${answer === 'no' ? 'not confirmed' : 'stopped'}; nothing was changed\n`);
      return answer === 'no' ? EXIT.usage : EXIT.interrupted;
    }
  }

  const progress = io.stderr.isTTY === true ? new ProgressLine((text) => io.stderr.write(text)) : null;
  const interrupt = onInterrupt(
    (why) => {
      progress?.clear();
      const then = file === undefined ? '' : ', then saving the checkpoint';
      // A reader that went away is no Ctrl-C: a second one is not on its way.
      const cause = why === 'stdout closed' ? 'stdout closed, so no result can be reported' : why;
      const now = why === 'stdout closed' ? '' : ' (Ctrl-C again to exit now)';
      io.stderr.write(
        `conversations-sdk: ${cause}: starting no new write, letting those in flight settle${then}${now}\n`,
      );
    },
    () => io.exitNow(EXIT.interrupted),
  );
  io.stdout.onClose(() => interrupt.stop('stdout closed'));
  const stopping = new AbortController();
  const signal = AbortSignal.any([interrupt.signal, stopping.signal]);

  // A checkpoint that cannot be written makes the run impossible to resume: it is stopped as an interrupt would.
  const saved = file === undefined ? null : new CheckpointFile(file, (error) => stopping.abort(error));

  // Said in the summary: a rerun with the checkpoint of a finished job settles only what matches anew.
  const settledBefore = checkpoint === undefined ? null : Reflect.get(Object(checkpoint), 'settled');
  const resumed =
    checkpoint === undefined
      ? ''
      : `; resumed from ${file}${Array.isArray(settledBefore) ? `, where ${settledBefore.length} were settled before` : ''}`;
  const resume =
    file === undefined
      ? 'pass --checkpoint FILE to make a run resumable'
      : `checkpoint saved to ${file}: run the same command again to resume`;
  // Stopped from outside: 130 for a signal; a reader gone is a job stopped early, not a success.
  const stoppedCode = () => (interrupt.reason === 'stdout closed' ? EXIT.failed : EXIT.interrupted);
  const counts: Counts = { done: 0, skipped: 0, failed: 0, planned: 0 };
  const started = Date.now();
  let ticker: ReturnType<typeof setInterval> | null = null;
  try {
    const total = progress ? await estimate(client, filter, signal) : null;
    const job = client.bulk.run({
      filter,
      action,
      dryRun,
      signal,
      ...(concurrency === undefined ? {} : { concurrency }),
      // The job checks what the file holds: another shape, or another job's, is a ConfigurationError.
      ...(checkpoint === undefined ? {} : { checkpoint: checkpoint as BulkCheckpoint }),
      ...(saved ? { onCheckpoint: (cp: BulkCheckpoint) => saved.save(cp) } : {}),
    });
    const draw = () => progress?.update(progressLine(command, counts, Date.now() - started, total), Date.now());
    // Redrawn every second as well, so the rate stays true while the job waits (a rate limit, a slow page).
    ticker = progress ? setInterval(draw, 1000) : null;
    // On one terminal for both, the progress line is erased before a result is printed, then redrawn.
    const shared = progress !== null && io.stdout.stream.isTTY === true;
    for await (const result of job) {
      if (result.outcome in counts) counts[result.outcome as keyof Counts] += 1;
      if (shared) progress.clear();
      await io.stdout.write(resultLine(result));
      draw();
    }
    const summary = await job;
    if (ticker) clearInterval(ticker);
    saved?.save(summary.checkpoint);
    saved?.flush();
    progress?.clear();
    io.stderr.write(`${summaryLine(command, summary, dryRun)}${resumed}\n`);
    if (saved?.error) {
      const reason = saved.error instanceof Error ? saved.error.message : String(saved.error);
      io.stderr.write(`conversations-sdk: cannot write the checkpoint ${saved.file}, so the job stopped: ${reason}\n`);
      return EXIT.failed;
    }
    if (interrupt.reason !== null) {
      io.stderr.write(`conversations-sdk: stopped (${interrupt.reason}); ${resume}\n`);
      return stoppedCode();
    }
    return summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    saved?.flush();
    progress?.clear();
    if (interrupt.reason !== null) {
      io.stderr.write(describeError(error, debug));
      return stoppedCode();
    }
    // Refused before its first request (a checkpoint of another job, an action the provider lacks).
    if (error instanceof ConfigurationError || error instanceof UnsupportedOperationError) throw error;
    // Stopped while running: the error, what was settled until then, and how to go on.
    io.stderr.write(describeError(error, debug));
    io.stderr.write(`${stoppedLine(command, counts, Date.now() - started, dryRun)}${resumed}\n`);
    io.stderr.write(`conversations-sdk: stopped by this error; ${retryHint(error)}${resume}\n`);
    return exitCodeOf(error);
  } finally {
    if (ticker) clearInterval(ticker);
    interrupt.dispose();
  }
}
