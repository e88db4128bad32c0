import { describe, expect, it } from 'vitest';
import { type ClientOptions, ConfigurationError, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import * as h from '../support/heymarket.js';

const provider = gtateth({ apiKey: 'sk_test_options' });

/** The message `new ConversationsClient` throws with these options. */
function refusal(options: Partial<ClientOptions>): string {
  try {
    new ConversationsClient({ provider, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('client options are refused one by one, each with its own message', () => {
  it('an incomplete pace names the missing field instead of turning pacing off', () => {
    const hint = 'pace is { limit, windowMs }, or null to turn pacing off';
    expect(refusal({ pace: { limit: 2 } as never })).toBe(`pace.windowMs is required: ${hint}`);
    expect(refusal({ pace: { windowMs: 10_000 } as never })).toBe(`pace.limit is required: ${hint}`);
    expect(refusal({ pace: {} as never })).toBe(`pace.limit is required: ${hint}`);
    for (const pace of ['x', 5, [], true]) {
      expect(refusal({ pace: pace as never })).toBe('pace must be { limit, windowMs }, or null to turn pacing off');
    }
    expect(refusal({ pace: { limit: 2, windowMs: 0 } })).toBe('pace.windowMs must be an integer from 1 to 2147483647');
  });

  it("an incomplete pace never drops Heymarket's documented 500 per minute; null does, as documented", async () => {
    for (const pace of [{ limit: 2 }, {}, { windowMs: 10_000 }]) {
      expect(() => h.setup({}, { pace: pace as never })).toThrow(ConfigurationError);
    }
    const paced = h.setup({ conversations: 1 }, { pace: { limit: 2, windowMs: 10_000 } });
    const start = paced.clock.now();
    for (let i = 0; i < 3; i++) await paced.client.users.list();
    expect(paced.clock.now() - start).toBe(10_000);
    const free = h.setup({ conversations: 1 }, { pace: null });
    const freeStart = free.clock.now();
    for (let i = 0; i < 3; i++) await free.client.users.list();
    expect(free.clock.now() - freeStart).toBe(0);
  });

  it('a pace is copied: changing the object later does not change the client', async () => {
    const pace = { limit: 2, windowMs: 10_000 };
    const { client, clock } = h.setup({ conversations: 1 }, { pace });
    pace.limit = 1000;
    const start = clock.now();
    for (let i = 0; i < 3; i++) await client.users.list();
    expect(clock.now() - start).toBe(10_000);
  });

  it('a bad logger and a bad logLevel each say what is wrong with them', () => {
    expect(refusal({ logger: {} as never })).toBe(
      'logger must have debug, info, warn and error methods; it lacks error, warn, info, debug',
    );
    expect(refusal({ logger: null as never })).toBe(
      'logger must have debug, info, warn and error methods; it lacks error, warn, info, debug',
    );
    expect(refusal({ logger: { ...console, info: 'x' } as never })).toBe(
      'logger must have debug, info, warn and error methods; it lacks info',
    );
    for (const logLevel of ['verbose', '', 5]) {
      expect(refusal({ logLevel: logLevel as never })).toBe('logLevel must be one of off, error, warn, info, debug');
    }
  });

  it('a backoff, a clock or a provider that is not one is refused, not defaulted', () => {
    expect(refusal({ backoff: null as never })).toBe('backoff must be { initialMs?, maxMs? }');
    expect(refusal({ rateLimitBackoff: 'x' as never })).toBe('rateLimitBackoff must be { initialMs?, maxMs? }');
    expect(refusal({ clock: null as never })).toBe('clock must have now() and sleep(ms)');
    expect(() => new ConversationsClient({ provider: { http: {}, operations: {} } as never })).toThrow(
      /^provider is required/,
    );
  });
});
