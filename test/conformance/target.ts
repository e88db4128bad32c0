import type { ConversationCreateInput, ConversationsClient } from '../../src/index.js';
import type { FakeServer } from '../../src/testing/index.js';
import type { SupportClientOptions } from '../support/index.js';

/** The state of one conversation in a fake's store, in unified terms (as the provider's map.ts maps it). */
export interface StoredConversation {
  status: 'open' | 'closed' | (string & {});
  assigneeIds: string[];
  /** null where the API has no inboxes. */
  inboxId: string | null;
  /** Lower-case, as the unified `channel`. */
  channel: string | null;
  /** null where the API has no priority. */
  priority: string | null;
  /** null where the API has no subject. */
  subject: string | null;
  /** Unread for the acting user, as a list reports it; null where the API exposes no read state. */
  unread: boolean | null;
}

/** Unified fields some APIs lack (always null there), so filters on them can only be checked where they exist. */
export type OptionalField = 'inboxId' | 'channel' | 'priority' | 'unread';

/** A fault's route: a `METHOD /path` prefix or a pattern on it (see `Fault.route`). */
export type Route = string | RegExp;

/** One provider's fake and client, set up for the cross-provider scenarios. */
export interface ConformanceEnv {
  client: ConversationsClient;
  fake: FakeServer;
  /** Ids a full `list()` walk must yield (each once), as the store holds them now. */
  visibleIds(): string[];
  /** The store's view of a conversation; null when it does not exist. */
  stored(id: string): StoredConversation | null;
  /** Conversations in the store, visible or not. */
  conversationCount(): number;
  /** Messages the store holds for a conversation (providers with messages). */
  messageCount?(id: string): number;
  /** Users a conversation can be assigned to. */
  assignableUserIds(id: string): string[];
  /** An id of the provider's id format that does not exist. */
  missingId: string;
  /** A valid `create` input on this fake (providers with `conversations.create`). */
  createInput?: ConversationCreateInput;
  /**
   * Another client on the same fake (same clock) whose credential the server refuses, and that credential
   * as it could leak (the key or token itself).
   */
  refusedClient(clientOptions?: SupportClientOptions): { client: ConversationsClient; credential: string };
}

export interface ConformanceTarget {
  name: string;
  /** Whether `assign(ref, null)` can unassign on this API. */
  canUnassign: boolean;
  /** Which of the optional unified fields this API carries (the others are null on every conversation). */
  fields: readonly OptionalField[];
  /** What `update(ref, patch)` can change; every other field is an `UnsupportedOperationError`. */
  updatable: { statuses: readonly ('open' | 'closed' | 'pending')[]; priority: boolean; subject: boolean };
  /** Error codes verbatim as the fake sends them; null where that error body carries no code. */
  codes: { unauthorized: string | null; notFound: string | null; rateLimited: string | null };
  /** The shape of a 404's request id (body or header); null when the API sends none. */
  requestId: RegExp | null;
  /** The wait (ms) the fake's 429 asks for (header or body); null when it asks for none. */
  rateLimitWaitMs: number | null;
  /** Routes the scenarios aim faults at. */
  routes: { get: Route; list: Route; create?: Route; send?: Route };
  /** Whether `messages.send` without an idempotency key is retried on a 5xx (the provider sends one itself). */
  sendRetriedOn5xx: boolean;
  /**
   * A fresh fake seeded with about `conversations` conversations (a mix of open and closed, assigned
   * and not) and a client on it built with `clientOptions` (fetch is the fake's). A `clientOptions.clock`
   * is shared with the fake; without one, fake and client share a fresh virtual clock.
   */
  setup(options: { conversations: number; seed: number; clientOptions?: SupportClientOptions }): ConformanceEnv;
}
