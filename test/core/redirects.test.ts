import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeGTateth, createFakeHeymarket, createFakeTether, type FakeServer } from '../../src/testing/index.js';
import * as gtatethSupport from '../support/gtateth.js';
import * as heymarketSupport from '../support/heymarket.js';
import { rejection } from '../support/index.js';
import * as tetherSupport from '../support/tether.js';

const STATUSES = [301, 302, 303, 307, 308] as const;
const ELSEWHERE = 'https://collector.example';

/** What reached each origin: method, path, headers and body of every request. */
interface Seen {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A fake behind a fetch that answers the first request matching `route` with `status` and a `Location`
 * built from the request's URL by `to`, and records every request, wherever it goes. It follows
 * redirects as a runtime's `fetch` does under `redirect: 'follow'` (the default): a 303, or a 301 or 302
 * to a POST, as a GET without a body, and across origins without `Authorization` only; under `manual`
 * it returns them. Requests to the fake's origin under `/moved` are served as the path after it.
 */
function redirecting(fake: FakeServer, status: number, route: RegExp, to: (url: URL) => string) {
  const seen: Seen[] = [];
  let redirected = false;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = await request.clone().text();
    seen.push({
      origin: url.origin,
      method: request.method,
      path: url.pathname,
      headers: Object.fromEntries(request.headers),
      body,
    });
    if (!redirected && route.test(`${request.method} ${url.pathname}`)) {
      redirected = true;
      const target = new URL(to(url), url);
      if (request.redirect === 'manual') return new Response(null, { status, headers: { location: target.href } });
      const asGet = status === 303 || (status < 303 && request.method === 'POST');
      const headers = new Headers(request.headers);
      if (target.origin !== url.origin) headers.delete('authorization');
      if (asGet) headers.delete('content-type');
      const method = asGet ? 'GET' : request.method;
      return fetch(target, { method, headers, ...(asGet || method === 'GET' ? {} : { body }) });
    }
    if (url.pathname.startsWith('/moved/')) {
      const original = new URL(url.pathname.slice('/moved'.length) + url.search, url.origin);
      return fake.fetch(new Request(original, request));
    }
    if (url.origin === ELSEWHERE) return Response.json({ stolen: true });
    return fake.fetch(request);
  };
  return { fetch, seen };
}

/** A call, on a client built with the test's fetch, that makes the redirected request, and what it sends. */
interface Case {
  name: string;
  fake: FakeServer;
  run: (fetch: typeof globalThis.fetch) => Promise<unknown>;
  route: RegExp;
  /** Credentials it sends, in headers or in a login body. */
  secrets: string[];
}

function cases(): Case[] {
  const gt = createFakeGTateth({ conversations: 3, seed: 2 });
  const gtId = gt.sorted()[0]!._id;
  const hm = createFakeHeymarket({ conversations: 3, seed: 2 });
  const hmId = String(hm.sorted()[0]!.id);
  const th = createFakeTether({ conversations: 3, seed: 2 });
  const thId = [...th.conversations.keys()][0]!;
  const token = th.issueToken();
  return [
    ...(['bearer', 'x-api-key'] as const).map((authHeader) => ({
      name: `G-Tateth, key in ${authHeader === 'bearer' ? 'Authorization' : 'X-API-Key'}`,
      fake: gt,
      run: (fetch: typeof globalThis.fetch) =>
        gtatethSupport.clientFor(gt, { authHeader, fetch, maxRetries: 0 }).conversations.get(gtId),
      route: /^GET \/api\/v1\/conversations\//,
      secrets: [gt.apiKey],
    })),
    {
      name: 'Heymarket, API key',
      fake: hm,
      run: (fetch) => heymarketSupport.clientFor(hm, { auth: 'key', fetch, maxRetries: 0 }).conversations.get(hmId),
      route: /^GET \/v1\/conversations\//,
      secrets: [hm.apiKey],
    },
    {
      name: 'Heymarket, signed JWT',
      fake: hm,
      run: (fetch) => heymarketSupport.clientFor(hm, { fetch, maxRetries: 0 }).conversations.get(hmId),
      route: /^GET \/v1\/conversations\//,
      secrets: [],
    },
    {
      name: 'Tether, token',
      fake: th,
      run: (fetch) =>
        tetherSupport.clientFor(th, { auth: 'token', token, fetch, maxRetries: 0 }).conversations.get(thId),
      route: /^GET \/api\/conversation\//,
      secrets: [token],
    },
    {
      name: 'Tether, email and password in the login body',
      fake: th,
      run: (fetch) => tetherSupport.clientFor(th, { fetch, maxRetries: 0 }).conversations.get(thId),
      route: /^POST \/api\/auth\/login/,
      secrets: [th.email, th.password],
    },
  ];
}

describe('a redirect to another origin is refused: no credential follows it', () => {
  for (const c of cases()) {
    it.each(STATUSES)(`${c.name}: %i`, async (status) => {
      const { fetch, seen } = redirecting(c.fake, status, c.route, (url) => `${ELSEWHERE}${url.pathname}`);
      const error = await rejection(() => c.run(fetch));
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(status);
      expect(error.message).toContain(`a redirect to ${ELSEWHERE} is refused`);
      // Nothing went to the other origin: no request at all, so no header and no body of one.
      expect(seen.filter((r) => r.origin === ELSEWHERE)).toEqual([]);
      expect(seen).toHaveLength(1);
      for (const secret of c.secrets) expect(JSON.stringify(error)).not.toContain(secret);
    });
  }

  it('so is a redirect to the same host over another scheme, and a relative one to another host', async () => {
    for (const to of [(url: URL) => `http://${url.host}${url.pathname}`, () => '//collector.example/x']) {
      const fake = createFakeGTateth({ conversations: 1 });
      const { fetch, seen } = redirecting(fake, 302, /conversations/, to);
      const error = await rejection(() => gtatethSupport.clientFor(fake, { fetch }).conversations.list());
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(302);
      expect(seen).toHaveLength(1);
    }
  });

  it('a redirect the runtime hides (a browser under redirect: manual) is refused, with status 0', async () => {
    const fake = createFakeGTateth({ conversations: 1 });
    const fetch = async () => {
      const hidden = Response.error();
      Object.defineProperty(hidden, 'type', { value: 'opaqueredirect' });
      return hidden;
    };
    const error = await rejection(() => gtatethSupport.clientFor(fake, { fetch }).conversations.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.message).toContain('a redirect to a hidden location is refused');
  });
});

describe('a redirect within the API origin is followed', () => {
  it.each(STATUSES)('%i on a GET: the request goes on to the new path, with its credential', async (status) => {
    const fake = createFakeGTateth({ conversations: 3 });
    const { fetch, seen } = redirecting(
      fake,
      status,
      /^GET \/api\/v1\/conversations\//,
      (url) => `/moved${url.pathname}`,
    );
    const client = gtatethSupport.clientFor(fake, { fetch, authHeader: 'x-api-key' });
    const id = fake.sorted()[0]!._id;
    expect((await client.conversations.get(id)).id).toBe(id);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/conversations/${id}`,
      `GET /moved/api/v1/conversations/${id}`,
    ]);
    expect(seen[1]!.headers['x-api-key']).toBe(fake.apiKey);
  });

  it.each([
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
    [307, 'POST', 'body'],
    [308, 'POST', 'body'],
  ] as const)('%i on a POST goes on as a %s (%s kept)', async (status, method, kept) => {
    const fake = createFakeTether({ conversations: 3, seed: 2 });
    const { fetch, seen } = redirecting(fake, status, /^POST \/api\/auth\/login/, (url) => `/moved${url.pathname}`);
    const client = tetherSupport.clientFor(fake, { fetch, maxRetries: 0 });
    const outcome = await client.conversations.get([...fake.conversations.keys()][0]!).catch((e: unknown) => e);
    const [login, followed] = seen;
    expect(login).toMatchObject({ method: 'POST', path: '/api/auth/login' });
    expect(followed).toMatchObject({ method, path: '/moved/api/auth/login' });
    if (kept) {
      // The login body goes again, to the same origin only, and the login succeeds.
      expect(JSON.parse(followed!.body)).toEqual({ email: fake.email, password: fake.password });
      expect(outcome).toMatchObject({ provider: 'tether' });
    } else {
      expect(followed!.body).toBe('');
      expect(followed!.headers['content-type']).toBeUndefined();
      expect(outcome).toBeInstanceOf(ApiError); // the fake has no GET login
    }
  });

  it('up to five redirects in a row; a sixth is refused', async () => {
    const fake = createFakeGTateth({ conversations: 1 });
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      seen.push(url.pathname);
      const hops = Number(url.searchParams.get('hop') ?? 0);
      return new Response(null, { status: 302, headers: { location: `/api/v1/conversations?hop=${hops + 1}` } });
    };
    const error = await rejection(() => gtatethSupport.clientFor(fake, { fetch }).conversations.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(302);
    expect(seen).toHaveLength(6);
  });
});

describe('over real HTTP, with the runtime fetch', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  /** An API on one loopback port that redirects everything to another, which records what reaches it. */
  const apart = async (status: number) => {
    const reached: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const other = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        reached.push({ headers: req.headers, body });
        res.end('{}');
      });
    });
    const api = await listen((req, res) => {
      req.resume();
      res.writeHead(status, { location: `${other}/collect` }).end();
    });
    return { api, reached };
  };

  it.each(STATUSES)('%i: an X-API-Key never reaches the other port', async (status) => {
    const { api, reached } = await apart(status);
    const key = 'sk_live_REDIRECTSECRET42';
    const client = new ConversationsClient({
      provider: gtateth({ apiKey: key, baseUrl: api, authHeader: 'x-api-key' }),
    });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(reached).toEqual([]);
  });

  it.each(STATUSES)("%i: a login's email and password never reach the other port", async (status) => {
    const { api, reached } = await apart(status);
    const provider = tether({ baseUrl: api, email: 'ops@example.com', password: 'hunter2-REDIRECT' });
    const client = new ConversationsClient({ provider, maxRetries: 0 });
    const error = await rejection(() => client.conversations.get('65a0c1d2e3f4a5b6c7d8e9f0'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(reached).toEqual([]);
  });
});
