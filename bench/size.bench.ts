// Bundle sizes as size-limit measures them (.size-limit.json: the ESM build's initial load for a browser,
// ky and zod included, minified and gzipped), one line per provider, against their budgets. Needs a
// build; run with `npm run bench`, or `node bench/size.bench.ts` after one.
import { execFileSync } from 'node:child_process';

// With this process's node: the bin's `#!/usr/bin/env node` may find an older one on the PATH.
const bin = new URL('../node_modules/size-limit/bin.js', import.meta.url).pathname;
const results = JSON.parse(execFileSync(process.execPath, [bin, '--json'], { encoding: 'utf8' })) as Array<{
  name: string;
  size: number;
  sizeLimit?: number;
  passed: boolean;
}>;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
console.log('bundle: size-limit, initial load of ConversationsClient + one provider, minified and gzipped');
for (const r of results) {
  // "browser: ConversationsClient + G-Tateth (…)" → "ConversationsClient + G-Tateth"
  const name = r.name.replace(/^browser:\s*/, '').replace(/\s*\(.*$/, '');
  const budget = r.sizeLimit === undefined ? '' : `  budget ${kB(r.sizeLimit)}  ${r.passed ? 'ok' : 'over'}`;
  console.log(`${name.padEnd(34)} ${kB(r.size).padStart(9)}${budget}`);
}
