import type { Auth, ProviderContext } from '../provider.js';
import { loginResponse } from './wire.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A fixed token: a 401 is final, since there is nothing to renew it with (D2). */
export function tokenAuth(token: string): Auth {
  const headers = bearer(token);
  return { headers: () => headers };
}

/**
 * Email and password: logs in on the first request, and again once when the server refuses the token.
 * Every caller waiting for a token shares one login, so N concurrent requests after expiry cost one
 * login, not N (trap 13). `initial` starts from a token the caller already has.
 */
export function loginAuth(email: string, password: string, initial: string | null = null): Auth {
  let token = initial;
  let pending: Promise<string> | null = null;

  const login = (ctx: ProviderContext): Promise<string> => {
    pending ??= ctx
      .request({
        method: 'POST',
        path: '/api/auth/login',
        body: { email, password },
        auth: false,
        secret: true,
        // §7 retries only GETs and the conversation PUT; a failed login surfaces and the next call logs in.
        idempotent: false,
        schema: loginResponse,
      })
      .then((res) => {
        token = res.token;
        return res.token;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  return {
    async headers(ctx) {
      return bearer(pending ? await pending : (token ?? (await login(ctx))));
    },
    async refresh(ctx, refused) {
      const sent = refused.Authorization?.replace(/^Bearer /, '');
      // No token went out: the login itself failed, and logging in again would only repeat it.
      if (!sent) return false;
      // Only the first refusal of the current token logs in; later ones resend with whatever is newer.
      if (sent === token) {
        token = null;
        await login(ctx);
      } else if (pending) {
        await pending;
      }
      return true;
    },
  };
}
