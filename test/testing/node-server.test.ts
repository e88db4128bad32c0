import { describe, expect, it } from 'vitest';
import { ConnectionError, ConversationsClient, ServerError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth } from '../../src/testing/index.js';
import { serveFake } from '../../src/testing/node-server.js';
import { rejection } from '../support/index.js';

/** A fake served over real HTTP, and a client on it that does not retry, so each answer shows as it is. */
async function served() {
  const fake = createFakeGTateth({ conversations: 5 });
  const server = await serveFake(fake);
  const client = new ConversationsClient({
    provider: gtateth({ apiKey: fake.apiKey, baseUrl: server.url }),
    maxRetries: 0,
  });
  return { fake, server, client };
}

describe('serveFake (node server adapter)', () => {
  it('a dropped-connection fault reaches the client as a lost connection, not as an HTTP answer', async () => {
    const { fake, server, client } = await served();
    try {
      fake.inject({ drop: true });
      expect(await rejection(() => client.conversations.list())).toBeInstanceOf(ConnectionError);
    } finally {
      await server.close();
    }
  });

  it('a client that goes away ends its request in the fake: a long delay stops at once', async () => {
    const { fake, server } = await served();
    try {
      fake.inject({ delay: 60_000 });
      const client = new ConversationsClient({
        provider: gtateth({ apiKey: fake.apiKey, baseUrl: server.url }),
        maxRetries: 0,
      });
      const signal = AbortSignal.timeout(50);
      expect(await rejection(() => client.conversations.list({}, { signal }))).toMatchObject({ name: 'AbortError' });
      // The fake records the request as ended (dropped) once the socket closes, not a minute later.
      for (let i = 0; i < 100 && fake.requests()[0]?.endSeq === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(fake.requests()).toHaveLength(1);
      expect(fake.requests()[0]).toMatchObject({ status: 'dropped' });
      expect(fake.requests()[0]!.endSeq).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it("passes the fake's status, headers and non-JSON body through unchanged", async () => {
    const { fake, server, client } = await served();
    try {
      fake.inject({ status: 503 });
      const error = (await rejection(() => client.conversations.list())) as ServerError;
      expect(error).toBeInstanceOf(ServerError);
      expect(error.status).toBe(503);
      expect(error.body).toContain('Service Unavailable');
      expect(error.rateLimit?.limit).toBeGreaterThan(0); // the X-RateLimit-* headers made it across
    } finally {
      await server.close();
    }
  });

  it('listens on 127.0.0.1 only: another loopback address is refused', async () => {
    const { server } = await served();
    try {
      const port = new URL(server.url).port;
      await expect(fetch(`http://127.0.0.2:${port}/api/v1/health`)).rejects.toThrow();
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  describe('cors: true', () => {
    const origin = 'http://127.0.0.1:5173'; // an app on another loopback port

    it('answers a preflight itself, allowing every credential header of the three APIs', async () => {
      const fake = createFakeGTateth({ conversations: 5 });
      const server = await serveFake(fake, { cors: true });
      try {
        const preflight = await fetch(`${server.url}/api/v1/conversations`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'authorization, content-type, x-api-key',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
        expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
        const allowed = preflight.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
        expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-api-key']));
        expect(fake.requests()).toHaveLength(0); // the fake never saw it, so no 401
      } finally {
        await server.close();
      }
    });

    it("lets the calling origin read every answer and the client's headers, errors included", async () => {
      const fake = createFakeGTateth({ conversations: 5 });
      const server = await serveFake(fake, { cors: true });
      try {
        const ok = await fetch(`${server.url}/api/v1/conversations`, {
          headers: { origin, authorization: `Bearer ${fake.apiKey}` },
        });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
        const exposed = ok.headers.get('access-control-expose-headers')?.toLowerCase().split(/,\s*/) ?? [];
        expect(exposed).toEqual(
          expect.arrayContaining([
            'x-ratelimit-limit',
            'x-ratelimit-remaining',
            'x-ratelimit-reset',
            'retry-after',
            'x-request-id',
          ]),
        );
        const refused = await fetch(`${server.url}/api/v1/conversations`, { headers: { origin } });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
      } finally {
        await server.close();
      }
    });

    it('without it, a preflight goes to the fake like any request and no CORS header is added', async () => {
      const { server } = await served();
      try {
        const preflight = await fetch(`${server.url}/api/v1/conversations`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
        expect(preflight.status).not.toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await server.close();
      }
    });
  });
});
