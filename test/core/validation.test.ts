import { describe, expect, it } from 'vitest';
import { ConversationsClient, ResponseValidationError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createFakeGTateth } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';

/** A client whose responses pass through `edit` on the way back from the fake. */
function tampered(edit: (body: Record<string, unknown>) => void) {
  const fake = createFakeGTateth({ conversations: 3, populateAssignee: true });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await fake.fetch(input, init);
    const body = await response.json();
    edit(body);
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
  return {
    fake,
    client: new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch, maxRetries: 0 }),
  };
}

describe('response validation', () => {
  it('a wrong type in a required field is a ResponseValidationError naming the path', async () => {
    const { client } = tampered((body) => {
      (body.data as Array<Record<string, unknown>>)[1]!.subject = 42;
    });
    const error = (await rejection(() => client.conversations.list())) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0]).toMatchObject({ path: 'data[1].subject' });
    expect(error.message).toContain('data[1].subject');
    expect(error.body).toContain('"subject":42');
  });

  it('a timestamp that is not RFC 3339 is rejected with its path', async () => {
    const { client } = tampered((body) => {
      (body.data as Array<Record<string, unknown>>)[0]!.updatedAt = 'yesterday';
    });
    const error = (await rejection(() => client.conversations.list())) as ResponseValidationError;
    expect(error.issues[0]).toMatchObject({ path: 'data[0].updatedAt', message: 'Invalid timestamp' });
  });

  it('a missing nested field names its full path', async () => {
    const { client, fake } = tampered((body) => {
      const data = body.data as Record<string, unknown>;
      data.assignedTo = { name: 'No id' };
    });
    const error = (await rejection(() => client.conversations.get(fake.sorted()[0]!._id))) as ResponseValidationError;
    expect(error.issues.map((i) => i.path)).toContain('data.assignedTo');
  });

  it('a body that is not JSON on success is a ResponseValidationError', async () => {
    const fake = createFakeGTateth();
    const fetch: typeof globalThis.fetch = async () => new Response('<html>hi</html>', { status: 200 });
    const client = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey }), fetch });
    const error = (await rejection(() => client.conversations.list())) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0]?.message).toBe('body is not JSON');
  });

  it('unknown status values and extra fields pass through; extras stay visible in raw', async () => {
    const { client } = tampered((body) => {
      const first = (body.data as Array<Record<string, unknown>>)[0]!;
      first.status = 'snoozed';
      first.priority = 'critical';
      first.sentiment = { score: 0.7 };
    });
    const c = (await client.conversations.list()).items[0]!;
    expect(c.status).toBe('snoozed');
    expect(c.priority).toBe('critical');
    expect((c.raw as Record<string, unknown>).sentiment).toEqual({ score: 0.7 });
  });
});
