import type { Runtime } from '../core/dispatch.js';
import type { ListPromise, Page } from '../core/list.js';
import type { ListParams, User } from '../model/types.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

export interface UsersResource<P extends Provider = Provider> {
  list: Method<CapabilitiesOf<P>, 'users.list', (params?: ListParams) => ListPromise<User, Page<User>>>;
}

export function usersResource(rt: Runtime): UsersResource {
  return {
    list: (params = {}) => rt.list('users.list', () => rt.op('users.list'), {}, params.cursor, null),
  };
}
