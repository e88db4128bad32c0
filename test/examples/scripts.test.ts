// Every example script under examples/, run in its own process as its npm script runs it (on the
// sources, not a build: ../support/examples.ts), and held to what its opening comment says it shows.
// examples/*.test.ts run in the suite themselves; examples/browser is test/browser/example.test.ts.
import { describe, expect, it } from 'vitest';
import { type ExampleRun, runExample } from '../support/examples.js';

/** Runs the example and checks it ended well: exit status 0, nothing on stderr. */
async function ran(file: string): Promise<string> {
  const run: ExampleRun = await runExample(file);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

/** The numbers of the first line matching `pattern`; fails when no line does. */
function numbers(stdout: string, pattern: RegExp): number[] {
  const match = pattern.exec(stdout);
  expect(match, `no line matches ${pattern}`).not.toBeNull();
  return (match as RegExpExecArray).slice(1).map(Number);
}

// Each is a Node process of its own: under a loaded machine one can take several seconds to start.
describe.concurrent('examples', { timeout: 30_000 }, () => {
  it('demo.ts (`npm run demo`): walks, resumes, reassigns every open conversation of a member, sends', async () => {
    const out = await ran('demo.ts');
    expect(out).toMatch(/^Heymarket fake on http:\/\/127\.0\.0\.1:\d+: 600 conversations/);
    const [walked, distinct, held] = numbers(out, /(\d+) conversations, (\d+) distinct ids, the fake holds (\d+)/);
    expect([distinct, held]).toEqual([walked, walked]);
    const [moved] = numbers(out, /Reassigned (\d+) open conversations from .* \(0 skipped, 0 failed/);
    expect(moved).toBeGreaterThan(0);
    expect(out).toMatch(/Now: .+ has 0 open, /);
    expect(out).toMatch(/Sent message \d+ to /);
    expect(out).toMatch(/Retries: server_error \(503\)/);
  });

  it('gtateth-demo.ts (`npm run demo:gtateth`): pages, walks, resumes, assigns through faults, closes', async () => {
    const out = await ran('gtateth-demo.ts');
    expect(out).toMatch(/First page: 25 of 240 conversations, page 1\/10/);
    const counts = numbers(out, /Walked 240 conversations: (\d+) \w+, (\d+) \w+, (\d+) \w+/);
    expect(counts.reduce((a, b) => a + b)).toBe(240);
    expect(out).toMatch(/Retries along the way: .*PUT/);
    expect(out).toMatch(/Closed \w+: status is now "closed"/);
  });

  it('quickstart-gtateth.ts: lists, gets, assigns, closes, creates, catches a NotFoundError', async () => {
    const out = await ran('quickstart-gtateth.ts');
    expect(out).toMatch(/^\d+ open conversations, page 1 of \d+:\n( {2}[0-9a-f]{24} .+\n){5}/);
    expect(out).toMatch(/Assigned [0-9a-f]{24} to \w+ \w+ and closed it: status closed/);
    expect(out).toMatch(/Created [0-9a-f]{24} "Welcome call" \(open\)/);
    expect(out).toContain('messages.send supported: false');
    expect(out).toMatch(/Not found: NOT_FOUND \(request req_\w+\)/);
  });

  it('quickstart-heymarket.ts: lists inboxes, team and conversations, reassigns, sends, closes', async () => {
    const out = await ran('quickstart-heymarket.ts');
    expect(out).toMatch(/^Inbox "\w+" \(\d+\): /);
    expect(out).toMatch(/Open in \w+, newest first:\n( {2}#\d+ .+\n){5}/);
    expect(out).toMatch(/All conversations in \w+: \d+/);
    const [id] = numbers(out, /Reassigned #(\d+) to \w+ \w+ and sent message \d+: "Hi! /);
    expect(out).toMatch(new RegExp(`Closed #${id}: status closed, assignee \\w+ \\w+`));
  });

  it('quickstart-tether.ts: walks every contact, lists one, assigns, sends, closes', async () => {
    const out = await ran('quickstart-tether.ts');
    const [all, open] = numbers(out, /^(\d+) conversations you own or are assigned to, (\d+) open:/);
    expect(open).toBeGreaterThan(0);
    expect(all).toBeGreaterThanOrEqual(open as number);
    expect(out).toMatch(/Contact [0-9a-f]{24}: \d+ open/);
    expect(out).toMatch(/Assigned [0-9a-f]{24} to (\w+ \w+) and sent message [0-9a-f]{24}: "Thanks/);
    expect(out).toMatch(/Closed [0-9a-f]{24}: status closed, assigned to \w+ \w+\n/);
  });

  it('resume-walk.ts (`npm run example:resume`): stop, resume from the saved cursor, nothing lost or repeated', async () => {
    const out = await ran('resume-walk.ts');
    const [first, pages] = numbers(out, /Run 1: (\d+) conversations in (\d+) pages, then stopped; cursor saved to /);
    expect(pages).toBe(3);
    const [after, more] = numbers(out, /Run 2: resumed after (\d+) from the saved cursor, (\d+) more/);
    expect(after).toBe(first);
    const [together, distinct] = numbers(out, /Together: (\d+) conversations, (\d+) distinct/);
    expect([together, distinct]).toEqual([(first as number) + (more as number), together]);
    const [whole, ties] = numbers(out, /One walk without a stop: (\d+) \((\d+) of its page boundaries/);
    expect(whole).toBe(together);
    expect(ties).toBeGreaterThan(0); // the case the cursor must get right
    expect(out).toContain('Nothing lost, nothing repeated, same order: true');
  });

  it('bulk-reassign.ts (`npm run example:bulk`): a dry run, a job stopped midway, resumed from its checkpoint file', async () => {
    const out = await ran('bulk-reassign.ts');
    const [planned] = numbers(out, /Dry run: (\d+) to move, in \d+ requests, none of them a write/);
    const [stopped] = numbers(out, /Stopped: (\d+) moved, aborted: true; checkpoint saved to .+checkpoint\.json/);
    expect(stopped).toBe(10);
    expect(out).toMatch(/Meanwhile user \d+ takes #\d+/);
    const [resumed] = numbers(out, /Resumed: (\d+) moved, 0 skipped, 0 failed/);
    // Every match moved once, but the one taken meanwhile.
    expect((stopped as number) + (resumed as number)).toBe((planned as number) - 1);
    const [, writes, moved] = numbers(
      out,
      /Left matching the filter: (\d+); the two runs sent (\d+) reassigns for (\d+) moved/,
    );
    expect(out).toMatch(/Left matching the filter: 0;/);
    expect(writes).toBe(moved);
  });

  it('cancel.ts (`npm run example:cancel`): AbortSignal.timeout on a call, an AbortController on a walk', async () => {
    const out = await ran('cancel.ts');
    const [ms] = numbers(out, /get: AbortError after (\d+) ms \(cause: TimeoutError: /);
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(5_000); // not the server's 10 s
    expect(out).toMatch(/walk: AbortError after 60 of 200 conversations \(cause: stopped by the user\)/);
    const [sent, cancelled] = numbers(out, /The walk sent (\d+) requests .*; (\d+) were cancelled in flight/);
    expect(sent).toBeGreaterThan(3);
    expect(cancelled).toBeGreaterThanOrEqual(1); // the pages fetched ahead of the third were still on their way
    expect(out).toContain('get with an aborted signal: AbortError, 0 requests sent');
  });
});
