import type { ClientOptions, ConversationsClient } from '../../src/index.js';
import type { FakeServer } from '../../src/testing/index.js';

/** The state of one conversation in a fake's store, in unified terms. */
export interface StoredConversation {
  status: 'open' | 'closed' | (string & {});
  assigneeIds: string[];
}

/** One provider's fake and client, set up for the cross-provider scenarios. */
export interface ConformanceEnv {
  client: ConversationsClient;
  fake: FakeServer;
  /** Ids a full `list()` walk must yield (each once), as the store holds them now. */
  visibleIds(): string[];
  /** The store's view of a conversation; null when it does not exist. */
  stored(id: string): StoredConversation | null;
  /** Users a conversation can be assigned to. */
  assignableUserIds(id: string): string[];
  /** An id of the provider's id format that does not exist. */
  missingId: string;
}

export interface ConformanceTarget {
  name: string;
  /** Whether `assign(ref, null)` can unassign on this API. */
  canUnassign: boolean;
  /**
   * A fresh fake seeded with about `conversations` conversations (a mix of open and closed, assigned
   * and not) and a client on it built with `clientOptions` (fetch is the fake's).
   */
  setup(options: { conversations: number; seed: number; clientOptions?: Partial<ClientOptions> }): ConformanceEnv;
}
