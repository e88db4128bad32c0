import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGTateth, createFakeHeymarket, createFakeTether, type FakeGTateth } from '../../src/testing/index.js';
import { builtCli, gtatethEnv, heymarketEnv, jsonl, run, served, start, tetherEnv } from './support.js';

let cli = '';
beforeAll(() => {
  cli = builtCli();
}, 120_000);

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function gtatethServed(options: Parameters<typeof createFakeGTateth>[0]) {
  const server = await served(createFakeGTateth({ rateLimit: { limit: 1e9, windowSeconds: 3600 }, ...options }));
  open.push(server.close);
  return { fake: server.fake, env: gtatethEnv(server.fake, server.url) };
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field === '' && row.length === 0, 'the text ends with a record separator').toBe(true);
  return rows;
}

const openIds = (fake: FakeGTateth) =>
  [...fake.conversations.values()].filter((c) => c.status === 'open').map((c) => c._id);

describe('list', () => {
  it('jsonl: one unified conversation per line, every match once; --max stops early', async () => {
    const { fake, env } = await gtatethServed({ conversations: 40, seed: 2 });
    const all = await run(cli, ['list'], env);
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('');
    const lines = jsonl(all.stdout);
    expect(lines.map((c) => c.id).sort()).toEqual([...fake.conversations.keys()].sort());
    expect(lines[0]).toMatchObject({ provider: 'gtateth', status: expect.any(String), assignees: expect.any(Array) });
    expect(lines[0]).not.toHaveProperty('raw');

    const filtered = await run(cli, ['list', '--status', 'open'], env);
    expect(
      jsonl(filtered.stdout)
        .map((c) => c.id)
        .sort(),
    ).toEqual(openIds(fake).sort());

    const three = await run(cli, ['list', '--max', '3'], env);
    expect(jsonl(three.stdout)).toHaveLength(3);
    expect(three.code).toBe(0);
  });

  it('csv: a header, then one quoted-where-needed record per conversation', async () => {
    const { fake, env } = await gtatethServed({ conversations: 12, seed: 4 });
    const tricky = [...fake.conversations.values()][5]!;
    tricky.subject = 'Refund, "urgent"\nsecond line';
    const r = await run(cli, ['list', '--format', 'csv'], env);
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual([
      'id',
      'provider',
      'status',
      'channel',
      'subject',
      'priority',
      'contactId',
      'target',
      'inboxId',
      'assigneeIds',
      'assigneeNames',
      'unread',
      'lastMessageText',
      'lastMessageAt',
      'messageCount',
      'createdAt',
      'updatedAt',
    ]);
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.length === header!.length)).toBe(true);
    const row = rows.find((cells) => cells[0] === tricky._id)!;
    expect(row[4]).toBe('Refund, "urgent"\nsecond line');
    expect(r.stdout).toContain('"Refund, ""urgent""\nsecond line"');
  });

  it('table: a header and one line per conversation, control characters flattened', async () => {
    const { fake, env } = await gtatethServed({ conversations: 6, seed: 5 });
    [...fake.conversations.values()][0]!.subject = 'two\nlines';
    const r = await run(cli, ['list', '--format', 'table'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+CHANNEL\s+INBOX\s+ASSIGNEE\s+UPDATED\s+SUBJECT$/);
    expect(lines).toHaveLength(7);
    expect(r.stdout).toContain('two lines');
  });

  it('streams: a reader that stops reading stops the walk (pages are not collected), then it finishes', async () => {
    const { fake, env } = await gtatethServed({ conversations: 5000, seed: 6 });
    const pages = (n = fake.requests('GET /api/v1/conversations').length) => n;
    const job = start(cli, ['list'], env);
    job.child.stdout!.pause();
    // Until the pipe and the process's buffer are full, pages are fetched; then the walk waits.
    for (let i = 0, before = -1; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (pages() > 0 && pages() === before) break;
      before = pages();
    }
    expect(pages()).toBeGreaterThan(0);
    expect(pages()).toBeLessThan(25); // of the 50 pages (100 conversations each, the largest page) a full walk takes
    job.child.stdout!.resume();
    const r = await job.done;
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toHaveLength(5000);
    expect(pages()).toBeGreaterThanOrEqual(50);
  });

  it('SIGINT or SIGTERM stops the walk with status 130; a reader that goes away ends it quietly with 0', async () => {
    const { env } = await gtatethServed({ conversations: 3000, seed: 7, latency: 40 });
    const job = start(cli, ['list'], env);
    await job.lines(1);
    job.child.kill('SIGINT');
    const r = await job.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped by SIGINT after \d+ conversations/);
    expect(jsonl(r.stdout).length).toBeLessThan(3000);

    const term = start(cli, ['list'], env);
    await term.lines(1);
    term.child.kill('SIGTERM');
    const t = await term.done;
    expect(t.code).toBe(130);
    expect(t.stderr).toMatch(/stopped by SIGTERM/);

    const head = start(cli, ['list'], env);
    await head.lines(1);
    head.child.stdout!.destroy(); // as `| head -1` does
    const h = await head.done;
    expect(h.code).toBe(0);
    expect(h.stderr).toBe('');
  });

  it('--debug logs each attempt on stderr, and no credential (the run fails if a secret shows anywhere)', async () => {
    const gt = await served(createFakeGTateth({ conversations: 10 }));
    const hm = await served(createFakeHeymarket({ conversations: 10 }));
    const te = await served(createFakeTether({ conversations: 10 }));
    open.push(gt.close, hm.close, te.close);
    const envs = [gtatethEnv(gt.fake, gt.url), heymarketEnv(hm.fake, hm.url), tetherEnv(te.fake, te.url)];
    for (const env of envs) {
      const r = await run(cli, ['list', '--debug', '--max', '2'], env);
      expect(r.code).toBe(0);
      expect(jsonl(r.stdout)).toHaveLength(2);
      expect(r.stderr).toMatch(/^conversations-sdk: (GET|POST) \/\S+ 200 in \d+ ms \(attempt 1/m);
    }
  });
});
