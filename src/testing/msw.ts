/**
 * Serves a fake through msw, for code that calls the global `fetch` itself. Needs the optional peer
 * dependency `msw`.
 *
 * @module conversations-sdk/testing/msw
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { DroppedConnection, type FakeServer } from './fake-server.js';

/**
 * msw handlers that serve a fake at `baseUrl`, for code that talks HTTP through the global fetch.
 *
 * @example
 * const fake = createFakeGTateth();
 * const server = setupServer(...toMswHandlers(fake, 'https://api.g-tateth.com'));
 */
export function toMswHandlers(fake: FakeServer, baseUrl: string): RequestHandler[] {
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
