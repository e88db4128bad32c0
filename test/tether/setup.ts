import { expect } from 'vitest';
import { type ApiError, type ClientOptions, ConversationsClient } from '../../src/index.js';
import { tether } from '../../src/providers/tether/index.js';
import { createFakeTether, createVirtualClock, type FakeTetherOptions } from '../../src/testing/index.js';

export const BASE_URL = 'https://acme.tether.test';

export type ClientExtras = Omit<Partial<ClientOptions>, 'provider'> & {
  /** `login` (default): email and password; `token`: a token the fake issued, no re-login. */
  auth?: 'login' | 'token';
  password?: string;
  latestMessage?: 'text' | 'id';
};

/** A fake and a client on it, sharing one virtual clock, with millisecond backoff. */
export function setup(fakeOptions: FakeTetherOptions = {}, extras: ClientExtras = {}) {
  const clock = createVirtualClock();
  const fake = createFakeTether({ seed: 7, clock, ...fakeOptions });
  const { auth = 'login', password, latestMessage, ...clientOptions } = extras;
  const provider =
    auth === 'token'
      ? tether({ baseUrl: BASE_URL, token: fake.issueToken(), ...(latestMessage ? { latestMessage } : {}) })
      : tether({
          baseUrl: BASE_URL,
          email: fake.email,
          password: password ?? fake.password,
          ...(latestMessage ? { latestMessage } : {}),
        });
  const client = new ConversationsClient({
    provider,
    fetch: fake.fetch,
    clock,
    backoff: { initialMs: 1, maxMs: 2 },
    ...clientOptions,
  });
  return { fake, client, clock };
}

/** The acting user's visible conversations of one contact, optionally on one channel, as the store holds them. */
export function visibleOf(fake: ReturnType<typeof createFakeTether>, contactId: string, channel?: string): string[] {
  return fake
    .visibleTo()
    .filter((c) => c.contactId === contactId && (channel === undefined || c.channelType === channel))
    .map((c) => c._id)
    .sort();
}

/** What `promise` rejected with (fails the test when it resolves); typed as an API error for assertions. */
export async function rejection<E = ApiError>(promise: PromiseLike<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection');
}

/** A walk's ids: each conversation visible to the acting user, exactly once. */
export function expectEachVisibleOnce(fake: ReturnType<typeof createFakeTether>, ids: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(
    fake
      .visibleTo()
      .map((c) => c._id)
      .sort(),
  );
}
