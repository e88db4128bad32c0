import type { Runtime } from '../core/dispatch.js';
import type { ListPromise, Page } from '../core/list.js';
import type { RequestOptions } from '../core/request-options.js';
import type { ListParams, User } from '../model/types.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

/** `client.users`: the team members of the provider's account (Heymarket). */
export interface UsersResource<P extends Provider = Provider> {
  /** Every team member, in one page: the ids {@link ConversationsResource.assign} takes. */
  list: Method<
    CapabilitiesOf<P>,
    'users.list',
    (params?: ListParams, options?: RequestOptions) => ListPromise<User, Page<User>>
  >;
}

export function usersResource(rt: Runtime): UsersResource {
  return {
    // The params go on as they are, so a `limit` or a start is refused (the list is one whole page).
    list: (params, options) =>
      rt.listFrom(
        'users.list',
        () => rt.op('users.list'),
        params,
        options,
        (given) => ({
          params: given as Record<string, never>,
        }),
      ),
  };
}
