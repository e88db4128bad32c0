import type { ConversationRef } from '../../model/types.js';

/** The conversation id of a ref (an id string or a conversation). */
export const refId = (ref: ConversationRef): string => (typeof ref === 'string' ? ref : ref.id);
