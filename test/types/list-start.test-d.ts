import { describe, expectTypeOf, it } from 'vitest';
import { type ConversationListParams, ConversationsClient } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { heymarket } from '../../src/providers/heymarket/index.js';
import { tether } from '../../src/providers/tether/index.js';

const g = new ConversationsClient({ provider: gtateth({ apiKey: 'sk_test_x' }) });
const h = new ConversationsClient({ provider: heymarket({ apiKey: 'k', userId: 1 }) });
const t = new ConversationsClient({ provider: tether({ baseUrl: 'https://t.test', token: 't' }) });

describe("a list's start compiles only where the provider pages that way", () => {
  it('page on the offset list (G-Tateth), before on the date cursor (Heymarket), neither on Tether', () => {
    g.conversations.list({ page: 2, limit: 10, status: 'open' });
    h.conversations.list({ before: new Date(), inboxId: '101' });
    t.conversations.list({ contactId: 'c1', limit: 10 });
    // @ts-expect-error G-Tateth pages by number, not by date
    g.conversations.list({ before: new Date() });
    // @ts-expect-error Heymarket pages by date, not by number
    h.conversations.list({ page: 2 });
    // @ts-expect-error Tether's pages are neither numbered nor dated
    t.conversations.list({ page: 2 });
    // @ts-expect-error Tether's pages are neither numbered nor dated
    t.conversations.list({ before: '2026-01-15T00:00:00Z' });
  });

  it('a client of any provider takes either, and params typed ConversationListParams still fit every client', () => {
    const any: ConversationsClient = g;
    any.conversations.list({ page: 2 });
    any.conversations.list({ before: new Date() });
    const params: ConversationListParams = { status: 'open' };
    g.conversations.list(params);
    h.conversations.list(params);
    t.conversations.list(params);
    expectTypeOf(h.conversations.list).parameter(0).not.toHaveProperty('page');
  });
});
