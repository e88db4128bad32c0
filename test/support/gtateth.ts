import { ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth, type FakeGTateth, type FakeGTatethOptions } from '../../src/testing/index.js';
import { onFake, type Setup, type SupportClientOptions, setupWith } from './index.js';

export type GTatethClientOptions = SupportClientOptions & {
  authHeader?: 'bearer' | 'x-api-key';
  /** Default: the fake's own key. */
  apiKey?: string;
};

/** Another client on an existing fake (another key, other options), on the fake's clock. */
export function clientFor(fake: FakeGTateth, clientOptions: GTatethClientOptions = {}) {
  const { authHeader, apiKey = fake.apiKey, ...rest } = clientOptions;
  return new ConversationsClient({
    provider: gtateth({ apiKey, ...(authHeader ? { authHeader } : {}) }),
    ...onFake(fake),
    ...rest,
  });
}

/** A G-Tateth fake (seed 11) and a client on it, sharing one virtual clock; retries back off in about a millisecond. */
export function setup(
  fakeOptions: FakeGTatethOptions = {},
  clientOptions: GTatethClientOptions = {},
): Setup<FakeGTateth, ReturnType<typeof clientFor>> {
  return setupWith((clock) => createFakeGTateth({ clock, seed: 11, ...fakeOptions }), clientFor, clientOptions);
}
