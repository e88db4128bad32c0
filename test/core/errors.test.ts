import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';

const init = { status: 418, code: 'teapot', message: 'short and stout', requestId: 'req_1' };

describe('error classes', () => {
  it('every exported error names itself as exported, whatever a minifier does to class names', () => {
    const classes = Object.entries(sdk).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    ) as Array<[string, new (...args: never[]) => Error]>;
    expect(classes.length).toBe(17); // AbortError and PreconditionFailedError included
    for (const [exported, Class] of classes) {
      const error = new (Class as unknown as new (a: unknown, b?: unknown, c?: unknown) => Error)(init, 'x', null);
      expect(error.name).toBe(exported);
      expect(error).toBeInstanceOf(sdk.ConversationsError);
      expect(JSON.parse(JSON.stringify(error)).name).toBe(exported);
    }
  });

  it('apiErrorFor picks the class by status', () => {
    const { ApiError, NotFoundError, RateLimitError, ServerError } = sdk;
    expect(new NotFoundError({ ...init, status: 404 })).toBeInstanceOf(ApiError);
    const e = new RateLimitError({ ...init, status: 429, retryAfterMs: 5 });
    expect([e.status, e.code, e.requestId, e.retryAfterMs]).toEqual([429, 'teapot', 'req_1', 5]);
    expect(new ServerError({ ...init, status: 503, body: 'x'.repeat(900) }).body).toHaveLength(500);
  });

  it('a 422 is a BadRequestError too, so one catch covers validation however the server answers it', () => {
    const error = new sdk.UnprocessableEntityError({ ...init, status: 422, code: 'VALIDATION_ERROR' });
    expect(error).toBeInstanceOf(sdk.UnprocessableEntityError);
    expect(error).toBeInstanceOf(sdk.BadRequestError);
    expect(error.name).toBe('UnprocessableEntityError');
  });
});
