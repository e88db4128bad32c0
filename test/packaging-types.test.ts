// The built declarations as a downstream project meets them. A project compiling with
// `declaration: true` writes out the type of every value it exports; where it inferred that type from
// the SDK, it must name it through an import it may write. A type the SDK's declarations use but no entry
// exports, or a third-party type its own package does not export, fails that project (TS2742, TS2883,
// TS4023, TS4094: "cannot be named") while this repository's build and other tests pass. Two checks on
// the package as `npm run build` makes it (./support/build.ts: one build per state of the sources,
// shared with the CLI tests):
// - tsup's dts step (rollup-plugin-dts) warns when an entry's declarations use a type another chunk holds
//   and no entry exports: its stderr must hold no such warning, whether or not the project below happens
//   to infer that type;
// - a downstream project, with the package in its node_modules as npm installs it (package.json and the
//   .d.ts/.d.cts files), exports values inferred from every public entry and compiles with
//   `declaration: true`: Node16 resolution from an ESM file (the `import` condition, .d.ts) and a CJS
//   file (the `require` condition, .d.cts), and Bundler resolution. It must compile without an error,
//   which also rules out a type declared in an entry's own file and not exported, and a third-party type
//   that cannot be named.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Build, builtPackage } from './support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'conversations-sdk-types-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// One value or more from each entry, each exported so its inferred type goes into the emitted
// declarations. No top-level await, so the same text is an ES module (.ts) and a CommonJS one (.cts).
const consumer = `
import { ApiError, ConfigurationError, ConversationsClient, NotFoundError } from 'conversations-sdk';
import { gtateth, gtatethWire, toConversation as gtatethToConversation } from 'conversations-sdk/gtateth';
import { heymarket, heymarketWire, toMessage as heymarketToMessage } from 'conversations-sdk/heymarket';
import {
  createFakeGTateth,
  createFakeHeymarket,
  createFakeTether,
  createVirtualClock,
  FixedWindow,
  json,
  ObjectIds,
  Random,
} from 'conversations-sdk/testing';
import { toMswHandlers } from 'conversations-sdk/testing/msw';
import { serveFake } from 'conversations-sdk/testing/node';
import { tether, tetherWire } from 'conversations-sdk/tether';

// Providers and a client on each.
export const gtatethProvider = gtateth({ apiKey: 'sk_test_1' });
export const heymarketProvider = heymarket({ apiKey: 'key', userId: 1 });
export const tetherProvider = tether({ baseUrl: 'https://acme.example', token: 'token' });
export const gtatethClient = new ConversationsClient({ provider: gtatethProvider });
export const heymarketClient = new ConversationsClient({ provider: heymarketProvider });
export const tetherClient = new ConversationsClient({ provider: tetherProvider });
export const resource = heymarketClient.conversations;
export const listMethod = gtatethClient.conversations.list;
export const createMethod = gtatethClient.conversations.create;
export const sendMethod = heymarketClient.messages.send;

// Lists, pages, records, bulk jobs, raw requests.
export const list = gtatethClient.conversations.list({ status: 'open' });
export const walk = list[Symbol.asyncIterator]();
export const all = list.toArray();
export const gtatethPage = (async () => await gtatethClient.conversations.list())();
export const heymarketPage = (async () => await heymarketClient.conversations.list())();
export const tetherPage = (async () => await tetherClient.conversations.list())();
export const conversation = tetherClient.conversations.get('1');
export const messages = heymarketClient.messages.list('1');
export const inboxes = heymarketClient.inboxes.list();
export const users = heymarketClient.users.list();
export const job = heymarketClient.bulk.reassign({ filter: { status: 'open' }, to: '2' });
export const summary = (async () => await job)();
export const raw = tetherClient.request({ method: 'GET', path: '/ping' });

// Errors.
export const notFound = (error: unknown) => (error instanceof NotFoundError ? error : undefined);
export const apiError = (error: unknown) => (error instanceof ApiError ? error : undefined);
export const configurationError = new ConfigurationError('bad');

// Wire schemas and mappers of the providers.
export const gtatethSchema = gtatethWire.conversation;
export const heymarketSchema = heymarketWire.conversation;
export const tetherSchemas = tetherWire;
export const mappers = { gtatethToConversation, heymarketToMessage };

// The test kit: fakes, their records and wire shapes, msw handlers, a served fake.
export const gtatethFake = createFakeGTateth({ conversations: 3, seed: 1 });
export const heymarketFake = createFakeHeymarket({ conversations: 3, seed: 1 });
export const tetherFake = createFakeTether({ conversations: 3, seed: 1 });
export const records = gtatethFake.conversations;
export const record = [...tetherFake.conversations.values()][0];
export const wire = { ...gtatethFake.toWire([...gtatethFake.conversations.values()][0]!) };
export const wireInbox = { ...heymarketFake.inboxToWire(heymarketFake.inboxes[0]!) };
export const requests = tetherFake.requests();
export const faulty = tetherFake.inject({ status: 503 });
export const clock = createVirtualClock();
export const random = new Random(1);
export const ids = new ObjectIds(random);
export const window = FixedWindow;
export const response = json(200, {});
export const handlers = toMswHandlers(heymarketFake, 'https://api.heymarket.com');
export const served = serveFake(tetherFake);
`;

const compilerOptions = {
  strict: true,
  target: 'ES2022',
  lib: ['ES2023', 'DOM'],
  types: ['node'],
  declaration: true,
  emitDeclarationOnly: true,
};

/**
 * A downstream project in a temporary directory: the built package in its node_modules as npm installs
 * it (package.json and the declaration files), next to the packages the declarations import (zod; msw,
 * the optional peer the test kit's msw entry needs; @types/node for testing/node), linked to this
 * checkout's.
 */
function downstream(build: Build): string {
  const dir = join(work, 'downstream');
  const sdk = join(dir, 'node_modules/conversations-sdk');
  mkdirSync(join(sdk, 'dist'), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(sdk, 'package.json'));
  for (const file of readdirSync(build.dir)) {
    if (/\.d\.c?ts$/.test(file)) copyFileSync(join(build.dir, file), join(sdk, 'dist', file));
  }
  mkdirSync(join(dir, 'node_modules/@types'));
  for (const name of ['zod', 'msw', '@types/node']) {
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'downstream', private: true, type: 'module' }));
  writeFileSync(join(dir, 'esm.ts'), consumer);
  writeFileSync(join(dir, 'cjs.cts'), consumer);
  writeFileSync(join(dir, 'bundler.ts'), consumer);
  const project = (name: string, options: object, files: string[]) =>
    writeFileSync(
      join(dir, name),
      JSON.stringify({ compilerOptions: { ...compilerOptions, ...options, outDir: `out-${name}` }, files }),
    );
  // Node20, not Node16: msw 3 is ESM only, and testing-msw.d.cts imports it, which TypeScript allows from
  // CommonJS only where `require` loads ES modules (Node 20.19/22.12 on; package.json asks Node 22).
  // The package's declarations are checked here (skipLibCheck off, about 7 s more); not again under Bundler.
  project('tsconfig.node.json', { module: 'Node20', moduleResolution: 'Node16', skipLibCheck: false }, [
    'esm.ts',
    'cjs.cts',
  ]);
  project('tsconfig.bundler.json', { module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true }, [
    'bundler.ts',
  ]);
  return dir;
}

interface Compile {
  code: number;
  /** tsc's diagnostics, one a line. */
  errors: string[];
  /** The declaration files of the package the program read, as `dist/<name>`. */
  read: string[];
}

/** `tsc -p <project>` in the downstream project. */
function compile(dir: string, project: string): Promise<Compile> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [tsc, '-p', project, '--pretty', 'false', '--listFiles'],
      { cwd: dir, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const lines = `${stdout}${stderr}`.split('\n').filter(Boolean);
        const sdk = `${join(dir, 'node_modules/conversations-sdk')}/`;
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          errors: lines.filter((line) => !isAbsolute(line)), // --listFiles prints each file read as an absolute path
          read: lines.filter((line) => line.startsWith(sdk)).map((line) => line.slice(sdk.length)),
        });
      },
    );
  });
}

let build: Build;
let dir = '';
// A cache miss builds the package (tens of seconds on a loaded machine); the CLI tests share the build.
beforeAll(() => {
  build = builtPackage();
  dir = downstream(build);
}, 120_000);

describe('the built declarations (npm run build)', () => {
  it('tsup warns of no declaration referencing a type no entry exports (the warning that precedes TS2742)', () => {
    const warnings = build.stderr.split('\n').filter((line) => /\bdts\b|TS\d{4}/.test(line));
    expect(warnings).toEqual([]);
  });

  describe.concurrent('a downstream project emitting declarations for values inferred from every entry', () => {
    it('compiles under Node16 resolution, as ESM (.d.ts) and as CommonJS (.d.cts)', async () => {
      const run = await compile(dir, 'tsconfig.node.json');
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      // Both conditions were resolved, each to its own files.
      expect(run.read).toContain('dist/index.d.ts');
      expect(run.read).toContain('dist/testing-node.d.cts');
    }, 60_000);

    it('compiles under Bundler resolution', async () => {
      const run = await compile(dir, 'tsconfig.bundler.json');
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.read).toContain('dist/testing-msw.d.ts');
    }, 60_000);
  });
});
