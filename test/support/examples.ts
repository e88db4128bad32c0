import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `node` with the package's names resolved to its sources (./source-hooks.ts) and TypeScript run as it
 * is: the command line that runs an example, or the `conversations-sdk` command (`src/cli/main.ts`),
 * with no build. `process.execPath` inside vitest is the Node pinned in devDependencies.
 */
export const nodeOnSources: readonly string[] = [
  process.execPath,
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
  '--import',
  fileURLToPath(new URL('./source-hooks.ts', import.meta.url)),
];

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `examples/<file>` in its own process, as its npm script does but on the sources, to its end (or
 * kills it after `timeoutMs`), with the environment of this process minus the SDK's log level.
 */
export function runExample(file: string, timeoutMs = 25_000): Promise<ExampleRun> {
  const [command, ...args] = nodeOnSources as [string, ...string[]];
  const env = { ...process.env };
  delete env.CONVERSATIONS_SDK_LOG;
  return new Promise((resolve) => {
    execFile(
      command,
      [...args, fileURLToPath(new URL(`../../examples/${file}`, import.meta.url))],
      { cwd: root, env, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
