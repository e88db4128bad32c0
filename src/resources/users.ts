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
    list: (params = {}, options) => rt.list('users.list', () => rt.op('users.list'), {}, params.cursor, null, options),
  };
}
