import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

type Sdk = typeof import('../../src/index.js');

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** Checks, both ways, that errors made by one copy of the package are `instanceof` the other's classes. */
function crossCheck(esm: Sdk, cjs: Sdk) {
  expect(esm.NotFoundError).not.toBe(cjs.NotFoundError); // two copies of every class
  const init = { status: 404, code: 'NOT_FOUND', message: 'gone', requestId: null };
  for (const [made, other] of [
    [esm, cjs],
    [cjs, esm],
  ] as const) {
    const error = new made.NotFoundError(init);
    expect(error).toBeInstanceOf(other.NotFoundError);
    expect(error).toBeInstanceOf(other.ApiError);
    expect(error).toBeInstanceOf(other.ConversationsError);
    expect(error).not.toBeInstanceOf(other.ServerError);
    expect(error).not.toBeInstanceOf(other.ConfigurationError);
    const abort = new made.AbortError('stop');
    expect(abort).toBeInstanceOf(other.AbortError);
    expect(abort).not.toBeInstanceOf(other.ApiError);
    expect(new made.UnprocessableEntityError({ ...init, status: 422 })).toBeInstanceOf(other.BadRequestError);
    expect(new Error('plain')).not.toBeInstanceOf(other.ConversationsError);
    expect(null).not.toBeInstanceOf(other.ConversationsError);
  }
  // A user's own subclass keeps the ordinary check, and still matches the package's classes.
  class Mine extends esm.ApiError {}
  expect(new Mine(init)).toBeInstanceOf(cjs.ApiError);
  expect(new esm.ApiError(init)).not.toBeInstanceOf(Mine);
}

describe('instanceof across the ESM and the CJS build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conversations-sdk-builds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds between two builds of the sources loaded in one process', async () => {
    for (const format of ['esm', 'cjs'] as const) {
      await build({
        entryPoints: [join(root, 'src/index.ts')],
        bundle: true,
        platform: 'neutral',
        format,
        outfile: join(dir, format === 'esm' ? 'index.mjs' : 'index.cjs'),
        logLevel: 'silent',
      });
    }
    const esm: Sdk = await import(pathToFileURL(join(dir, 'index.mjs')).href);
    const cjs: Sdk = require(join(dir, 'index.cjs'));
    crossCheck(esm, cjs);
  });

  // `npm run build` output (`npm run check` builds before the tests run): the files the package ships.
  const dist = join(root, 'dist');
  const built = existsSync(join(dist, 'index.js')) && existsSync(join(dist, 'index.cjs'));
  const fresh = built && statSync(join(dist, 'index.js')).mtimeMs >= statSync(join(root, 'src/core/errors.ts')).mtimeMs;
  it.skipIf(!fresh)('holds between dist/index.js and dist/index.cjs', async () => {
    const esm: Sdk = await import(pathToFileURL(join(dist, 'index.js')).href);
    const cjs: Sdk = require(join(dist, 'index.cjs'));
    crossCheck(esm, cjs);
  });
});
