import { type BulkCommandName, COMMANDS, type CommandName, UsageError } from './args.js';
import { bulkCommand } from './commands/bulk.js';
import { fakeCommand } from './commands/fake.js';
import { listCommand } from './commands/list.js';
import type { Io } from './io.js';
import { describeError, EXIT, exitCodeOf } from './report.js';
import { MAIN_HELP } from './usage.js';
import { VERSION } from './version.js';

const isCommand = (name: string): name is CommandName => (COMMANDS as readonly string[]).includes(name);

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    // `help --help` is the main help too.
    const topic = first === 'help' && rest[0] !== '-h' && rest[0] !== '--help' ? rest[0] : undefined;
    if (topic !== undefined) {
      if (isCommand(topic)) return dispatch([topic, '--help'], io);
      throw new UsageError(`no help on '${topic}': not a command (one of ${COMMANDS.join(', ')})`);
    }
    if (first === undefined) {
      io.stderr.write(MAIN_HELP);
      return EXIT.usage;
    }
    await io.stdout.write(MAIN_HELP);
    return EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    await io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!isCommand(first)) {
    throw new UsageError(
      first.startsWith('-')
        ? `unknown option ${first.split('=')[0]} before the command (see conversations-sdk --help)`
        : `unknown command '${first}' (one of ${COMMANDS.join(', ')}; see conversations-sdk --help)`,
    );
  }
  switch (first) {
    case 'list':
      return listCommand(rest, io);
    case 'fake':
      return fakeCommand(rest, io);
    default:
      return bulkCommand(first satisfies BulkCommandName, rest, io);
  }
}

/** Runs the command line; resolves the exit status. Errors become one line on stderr (with `--debug`, a stack). */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // `--debug` is honoured even when parsing failed elsewhere on the line.
    const debug = argv.includes('--debug');
    io.stderr.write(describeError(error, debug));
    return exitCodeOf(error);
  } finally {
    await io.stdout.flush();
  }
}
