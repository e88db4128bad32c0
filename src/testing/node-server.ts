/**
 * Serves a fake over real HTTP on a loopback port, for demos, the CLI and browser tests. Node only.
 *
 * @module conversations-sdk/testing/node
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DroppedConnection, type FakeServer } from './fake-server.js';

/** A fake being served by {@link serveFake}: where it listens, and how to stop it. */
export interface ServedFake {
  /** `http://127.0.0.1:<port>`: pass it as the provider's `baseUrl`. */
  url: string;
  /** Stops the server, dropping open connections; resolves once it is closed. */
  close(): Promise<void>;
}

/** Options of {@link serveFake}. */
export interface ServeFakeOptions {
  /** Default: a free port. */
  port?: number;
  /**
   * Let a browser app of another origin (another loopback port) use the fake: preflights are answered
   * here, without reaching the fake, and every answer lets the calling origin read it and the
   * rate-limit and request-id headers. Default `false`.
   */
  cors?: boolean;
}

/** The headers a preflight allows: every credential header of the three APIs, and JSON bodies. */
const ALLOWED_HEADERS = 'authorization, content-type, x-api-key, accept';
/** The response headers the client reads besides the body. */
const EXPOSED_HEADERS = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id';

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/**
 * Serves a fake over real HTTP on a loopback port (Node only), for demos, the CLI and browser tests.
 * A dropped-connection fault destroys the socket.
 */
export async function serveFake(fake: FakeServer, options: ServeFakeOptions = {}): Promise<ServedFake> {
  const server = createServer((req, res) => {
    if (!options.cors) return void answer(fake, req, res, {});
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      const requested = req.headers['access-control-request-headers'];
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': requested ? `${ALLOWED_HEADERS}, ${requested}` : ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    void answer(fake, req, res, cors);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  fake: FakeServer,
  req: IncomingMessage,
  res: ServerResponse,
  extra: Record<string, string>,
): Promise<void> {
  // A client that goes away (an abort, a timeout) ends the fake's work on its request too: a delay or
  // latency then stops at once instead of holding a timer, and the process, for the rest of it.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      signal: gone.signal,
      ...(body.length ? { body } : {}),
    });
    const response = await fake.serve(request);
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...extra });
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    if (gone.signal.aborted) return;
    if (error instanceof DroppedConnection) {
      req.socket.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'text/plain', ...extra });
    res.end('fake server error');
  }
}
