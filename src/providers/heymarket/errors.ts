import type { ErrorDetails } from '../../spec/provider.js';
import { at, str } from '../kit/body.js';

/** `{"error": code, "message": text}`; an HTML error page keeps neither, and the status decides. */
export function parseError(_status: number, body: unknown): ErrorDetails {
  return { code: str(at(body, 'error')), message: str(at(body, 'message')) };
}
