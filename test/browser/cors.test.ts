import { describe, expect, it } from 'vitest';
import { createFakeGTateth, createFakeHeymarket, createFakeTether } from '../../src/testing/index.js';
import { serveFake } from '../../src/testing/node-server.js';
import { bundleForBrowser, CHROMIUM, inChromium, launchChromium, servePage } from '../support/chromium.js';

const suite = inChromium('a browser app on another loopback port, on fakes served with cors: true');

describe.skipIf(!CHROMIUM)(suite, () => {
  it('reaches every provider across origins: preflights, credentials, error bodies and rate-limit headers', async () => {
    const app = await servePage(await bundleForBrowser(new URL('./cors-app.ts', import.meta.url)));
    const g = createFakeGTateth({ conversations: 12, seed: 1 });
    const h = createFakeHeymarket({ conversations: 20, seed: 2 });
    const t = createFakeTether({ contacts: 3, conversations: 6, seed: 3 });
    const served = await Promise.all([g, h, t].map((fake) => serveFake(fake, { cors: true })));
    const [gs, hs, ts] = served as [(typeof served)[0], (typeof served)[0], (typeof served)[0]];
    // The app's first G-Tateth list is refused with a 429 (its wait is read from the body and headers).
    g.inject({ status: 429, route: 'GET /api/v1/conversations', times: 1 });
    const setup = {
      gtateth: { url: gs.url, apiKey: g.apiKey, missing: 'ffffffffffffffffffffffff' },
      heymarket: { url: hs.url, secretId: h.secretId, secretKey: h.secretKey, userId: h.userId },
      tether: { url: ts.url, email: t.email, password: t.password },
    };
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${app.url}#${encodeURIComponent(JSON.stringify(setup))}`);
      await page.waitForFunction(() => '__result' in globalThis);
      const outcome = await page.evaluate(() => (globalThis as unknown as { __result: Promise<unknown> }).__result);
      expect(errors).toEqual([]);
      expect(outcome).toEqual({
        ok: true,
        result: {
          gtateth: 5,
          notFound: 5000,
          heymarket: h.visibleTo().length,
          tether: t.visibleTo().length,
          rateLimited: expect.any(Number),
        },
      });
      // The preflights never reached the fakes; every request they logged is the client's own.
      expect(g.requests().every((r) => r.method !== 'OPTIONS')).toBe(true);
    } finally {
      await browser.close();
      app.close();
      await Promise.all(served.map((s) => s.close()));
    }
  }, 60_000);
});
