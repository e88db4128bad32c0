import { expect } from 'vitest';
import { ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeTether, type FakeTether, type FakeTetherOptions } from '../../src/testing/index.js';
import { onFake, type Setup, type SupportClientOptions, setupWith } from './index.js';

export const BASE_URL = 'https://acme.tether.test';

export type TetherClientOptions = SupportClientOptions & {
  /**
   * `login` (default): email and password; `token`: a token (`token`, or one the fake issues), no re-login;
   * `token+login`: starts from such a token (as an app that cached one would), logs in by email and password on a 401.
   */
  auth?: 'login' | 'token' | 'token+login';
  /** Default: the fake's. */
  password?: string;
  latestMessage?: 'text' | 'id';
  /** With `auth: 'token'` or `'token+login'`; default: a token the fake issues. */
  token?: string;
};

/** Another client on an existing fake (another credential, other options), on the fake's clock. */
export function clientFor(fake: FakeTether, clientOptions: TetherClientOptions = {}) {
  const { auth = 'login', password = fake.password, token, latestMessage, ...rest } = clientOptions;
  const common = { baseUrl: BASE_URL, ...(latestMessage ? { latestMessage } : {}) };
  const issued = () => token ?? fake.issueToken();
  return new ConversationsClient({
    provider:
      auth === 'token'
        ? tether({ ...common, token: issued() })
        : tether({ ...common, ...(auth === 'token+login' ? { token: issued() } : {}), email: fake.email, password }),
    ...onFake(fake),
    ...rest,
  });
}

/** A Tether fake (seed 7) and a client on it, sharing one virtual clock; retries back off in about a millisecond. */
export function setup(
  fakeOptions: FakeTetherOptions = {},
  clientOptions: TetherClientOptions = {},
): Setup<FakeTether, ReturnType<typeof clientFor>> {
  return setupWith((clock) => createFakeTether({ seed: 7, clock, ...fakeOptions }), clientFor, clientOptions);
}

/** The acting user's visible conversations of one contact, optionally on one channel, as the store holds them. */
export function visibleOf(fake: FakeTether, contactId: string, channel?: string): string[] {
  return fake
    .visibleTo()
    .filter((c) => c.contactId === contactId && (channel === undefined || c.channelType === channel))
    .map((c) => c._id)
    .sort();
}

/** A walk's ids: each conversation visible to the acting user, exactly once. */
export function expectEachVisibleOnce(fake: FakeTether, ids: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(
    fake
      .visibleTo()
      .map((c) => c._id)
      .sort(),
  );
}
