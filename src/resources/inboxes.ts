import type { Runtime } from '../core/dispatch.js';
import type { ListPromise, Page } from '../core/list.js';
import type { RequestOptions } from '../core/request-options.js';
import type { Inbox, ListParams } from '../model/types.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

/** `client.inboxes`: the provider's shared inboxes (Heymarket). */
export interface InboxesResource<P extends Provider = Provider> {
  /** Every inbox of the team, in one page (`GET /v1/inboxes`). */
  list: Method<
    CapabilitiesOf<P>,
    'inboxes.list',
    (params?: ListParams, options?: RequestOptions) => ListPromise<Inbox, Page<Inbox>>
  >;
}

export function inboxesResource(rt: Runtime): InboxesResource {
  return {
    // The params go on as they are, so a `limit` or a start is refused (the list is one whole page).
    list: (params, options) =>
      rt.listFrom(
        'inboxes.list',
        () => rt.op('inboxes.list'),
        params,
        options,
        (given) => ({
          params: given as Record<string, never>,
        }),
      ),
  };
}
