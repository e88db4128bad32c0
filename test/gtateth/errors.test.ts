import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { clientFor, setup } from '../support/gtateth.js';
import { rejection } from '../support/index.js';

const noRetry = { maxRetries: 0 };
const REQ = /^req_[0-9a-f]{16}$/;

describe('G-Tateth error bodies map onto the error tree', () => {
  it('400 VALIDATION_ERROR with the server message and request id', async () => {
    // A limit over 100, a page below 1 or a malformed id never leaves the client's own list (a
    // ConfigurationError); the passthrough sends the id as it is.
    const { client } = setup({}, noRetry);
    const error = await rejection(() =>
      client.request({ method: 'GET', path: '/api/v1/conversations', query: { assignedTo: 'user-1' } }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ name: 'BadRequestError', status: 400, code: 'VALIDATION_ERROR' });
    expect(error.message).toContain('assignedTo');
    expect((error as ApiError).requestId).toMatch(/^req_[0-9a-f]{16}$/);
    expect((error as ApiError).body).toContain('"field":"assignedTo"');
    expect(await rejection(() => client.conversations.list({ limit: 101 }))).toBeInstanceOf(ConfigurationError);
    expect(await rejection(() => client.conversations.list({ page: 0 }))).toBeInstanceOf(ConfigurationError);
    expect(await rejection(() => client.conversations.list({ assigneeId: 'user-1' }))).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it("the fake's 400 for limit 101, sent as it is: the server's message and field", async () => {
    const { fake } = setup({}, noRetry);
    const response = await fake.fetch('https://api.g-tateth.com/api/v1/conversations?limit=101', {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'limit' } });
    expect(error.message).toContain('limit must be an integer between 1 and 100');
    expect(error.requestId).toMatch(REQ);
  });

  it('401 API_KEY_INVALID for an unknown key, API_KEY_EXPIRED for an expired one', async () => {
    const { client } = setup({}, { ...noRetry, apiKey: 'sk_live_unknownkey' });
    const invalid = await rejection(() => client.conversations.get('64a1b2c3d4e5f6789012345a'));
    expect(invalid).toBeInstanceOf(AuthenticationError);
    expect(invalid).toMatchObject({ status: 401, code: 'API_KEY_INVALID', requestId: expect.stringMatching(REQ) });

    const { fake } = setup({}, noRetry);
    const c = clientFor(fake, {
      apiKey: fake.addKey({ permissions: ['read:conversations'], expired: true }),
      ...noRetry,
    });
    const expired = await rejection(() => c.conversations.list());
    expect(expired).toBeInstanceOf(AuthenticationError);
    expect(expired).toMatchObject({ status: 401, code: 'API_KEY_EXPIRED', requestId: expect.stringMatching(REQ) });
  });

  it('403 INSUFFICIENT_PERMISSIONS for a read-only key writing', async () => {
    const env = setup({ conversations: 3 });
    const client = clientFor(env.fake, { apiKey: env.fake.addKey({ permissions: ['read:conversations'] }) });
    const id = env.fake.sorted()[0]!._id;
    expect((await client.conversations.get(id)).id).toBe(id);
    const error = await rejection(() => client.conversations.close(id));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      status: 403,
      code: 'INSUFFICIENT_PERMISSIONS',
      requestId: expect.stringMatching(REQ),
    });
    expect(env.fake.requests('PUT')).toHaveLength(1); // a 403 is not retried
  });

  it('404 NOT_FOUND for an unknown or malformed id', async () => {
    const { client, fake } = setup();
    for (const id of ['64a1b2c3d4e5f6789012345a', 'not-an-id']) {
      const error = await rejection(() => client.conversations.get(id));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.stringMatching(REQ) });
      expect(error.message).toContain('Conversation not found');
    }
    expect(fake.requests('GET')).toHaveLength(2);
  });

  it('409 CONFLICT and 422 map to their classes', async () => {
    const { client, fake } = setup({ conversations: 3 }, noRetry);
    const id = fake.sorted()[0]!._id;
    fake.inject({ status: 409 });
    const conflict = await rejection(() => client.conversations.get(id));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'CONFLICT', requestId: expect.stringMatching(REQ) });
    fake.inject({ status: 422 }); // the body code follows the status: VALIDATION_ERROR, with details
    const unprocessable = (await rejection(() => client.conversations.get(id))) as ApiError;
    expect(unprocessable).toBeInstanceOf(UnprocessableEntityError);
    expect(unprocessable).toMatchObject({
      status: 422,
      code: 'VALIDATION_ERROR',
      requestId: expect.stringMatching(REQ),
    });
    expect(JSON.parse(unprocessable.body!).error.details).toBeDefined();
    expect(unprocessable.rateLimit).toMatchObject({ limit: 5000 });
  });

  it('429 flat body: code from the top level, message from the `error` string, wait from retryAfter', async () => {
    const { client, fake } = setup({}, { ...noRetry });
    fake.inject({ status: 429 });
    const error = (await rejection(() => client.conversations.list())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    // The flat body has no requestId, and the fake sends no x-request-id header.
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 60_000, requestId: null });
    expect(JSON.parse(error.body!)).not.toHaveProperty('requestId');
    expect(error.message).toContain('Rate limit exceeded');
    expect(error.rateLimit).toMatchObject({ remaining: 0 });
  });

  it('429 nested body (rateLimitBody: nested): wait from error.details.retryAfter', async () => {
    const { client, fake } = setup({ rateLimitBody: 'nested' }, noRetry);
    fake.inject({ status: 429 });
    const error = (await rejection(() => client.conversations.list())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 60_000 });
    expect(error.requestId).toMatch(REQ);
  });

  it('500 INTERNAL_ERROR is a ServerError', async () => {
    const { client, fake } = setup({}, noRetry);
    fake.inject({ status: 500 });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: expect.stringMatching(REQ) });
  });

  it.each([502, 503, 504])('a %i gateway page that is not JSON is a ServerError with the text kept', async (status) => {
    const { client, fake } = setup({}, noRetry);
    fake.inject({ status });
    const error = (await rejection(() => client.conversations.list())) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status, code: null, requestId: null });
    expect(error.body).toContain('<html>');
  });
});
