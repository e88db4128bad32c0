// Runs inside the browser page (bundled for `platform: 'browser'`): each provider against its fake,
// with the page's own URL, Request, Response, TextEncoder and WebCrypto, no Node anywhere.
import { ConversationsClient, NotFoundError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeGTateth, createFakeHeymarket, createFakeTether } from '../../src/testing/index.js';

async function gtatethTour() {
  const fake = createFakeGTateth({ conversations: 120, seed: 1 });
  const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch: fake.fetch });
  const all = await client.conversations.list({ limit: 25 }).toArray();
  const first = all[0];
  if (first) await client.conversations.close(first);
  const missing = await client.conversations.get('ffffffffffffffffffffffff').catch((e: unknown) => e);
  return {
    walked: all.length,
    stored: fake.conversations.size,
    closed: first ? fake.conversations.get(first.id)?.status : null,
    notFound: missing instanceof NotFoundError,
  };
}

async function heymarketTour() {
  const fake = createFakeHeymarket({ conversations: 150, seed: 2, tieRate: 0.5 });
  // Signed JWT auth: HS256 through the page's WebCrypto.
  const client = new ConversationsClient({
    provider: heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId: fake.userId }),
    fetch: fake.fetch,
  });
  const all = await client.conversations.list({ limit: 10 }).toArray();
  const sms = all.find((c) => c.channel === 'sms');
  const sent = sms ? await client.messages.send(sms, { text: 'from the browser' }) : null;
  return {
    walked: all.length,
    distinct: new Set(all.map((c) => c.id)).size,
    visible: fake.visibleTo().length,
    sent: sent ? fake.messages.some((m) => String(m.id) === sent.id && m.text === 'from the browser') : null,
  };
}

async function tetherTour() {
  const fake = createFakeTether({ seed: 3 });
  const client = new ConversationsClient({
    provider: tether({ baseUrl: 'https://acme.tether.test', email: fake.email, password: fake.password }),
    fetch: fake.fetch,
  });
  const all = await client.conversations.list().toArray();
  const first = all[0];
  if (first) {
    await client.conversations.close(first);
    await client.conversations.close(first);
  }
  return {
    walked: all.length,
    visible: fake.visibleTo().length,
    closed: first ? fake.conversations.get(first.id)?.isResolved : null,
  };
}

async function run() {
  return { gtateth: await gtatethTour(), heymarket: await heymarketTour(), tether: await tetherTour() };
}

(globalThis as { __result?: Promise<unknown> }).__result = run().then(
  (result) => ({ ok: true, result }),
  (error: unknown) => ({
    ok: false,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  }),
);
