import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeGTateth, createFakeHeymarket, createFakeTether } from '../../src/testing/index.js';
import { builtCli, cleanEnv, expectUsageError, jsonl, run, start } from './support.js';

let cli = '';
beforeAll(() => {
  cli = builtCli();
}, 120_000);

/** `export NAME=value` lines as a POSIX shell reads them (bare or single-quoted values). */
function exportsOf(lines: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of lines) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2] as string;
    vars[m[1] as string] = raw.startsWith("'") ? raw.slice(1, -1).replaceAll(`'\\''`, "'") : raw;
  }
  return vars;
}

/** How many conversations `list` should print: what the acting user sees in a fake seeded the same way. */
const expected = {
  heymarket: () => createFakeHeymarket({ seed: 3, conversations: 12 }).visibleTo().length,
  gtateth: () => createFakeGTateth({ seed: 3, conversations: 12 }).conversations.size,
  tether: () => {
    const fake = createFakeTether({ seed: 3, conversations: 12 });
    const me = fake.user._id;
    return [...fake.conversations.values()].filter((c) => c.userId === me || c.assignees.includes(me)).length;
  },
};

describe('fake', () => {
  for (const provider of ['heymarket', 'gtateth', 'tether'] as const) {
    it(`fake ${provider} prints export lines that a list runs with; SIGINT stops it (130)`, async () => {
      const server = start(cli, ['fake', provider, '--seed', '3', '--conversations', '12'], cleanEnv());
      try {
        // The comment line, then one export per variable.
        const lines = await server.lines({ heymarket: 5, gtateth: 3, tether: 4 }[provider]);
        expect(lines[0]).toMatch(/^# .* fake on http:\/\/127\.0\.0\.1:\d+ \(seed 3, 12 conversations\)$/);
        const vars = exportsOf(lines);
        const prefix = provider.toUpperCase();
        expect(vars[`${prefix}_BASE_URL`]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        // Only the printed variables (and PATH): nothing else tells the CLI where the fake is.
        const r = await run(cli, ['list'], cleanEnv(vars));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(jsonl(r.stdout)).toHaveLength(expected[provider]());
      } finally {
        server.child.kill('SIGINT');
      }
      const end = await server.done;
      expect(end.code).toBe(130);
      expect(end.stderr).toMatch(/fake stopped/);
    });
  }

  it('answers CORS preflights and lets another origin read its answers', async () => {
    const server = start(cli, ['fake', 'gtateth', '--conversations', '2'], cleanEnv());
    try {
      const [header, , key] = await server.lines(3);
      const url = /on (http:\/\/\S+) /.exec(header!)![1]!;
      const origin = 'http://127.0.0.1:5173';
      const preflight = await fetch(`${url}/api/v1/conversations`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      const apiKey = exportsOf([key!]).GTATETH_API_KEY!;
      const answer = await fetch(`${url}/api/v1/conversations`, {
        headers: { origin, authorization: `Bearer ${apiKey}` },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    } finally {
      server.child.kill('SIGINT');
    }
    expect((await server.done).code).toBe(130);
  });

  it('a port in use is a usage error', async () => {
    const first = start(cli, ['fake', 'gtateth'], cleanEnv());
    try {
      const [header] = await first.lines(1);
      const port = /:(\d+) /.exec(header!)?.[1];
      expectUsageError(await run(cli, ['fake', 'gtateth', '--port', port!], cleanEnv()), /port \d+ is in use/);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect((await first.done).code).toBe(130);
  });
});
