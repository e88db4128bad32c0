import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run docs` (part of `npm run check`) is TypeDoc with typedoc.json. These runs use that same
// configuration (validation, warnings as errors) on a small fixture instead of the
// package's entry points, so they take seconds: a documented fixture builds, and one undocumented export
// or one `{@link}` to nothing fails the build, naming what is wrong.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
const work = mkdtempSync(join(tmpdir(), 'conversations-sdk-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  output: string;
}

/** Runs TypeDoc with the project's configuration on a fixture whose entry point is `source`. */
function typedocOn(name: string, source: string): Promise<Run> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'entry.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'ESNext', types: [] },
      files: ['entry.ts'],
    }),
  );
  writeFileSync(
    join(dir, 'typedoc.json'),
    JSON.stringify({
      extends: [join(root, 'typedoc.json')],
      entryPoints: [join(dir, 'entry.ts')],
      tsconfig: join(dir, 'tsconfig.json'),
      // The project's exceptions name its own files; the fixture has none of them.
      intentionallyNotExported: [],
      emit: 'none',
    }),
  );
  return new Promise((done) => {
    execFile(
      process.execPath,
      [typedoc, '--options', join(dir, 'typedoc.json')],
      { cwd: dir },
      (error, stdout, stderr) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colours of TypeDoc's log
        const output = `${stdout}${stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output });
      },
    );
  });
}

const documented = `
/** Adds two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

/** A pair of numbers, for {@link add}. */
export interface Pair {
  /** The first. */
  a: number;
  /** The second. */
  b: number;
}
`;

describe.concurrent('npm run docs (TypeDoc with typedoc.json)', () => {
  it('builds a fixture whose every export is documented, without a warning', async () => {
    const run = await typedocOn('documented', documented);
    expect(run.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(run.code).toBe(0);
  }, 60_000);

  it('fails on an undocumented export, property or constructor, or a broken {@link}, naming each', async () => {
    const broken = documented
      .replace('{@link add}', '{@link subtract}')
      .replace('  /** The second. */\n', '')
      .concat('\nexport const limit = 100;\n')
      .concat('\n/** A counter. */\nexport class Counter {\n  constructor() {}\n}\n');
    const run = await typedocOn('undocumented', broken);
    expect(run.output).toMatch(/\blimit \(Variable\), defined in .* does not have any documentation/);
    expect(run.output).toMatch(/\bPair\.b \(Property\), defined in .* does not have any documentation/);
    expect(run.output).toMatch(/Failed to resolve link to "subtract"/);
    expect(run.output).toMatch(
      /\bCounter\.constructor \(ConstructorSignature\), defined in .* does not have any documentation/,
    );
    expect(run.code).not.toBe(0);
  }, 60_000);
});
