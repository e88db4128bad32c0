import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/index.js';
import type { FakeServer } from '../../src/testing/index.js';
import * as gtateth from '../support/gtateth.js';
import { rejection } from '../support/index.js';
import * as tether from '../support/tether.js';

/** A fetch in front of a fake that answers requests matching `route` with 200 and `body`, counting them. */
function answering(fake: FakeServer, route: RegExp, body: unknown) {
  let hits = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!route.test(`${request.method} ${new URL(request.url).pathname}`)) return fake.fetch(request);
    hits += 1;
    return Response.json(body, { headers: { 'x-request-id': 'req_envelope_1' } });
  };
  return { fetch, hits: () => hits };
}

const GT_FAILURE = {
  success: false,
  error: { code: 'INTERNAL_ERROR', message: 'The database is unavailable', requestId: 'req_body_9' },
  data: [],
};

describe('a success status with a failure envelope is a failure', () => {
  it('G-Tateth: a list answered 200 {"success": false, …, "data": []} is an ApiError, not an empty inbox', async () => {
    const { fake } = gtateth.setup({ conversations: 5 });
    const { fetch, hits } = answering(fake, /^GET \/api\/v1\/conversations$/, GT_FAILURE);
    const client = gtateth.clientFor(fake, { fetch });
    const error = await rejection(() => client.conversations.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'INTERNAL_ERROR', requestId: 'req_body_9' });
    expect(error.message).toContain('The database is unavailable');
    expect(error.body).toContain('"success":false');
    // A success status is no reason to retry: the server answered.
    expect(hits()).toBe(1);
  });

  it('G-Tateth: get, update and the passthrough fail the same way', async () => {
    const { fake } = gtateth.setup({ conversations: 5 });
    const id = fake.sorted()[0]!._id;
    const { fetch } = answering(fake, /^(GET|PUT) \/api\/v1\/conversations\/|\/v1\/anything/, {
      success: false,
      error: { code: 'NOT_ALLOWED', message: 'Nope' },
    });
    const client = gtateth.clientFor(fake, { fetch });
    for (const call of [
      () => client.conversations.get(id),
      () => client.conversations.update(id, { subject: 'x' }),
      () => client.request({ method: 'GET', path: '/api/v1/anything' }),
    ]) {
      expect(await rejection(call)).toMatchObject({ name: 'ApiError', status: 200, code: 'NOT_ALLOWED' });
    }
  });

  it('G-Tateth: "success": true is a success', async () => {
    const { fake, client } = gtateth.setup({ conversations: 5 });
    expect((await client.conversations.list()).items).toHaveLength(5);
    expect(
      await client.request({ method: 'GET', path: `/api/v1/conversations/${fake.sorted()[0]!._id}` }),
    ).toMatchObject({
      status: 200,
      data: { success: true },
    });
  });

  it.each([
    ['a string error', { error: 'Assignee is not a user of this organization' }, null, 'Assignee is not a user'],
    [
      'an error object',
      { error: { code: 'invalid_request', message: 'Bad assignee' } },
      'invalid_request',
      'Bad assignee',
    ],
    [
      'a flat code and message',
      { message: 'Conversation not found', code: 'not_found' },
      'not_found',
      'Conversation not found',
    ],
  ])(
    'Tether: an update answered 200 with %s is an ApiError, not the assignee unchanged',
    async (_, body, code, message) => {
      const { fake } = tether.setup({ conversations: 5 });
      const conversation = fake.visibleTo()[0]!;
      const { fetch, hits } = answering(fake, /^PUT \/api\/conversation\//, body);
      const client = tether.clientFor(fake, { fetch });
      const error = await rejection(() => client.conversations.assign(conversation._id, fake.users[0]!._id));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 200, code });
      expect(error.message).toContain(message);
      expect(hits()).toBe(1);
    },
  );

  it('Tether: success bodies that carry a message, and objects of the API, stay successes', async () => {
    const { fake, client } = tether.setup({ conversations: 5 });
    const [first, second] = fake.visibleTo();
    // {"message": "Conversation updated successfully", "conversation": {…}}
    expect((await client.conversations.assign(first!._id, fake.users[0]!._id)) ?? 'done').toBe('done');
    // {"message": "Conversation marked as unseen"}
    await client.conversations.markUnread(first!._id);
    // {"message": "Conversation deleted successfully"}
    await client.conversations.delete(second!._id);
    // A bare conversation, whatever else it holds.
    const { fetch } = answering(fake, /^GET \/api\/conversation\//, { ...fake.toWire(first!), error: null });
    expect((await tether.clientFor(fake, { fetch }).conversations.get(first!._id)).id).toBe(first!._id);
  });

  it('Tether: markUnread and delete, which read no body, still see a failure envelope', async () => {
    const { fake } = tether.setup({ conversations: 5 });
    const id = fake.visibleTo()[0]!._id;
    const { fetch } = answering(fake, /^(POST \/api\/conversation\/unseen|DELETE \/api\/conversation)$/, {
      error: 'Not allowed',
    });
    const client = tether.clientFor(fake, { fetch });
    expect(await rejection(() => client.conversations.markUnread(id))).toMatchObject({ status: 200 });
    expect(await rejection(() => client.conversations.delete(id))).toMatchObject({ status: 200 });
  });
});
