import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConfigurationError, ConversationsClient, type RetryInfo } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { defineProvider } from '../../src/spec/provider.js';
import { createVirtualClock } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';

/** Values no HTTP header can carry (a line break, a NUL, past U+00FF), and ones a header mangles. */
const unsendable = ['ab\ncd', 'ab\r\ncd', 'a\u0000b', 'ab€', 'ключ', 'abc é', ' abc', 'ab cd', 'ab\tcd'];

describe('credentials that travel in a header are checked at construction', () => {
  const factories: Array<[string, string, (value: string) => unknown]> = [
    ['gtateth', 'apiKey', (apiKey) => gtateth({ apiKey })],
    ['heymarket', 'apiKey', (apiKey) => heymarket({ apiKey, userId: 1 })],
    ['tether', 'token', (token) => tether({ baseUrl: 'https://t.test', token })],
    // The token a login starts from goes in the same header.
    ['tether', 'token', (token) => tether({ baseUrl: 'https://t.test', email: 'e@x.test', password: 'p', token })],
  ];

  it.each(factories)(
    '%s: a %s no header can carry is a ConfigurationError naming the option, not the value',
    (provider, name, make) => {
      for (const value of unsendable) {
        let error: unknown;
        try {
          make(value);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        const message = (error as Error).message;
        expect(message).toContain(`${provider}: ${name} `);
        expect(message).not.toContain(value.trim());
        expect(JSON.stringify(error)).not.toContain(value.trim());
      }
    },
  );

  it('credentials that never go in a header as they are still take any string', () => {
    // The secret id is encoded in the signed token and the key only signs it; a login's email and
    // password go in its JSON body.
    expect(() => heymarket({ secretId: 'ключ', secretKey: 'pässwörd €', userId: 1 })).not.toThrow();
    expect(() => tether({ baseUrl: 'https://t.test', email: 'jörg@x.test', password: 'pä ss\nwörd€' })).not.toThrow();
    expect(() => heymarket({ apiKey: 'hm_live_AbC-123', userId: 1 })).not.toThrow();
    expect(() => tether({ baseUrl: 'https://t.test', token: 'eyJhbGciOi.eyJzdWIi.c2ln' })).not.toThrow();
  });
});

describe('a request that cannot be built is not a network failure', () => {
  /** A provider whose credential reaches the transport unchecked, as a factory that checked nothing would hand it. */
  function clientWith(headers: Record<string, string>) {
    const provider = defineProvider({
      name: 'gtateth',
      http: {
        baseUrl: 'https://x.test',
        auth: { headers: () => headers },
        parseError: () => ({ code: null, message: null }),
      },
      operations: {
        'conversations.markRead': async (ctx) => {
          await ctx.request({ method: 'GET', path: '/ok', retrySafe: true, schema: z.object({}) });
        },
      },
    });
    const retries: RetryInfo[] = [];
    let fetched = 0;
    const clock = createVirtualClock();
    const client = new ConversationsClient({
      provider,
      clock,
      maxRetries: 3,
      logLevel: 'off',
      fetch: async () => {
        fetched += 1;
        return Response.json({});
      },
      onRetry: (info) => retries.push(info),
    });
    return { client, retries, clock, fetched: () => fetched };
  }

  it.each(['Bearer tok\nen-secret', 'Bearer tok€en-secret', 'Bearer tok\u0000en-secret'])(
    'a credential no header can carry (%j) is a ConfigurationError at once: no retry, nothing sent, no credential',
    async (value) => {
      const { client, retries, clock, fetched } = clientWith({ Authorization: value });
      const start = clock.now();
      const error = await rejection<Error>(() => client.conversations.markRead('1'));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(
        'GET /ok was not sent: the credential cannot go in its Authorization header (it holds characters no HTTP header may carry)',
      );
      expect(JSON.stringify(error)).not.toContain('secret');
      expect(String(error.stack)).not.toContain('secret');
      expect(retries).toEqual([]);
      expect(fetched()).toBe(0);
      expect(clock.now() - start).toBe(0); // no backoff was waited
    },
  );
});
