import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One entry per public module; `testing/node` and `cli` (the `conversations-sdk` command, the package's
// `bin`) are the only ones that may import Node built-ins. esbuild keeps the cli entry's hashbang and
// tsup marks the file executable.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    gtateth: 'src/providers/gtateth/index.ts',
    heymarket: 'src/providers/heymarket/index.ts',
    tether: 'src/providers/tether/index.ts',
    testing: 'src/testing/index.ts',
    'testing-msw': 'src/testing/msw.ts',
    'testing-node': 'src/testing/node-server.ts',
    cli: 'src/cli/main.ts',
  },
  // `conversations-sdk --version` prints it.
  define: { __CONVERSATIONS_SDK_VERSION__: JSON.stringify(version) },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['zod', 'msw', /^node:/],
  // Keep `node:http`: Deno and Bun resolve built-ins by that name.
  removeNodeProtocol: false,
});
