import { defineConfig } from 'tsup';

// One entry per public module; `testing/node` is the only one that may import Node built-ins.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    gtateth: 'src/providers/gtateth/index.ts',
    heymarket: 'src/providers/heymarket/index.ts',
    tether: 'src/providers/tether/index.ts',
    testing: 'src/testing/index.ts',
    'testing-msw': 'src/testing/msw.ts',
    'testing-node': 'src/testing/node-server.ts',
  },
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
