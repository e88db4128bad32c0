import { describe, expect, it } from 'vitest';
import { ConfigurationError, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';

const SECRET = 'sk_live_DISTINCTIVE7f3a9c2e5b1d';

function everything(error: Error): string {
  const own = Object.getOwnPropertyNames(error).map((k) => {
    const v = (error as unknown as Record<string, unknown>)[k];
    return typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (x instanceof Headers ? Object.fromEntries(x) : x));
  });
  return [error.message, error.stack, JSON.stringify(error), String(error), ...own, String(error.cause ?? '')].join(
    '\n',
  );
}

describe('no credential leaks into errors', () => {
  it.each([
    ['401', { status: 401 }],
    ['500', { status: 500 }],
    ['429', { status: 429 }],
    ['dropped connection', { drop: true }],
    ['timeout', { delay: 100 }],
  ])('%s', async (_, fault) => {
    const fake = createFakeGTateth();
    fake.addKey({ key: SECRET, permissions: ['read:conversations', 'write:conversations'] });
    for (const authHeader of ['bearer', 'x-api-key'] as const) {
      const client = new ConversationsClient({
        provider: gtateth({ apiKey: SECRET, authHeader }),
        fetch: fake.fetch,
        maxRetries: 0,
        timeout: 30,
      });
      fake.inject(fault);
      const error = await rejection(() => client.conversations.list());
      expect(everything(error)).not.toContain('DISTINCTIVE');
    }
  });

  it('a malformed key is refused at construction, without echoing it', () => {
    let error: unknown;
    try {
      gtateth({ apiKey: 'DISTINCTIVE-not-a-key' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(everything(error as Error)).not.toContain('DISTINCTIVE');
  });
});

describe('configuration', () => {
  it.each([
    'http://api.g-tateth.com',
    'http://10.0.0.5:3001',
    'ftp://x',
    'not a url',
    'http://localhost.evil.com', // a name that starts like loopback is not loopback
    'http://127.0.0.2:3001', // only the loopback names the design lists
    'http://[::ffff:127.0.0.1]:3001',
    'https://sk_live_x@api.g-tateth.com', // a credential in the URL would travel in logs
    'https://user:pass@api.g-tateth.com',
    '',
  ])('refuses baseUrl %s', (baseUrl) => {
    expect(() => gtateth({ apiKey: SECRET, baseUrl })).toThrow(ConfigurationError);
  });

  it.each(['http://localhost:3001', 'http://127.0.0.1:8080', 'http://[::1]:9000', 'https://staging-api.g-tateth.com'])(
    'accepts baseUrl %s',
    (baseUrl) => {
      expect(gtateth({ apiKey: SECRET, baseUrl }).http.baseUrl).toBe(baseUrl);
    },
  );

  it.each([
    ['HTTP://LOCALHOST:3001', 'http://localhost:3001'],
    ['https://api.g-tateth.com/', 'https://api.g-tateth.com'],
    ['https://proxy.example.com/g-tateth//', 'https://proxy.example.com/g-tateth'],
  ])('normalises baseUrl %s to %s', (baseUrl, normalised) => {
    expect(gtateth({ apiKey: SECRET, baseUrl }).http.baseUrl).toBe(normalised);
  });

  it('a refused baseUrl does not echo a credential it carries', () => {
    let error: unknown;
    try {
      gtateth({ apiKey: SECRET, baseUrl: 'https://DISTINCTIVE:pw@api.g-tateth.com' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(everything(error as Error)).not.toContain('DISTINCTIVE');
  });

  it('refuses a client without a provider, and bad numbers, synchronously', () => {
    expect(() => new ConversationsClient({} as never)).toThrow(ConfigurationError);
    expect(() => new ConversationsClient({ provider: gtateth({ apiKey: SECRET }), maxRetries: -1 })).toThrow(
      ConfigurationError,
    );
    expect(() => new ConversationsClient({ provider: gtateth({ apiKey: SECRET }), timeout: 0 })).toThrow(
      ConfigurationError,
    );
  });
});
