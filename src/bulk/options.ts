import * as z from 'zod/mini';
import { ConfigurationError } from '../core/errors.js';
import { clientFiltersSchema, FILTERS } from '../core/filters.js';
import { integer } from '../core/request-options.js';
import { describeIssue } from '../core/schema.js';
import type { ConversationListParams } from '../model/types.js';
import type { ListFilter, Provider } from '../spec/provider.js';
import { type BulkAction, checkAction } from './action.js';
import { type BulkCheckpoint, fingerprint, readCheckpoint } from './checkpoint.js';

/** Which conversations a job acts on: the filters of `conversations.list`, without paging. */
export type BulkFilter = Pick<ConversationListParams, ListFilter>;

/** What every bulk job takes besides its action. */
export interface BulkJobOptions {
  /** The conversations to act on; `{}` is every conversation the client can list. */
  filter: BulkFilter;
  /** Conversations worked on at once. Default 4. */
  concurrency?: number;
  /** List and report `planned` for each match; send no write. */
  dryRun?: boolean;
  /** Aborts the job: no new write starts, those in flight settle, and the summary says `aborted`. */
  signal?: AbortSignal;
  /** A checkpoint of an earlier run of the same job: resumes it, redoing nothing settled. */
  checkpoint?: BulkCheckpoint;
  /** Called with a fresh checkpoint each time conversations settle; save it to resume after a crash. */
  onCheckpoint?: (checkpoint: BulkCheckpoint) => void;
}

/** The options of {@link BulkResource.run}: which conversations, and what to do to each. */
export interface BulkOptions<P extends Provider = Provider> extends BulkJobOptions {
  /** What to do to each matching conversation; only the actions the provider has operations for. */
  action: BulkAction<P>;
}

/** The options of {@link BulkResource.reassign}: which conversations, and who gets them. */
export interface BulkReassignOptions extends BulkJobOptions {
  /** The user to assign to; `null` unassigns, where the API can. */
  to: string | null;
}

/** A job's options, checked. */
export interface JobSpec {
  filter: BulkFilter;
  action: BulkAction;
  concurrency: number;
  dryRun: boolean;
  signal: AbortSignal | undefined;
  checkpoint: BulkCheckpoint | null;
  onCheckpoint: ((checkpoint: BulkCheckpoint) => void) | undefined;
  /** The fingerprint checkpoints carry. */
  job: string;
}

const PAGING = ['limit', 'page', 'before', 'cursor'];
const JOB_OPTIONS = ['filter', 'concurrency', 'dryRun', 'signal', 'checkpoint', 'onCheckpoint'];
const MAX_CONCURRENCY = 64;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkFilter(value: unknown): BulkFilter {
  if (!isObject(value)) {
    throw new ConfigurationError('bulk: filter is required, an object of list filters ({} for every conversation)');
  }
  for (const key of Object.keys(value)) {
    if (PAGING.includes(key)) {
      throw new ConfigurationError(
        `bulk: filter takes no '${key}': a job lists from the start on its own and resumes from its checkpoint`,
      );
    }
    if (!(FILTERS as readonly string[]).includes(key)) {
      throw new ConfigurationError(`bulk: unknown filter '${key}' (filters: ${FILTERS.join(', ')})`);
    }
  }
  const read = z.safeParse(clientFiltersSchema, value);
  if (!read.success) throw new ConfigurationError(`bulk: bad filter (${describeIssue(read.error)})`);
  const filter: Record<string, unknown> = {};
  for (const key of FILTERS) if (read.data[key] !== undefined) filter[key] = read.data[key];
  const { inboxId, contactId, channel } = read.data;
  if (Array.isArray(inboxId) && inboxId.length === 0) {
    throw new ConfigurationError('bulk: filter.inboxId is an empty list, which matches nothing');
  }
  for (const [name, id] of [
    ['inboxId', inboxId],
    ['contactId', contactId],
    ['channel', channel],
    ['assigneeId', read.data.assigneeId],
  ] as const) {
    const ids = Array.isArray(id) ? id : [id];
    if (ids.some((v) => v === '')) throw new ConfigurationError(`bulk: filter.${name} is empty`);
  }
  return filter as BulkFilter;
}

/**
 * The filter as the fingerprint sees it: `inboxId` is a set (any of these inboxes), so its order and
 * repeats do not make another job, and a list of one is that one id. Filters take no other list.
 */
function asSets(filter: BulkFilter): BulkFilter {
  const { inboxId } = filter;
  if (!Array.isArray(inboxId)) return filter;
  const ids = [...new Set(inboxId)].sort();
  return { ...filter, inboxId: ids.length === 1 ? (ids[0] as string) : ids };
}

/** Checks a job's options before anything is sent; a bad one is a `ConfigurationError`. */
export function checkJob(provider: string, options: BulkOptions): JobSpec {
  if (!isObject(options)) throw new ConfigurationError('bulk: options are required: { filter, action, … }');
  const unknown = Object.keys(options).filter((key) => key !== 'action' && !JOB_OPTIONS.includes(key));
  if (unknown.length) throw new ConfigurationError(`bulk: unknown option ${unknown.map((k) => `'${k}'`).join(', ')}`);
  const filter = checkFilter(options.filter);
  const action = checkAction(options.action);
  const concurrency = integer(options.concurrency, 'bulk: concurrency', 4, 1, MAX_CONCURRENCY);
  const { dryRun = false, signal, onCheckpoint } = options;
  if (typeof dryRun !== 'boolean') throw new ConfigurationError('bulk: dryRun must be a boolean');
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    throw new ConfigurationError('bulk: signal must be an AbortSignal');
  }
  if (onCheckpoint !== undefined && typeof onCheckpoint !== 'function') {
    throw new ConfigurationError('bulk: onCheckpoint must be a function');
  }
  const job = fingerprint(provider, asSets(filter), action, dryRun);
  // Checkpoints saved before inboxes were fingerprinted as a set carry the list in the order given.
  const earlier = fingerprint(provider, filter, action, dryRun);
  const checkpoint =
    options.checkpoint === undefined
      ? null
      : readCheckpoint(options.checkpoint, job === earlier ? [job] : [job, earlier]);
  return { filter, action, concurrency, dryRun, signal, checkpoint, onCheckpoint, job };
}

/** `reassign({ to, … })` is `run({ action: { type: 'assign', to }, … })`. */
export function reassignJob(options: BulkReassignOptions): BulkOptions {
  if (!isObject(options)) throw new ConfigurationError('bulk: options are required: { filter, to, … }');
  if ('action' in options) throw new ConfigurationError('bulk: reassign takes `to`, not `action` (see bulk.run)');
  if (!('to' in options)) throw new ConfigurationError('bulk: reassign needs `to`, a user id or null');
  const { to, ...rest } = options;
  return { ...rest, action: { type: 'assign', to } };
}
