// Resume a walk from a saved cursor: run 1 walks part of a listing, saving each page's cursor to a file,
// and stops (as a job killed there would); run 2, a new client, resumes from the file alone. Together
// they see every conversation once, in order, as one walk without a stop would, although many
// conversations share one `updated` instant across page boundaries (as on the real API).
// Runs over HTTP against the bundled Heymarket fake on 127.0.0.1: `npm run example:resume`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationsClient } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';
import { createFakeHeymarket } from 'conversations-sdk/testing';
import { serveFake } from 'conversations-sdk/testing/node';

const fake = createFakeHeymarket({ conversations: 300, inboxes: 1, seed: 4, tieRate: 0.7 });
const server = await serveFake(fake);
const credentials = { secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId, baseUrl: server.url };
const dir = mkdtempSync(join(tmpdir(), 'resume-walk-'));
const file = join(dir, 'walk.json');
const seen: string[] = [];

try {
  // Run 1: three pages of open conversations (up to 20 a page), the cursor saved after each page is done with.
  const run1 = new ConversationsClient({ provider: heymarket(credentials) });
  let pages = 0;
  for await (const page of run1.conversations.list({ status: 'open', limit: 20 }).pages()) {
    seen.push(...page.items.map((c) => c.id)); // your work on the page goes here
    writeFileSync(file, JSON.stringify({ cursor: page.cursor, done: seen.length }));
    if (++pages === 3) break;
  }
  console.log(`Run 1: ${seen.length} conversations in ${pages} pages, then stopped; cursor saved to ${file}`);

  // Run 2: a new client, and only the file. The cursor is a JSON-safe string that carries the walk's
  // filters and page size, so it is passed alone.
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { cursor: string | null; done: number };
  const run2 = new ConversationsClient({ provider: heymarket(credentials) });
  let resumed = 0;
  if (saved.cursor) {
    for await (const c of run2.conversations.list({ cursor: saved.cursor })) {
      seen.push(c.id);
      resumed++;
    }
  }
  console.log(`Run 2: resumed after ${saved.done} from the saved cursor, ${resumed} more`);

  // The check: one walk without a stop, page by page, counting the page boundaries inside a tie group.
  const whole: string[] = [];
  let ties = 0;
  let last: Date | undefined;
  for await (const page of run2.conversations.list({ status: 'open', limit: 20 }).pages()) {
    if (last && page.items[0]?.updatedAt.getTime() === last.getTime()) ties++;
    last = page.items.at(-1)?.updatedAt;
    whole.push(...page.items.map((c) => c.id));
  }
  const same = seen.length === whole.length && seen.every((id, i) => id === whole[i]);
  console.log(`Together: ${seen.length} conversations, ${new Set(seen).size} distinct`);
  console.log(`One walk without a stop: ${whole.length} (${ties} of its page boundaries fall inside a tie group)`);
  console.log(`Nothing lost, nothing repeated, same order: ${same}`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
