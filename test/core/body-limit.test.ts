import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ApiError, ConfigurationError, ConversationsClient, ServerError } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { createVirtualClock } from '../../src/testing/index.js';
import { rejection } from '../support/index.js';

const KEY = 'sk_live_BODYLIMIT7c1e';
const ID = '64a1b2c3d4e5f6789012345a';
const conversation = {
  _id: ID,
  subject: 'Billing question',
  status: 'open',
  priority: 'medium',
  customerId: null,
  assignedTo: null,
  inboxId: null,
  channel: 'email',
  source: 'api',
  labels: [],
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
};
const encoder = new TextEncoder();

/** A body streamed in `chunks` chunks of `size` bytes, counting the chunks the client pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}, status = 200) {
  let pulled = 0;
  const chunk = encoder.encode(' '.repeat(size));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === 0) controller.enqueue(encoder.encode(JSON.stringify({ success: true, data: conversation })));
      else if (pulled <= chunks) controller.enqueue(chunk);
      else controller.close();
      pulled += 1;
    },
  });
  const response = new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
  return { response, pulled: () => pulled };
}

function clientWith(fetch: () => Response | Promise<Response>, maxResponseBytes?: number) {
  return new ConversationsClient({
    provider: gtateth({ apiKey: KEY }),
    clock: createVirtualClock(),
    maxRetries: 0,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    fetch: async () => fetch(),
  });
}

describe('maxResponseBytes', () => {
  it('a success body whose content-length is over the limit is refused unread', async () => {
    const body = streamed(10, 1024, { 'content-length': String(11 * 1024) });
    const error = await rejection(() => clientWith(() => body.response, 4096).conversations.get(ID));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('over maxResponseBytes (4096 bytes)');
    expect(body.pulled()).toBeLessThanOrEqual(1); // at most what the stream queued before it was cancelled
  });

  it('without a content-length, reading stops at the first chunk past the limit', async () => {
    const body = streamed(100, 1024);
    const error = await rejection(() => clientWith(() => body.response, 4096).conversations.get(ID));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('maxResponseBytes');
    expect(body.pulled()).toBeLessThanOrEqual(8);
  });

  it('a body at the limit is read', async () => {
    const text = JSON.stringify({ success: true, data: conversation });
    const bytes = encoder.encode(text).byteLength;
    const client = clientWith(() => new Response(text, { headers: { 'content-type': 'application/json' } }), bytes);
    expect((await client.conversations.get(ID)).id).toBe(ID);
  });

  it('an error body over the limit is not kept: the error is still the status’s', async () => {
    const body = streamed(100, 1024, {}, 500);
    const error = await rejection(() => clientWith(() => body.response, 4096).conversations.get(ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
    expect(error.body).toBe('');
    expect(body.pulled()).toBeLessThanOrEqual(8);
  });

  it('the default is 32 MiB; a bad value is a ConfigurationError', () => {
    const provider = gtateth({ apiKey: KEY });
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => new ConversationsClient({ provider, maxResponseBytes })).toThrow(ConfigurationError);
    }
  });

  it('a 33 MiB body is refused with the default limit', async () => {
    const body = streamed(33, 1024 * 1024);
    const error = await rejection(() => clientWith(() => body.response).conversations.get(ID));
    expect(error.message).toContain(`over maxResponseBytes (${32 * 1024 * 1024} bytes)`);
  });
});

describe('an error made from a huge body keeps only its excerpt', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };

  it('an 8 MB error body: the error holds well under a megabyte', async () => {
    const huge = 'x'.repeat(4 * 1024 * 1024);
    const text = JSON.stringify({ success: false, error: { code: 'INTERNAL_ERROR', message: huge, requestId: huge } });
    const client = clientWith(
      () => new Response(text, { status: 500, headers: { 'content-type': 'application/json' } }),
    );
    const before = heap();
    const errors: ApiError[] = [];
    for (let i = 0; i < 3; i++) errors.push(await rejection(() => client.conversations.get(ID)));
    const held = heap() - before;
    expect(errors[0]).toBeInstanceOf(ServerError);
    expect(errors[0]!.body!.length).toBeLessThanOrEqual(500);
    expect(errors[0]!.message.length).toBeLessThan(20_000);
    // Three errors, each made from an 8 MB body: a slice of it, in any field, would keep all of it alive.
    expect(held).toBeLessThan(1024 * 1024);
  });
});
