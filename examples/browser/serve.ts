// The browser example: starts `conversations-sdk fake heymarket` (the Heymarket fake, served with CORS
// on a port of its own), bundles ./app.ts against the built package, and serves it with ./index.html on
// another port, so every call the page makes is cross-origin, as from a real web app to the real API.
// Run it with `npm run example:browser` (it builds the package first), open the URL it prints; Ctrl-C
// stops both servers. test/browser/example.test.ts opens it in headless Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface BrowserExampleOptions {
  /** The command line that runs `conversations-sdk`. Default: this Node on the package's `bin`. */
  cli?: readonly string[];
  /** Bundle the page against the package's TypeScript sources (by tsconfig.json's `paths`), not its build. */
  sources?: boolean;
  /** The page's port. Default: a free one (the fake always gets a free one). */
  port?: number;
  /** The fake's `--seed` and `--conversations`. */
  seed?: number;
  conversations?: number;
}

/** What the page gets from `/config.json`: the variables `conversations-sdk fake heymarket` printed. */
export interface FakeConfig {
  baseUrl: string;
  secretId: string;
  secretKey: string;
  userId: string;
}

export interface BrowserExample {
  /** The page. */
  url: string;
  fake: FakeConfig;
  close(): Promise<void>;
}

/** `node <the package's bin>`, found the way Node resolves the package. */
function packageCli(): string[] {
  const manifest = new URL(import.meta.resolve('conversations-sdk/package.json'));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return [process.execPath, fileURLToPath(new URL(bin['conversations-sdk'] as string, manifest))];
}

/** Runs `conversations-sdk fake heymarket …` until its export lines are out, and reads them. */
function startFake(cli: readonly string[], args: string[]): Promise<{ child: ChildProcess; config: FakeConfig }> {
  const [command, ...rest] = cli as [string, ...string[]];
  const child = spawn(command, [...rest, 'fake', 'heymarket', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const vars = Object.fromEntries(
        [...out.matchAll(/^export (\w+)=(.*)$/gm)].map(([, k, v]) => [k, (v as string).replace(/^'(.*)'$/, '$1')]),
      );
      if (vars.HEYMARKET_USER_ID === undefined) return;
      const config = {
        baseUrl: vars.HEYMARKET_BASE_URL,
        secretId: vars.HEYMARKET_SECRET_ID,
        secretKey: vars.HEYMARKET_SECRET_KEY,
        userId: vars.HEYMARKET_USER_ID,
      };
      resolve({ child, config: config as FakeConfig });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`conversations-sdk fake exited (${code}): ${err.trim()}`)));
  });
}

/** Starts the fake and the page's server; `close()` stops both. */
export async function startBrowserExample(options: BrowserExampleOptions = {}): Promise<BrowserExample> {
  const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  const bundle = await build({
    entryPoints: [here('./app.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // By default `conversations-sdk` resolves as in any app: to the package's build (its `exports`).
    ...(options.sources ? { tsconfig: here('../../tsconfig.json') } : { tsconfigRaw: {} }),
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = readFileSync(here('./index.html'), 'utf8');

  const args = ['--seed', String(options.seed ?? 1), '--conversations', String(options.conversations ?? 40)];
  const { child, config } = await startFake(options.cli ?? packageCli(), args);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (path === '/config.json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    else if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(404).end();
  });
  const stopFake = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };
  // Another port is another origin. Loopback HTTP is a secure context: the page has WebCrypto's subtle API.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
  } catch (error) {
    await stopFake();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    fake: config,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopFake();
    },
  };
}

if (import.meta.main) {
  const example = await startBrowserExample();
  console.log(`The page: ${example.url}`);
  console.log(`It calls the Heymarket fake of \`conversations-sdk fake heymarket\` on ${example.fake.baseUrl}.`);
  console.log('Ctrl-C stops both.');
  const stop = () => void example.close().then(() => console.log('Stopped.'));
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
