import type { FakeRequest } from './fake-server.js';

type Segments<S extends string> = S extends `${infer Head}/${infer Tail}` ? Head | Segments<Tail> : S;
type ParamName<S extends string> =
  Segments<S> extends infer Segment ? (Segment extends `:${infer Name}` ? Name : never) : never;

/** What the fakes hand their route handlers: the fake itself and the request. */
export interface RouteCall<Fake> {
  fake: Fake;
  req: FakeRequest;
}

/** The path parameters a route declares, e.g. `{ id }` for `'GET /api/v1/conversations/:id'`. */
export type PathParams<Route extends string> = { readonly [Name in ParamName<Route>]: string };

/** A route's handler: the call (whatever a fake hands its routes) and the path parameters. */
export type RouteHandler<Call, Route extends string> = (call: Call, params: PathParams<Route>) => Response;

interface Entry<Call> {
  method: string;
  segments: string[];
  handler: (call: Call, params: Record<string, string>) => Response;
}

/**
 * A fake's routes, as `'METHOD /path'` lines tried in the order they were added. A `:name` segment
 * matches one non-empty path segment and reaches the handler percent-decoded (a segment that is not
 * valid percent-encoding reaches it as it is); every other segment must match exactly.
 *
 * @example
 * const routes = new RouteTable<Call>()
 *   .on('GET /api/v1/conversations', list)
 *   .on('GET /api/v1/conversations/:id', (call, { id }) => get(call, id));
 * const answer = routes.match(req.method, req.path); // null: no route has this method and path
 */
export class RouteTable<Call> {
  readonly #entries: Entry<Call>[] = [];

  /** Adds a route, tried after the ones added before it. */
  on<Route extends string>(route: Route, handler: RouteHandler<Call, Route>): this {
    const [method, path, ...rest] = route.split(' ');
    if (!method || !path?.startsWith('/') || rest.length > 0) {
      throw new TypeError(`route "${route}" is not "METHOD /path"`);
    }
    // Every `:name` of the route is filled in before the handler runs, so the record is its PathParams.
    this.#entries.push({ method, segments: path.split('/'), handler: handler as Entry<Call>['handler'] });
    return this;
  }

  /** The first route with this method and path, ready to answer a call; null when there is none. */
  match(method: string, path: string): ((call: Call) => Response) | null {
    const segments = path.split('/');
    for (const entry of this.#entries) {
      if (entry.method !== method) continue;
      const params = matchSegments(entry.segments, segments);
      if (params) return (call) => entry.handler(call, params);
    }
    return null;
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, want] of pattern.entries()) {
    const got = segments[i] as string;
    if (want.startsWith(':')) {
      if (got === '') return null;
      params[want.slice(1)] = decode(got);
    } else if (want !== got) return null;
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
