import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The name of the file beside the built files that holds what tsup wrote to stderr. */
const STDERR = 'tsup.stderr';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** A build of the package: the directory `dist/` would be, and what tsup wrote to stderr building it. */
export interface Build {
  dir: string;
  stderr: string;
}

/**
 * Builds the package with its own tsup config (the `npm run build` of package.json, `--silent`) once per
 * state of the sources, into `node_modules/.cache/conversations-sdk-build/<hash>/`. Not into `dist/`:
 * other work in this checkout rebuilds and cleans `dist/` at any time. A build goes to a temporary
 * directory that is renamed into place, so test files building at once never see a half-written one;
 * the first rename wins. tsup's stderr is kept beside the files (with `--silent` it holds only
 * warnings and errors), so a test reading a cached build still sees its warnings.
 */
export function builtPackage(): Build {
  const hash = createHash('sha256');
  for (const file of [...files(join(root, 'src')), join(root, 'tsup.config.ts'), join(root, 'package.json')].sort()) {
    hash.update(relative(root, file)).update(readFileSync(file));
  }
  const cache = join(root, 'node_modules/.cache/conversations-sdk-build');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  // Written last, before the rename: when it is there, the whole build is.
  if (existsSync(join(dir, STDERR))) return { dir, stderr: readFileSync(join(dir, STDERR), 'utf8') };
  mkdirSync(cache, { recursive: true });
  const temporary = `${dir}.${process.pid}.${Date.now()}`;
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/tsup/dist/cli-default.js'), '--silent', '--out-dir', temporary],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (build.status !== 0) {
    rmSync(temporary, { recursive: true, force: true });
    throw new Error(`tsup exited with ${build.status ?? build.signal}:\n${build.stderr}`);
  }
  writeFileSync(join(temporary, STDERR), build.stderr);
  try {
    renameSync(temporary, dir);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another worker's build is in place
  }
  // Builds of earlier states of the sources, left for an hour in case a run still uses one.
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (path !== dir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return { dir, stderr: readFileSync(join(dir, STDERR), 'utf8') };
}
