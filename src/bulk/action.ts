import type { Runtime } from '../core/dispatch.js';
import { ConfigurationError } from '../core/errors.js';
import type { Conversation, ConversationPatch } from '../model/types.js';
import type { CapabilitiesOf, Provider, ProviderContext } from '../spec/provider.js';

/** Each action a bulk job can take, by the operation it needs. */
export interface BulkActions {
  /** Assign each conversation to one user; `to: null` unassigns, where the API can. */
  'conversations.assign': {
    /** Assigns. */
    type: 'assign';
    /** The user's id, or `null` to unassign. */
    to: string | null;
  };
  /** Close each conversation. */
  'conversations.close': {
    /** Closes. */
    type: 'close';
  };
  /** Reopen each conversation. */
  'conversations.reopen': {
    /** Reopens. */
    type: 'reopen';
  };
  /** Move each conversation to one inbox. */
  'conversations.transfer': {
    /** Transfers. */
    type: 'transfer';
    /** The id of the inbox to move them to. */
    inboxId: string;
  };
  /** Apply one patch to each conversation, as {@link ConversationsResource.update} does. */
  'conversations.update': {
    /** Updates. */
    type: 'update';
    /** The fields to change. */
    patch: ConversationPatch;
  };
}

/** What a bulk job does to each conversation; for a provider, only the actions it has operations for. */
export type BulkAction<P extends Provider = Provider> = BulkActions[CapabilitiesOf<P> & keyof BulkActions];

const CAPABILITY = {
  assign: 'conversations.assign',
  close: 'conversations.close',
  reopen: 'conversations.reopen',
  transfer: 'conversations.transfer',
  update: 'conversations.update',
} as const satisfies { [T in BulkAction['type']]: keyof BulkActions };

/** The operation an action needs. */
export const capabilityOf = (action: BulkAction): keyof BulkActions => CAPABILITY[action.type];

const PATCH_FIELDS = ['status', 'priority', 'subject', 'assigneeId', 'inboxId'] as const;
const STATUSES = ['open', 'closed', 'pending'];
const PRIORITIES = ['low', 'medium', 'high', 'urgent'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

function onlyKeys(value: Record<string, unknown>, keys: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((key) => !keys.includes(key));
  if (extra.length) throw new ConfigurationError(`${what}: unknown field ${extra.map((k) => `'${k}'`).join(', ')}`);
}

/** Checks an action and returns a copy of it; a bad one is a `ConfigurationError`. */
export function checkAction(value: unknown): BulkAction {
  if (!isObject(value) || typeof value.type !== 'string' || !(value.type in CAPABILITY)) {
    throw new ConfigurationError(
      `bulk: action must be { type: ${Object.keys(CAPABILITY)
        .map((t) => `'${t}'`)
        .join(' | ')}, … }`,
    );
  }
  switch (value.type) {
    case 'assign':
      onlyKeys(value, ['type', 'to'], 'bulk: action assign');
      if (value.to !== null && !nonEmpty(value.to)) {
        throw new ConfigurationError('bulk: action assign needs `to`, a user id or null');
      }
      return { type: 'assign', to: value.to };
    case 'transfer':
      onlyKeys(value, ['type', 'inboxId'], 'bulk: action transfer');
      if (!nonEmpty(value.inboxId)) throw new ConfigurationError('bulk: action transfer needs `inboxId`');
      return { type: 'transfer', inboxId: value.inboxId };
    case 'update':
      onlyKeys(value, ['type', 'patch'], 'bulk: action update');
      return { type: 'update', patch: checkPatch(value.patch) };
    default:
      onlyKeys(value, ['type'], `bulk: action ${value.type}`);
      return { type: value.type as 'close' | 'reopen' };
  }
}

function checkPatch(value: unknown): ConversationPatch {
  if (!isObject(value)) throw new ConfigurationError('bulk: action update needs `patch`, an object');
  onlyKeys(value, PATCH_FIELDS, 'bulk: action update patch');
  const patch: ConversationPatch = {};
  const { status, priority, subject, assigneeId, inboxId } = value;
  if (status !== undefined) {
    if (typeof status !== 'string' || !STATUSES.includes(status)) {
      throw new ConfigurationError(`bulk: patch.status must be one of ${STATUSES.join(', ')}`);
    }
    patch.status = status as ConversationPatch['status'];
  }
  if (priority !== undefined) {
    if (typeof priority !== 'string' || !PRIORITIES.includes(priority)) {
      throw new ConfigurationError(`bulk: patch.priority must be one of ${PRIORITIES.join(', ')}`);
    }
    patch.priority = priority as ConversationPatch['priority'];
  }
  if (subject !== undefined) {
    if (typeof subject !== 'string') throw new ConfigurationError('bulk: patch.subject must be a string');
    patch.subject = subject;
  }
  if (assigneeId !== undefined) {
    if (assigneeId !== null && !nonEmpty(assigneeId)) {
      throw new ConfigurationError('bulk: patch.assigneeId must be a user id or null');
    }
    patch.assigneeId = assigneeId;
  }
  if (inboxId !== undefined) {
    if (!nonEmpty(inboxId)) throw new ConfigurationError('bulk: patch.inboxId must be an inbox id');
    patch.inboxId = inboxId;
  }
  if (Object.keys(patch).length === 0) throw new ConfigurationError('bulk: action update needs a non-empty patch');
  return patch;
}

/** What the action sets, as a patch of the unified fields. */
function patchOf(action: BulkAction): ConversationPatch {
  switch (action.type) {
    case 'assign':
      return { assigneeId: action.to };
    case 'close':
      return { status: 'closed' };
    case 'reopen':
      return { status: 'open' };
    case 'transfer':
      return { inboxId: action.inboxId };
    case 'update':
      return action.patch;
  }
}

/** The conversation as the action leaves it, as far as the unified fields tell. */
export function applied(c: Conversation, action: BulkAction): Conversation {
  const { status, priority, subject, assigneeId, inboxId } = patchOf(action);
  return {
    ...c,
    ...(status !== undefined ? { status } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(inboxId !== undefined ? { inboxId } : {}),
    ...(assigneeId !== undefined
      ? { assignees: assigneeId === null ? [] : [{ id: assigneeId, name: null, email: null }] }
      : {}),
  };
}

/** Whether the conversation already is what the action would make it; then there is nothing to write. */
export function reached(c: Conversation, action: BulkAction): boolean {
  const { status, priority, subject, assigneeId, inboxId } = patchOf(action);
  return (
    (status === undefined || c.status === status) &&
    (priority === undefined || c.priority === priority) &&
    (subject === undefined || c.subject === subject) &&
    (inboxId === undefined || c.inboxId === inboxId) &&
    (assigneeId === undefined ||
      (assigneeId === null ? c.assignees.length === 0 : c.assignees.length === 1 && c.assignees[0]?.id === assigneeId))
  );
}

/** The state an action reaches, in words, for a result's reason. */
export function describe(action: BulkAction): string {
  switch (action.type) {
    case 'assign':
      return action.to === null ? 'unassigned' : `assigned to ${action.to}`;
    case 'close':
      return 'closed';
    case 'reopen':
      return 'open';
    case 'transfer':
      return `in inbox ${action.inboxId}`;
    case 'update':
      return `as the patch sets it`;
  }
}

/**
 * Writes the action to one conversation, given as the object just read. An assignment is made on that
 * state as a precondition where the API can check it, so a change by someone else in between is refused.
 */
export function write(rt: Runtime, ctx: ProviderContext, ref: Conversation, action: BulkAction): Promise<unknown> {
  switch (action.type) {
    case 'assign':
      return rt.op('conversations.assign')(ctx, ref, action.to, { ifUnchanged: true });
    case 'close':
      return rt.op('conversations.close')(ctx, ref);
    case 'reopen':
      return rt.op('conversations.reopen')(ctx, ref);
    case 'transfer':
      return rt.op('conversations.transfer')(ctx, ref, action.inboxId);
    case 'update':
      return rt.op('conversations.update')(ctx, ref, action.patch);
  }
}
