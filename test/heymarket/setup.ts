import { type ClientOptions, ConversationsClient, type Warning } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import {
  createFakeHeymarket,
  createVirtualClock,
  type FakeHeymarket,
  type FakeHeymarketOptions,
  type VirtualClock,
} from '../../src/testing/index.js';

export type HeymarketClientOptions = Omit<Partial<ClientOptions>, 'provider'> & {
  /** `jwt` (default) signs with the fake's secret; `key` sends its legacy API key. */
  auth?: 'jwt' | 'key';
  userId?: number;
};

/** A client on an existing fake (a new process resuming a walk, another credential, …). */
export function clientFor(fake: FakeHeymarket, options: HeymarketClientOptions = {}, warnings: Warning[] = []) {
  const { auth = 'jwt', userId = fake.userId, ...rest } = options;
  return new ConversationsClient({
    provider:
      auth === 'key'
        ? heymarket({ apiKey: fake.apiKey, userId })
        : heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId }),
    fetch: fake.fetch,
    clock: fake.clock as VirtualClock,
    backoff: { initialMs: 1, maxMs: 2 },
    onWarning: (w) => warnings.push(w),
    ...rest,
  });
}

/** A Heymarket fake and a client on it, sharing one virtual clock; 5xx retries back off in about a millisecond. */
export function setupHeymarket(fakeOptions: FakeHeymarketOptions = {}, clientOptions: HeymarketClientOptions = {}) {
  const clock = createVirtualClock();
  const fake = createFakeHeymarket({ clock, seed: 11, ...fakeOptions });
  const warnings: Warning[] = [];
  const client = clientFor(fake, clientOptions, warnings);
  return { fake, client, clock, warnings };
}

/** The JSON bodies the fake received on a route. */
export function bodies(fake: FakeHeymarket, route: string) {
  return fake.requests(route).map((r) => r.body as Record<string, unknown>);
}
