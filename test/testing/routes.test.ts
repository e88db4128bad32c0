import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/testing/routes.js';

const text = (response: Response) => response.text();

describe('the fakes’ route table', () => {
  const routes = new RouteTable<string>()
    .on('POST /api/conversation/all', (who) => new Response(`list for ${who}`))
    .on('GET /api/conversation/:id', (who, { id }) => new Response(`get ${id} for ${who}`))
    .on('PUT /api/conversation/:id/resolve', (_who, { id }) => new Response(`resolve ${id}`));

  it('tries routes in order, matching the method and every segment', async () => {
    expect(await text(routes.match('POST', '/api/conversation/all')!('me'))).toBe('list for me');
    // The POST route does not claim a GET: the by-id route after it does.
    expect(await text(routes.match('GET', '/api/conversation/all')!('me'))).toBe('get all for me');
    expect(await text(routes.match('PUT', '/api/conversation/x/resolve')!('me'))).toBe('resolve x');
    for (const [method, path] of [
      ['DELETE', '/api/conversation/x'],
      ['GET', '/api/conversation/'],
      ['GET', '/api/conversation/x/y'],
      ['GET', '/api/conversation'],
      ['PUT', '/api/conversation//resolve'],
    ] as const) {
      expect(routes.match(method, path), `${method} ${path}`).toBeNull();
    }
  });

  it('decodes parameters; one that is not valid percent-encoding arrives as it is', async () => {
    expect(await text(routes.match('GET', '/api/conversation/a%2Fb')!('me'))).toBe('get a/b for me');
    expect(await text(routes.match('GET', '/api/conversation/%zz')!('me'))).toBe('get %zz for me');
  });

  it('refuses a route that is not "METHOD /path"', () => {
    expect(() => new RouteTable().on('/api/x', () => new Response())).toThrow(TypeError);
    expect(() => new RouteTable().on('GET api/x', () => new Response())).toThrow(TypeError);
  });
});
