import type { ListPromise, Page } from '../core/pagination.js';
import type { ListParams, User } from '../model/types.js';
import type { Capability } from '../providers/provider.js';
import type { Method } from './conversations.js';
import type { Runtime } from './runtime.js';

export interface UsersResource<C extends Capability = Capability> {
  list: Method<C, 'users.list', (params?: ListParams) => ListPromise<User, Page<User>>>;
}

export function usersResource(rt: Runtime): UsersResource {
  return {
    list: (params: ListParams = {}) => rt.list<User, ListParams>('users.list', params, null, undefined),
  } as UsersResource;
}
