import type { FakeServer } from '../../testing/fake-server.js';
import { createFakeGTateth } from '../../testing/gtateth/index.js';
import { createFakeHeymarket } from '../../testing/heymarket/index.js';
import { serveFake } from '../../testing/node-server.js';
import { createFakeTether } from '../../testing/tether/index.js';
import { integerOf, PROVIDERS, type ProviderName, parseCommand, UsageError } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../report.js';
import { onInterrupt } from '../signals.js';
import { HELP } from '../usage.js';

const TITLE: Record<ProviderName, string> = { gtateth: 'G-Tateth', heymarket: 'Heymarket', tether: 'Tether' };

interface Options {
  seed: number;
  conversations: number | undefined;
}

/** The fake, and the variables (its own credentials and `url`) that point the CLI and the SDK at it. */
function start(
  name: ProviderName,
  o: Options,
): { fake: FakeServer; count: number; variables: (url: string) => [string, string][] } {
  const seeded = { seed: o.seed, ...(o.conversations === undefined ? {} : { conversations: o.conversations }) };
  switch (name) {
    case 'gtateth': {
      const fake = createFakeGTateth(seeded);
      return {
        fake,
        count: fake.conversations.size,
        variables: (url) => [
          ['GTATETH_BASE_URL', url],
          ['GTATETH_API_KEY', fake.apiKey],
        ],
      };
    }
    case 'heymarket': {
      const fake = createFakeHeymarket(seeded);
      return {
        fake,
        count: fake.conversations.size,
        variables: (url) => [
          ['HEYMARKET_BASE_URL', url],
          ['HEYMARKET_SECRET_ID', fake.secretId],
          ['HEYMARKET_SECRET_KEY', fake.secretKey],
          ['HEYMARKET_USER_ID', String(fake.userId)],
        ],
      };
    }
    case 'tether': {
      const fake = createFakeTether(seeded);
      return {
        fake,
        count: fake.conversations.size,
        variables: (url) => [
          ['TETHER_BASE_URL', url],
          ['TETHER_EMAIL', fake.email],
          ['TETHER_PASSWORD', fake.password],
        ],
      };
    }
  }
}

/** A value for a POSIX shell: bare when it is made of safe characters, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Serves a provider's fake on 127.0.0.1, answering CORS preflights, until SIGINT or SIGTERM. The export lines go to stdout (with
 * the URL as a shell comment, so the whole output can be pasted into a shell); notes go to stderr.
 */
export async function fakeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('fake', args, 1);
  if (values.help === true) {
    await io.stdout.write(HELP.fake);
    return EXIT.ok;
  }
  const name = positionals[0];
  if (name === undefined) throw new UsageError(`fake needs a provider: ${PROVIDERS.join(', ')}`);
  if (!(PROVIDERS as readonly string[]).includes(name)) {
    throw new UsageError(`fake: unknown provider '${name}' (one of ${PROVIDERS.join(', ')})`);
  }
  const provider = name as ProviderName;
  const port = integerOf(values, 'port', 0, 65_535) ?? 0;
  const seed = integerOf(values, 'seed', 0) ?? 1;
  const conversations = integerOf(values, 'conversations', 0);
  const stopped = new Promise<void>((resolve) => {
    onInterrupt(
      () => resolve(),
      () => io.exitNow(EXIT.interrupted),
    );
  });
  const { fake, count, variables } = start(provider, { seed, conversations });
  let served: Awaited<ReturnType<typeof serveFake>>;
  try {
    // CORS: a browser app on another loopback port may call it.
    served = await serveFake(fake, { port, cors: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`fake: port ${port} is in use; pass another --port, or none`);
    throw error;
  }
  const lines = variables(served.url).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`);
  await io.stdout.write(
    `# ${TITLE[provider]} fake on ${served.url} (seed ${seed}, ${count} conversations)\n${lines.join('')}`,
  );
  await io.stdout.flush();
  io.stderr.write(
    `conversations-sdk: serving the ${TITLE[provider]} fake on ${served.url}; run the export lines in another shell, then e.g. 'conversations-sdk list --format table'. Ctrl-C stops it.\n`,
  );
  await stopped;
  await served.close();
  io.stderr.write('conversations-sdk: fake stopped\n');
  return EXIT.interrupted;
}
