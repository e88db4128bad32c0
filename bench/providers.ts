// What the benches share for each provider: how its fake is seeded, how an SDK client reaches it, and a
// hand-written walk (`raw`) that sends exactly the requests the SDK's walk sends (same URLs, bodies,
// headers and credentials, same page size, same number in flight) and JSON.parses the same bodies, with
// nothing else: no mapping, no retries, no rate gate, and no validation unless asked for (then each body
// is parsed with the provider's wire schema, the SDK's check and nothing more).
import { ConversationsClient } from 'conversations-sdk';
import { gtateth, gtatethWire } from 'conversations-sdk/gtateth';
import { heymarket, heymarketWire } from 'conversations-sdk/heymarket';
import { createFakeGTateth, createFakeHeymarket, createFakeTether, type FakeServer } from 'conversations-sdk/testing';
import { tether, tetherWire } from 'conversations-sdk/tether';
import * as z from 'zod/mini';

export type Name = 'gtateth' | 'heymarket' | 'tether';
export const NAMES: readonly Name[] = ['gtateth', 'heymarket', 'tether'];

type Fetch = typeof globalThis.fetch;

/** Where a fake is and the credentials its client needs: plain data, so it crosses a worker boundary. */
export interface Target {
  name: Name;
  url: string;
  creds: Record<string, string | number>;
}

/**
 * The SDK's concurrency, as src/ has it (read there, not configurable from outside):
 * - G-Tateth: an offset walk. Past the first page, page p and p+1 … p+lookAhead are in flight together
 *   (src/core/walk.ts `#fetchAhead`); the client's `lookAhead` defaults to 3 (src/client.ts), so 4.
 * - Heymarket: a date-cursor walk, each page's bound comes from the page before: 1 (src/core/walk.ts
 *   `SequentialWalk`), after the one inbox lookup of a list without `inboxId`.
 * - Tether: no global list; the walk reads a contacts page (1 request), then lists 5 contacts at a time
 *   (CONTACTS_PER_PAGE), each on every channel, with 8 of those requests in flight (FAN_OUT), waiting
 *   for a batch of 5 contacts to finish before the next (src/providers/tether/conversations.ts).
 */
export const LOOK_AHEAD = 3;
export const TETHER_CONTACTS_PER_PAGE = 5;
export const TETHER_FAN_OUT = 8;
export const TETHER_CHANNELS: readonly string[] = tetherWire.CHANNEL_TYPES;

/** The requests in flight at once, as a number, for the floor. */
export const CONCURRENCY: Record<Name, number> = { gtateth: 1 + LOOK_AHEAD, heymarket: 1, tether: TETHER_FAN_OUT };

/**
 * The page size the SDK's walk uses when `list()` is given no `limit`: read from the provider's own
 * paginator (its `start({})`), so a change of the default in src/ is followed here. For Tether it is
 * the contacts page size (a walk page is 5 contacts' conversations whatever it is).
 */
export function defaultLimit(name: Name): number {
  const provider =
    name === 'gtateth'
      ? gtateth({ apiKey: 'sk_test_x' })
      : name === 'heymarket'
        ? heymarket({ apiKey: 'x', userId: 1 })
        : tether({ baseUrl: 'https://x.test', token: 'x' });
  const list = provider.operations['conversations.list'] as {
    start(params: object): { limit?: number; size?: number };
  };
  const state = list.start({});
  const limit = state.limit ?? state.size;
  if (typeof limit !== 'number') throw new Error(`${name}: no default page size in ${JSON.stringify(state)}`);
  return limit;
}

/** A fake of `size` conversations (Tether: `size` contacts with 5 conversations each), never rate limited. */
export function createFake(name: Name, size: number, seed = 1): FakeServer {
  const rateLimit = { limit: 1e9, windowSeconds: 3600 };
  if (name === 'gtateth') return createFakeGTateth({ conversations: size, seed, rateLimit });
  if (name === 'heymarket') return createFakeHeymarket({ conversations: size, seed, rateLimit });
  return createFakeTether({ contacts: size, conversations: 5 * size, seed });
}

export function credsOf(name: Name, fake: FakeServer): Target['creds'] {
  const f = fake as FakeServer & Record<string, string | number>;
  if (name === 'gtateth') return { apiKey: f.apiKey as string };
  if (name === 'heymarket')
    return { secretId: f.secretId as string, secretKey: f.secretKey as string, userId: f.userId as number };
  return { email: f.email as string, password: f.password as string };
}

/**
 * A client as a user would make one: JWTs for Heymarket, email and password for Tether, every other
 * option at its default (Heymarket's pace of 500 requests a minute included: a walk here sends far fewer).
 * Extra options (a `pace: null` for long walks) go in `options`.
 */
export function sdkClient(t: Target, fetch?: Fetch, options: { pace?: null } = {}): ConversationsClient {
  const c = t.creds;
  const provider =
    t.name === 'gtateth'
      ? gtateth({ apiKey: c.apiKey as string, baseUrl: t.url })
      : t.name === 'heymarket'
        ? heymarket({
            secretId: c.secretId as string,
            secretKey: c.secretKey as string,
            userId: c.userId as number,
            baseUrl: t.url,
          })
        : tether({ email: c.email as string, password: c.password as string, baseUrl: t.url });
  return new ConversationsClient({ provider, ...(fetch ? { fetch } : {}), ...options });
}

/**
 * The SDK's walk of every conversation, with a new client (as each raw walk starts from nothing too).
 * Without `limit`, `list()` is called without one: the SDK's default page size.
 */
export async function sdkWalk(t: Target, fetch?: Fetch, limit?: number): Promise<number> {
  let count = 0;
  for await (const _ of sdkClient(t, fetch).conversations.list(limit === undefined ? {} : { limit })) count++;
  return count;
}

/** What a raw walk did: the items it counted, the requests it sent, and how many of those went alone. */
export interface RawResult {
  items: number;
  requests: number;
  /** Requests nothing else was in flight with (page 1, the inbox lookup, a login, a contacts page). */
  serial: number;
}

/**
 * The fewest round trips the walk needs at the SDK's concurrency: those in series, plus the rest
 * divided by the number in flight (Tether's batches of 20 at 8 in flight make it 3 per batch, not 2.5).
 */
export const floorRoundTrips = (name: Name, r: RawResult): number =>
  r.serial + (r.requests - r.serial) / CONCURRENCY[name];

/**
 * The raw walk of `t.name`, over `fetch`, with the SDK's default page size. With `validate`, every body
 * is also parsed with the provider's own wire schema for it (what the SDK checks a response against),
 * and nothing else is added: the walk of the cheapest client that validates as the SDK must.
 */
export function rawWalk(
  t: Target,
  fetch: Fetch = globalThis.fetch,
  limit = defaultLimit(t.name),
  validate = false,
): Promise<RawResult> {
  const json: Json = { fetch, validate };
  if (t.name === 'gtateth') return rawGTateth(t, json, limit);
  if (t.name === 'heymarket') return rawHeymarket(t, json, limit);
  return rawTether(t, json, limit);
}

/** How a raw walk reads a body: the `fetch` it sends with, and whether it parses the body's schema. */
interface Json {
  fetch: Fetch;
  validate: boolean;
}

const JSON_HEADERS = { accept: 'application/json' };
const JSON_BODY_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

async function read(json: Json, res: Response, what: string, schema: z.ZodMiniType): Promise<unknown> {
  if (!res.ok) throw new Error(`${what}: ${res.status}`);
  const data: unknown = JSON.parse(await res.text());
  return json.validate ? z.parse(schema, data) : data;
}

async function getJson(json: Json, url: string, headers: Record<string, string>, schema: z.ZodMiniType) {
  return read(json, await json.fetch(url, { headers }), `GET ${url}`, schema);
}

async function postJson(
  json: Json,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  schema: z.ZodMiniType,
) {
  return read(
    json,
    await json.fetch(url, { method: 'POST', headers, body: JSON.stringify(body) }),
    `POST ${url}`,
    schema,
  );
}

/** G-Tateth: page 1 alone, then page p with p+1 … p+3 in flight, as the SDK's offset walk does. */
async function rawGTateth(t: Target, json: Json, limit: number): Promise<RawResult> {
  const headers = { ...JSON_HEADERS, authorization: `Bearer ${t.creds.apiKey}` };
  type Body = { data: unknown[]; pagination: { totalPages: number } };
  let requests = 0;
  const get = (page: number) => {
    requests++;
    const url = `${t.url}/api/v1/conversations?page=${page}&limit=${limit}`;
    return getJson(json, url, headers, gtatethWire.listResponse) as Promise<Body>;
  };
  const first = await get(1);
  let items = first.data.length;
  let last = first.pagination.totalPages;
  if (first.data.length === 0 || 1 >= last) return { items, requests, serial: 1 };
  const ahead = new Map<number, Promise<Body>>();
  for (let page = 2; ; page++) {
    const pending = ahead.get(page) ?? get(page);
    ahead.delete(page);
    for (let p = page + 1; p <= Math.min(last, page + LOOK_AHEAD); p++) {
      if (ahead.has(p)) continue;
      const next = get(p);
      next.catch(() => undefined);
      ahead.set(p, next);
    }
    const body = await pending;
    last = body.pagination.totalPages;
    items += body.data.length;
    if (body.data.length === 0 || page >= last) return { items, requests, serial: 1 };
  }
}

const utf8 = new TextEncoder();
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An HS256 JWT `{iss, iat}` signed with `<secretId>||<secretKey>`, as Heymarket wants and the SDK makes. */
async function heymarketJwt(secretId: string, secretKey: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    utf8.encode(`${secretId}||${secretKey}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const header = base64url(utf8.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64url(utf8.encode(JSON.stringify({ iss: secretId, iat: Math.floor(Date.now() / 1000) })));
  const signature = await crypto.subtle.sign('HMAC', key, utf8.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Heymarket: the acting user's inboxes (`GET /v1/inboxes`), then one page at a time down `updated`, each
 * bound 1 ms after the last row's time (the SDK's tie-safe bound), the rows of that instant already
 * counted dropped from the next page; a page of nothing new steps strictly before that instant; an
 * empty page ends the walk. One JWT per walk, as the SDK reuses
 * its token for two minutes.
 */
async function rawHeymarket(t: Target, json: Json, limit: number): Promise<RawResult> {
  const userId = t.creds.userId as number;
  const token = await heymarketJwt(t.creds.secretId as string, t.creds.secretKey as string);
  const auth = { authorization: `Bearer ${token}` };
  type Row = { id: number; updated: string };
  const all = (await getJson(
    json,
    `${t.url}/v1/inboxes`,
    { ...JSON_HEADERS, ...auth },
    heymarketWire.inboxList,
  )) as Array<{
    id: number;
    members?: number[];
  }>;
  const inboxes = all.filter((inbox) => inbox.members?.includes(userId)).map((inbox) => inbox.id);
  let requests = 1;
  let items = 0;
  let date: string | null = null;
  let seen = new Set<number>();
  const headers = { ...JSON_BODY_HEADERS, ...auth };
  for (;;) {
    const body = { id: userId, filters: { inboxes }, ...(date === null ? {} : { date }), limit };
    requests++;
    const rows = (await postJson(
      json,
      `${t.url}/v1/conversations`,
      headers,
      body,
      heymarketWire.conversationList,
    )) as Row[];
    if (rows.length === 0) return { items, requests, serial: requests };
    const fresh = rows.filter((row) => !seen.has(row.id));
    const lastTime = (rows[rows.length - 1] as Row).updated;
    if (fresh.length === 0) {
      // Only the instant already counted (the end of the data comes back once more): step strictly
      // before it, as the SDK does. A full page of one instant (a tie overflow) is not in these fakes.
      if (rows.length >= limit) throw new Error('heymarket raw walk: a whole page of one instant');
      seen = new Set();
      date = lastTime;
      continue;
    }
    items += fresh.length;
    seen = new Set(rows.filter((row) => row.updated === lastTime).map((row) => row.id));
    date = new Date(Date.parse(lastTime) + 1).toISOString();
  }
}

/** Calls `fn` on every item with at most `limit` in flight, results in order: the SDK's `mapBounded`. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Tether: one login, then contacts pages (`ownerFilter=all`), and for every 5 contacts their
 * conversations on every channel, 8 requests in flight, a batch done before the next starts.
 */
async function rawTether(t: Target, json: Json, size: number): Promise<RawResult> {
  const credentials = { email: t.creds.email, password: t.creds.password };
  const login = (await postJson(
    json,
    `${t.url}/api/auth/login`,
    JSON_BODY_HEADERS,
    credentials,
    tetherWire.loginResponse,
  )) as {
    token: string;
  };
  const auth = { authorization: `Bearer ${login.token}` };
  const listHeaders = { ...JSON_BODY_HEADERS, ...auth };
  let requests = 1;
  let items = 0;
  for (let page = 1; ; page++) {
    const url = `${t.url}/api/contacts?page=${page}&size=${size}&ownerFilter=all`;
    const contacts = (await getJson(json, url, { ...JSON_HEADERS, ...auth }, tetherWire.contactPage)) as {
      data: Array<{ _id: string }>;
      total: number;
    };
    requests++;
    const ids = contacts.data.map((c) => c._id);
    for (let i = 0; i < ids.length; i += TETHER_CONTACTS_PER_PAGE) {
      const batch = ids.slice(i, i + TETHER_CONTACTS_PER_PAGE);
      const queries = batch.flatMap((contactId) => TETHER_CHANNELS.map((channelType) => ({ contactId, channelType })));
      const lists = await mapBounded(queries, TETHER_FAN_OUT, (body) => {
        requests++;
        return postJson(
          json,
          `${t.url}/api/conversation/all`,
          listHeaders,
          body,
          tetherWire.conversationList,
        ) as Promise<{
          conversations: unknown[];
        }>;
      });
      for (const list of lists) items += list.conversations.length;
    }
    if (ids.length === 0 || page * size >= contacts.total) return { items, requests, serial: 1 + page };
  }
}

/** One line of a table: the first cell left-aligned, the others right-aligned, to `widths`. */
export const row = (widths: readonly number[], cells: readonly string[]): string =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
