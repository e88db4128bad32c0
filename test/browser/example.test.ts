import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBrowserExample } from '../../examples/browser/serve.js';
import { ConversationsClient } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { CHROMIUM, inChromium, launchChromium } from '../support/chromium.js';
import { nodeOnSources, root } from '../support/examples.js';

/** Where the screenshot goes: outside the repository, overwritten by every run. */
const SCREENSHOT = join(tmpdir(), 'conversations-sdk-examples', 'browser.png');

describe.skipIf(!CHROMIUM)(inChromium('examples/browser in headless Chromium'), () => {
  it('lists the open conversations from `conversations-sdk fake` across origins, and reassigns one from its row', async () => {
    // As `npm run example:browser` runs it, but on the sources: the CLI, and the page's bundle.
    const example = await startBrowserExample({
      cli: [...nodeOnSources, join(root, 'src/cli/main.ts')],
      sources: true,
      seed: 5,
      conversations: 40,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 560 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(example.url);
      await page.waitForSelector('body[data-state="ready"], body[data-state="error"]');
      expect(await page.locator('#status').textContent()).toBe('10 conversations listed.');

      // The rows are the first page a Node client gets from the same fake, in order.
      const client = new ConversationsClient({ provider: heymarket(example.fake) });
      const [team, expected] = await Promise.all([
        client.users.list().toArray(),
        client.conversations.list({ status: 'open', limit: 10 }),
      ]);
      const name = (id: string | undefined) => (id ? team.find((u) => u.id === id)?.name : 'nobody');
      const rows = () =>
        page.$$eval('tbody tr', (trs) =>
          trs.map((tr) => ({
            id: (tr as HTMLElement).dataset.id,
            assignee: tr.querySelector('.assignee')?.textContent,
          })),
        );
      const before = await rows();
      expect(before).toHaveLength(10);
      expect(before).toEqual(expected.items.map((c) => ({ id: c.id, assignee: name(c.assignees[0]?.id) })));

      // Reassign the second row to the member its select offers first.
      const row = page.locator('tbody tr').nth(1);
      const id = before[1]!.id!;
      const to = await row.locator('select').inputValue();
      expect(to).not.toBe(expected.items[1]!.assignees[0]?.id ?? '');
      await row.locator('button').click();
      await page.waitForSelector(
        `tr[data-id="${id}"][data-state="reassigned"], tr[data-id="${id}"][data-state="failed"]`,
      );
      expect(await page.locator('#status').textContent()).toBe(`Reassigned #${id} to ${name(to)}.`);

      // Only that row changed, and the server holds what it shows.
      const after = await rows();
      expect(after).toEqual(before.map((r) => (r.id === id ? { id, assignee: name(to) } : r)));
      expect((await client.conversations.get(id)).assignees.map((a) => a.id)).toEqual([to]);
      expect(errors).toEqual([]);

      mkdirSync(join(tmpdir(), 'conversations-sdk-examples'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
      await example.close();
    }
  }, 60_000);
});
