import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name; tests run them against the sources, no build needed.
    alias: [
      { find: /^conversations-sdk$/, replacement: src('index.ts') },
      { find: /^conversations-sdk\/(gtateth|heymarket|tether)$/, replacement: src('providers/$1/index.ts') },
      { find: /^conversations-sdk\/testing$/, replacement: src('testing/index.ts') },
      { find: /^conversations-sdk\/testing\/msw$/, replacement: src('testing/msw.ts') },
      { find: /^conversations-sdk\/testing\/node$/, replacement: src('testing/node-server.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Type tests (*.test-d.ts) run in the same `npm test`: a call the provider lacks must not compile.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 10_000,
    // Test files share their worker's module cache instead of importing everything anew: about 15% off
    // the suite's wall time here. Tests keep no module-level state between files (fakes, clocks and
    // clients are made per test), so they stay independent.
    isolate: false,
  },
});
