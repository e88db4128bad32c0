// Runs inside the browser page: a client whose baseUrl is a fake served by `serveFake(fake, { cors: true })`
// on another loopback port, so every request is cross-origin and goes through the browser's CORS checks.
import { ConversationsClient, NotFoundError, RateLimitError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';

/** What the test passes in the page's hash: each fake's URL and credentials. */
interface Setup {
  gtateth: { url: string; apiKey: string; missing: string };
  heymarket: { url: string; secretId: string; secretKey: string; userId: number };
  tether: { url: string; email: string; password: string };
}

async function run(s: Setup) {
  const client = () =>
    new ConversationsClient({
      provider: gtateth({ apiKey: s.gtateth.apiKey, baseUrl: s.gtateth.url, authHeader: 'x-api-key' }),
      maxRetries: 0,
      maxRetryAfter: 0,
    });
  // The test injected one 429 on the list route; its wait is over maxRetryAfter, so it fails at once. That
  // client's gate then waits for the window to reset, so the rest goes through another one.
  const limited = await client()
    .conversations.list()
    .catch((e: unknown) => e);
  const g = client();
  const first = await g.conversations.list({ limit: 5 });
  const missing = await g.conversations.get(s.gtateth.missing).catch((e: unknown) => e);
  const h = new ConversationsClient({
    provider: heymarket({ ...s.heymarket, baseUrl: s.heymarket.url }),
    maxRetries: 0,
  });
  const hAll = await h.conversations.list().toArray();
  const tc = new ConversationsClient({
    provider: tether({ baseUrl: s.tether.url, email: s.tether.email, password: s.tether.password }),
    maxRetries: 0,
  });
  const tAll = await tc.conversations.list().toArray();
  return {
    gtateth: first.items.length,
    // The rate-limit headers were readable across origins: the client learned the limit from them.
    notFound: missing instanceof NotFoundError && (missing as NotFoundError).rateLimit?.limit,
    heymarket: hAll.length,
    tether: tAll.length,
    rateLimited: limited instanceof RateLimitError && (limited as RateLimitError).retryAfterMs,
  };
}

(globalThis as { __result?: Promise<unknown> }).__result = run(
  JSON.parse(decodeURIComponent(location.hash.slice(1))) as Setup,
).then(
  (result) => ({ ok: true, result }),
  (error: unknown) => ({ ok: false, error: String(error), name: (error as Error)?.name }),
);
