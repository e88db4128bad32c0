/**
 * Serves a fake through msw, for code that calls the global `fetch` itself. Needs the optional peer
 * dependency `msw`.
 *
 * @module conversations-sdk/testing/msw
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { DroppedConnection, type FakeServer } from './fake-server.js';

// `HttpHandler[]`, not `RequestHandler[]`: msw 3 does not export the type `RequestHandler` defaults its first
// type argument to, so a project emitting declarations for a value inferred from it fails with TS2883.
/**
 * msw handlers that serve a fake at `baseUrl`, for code that talks HTTP through the global fetch.
 *
 * @example
 * const fake = createFakeGTateth();
 * const server = setupServer(...toMswHandlers(fake, 'https://api.g-tateth.com'));
 */
export function toMswHandlers(fake: FakeServer, baseUrl: string): HttpHandler[] {
  const origin = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      try {
        return await fake.serve(request);
      } catch (error) {
        if (error instanceof DroppedConnection) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
