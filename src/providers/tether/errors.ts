import type { ErrorDetails } from '../../spec/provider.js';
import { errorEnvelope } from '../kit/body.js';

/** Three body shapes on one host: `error` may be a string, an object with `code` and `message`, or absent. */
export function parseError(_status: number, body: unknown): ErrorDetails {
  return errorEnvelope(body);
}
