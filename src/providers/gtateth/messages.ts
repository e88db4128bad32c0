/**
 * G-Tateth's public API has no message endpoints (a request to `/api/v1/messages` is a 404), so the
 * provider has no `messages.*` operations and a client built with it cannot call them.
 */
export const messageOperations = {};
