import type { itemResponse, listResponse } from '../../providers/gtateth/wire.js';
import { json, type WireOf } from '../fake-server.js';
import { offsetParams } from '../lists.js';
import { type RouteCall, RouteTable } from '../routes.js';
import { isHex24, isObject } from '../validate.js';
import type { FakeGTateth } from './index.js';
import { CHANNELS, type GTatethConversationRecord, PRIORITIES, STATUSES } from './store.js';

/** What a route handler gets: the fake, and a request that passed authentication and the rate limit. */
export type GTatethCall = RouteCall<FakeGTateth>;

/** The conversation routes; GET needs `read:conversations`, every other method `write:conversations`. */
export const routes = new RouteTable<GTatethCall>()
  .on('GET /api/v1/conversations', list)
  .on('POST /api/v1/conversations', create)
  .on('GET /api/v1/conversations/:id', ({ fake }, { id }) => get(fake, id))
  .on('PUT /api/v1/conversations/:id', (call, { id }) => update(call, id))
  .on('DELETE /api/v1/conversations/:id', ({ fake }, { id }) => remove(fake, id));

const UPDATABLE = ['subject', 'status', 'priority', 'assignedTo'] as const;

function invalid(fake: FakeGTateth, field: string, message: string, validation?: string): Response {
  return fake.error(400, 'VALIDATION_ERROR', message, { field, ...(validation ? { validation } : {}) });
}

function notFound(fake: FakeGTateth): Response {
  return fake.error(404, 'NOT_FOUND', 'Conversation not found');
}

/** The conversation a path id names; an id that is not 24-hex names none. */
function find(fake: FakeGTateth, id: string): GTatethConversationRecord | undefined {
  return isHex24(id) ? fake.conversations.get(id) : undefined;
}

function item(fake: FakeGTateth, status: number, record: GTatethConversationRecord): Response {
  const body: WireOf<typeof itemResponse> = { success: true, data: fake.toWire(record) };
  return json(status, body);
}

function list({ fake, req }: GTatethCall): Response {
  const q = req.query;
  const filters: Array<[keyof GTatethConversationRecord, string]> = [];
  for (const [param, values] of [
    ['status', STATUSES],
    ['priority', PRIORITIES],
  ] as const) {
    const v = q.get(param);
    if (v === null) continue;
    if (!values.includes(v)) return invalid(fake, param, `${param} must be one of ${values.join(', ')}`);
    filters.push([param, v]);
  }
  for (const param of ['assignedTo', 'inboxId', 'customerId'] as const) {
    const v = q.get(param);
    if (v === null) continue;
    if (!isHex24(v)) return invalid(fake, param, `${param} must be a valid id`);
    filters.push([param, v]);
  }
  const paging = offsetParams(q, 'limit', 50);
  if ('param' in paging) return invalid(fake, paging.param, paging.message, paging.rule);
  const { page, size: limit } = paging;
  const { rows, total } = fake.listPage(filters, page, limit);
  const body: WireOf<typeof listResponse> = {
    success: true,
    data: rows.map((c) => fake.toWire(c)),
    pagination: { total, page, limit, totalPages: Math.ceil(total / limit) },
  };
  return json(200, body);
}

function get(fake: FakeGTateth, id: string): Response {
  const record = find(fake, id);
  return record ? item(fake, 200, record) : notFound(fake);
}

function create({ fake, req }: GTatethCall): Response {
  const body = req.body;
  if (!isObject(body)) return invalid(fake, 'body', 'Request body must be a JSON object');
  // A subject must be non-empty; whitespace counts as a subject.
  if (typeof body.subject !== 'string' || body.subject === '') return invalid(fake, 'subject', 'subject is required');
  const refs: Record<'customerId' | 'inboxId', string | null> = { customerId: null, inboxId: null };
  for (const [field, pool] of [
    ['customerId', fake.customers.map((c) => c._id)],
    ['inboxId', fake.inboxes],
  ] as const) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (!isHex24(v)) return invalid(fake, field, `${field} must be a valid id`);
    if (!pool.includes(v)) return invalid(fake, field, `Unknown ${field}`);
    refs[field] = v;
  }
  if (refs.customerId === null && refs.inboxId === null) {
    return invalid(fake, 'customerId', 'customerId or inboxId is required');
  }
  const channel = body.channel ?? 'email';
  if (typeof channel !== 'string' || !CHANNELS.includes(channel)) {
    return invalid(fake, 'channel', `channel must be one of ${CHANNELS.join(', ')}`);
  }
  const priority = body.priority ?? 'medium';
  if (typeof priority !== 'string' || !PRIORITIES.includes(priority)) {
    return invalid(fake, 'priority', `priority must be one of ${PRIORITIES.join(', ')}`);
  }
  return item(fake, 201, fake.insert({ subject: body.subject, ...refs, channel, priority }));
}

function update({ fake, req }: GTatethCall, id: string): Response {
  const body = req.body;
  if (!isObject(body)) return invalid(fake, 'body', 'Request body must be a JSON object');
  // A body naming none of the fields is refused, which catches misspelt ones.
  if (!UPDATABLE.some((f) => f in body)) {
    return invalid(fake, 'body', 'Provide at least one of subject, status, priority, assignedTo');
  }
  const { subject, status, priority, assignedTo } = body;
  if ('subject' in body && (typeof subject !== 'string' || subject === '')) {
    return invalid(fake, 'subject', 'subject must be a non-empty string');
  }
  if ('status' in body && !(typeof status === 'string' && STATUSES.includes(status))) {
    return invalid(fake, 'status', `status must be one of ${STATUSES.join(', ')}`);
  }
  if ('priority' in body && !(typeof priority === 'string' && PRIORITIES.includes(priority))) {
    return invalid(fake, 'priority', `priority must be one of ${PRIORITIES.join(', ')}`);
  }
  if ('assignedTo' in body && assignedTo !== null) {
    if (!isHex24(assignedTo)) return invalid(fake, 'assignedTo', 'assignedTo must be a valid id or null');
    if (!fake.users.some((u) => u._id === assignedTo)) return invalid(fake, 'assignedTo', 'Unknown user');
  }
  const record = find(fake, id);
  if (!record) return notFound(fake);
  const changes: Partial<Pick<GTatethConversationRecord, (typeof UPDATABLE)[number]>> = {};
  if (typeof subject === 'string') changes.subject = subject;
  if (typeof status === 'string') changes.status = status;
  if (typeof priority === 'string') changes.priority = priority;
  if ('assignedTo' in body) changes.assignedTo = typeof assignedTo === 'string' ? assignedTo : null;
  // Only a change moves `updatedAt`.
  if (UPDATABLE.some((field) => changes[field] !== undefined && changes[field] !== record[field])) {
    Object.assign(record, changes);
    record.updatedAt = fake.clock.now();
  }
  return item(fake, 200, record);
}

function remove(fake: FakeGTateth, id: string): Response {
  const record = find(fake, id);
  if (!record) return notFound(fake);
  fake.conversations.delete(id);
  return fake.options.deleteResponse === '200'
    ? json(200, { success: true, data: null })
    : new Response(null, { status: 204 });
}
