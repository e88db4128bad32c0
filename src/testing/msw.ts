/**
 * Serves a fake through msw, for code that calls the global `fetch` itself. Needs the optional peer
 * dependency `msw`.
 *
 * @module conversations-sdk/testing/msw
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { ConfigurationError } from '../core/errors.js';
import { DroppedConnection, type FakeServer } from './fake-server.js';
import { FakeTether } from './tether/index.js';

/**
 * Where a fake is mounted below `baseUrl`: `prefix`, the part of its path that is not the API's own (a
 * gateway's), is stripped before the fake sees a request; requests below `below` are answered. The
 * Tether provider takes a `baseUrl` ending in `/api` as the instance's URL and sends every path with
 * `/api` itself, so for a Tether fake that `/api` is the API's: it stays, and bounds what is answered.
 */
function mountOf(fake: FakeServer, url: URL): { prefix: string; below: string } {
  const path = url.pathname.replace(/\/+$/, '');
  if (fake instanceof FakeTether && /\/api$/i.test(path)) {
    const prefix = path.slice(0, -'/api'.length);
    return { prefix, below: `${prefix}/api` };
  }
  return { prefix: path, below: path };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// `HttpHandler[]`, not `RequestHandler[]`: msw 3 does not export the type `RequestHandler` defaults its first
// type argument to, so a project emitting declarations for a value inferred from it fails with TS2883.
/**
 * msw handlers that serve a fake at `baseUrl`, for code that talks HTTP through the global fetch. Only
 * requests below `baseUrl` are answered; the fake sees (and logs) each one with the path the API would
 * see behind it, without `baseUrl`'s path, so `fake.requests('GET /v1/inboxes')` and fault routes read the
 * same whatever the prefix.
 *
 * @example
 * const fake = createFakeGTateth();
 * const server = setupServer(...toMswHandlers(fake, 'https://api.g-tateth.com'));
 */
export function toMswHandlers(fake: FakeServer, baseUrl: string): HttpHandler[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError('toMswHandlers: baseUrl is not a valid URL');
  }
  const { prefix, below } = mountOf(fake, url);
  // A RegExp, not an msw path pattern: a prefix's `:` or `*` would be read as a parameter or a wildcard.
  // msw matches it against the URL without query or hash; `/heymarket` must not answer `/heymarket2/…`.
  const answered = new RegExp(`^${escapeRegExp(url.origin + below)}(?:/|$)`);
  return [
    http.all(answered, async ({ request }) => {
      try {
        return await fake.serve(await withoutPrefix(request, prefix));
      } catch (error) {
        if (error instanceof DroppedConnection) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}

/** The request as the API behind `prefix` gets it: same method, headers, body, query and signal. */
async function withoutPrefix(request: Request, prefix: string): Promise<Request> {
  if (prefix === '') return request;
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(prefix.length) || '/';
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
