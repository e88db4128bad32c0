import { choiceOf, durationOf, filtersOf, integerOf, parseCommand, stringOf } from '../args.js';
import { clientFromEnv } from '../credentials.js';
import type { Io } from '../io.js';
import { FORMATS, formatter } from '../output.js';
import { EXIT } from '../report.js';
import { onInterrupt } from '../signals.js';
import { HELP } from '../usage.js';

/**
 * Writes every matching conversation as it arrives, one page at a time: nothing is collected, and a
 * slow reader holds the walk back (the write waits for the stream to drain before the next page).
 */
export async function listCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand('list', args, 0);
  if (values.help === true) {
    await io.stdout.write(HELP.list);
    return EXIT.ok;
  }
  const debug = values.debug === true;
  const filter = filtersOf(values);
  const format = formatter(choiceOf(values, 'format', FORMATS) ?? 'jsonl');
  const max = integerOf(values, 'max', 0) ?? Number.POSITIVE_INFINITY;
  const { client } = clientFromEnv({
    env: io.env,
    provider: stringOf(values, 'provider'),
    debug,
    stderr: (line) => io.stderr.write(line),
    maxRetryAfter: durationOf(values, 'max-retry-after'),
  });
  const interrupt = onInterrupt(
    () => {},
    () => io.exitNow(EXIT.interrupted),
  );
  io.stdout.onClose(() => interrupt.stop('stdout closed'));
  let written = 0;
  try {
    await io.stdout.write(format.header());
    if (max > 0) {
      for await (const page of client.conversations.list(filter, { signal: interrupt.signal }).pages()) {
        const items = page.items.length > max - written ? page.items.slice(0, max - written) : page.items;
        written += items.length;
        await io.stdout.write(format.rows(items));
        if (written >= max || interrupt.reason !== null) break;
      }
    }
    await io.stdout.flush();
  } catch (error) {
    if (interrupt.reason === null) throw error;
  } finally {
    interrupt.dispose();
  }
  if (interrupt.reason === 'stdout closed') return EXIT.ok;
  if (interrupt.reason !== null) {
    io.stderr.write(`conversations-sdk: stopped by ${interrupt.reason} after ${written} conversations\n`);
    return EXIT.interrupted;
  }
  return EXIT.ok;
}
