import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layout DESIGN draws, checked on the sources: `spec/` (the contract) below `core/` (the engine),
// `bulk/` beside the engine, thin `resources/`, self-contained provider folders.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const sources = files(src).map((path) => ({ path: relative(src, path), text: readFileSync(path, 'utf8') }));

/** Every module a file imports (static, dynamic and type imports), as a path below `src/` or a package name. */
function importsOf(file: { path: string; text: string }): string[] {
  const specifiers = [...file.text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) =>
    s.startsWith('.') ? relative(src, resolve(join(src, dirname(file.path)), s)).replace(/\.js$/, '.ts') : s,
  );
}

const area = (path: string) => path.split('/')[0] as string;
const internal = (target: string) => !target.startsWith('..') && target.endsWith('.ts');

/** Where each area may import from, inside `src/`. */
const allowed: Record<string, (target: string, from: string) => boolean> = {
  model: (t) => area(t) === 'model',
  spec: (t) => ['model', 'spec'].includes(area(t)),
  core: (t) => ['model', 'spec', 'core'].includes(area(t)),
  bulk: (t) => ['model', 'spec', 'core', 'bulk'].includes(area(t)),
  resources: (t) => ['model', 'spec', 'core', 'bulk', 'resources'].includes(area(t)),
  // A provider folder uses the contract, the engine's helpers and the shared kit, never another provider.
  providers: (t, from) =>
    ['model', 'spec', 'core'].includes(area(t)) ||
    t.startsWith('providers/kit/') ||
    t.split('/')[1] === from.split('/')[1],
};

describe('layout', () => {
  it('no import runs up: spec below core, core and bulk name no provider, providers name no other', () => {
    const wrong: string[] = [];
    for (const file of sources) {
      const rule = allowed[area(file.path)];
      if (!rule) continue;
      for (const target of importsOf(file).filter(internal)) {
        if (!rule(target, file.path)) wrong.push(`${file.path} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('Node built-ins only in the CLI and the node server adapter', () => {
    const wrong = sources
      .filter((f) => !f.path.startsWith('cli/') && f.path !== 'testing/node-server.ts')
      .filter((f) => importsOf(f).some((t) => t.startsWith('node:')))
      .map((f) => f.path);
    expect(wrong).toEqual([]);
  });

  it('comments state facts, not tags that point at documents outside the repository', () => {
    const tag = /\btrap \d+|§ ?\d|\(D\d+\)|\bD\d+\b|\[[GHT]\d+\]/;
    const wrong = sources.flatMap((f) =>
      f.text
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => tag.test(line))
        .map(({ line, i }) => `${f.path}:${i + 1}: ${line.trim()}`),
    );
    expect(wrong).toEqual([]);
  });

  it('a double cast stands only where a comment right above says why the types cannot express it', () => {
    const wrong = sources.flatMap((f) => {
      const lines = f.text.split('\n');
      return lines.flatMap((line, i) => {
        if (!line.includes('as unknown as')) return [];
        const above = lines.slice(Math.max(0, i - 3), i).join(' ');
        return /\/\/|\*/.test(above) ? [] : [`${f.path}:${i + 1}`];
      });
    });
    expect(wrong).toEqual([]);
  });
});
