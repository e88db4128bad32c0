import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when it can. Without it the
 * browser suites are reported as skipped (`describe.skipIf(!CHROMIUM)`, titled by {@link inChromium}),
 * never silently passed.
 */
export const CHROMIUM: string | undefined = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);

/** A browser suite's title, saying why it is skipped when it is. */
export const inChromium = (title: string): string =>
  CHROMIUM ? title : `${title} (skipped: no chromium at /usr/bin/chromium)`;

/** Headless Chromium, quiet: no GPU, no sandbox (containers), no background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM as string,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One ES module for a page: `entry` and what it imports, bundled for `platform: 'browser'`, where any
 * Node built-in reachable from it is a build error.
 */
export async function bundleForBrowser(entry: URL): Promise<string> {
  const bundle = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
}

/**
 * Serves a page that runs `script` as a module, on a loopback port: loopback HTTP is a secure context,
 * where the page has WebCrypto's subtle API.
 */
export async function servePage(script: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script type="module" src="/app.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}
