import type { ListPromise, Page } from '../core/pagination.js';
import type { Inbox, ListParams } from '../model/types.js';
import type { Capability } from '../providers/provider.js';
import type { Method } from './conversations.js';
import type { Runtime } from './runtime.js';

export interface InboxesResource<C extends Capability = Capability> {
  list: Method<C, 'inboxes.list', (params?: ListParams) => ListPromise<Inbox, Page<Inbox>>>;
}

export function inboxesResource(rt: Runtime): InboxesResource {
  return {
    list: (params: ListParams = {}) => rt.list<Inbox, ListParams>('inboxes.list', params, null, undefined),
  } as InboxesResource;
}
