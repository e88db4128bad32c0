import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `.ci/run` packs a clean checkout (no dist/) and checks the tarball lists the built files; this is the
// fast half: the scripts and the file list that make it so.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
  files: string[];
  exports: Record<string, unknown>;
};

describe('packaging', () => {
  it('`npm pack` builds dist/ first (prepack), so a pack from a clean clone ships it', () => {
    expect(pkg.scripts.prepack).toMatch(/^npm run build\b/);
    expect(pkg.scripts.build).toMatch(/^tsup\b/);
    expect(pkg.files).toContain('dist');
  });

  it('every export points into dist/', () => {
    const leaves = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Object.values(value as object).flatMap(leaves);
    const files = leaves(pkg.exports).filter((target) => target !== './package.json');
    expect(files.length).toBeGreaterThan(10);
    for (const target of files) expect(target).toMatch(/^\.\/dist\//);
  });
});
