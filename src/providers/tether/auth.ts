import { singleFlight } from '../../core/concurrency.js';
import type { Auth, ProviderContext } from '../../spec/provider.js';
import { loginResponse } from './wire.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A fixed token: a 401 is final, since there is nothing to renew it with. */
export function tokenAuth(token: string): Auth {
  const headers = bearer(token);
  return { headers: () => headers };
}

/**
 * Email and password: logs in on the first request, and again when the server refuses the token
 * (tokens expire). Every caller waiting for a token shares one login, so N concurrent first requests
 * cost one login, not N. `initial` starts from a token the caller already has.
 */
export function loginAuth(email: string, password: string, initial: string | null = null): Auth {
  let token = initial;
  const login = singleFlight(async (ctx: ProviderContext) => {
    const res = await ctx.request({
      method: 'POST',
      path: '/api/auth/login',
      body: { email, password },
      auth: false,
      secret: true,
      // A login changes nothing but issue a token (older ones stay valid), so a 5xx or a dropped
      // connection is retried like a read; a refused login (401) is final, as for every request.
      retrySafe: true,
      schema: loginResponse,
    });
    token = res.token;
    return res.token;
  });
  return {
    async headers(ctx) {
      return bearer(token ?? (await login(ctx)));
    },
    async refresh(ctx, refused) {
      // No token went out: the login itself failed, and logging in again would only repeat it.
      if (!refused.Authorization) return false;
      token = null;
      await login(ctx);
      return true;
    },
  };
}
