import { ConversationsClient } from '../../src/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { createFakeHeymarket, type FakeHeymarket, type FakeHeymarketOptions } from '../../src/testing/index.js';
import { onFake, type Setup, type SupportClientOptions, setupWith } from './index.js';

export type HeymarketClientOptions = SupportClientOptions & {
  /** `jwt` (default) signs with the fake's secret; `key` sends its legacy API key. */
  auth?: 'jwt' | 'key';
  /** With `auth: 'key'`; default: the fake's. */
  apiKey?: string;
  /** Default: the fake's acting user. */
  userId?: number;
};

/** Another client on an existing fake (a new process resuming a walk, another credential, …), on the fake's clock. */
export function clientFor(fake: FakeHeymarket, clientOptions: HeymarketClientOptions = {}) {
  const { auth = 'jwt', apiKey = fake.apiKey, userId = fake.userId, ...rest } = clientOptions;
  return new ConversationsClient({
    provider:
      auth === 'key'
        ? heymarket({ apiKey, userId })
        : heymarket({ secretId: fake.secretId, secretKey: fake.secretKey, userId }),
    ...onFake(fake),
    ...rest,
  });
}

/** A Heymarket fake (seed 11) and a client on it, sharing one virtual clock; retries back off in about a millisecond. */
export function setup(
  fakeOptions: FakeHeymarketOptions = {},
  clientOptions: HeymarketClientOptions = {},
): Setup<FakeHeymarket, ReturnType<typeof clientFor>> {
  return setupWith((clock) => createFakeHeymarket({ clock, seed: 11, ...fakeOptions }), clientFor, clientOptions);
}

/** The JSON bodies the fake received on a route. */
export function bodies(fake: FakeHeymarket, route: string) {
  return fake.requests(route).map((r) => r.body as Record<string, unknown>);
}
