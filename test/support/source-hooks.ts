// Loaded with `node --experimental-transform-types --import <this file>` (see ./examples.ts): resolves the
// package's own names (`conversations-sdk`, `conversations-sdk/gtateth`, …) to its TypeScript sources, by
// the `paths` of tsconfig.json (the same map the editor and esbuild use), and a `.js` import inside
// `src/` to the `.ts` file beside it. So an example runs as written, on the sources, without a build.
// Node's compile cache (keyed by each file's content) spares the processes after the first most of the
// TypeScript transform.
import { existsSync, readFileSync } from 'node:fs';
import { enableCompileCache, registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
enableCompileCache(fileURLToPath(new URL('node_modules/.cache/conversations-sdk-sources/', root)));
const src = new URL('src/', root).href;
const { compilerOptions } = JSON.parse(readFileSync(new URL('tsconfig.json', root), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const packageNames = new Map(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, new URL(target as string, root).href]),
);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const mapped = packageNames.get(specifier);
    if (mapped) return { url: mapped, shortCircuit: true };
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith(src)) {
      const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});
