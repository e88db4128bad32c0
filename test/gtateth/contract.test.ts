import { describe, expect, it } from 'vitest';
import { ConversationsClient, OffsetPage } from '../../src/index.js';
import { gtateth } from '../../src/providers/gtateth/index.js';
import { setup } from '../support/gtateth.js';

describe('G-Tateth: list', () => {
  it('returns the first page with offset metadata, in server order', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const page = await client.conversations.list({ limit: 10 });
    expect(page).toBeInstanceOf(OffsetPage);
    expect([page.page, page.limit, page.total, page.totalPages]).toEqual([1, 10, 30, 3]);
    expect(page.items.map((c) => c.id)).toEqual(
      fake
        .sorted()
        .slice(0, 10)
        .map((c) => c._id),
    );
    expect(fake.requests('GET /api/v1/conversations')[0]?.query.toString()).toBe('page=1&limit=10');
  });

  it('sends every server-side filter and applies the rest on the client', async () => {
    const { fake, client } = setup({ conversations: 120 });
    const sample = fake.sorted().find((c) => c.assignedTo && c.customerId && c.inboxId)!;
    const params = {
      status: sample.status as 'open',
      priority: sample.priority as 'low',
      assigneeId: sample.assignedTo!,
      inboxId: sample.inboxId!,
      contactId: sample.customerId!,
    };
    const items = await client.conversations.list(params).toArray();
    const expected = fake
      .sorted()
      .filter(
        (c) =>
          c.status === params.status &&
          c.priority === params.priority &&
          c.assignedTo === params.assigneeId &&
          c.inboxId === params.inboxId &&
          c.customerId === params.contactId,
      );
    expect(items.map((c) => c.id)).toEqual(expected.map((c) => c._id));
    const q = fake.requests('GET /api/v1/conversations')[0]!.query;
    expect(Object.fromEntries(q)).toEqual({
      status: params.status,
      priority: params.priority,
      assignedTo: params.assigneeId,
      inboxId: params.inboxId,
      customerId: params.contactId,
      page: '1',
      limit: '100', // no limit given: the largest page
    });
  });

  it('filters unassigned and several inboxes on the client', async () => {
    const { fake, client } = setup({ conversations: 80 });
    const inboxes = fake.inboxes.slice(0, 2);
    const items = await client.conversations.list({ assigneeId: null, inboxId: inboxes }).toArray();
    const expected = fake.sorted().filter((c) => c.assignedTo === null && inboxes.includes(c.inboxId!));
    expect(items.map((c) => c.id)).toEqual(expected.map((c) => c._id));
    expect(items.every((c) => c.assignees.length === 0)).toBe(true);
  });

  it('starts at `page`', async () => {
    const { fake, client } = setup({ conversations: 30 });
    const page = await client.conversations.list({ page: 3, limit: 10 });
    expect(page.page).toBe(3);
    expect(page.items.map((c) => c.id)).toEqual(
      fake
        .sorted()
        .slice(20, 30)
        .map((c) => c._id),
    );
    expect(page.hasNextPage()).toBe(false);
  });

  it('ends an empty list at once (totalPages 0)', async () => {
    const { client } = setup({ conversations: 0 });
    const page = await client.conversations.list();
    expect([page.items.length, page.total, page.totalPages, page.hasNextPage()]).toEqual([0, 0, 0, false]);
  });

  it('maps the plain-id variant', async () => {
    const { fake, client } = setup({ conversations: 40 });
    const record = fake.sorted().find((c) => c.assignedTo && c.customerId)!;
    const c = await client.conversations.get(record._id);
    expect(c).toMatchObject({
      id: record._id,
      provider: 'gtateth',
      status: record.status,
      priority: record.priority,
      channel: record.channel,
      subject: record.subject,
      contactId: record.customerId,
      inboxId: record.inboxId,
      assignees: [{ id: record.assignedTo, name: null, email: null }],
      target: null,
      unread: null,
      lastMessage: null,
    });
    expect(c.createdAt).toEqual(new Date(record.createdAt));
    expect(c.raw).toMatchObject({ _id: record._id, assignedTo: record.assignedTo });
  });

  it('maps the populated variant to the same unified object, with names', async () => {
    const { fake, client } = setup({ conversations: 40, populateAssignee: true, populateCustomer: true });
    const record = fake.sorted().find((c) => c.assignedTo && c.customerId)!;
    const user = fake.users.find((u) => u._id === record.assignedTo)!;
    const customer = fake.customers.find((u) => u._id === record.customerId)!;
    const [fromList] = (await client.conversations.list({ contactId: record.customerId!, assigneeId: user._id })).items;
    const fromGet = await client.conversations.get(record._id);
    for (const c of [fromList, fromGet]) {
      expect(c?.contactId).toBe(record.customerId);
      expect(c?.assignees).toEqual([{ id: user._id, name: user.name, email: user.email }]);
      expect(c?.target).toBe(customer.profile.email);
    }
  });

  it('maps populated customers whose profile fields are missing or null (§4)', async () => {
    const { fake, client } = setup({ conversations: 120, populateCustomer: true, sparseProfiles: 1 });
    const items = await client.conversations.list({ limit: 100 }).toArray();
    const byId = new Map(fake.customers.map((c) => [c._id, c]));
    const seen = { phoneFallback: 0, noTarget: 0, missing: 0, nulls: 0 };
    for (const c of items) {
      const record = fake.conversations.get(c.id)!;
      if (record.customerId === null) {
        expect([c.contactId, c.target]).toEqual([null, null]);
        continue;
      }
      const { profile } = byId.get(record.customerId)!;
      const raw = (c.raw as { customerId: { profile: Record<string, unknown> } }).customerId.profile;
      expect(raw).toEqual(profile); // sent as stored: missing stays missing, null stays null
      expect(c.contactId).toBe(record.customerId);
      expect(c.target).toBe(profile.email || profile.phone || null);
      if (!profile.email && profile.phone) seen.phoneFallback++;
      if (!profile.email && !profile.phone) seen.noTarget++;
      if (!('email' in raw)) seen.missing++;
      if (raw.email === null) seen.nulls++;
    }
    // The seeded data exercises every branch.
    for (const [branch, count] of Object.entries(seen)) expect(count, branch).toBeGreaterThan(0);
  });
});

describe('G-Tateth: writes', () => {
  it('creates with 201 and maps contactId to customerId', async () => {
    const { fake, client } = setup();
    const customer = fake.customers[0]!;
    const c = await client.conversations.create({
      subject: 'Hello',
      contactId: customer._id,
      channel: 'chat',
      priority: 'high',
    });
    expect(c).toMatchObject({
      subject: 'Hello',
      contactId: customer._id,
      channel: 'chat',
      priority: 'high',
      status: 'open',
    });
    expect(fake.conversations.get(c.id)).toMatchObject({ subject: 'Hello', source: 'api', assignedTo: null });
    expect(fake.requests('POST')[0]?.body).toEqual({
      subject: 'Hello',
      customerId: customer._id,
      channel: 'chat',
      priority: 'high',
    });
  });

  it('updates only the fields given, and null unassigns', async () => {
    const { fake, client, clock } = setup({ conversations: 20 });
    const record = fake.sorted().find((c) => c.assignedTo)!;
    clock.advance(5_000);
    const updated = await client.conversations.update(record._id, { subject: 'Renamed', assigneeId: null });
    expect(fake.requests('PUT')[0]?.body).toEqual({ subject: 'Renamed', assignedTo: null });
    expect(updated.subject).toBe('Renamed');
    expect(updated.assignees).toEqual([]);
    expect(fake.conversations.get(record._id)?.assignedTo).toBeNull();
    expect(updated.updatedAt.getTime()).toBe(clock.now());
  });

  it('assigns, closes and reopens, each idempotent', async () => {
    const { fake, client } = setup({ conversations: 10 });
    const record = fake.sorted()[0]!;
    const user = fake.users[1]!;
    await client.conversations.assign(record._id, user._id);
    expect(fake.conversations.get(record._id)?.assignedTo).toBe(user._id);
    await client.conversations.close(record._id);
    await client.conversations.close(record._id);
    expect(fake.conversations.get(record._id)?.status).toBe('closed');
    await client.conversations.reopen(record._id);
    await client.conversations.reopen(record._id);
    expect(fake.conversations.get(record._id)?.status).toBe('open');
    await client.conversations.assign(record._id, null);
    expect(fake.conversations.get(record._id)?.assignedTo).toBeNull();
  });

  it('accepts a Conversation as ref', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const c = await client.conversations.get(fake.sorted()[2]!._id);
    await client.conversations.close(c);
    expect(fake.conversations.get(c.id)?.status).toBe('closed');
  });

  it('an empty patch reads the conversation instead of sending an invalid PUT', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const id = fake.sorted()[0]!._id;
    const c = await client.conversations.update(id, {});
    expect(c.id).toBe(id);
    expect(fake.requests('PUT')).toHaveLength(0);
  });

  it.each(['204', '200'] as const)('deletes (a %s answer)', async (deleteResponse) => {
    const { fake, client } = setup({ conversations: 5, deleteResponse });
    const id = fake.sorted()[0]!._id;
    await client.conversations.delete(id);
    expect(fake.conversations.has(id)).toBe(false);
    expect(fake.requests('DELETE')[0]?.status).toBe(Number(deleteResponse));
  });

  it('a delete whose first attempt landed but failed counts the retried 404 as done', async () => {
    const { fake, client } = setup({ conversations: 5 });
    const id = fake.sorted()[0]!._id;
    fake.inject({ status: 500, when: 'after', route: 'DELETE' });
    await client.conversations.delete(id);
    expect(fake.conversations.has(id)).toBe(false);
    expect(fake.requests('DELETE').map((r) => r.status)).toEqual([500, 404]);
  });
});

describe('G-Tateth: auth', () => {
  it.each([
    ['bearer', 'authorization'],
    ['x-api-key', 'x-api-key'],
  ] as const)('sends the key with the %s style', async (authHeader, _header) => {
    const { fake, client } = setup({ conversations: 3 }, { authHeader });
    const seen: Array<string | null> = [];
    const original = fake.fetch;
    const spy: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push(authHeader === 'bearer' ? request.headers.get('authorization') : request.headers.get('x-api-key'));
      return original(request);
    };
    const c2 = new ConversationsClient({ provider: gtateth({ apiKey: fake.apiKey, authHeader }), fetch: spy });
    expect((await c2.conversations.list()).items).toHaveLength(3);
    expect(seen[0]).toBe(authHeader === 'bearer' ? `Bearer ${fake.apiKey}` : fake.apiKey);
    expect((await client.conversations.list()).items).toHaveLength(3);
  });
});
