import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DroppedConnection, type FakeServer } from './fake-server.js';

export interface ServedFake {
  /** `http://127.0.0.1:<port>`: pass it as the provider's `baseUrl`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fake over real HTTP on a loopback port (Node only), for demos, the CLI and browser tests.
 * A dropped-connection fault destroys the socket.
 */
export async function serveFake(fake: FakeServer, options: { port?: number } = {}): Promise<ServedFake> {
  const server = createServer((req, res) => {
    void answer(fake, req, res);
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

async function answer(fake: FakeServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      ...(body.length ? { body } : {}),
    });
    const response = await fake.serve(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    if (error instanceof DroppedConnection) {
      req.socket.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('fake server error');
  }
}
