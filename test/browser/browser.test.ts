import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

// Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when it can. Without it this
// suite is reported as skipped, never silently passed.
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

describe.skipIf(!CHROMIUM)('in a browser (headless Chromium)', () => {
  it('runs every provider against its fake, signed JWTs included, with no Node built-in in the bundle', async () => {
    // platform 'browser' makes any Node built-in reachable from these entry points a build error.
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./scenario.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    // Served over loopback HTTP: a secure context, where the page has WebCrypto's subtle API.
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
    const browser = await chromium.launch({
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
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => '__result' in globalThis);
      const outcome = await page.evaluate(() => (globalThis as unknown as { __result: Promise<unknown> }).__result);
      expect(errors).toEqual([]);
      expect(outcome).toMatchObject({ ok: true });
      const { result } = outcome as { result: Record<string, Record<string, unknown>> };
      expect(result.gtateth).toEqual({ walked: 120, stored: 120, closed: 'closed', notFound: true });
      expect(result.heymarket?.walked).toBe(result.heymarket?.visible);
      expect(result.heymarket?.distinct).toBe(result.heymarket?.visible);
      expect(result.heymarket?.sent).toBe(true);
      expect(result.tether?.walked).toBe(result.tether?.visible);
      expect(result.tether?.closed).toBe(true);
    } finally {
      await browser.close();
      server.close();
    }
  }, 60_000);
});
