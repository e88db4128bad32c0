// Bulk reassignment under Heymarket's limit (500 requests per minute, fixed windows, header-less 429s):
// how close the client runs to the allowed rate, how many requests meet a 429, and whether every
// conversation moved exactly once. Runs on virtual time, so a many-minute job takes a second or two.
import { ConversationsClient } from 'conversations-sdk';
import { heymarket } from 'conversations-sdk/heymarket';
import { createFakeHeymarket, createVirtualClock } from 'conversations-sdk/testing';

const clock = createVirtualClock();
const fake = createFakeHeymarket({ conversations: 8000, inboxes: 1, users: 3, seed: 5, clock });
const client = new ConversationsClient({
  provider: heymarket({ apiKey: fake.apiKey, userId: fake.userId }),
  fetch: fake.fetch,
  clock,
});
// From another member of the inbox to the acting user.
const from = String(fake.inboxes[0]?.members.find((id) => id !== fake.userId));
const to = String(fake.userId);
const start = clock.now();

// Collect, then write, several at a time: the pace, not the caller, sets the rate.
const targets = await client.conversations.list({ status: 'open', assigneeId: from }).toArray();
const queue = [...targets];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await client.conversations.assign(c, to);
  }),
);

const elapsed = clock.now() - start;
const log = fake.requests();
const limited = log.filter((r) => r.status === 429).length;
// Under fixed windows of 500 per minute, N requests cannot finish sooner than (⌈N / 500⌉ − 1) minutes.
const fastest = (Math.ceil(log.length / 500) - 1) * 60_000;
const moved = [...fake.conversations.values()].filter((c) => targets.some((t) => t.id === String(c.id)));
const reassigns = fake.requests('POST /v1/conversations/reassign').filter((r) => r.status === 200).length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`bulk reassignment of ${targets.length} conversations, Heymarket limit 500 requests per minute`);
console.log(`requests      ${log.length} in ${(elapsed / 60_000).toFixed(2)} virtual minutes`);
console.log(
  `rate          ${pct(fastest / Math.max(elapsed, 1))} of the allowed rate (the fastest possible: ${(fastest / 60_000).toFixed(2)} min; target ≥ 95%)`,
);
console.log(`answered 429  ${limited} (${pct(limited / log.length)}; target < 1%)`);
console.log(
  `moved         ${moved.filter((c) => String(c.assigned) === to).length} of ${targets.length}; reassign calls that took effect: ${reassigns}`,
);
