import {
  type BulkAction,
  type BulkJob,
  type BulkJobOptions,
  type BulkReassignOptions,
  bulkJob,
} from '../bulk/index.js';
import type { Runtime } from '../core/dispatch.js';
import type { CapabilitiesOf, Provider } from '../spec/provider.js';
import type { Method } from './method.js';

/**
 * `client.bulk`: jobs that act on every conversation matching a filter, paced through the client's rate gate,
 * re-checking each conversation before writing it, resumable from a {@link BulkCheckpoint}.
 */
export interface BulkResource<P extends Provider = Provider> {
  /**
   * A job that writes `action` to every conversation matching `filter`, until none is left.
   *
   * @example
   * const summary = await client.bulk.run({ filter: { status: 'open', inboxId: '101' }, action: { type: 'close' } });
   */
  // Generic in the action, so a client of one provider (whose actions are fewer) still fits where any
  // client is accepted, as with every other resource, while a call is checked against its provider.
  run: Method<
    CapabilitiesOf<P>,
    'conversations.list',
    <A extends BulkAction<P>>(options: BulkJobOptions & { action: A }) => BulkJob
  >;
  /**
   * `run({ action: { type: 'assign', to } })`: assigns every conversation matching `filter` to `to`.
   *
   * @example
   * for await (const r of client.bulk.reassign({ filter: { inboxId: '101', status: 'open', assigneeId: '55' }, to: '72' })) {
   *   console.log(r.id, r.outcome, r.reason ?? '');
   * }
   */
  reassign: Method<CapabilitiesOf<P>, 'conversations.assign', (options: BulkReassignOptions) => BulkJob>;
}

export function bulkResource(rt: Runtime): BulkResource {
  return {
    run: (options) => bulkJob(rt, { run: options }),
    reassign: (options) => bulkJob(rt, { reassign: options }),
  };
}
