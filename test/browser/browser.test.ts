import { describe, expect, it } from 'vitest';
import { bundleForBrowser, CHROMIUM, inChromium, launchChromium, servePage } from '../support/chromium.js';

describe.skipIf(!CHROMIUM)(inChromium('in a browser (headless Chromium)'), () => {
  it('runs every provider against its fake, signed JWTs included, with no Node built-in in the bundle', async () => {
    const server = await servePage(await bundleForBrowser(new URL('./scenario.ts', import.meta.url)));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
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
