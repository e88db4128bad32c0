import type { CommandName } from './args.js';

const FILTERS = `Filters:
  --status open|closed|pending
  --inbox ID                  repeatable: any of these inboxes
  --assignee ID|none          none: unassigned
  --unread
  --contact ID                Tether lists one contact's conversations with it
  --channel NAME              sms, email, chat, …
  --priority low|medium|high|urgent`;

const CONNECTION = `Provider and credentials (environment variables only, never flags):
  --provider gtateth|heymarket|tether   default: the one whose variables are set
  G-Tateth   GTATETH_API_KEY (+ GTATETH_BASE_URL)
  Heymarket  HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY, or HEYMARKET_API_KEY;
             with HEYMARKET_USER_ID (+ HEYMARKET_BASE_URL)
  Tether     TETHER_BASE_URL with TETHER_EMAIL + TETHER_PASSWORD, or TETHER_TOKEN`;

const BULK_OPTIONS = `Options:
  --dry-run                   list and report each match as planned; write nothing
  --concurrency N             writes in flight (default 4)
  --checkpoint FILE           resume from FILE when it exists; kept up to date as the job goes
  --max-retry-after TIME      the longest wait a rate limit may ask for that is waited out (default
                              60s; 90s, 15m, 1h, a number alone is seconds); a longer one stops the
                              job, to resume later: 1h waits for G-Tateth's next hourly window
  -y, --yes                   no confirmation before a real run (required without a terminal)
  --debug                     stack traces and one log line per HTTP attempt, on stderr
  -h, --help`;

const BULK_OUTPUT = `Output: one JSON object per conversation on stdout, {"id","outcome","reason","error"}
(outcome done, skipped, failed or planned); a progress line on stderr when it is a terminal; a
summary on stderr at the end.
Exit status: 0 nothing failed, 1 some conversation failed, the job stopped on an error or stdout
closed before the end, 2 usage or configuration error, 130 stopped by Ctrl-C or SIGTERM (writes in
flight settle and the checkpoint is written first; a second Ctrl-C exits at once).`;

function bulkHelp(synopsis: string, what: string): string {
  return `Usage: conversations-sdk ${synopsis} [filters] [options]

${what}

${FILTERS}

${BULK_OPTIONS}

${CONNECTION}

${BULK_OUTPUT}
`;
}

export const MAIN_HELP = `Usage: conversations-sdk <command> [options]

Bulk actions, list/export and local fake servers for the Heymarket, Tether and G-Tateth APIs.

Commands:
  reassign --to ID            assign every matching conversation to a user
  close                       close every matching conversation
  reopen                      reopen every matching conversation
  transfer --to-inbox ID      move every matching conversation to another inbox (Heymarket)
  list                        export matching conversations as jsonl, csv or a table
  fake PROVIDER               serve a provider's fake on 127.0.0.1 and print its variables

Run 'conversations-sdk <command> --help' for a command's flags.

Try it without an account:
  conversations-sdk fake heymarket           # prints export lines; run them in another shell
  conversations-sdk list --format table
  conversations-sdk reassign --status open --to 2 --dry-run

Options:
  -h, --help
  -V, --version

${CONNECTION}
`;

export const HELP: Record<CommandName, string> = {
  reassign: bulkHelp(
    'reassign --to ID|none',
    'Assigns every conversation that matches the filters to user ID (none: unassigns, where the API can).\nA conversation that no longer matches when its turn comes is skipped.',
  ),
  close: bulkHelp('close', 'Closes every conversation that matches the filters.'),
  reopen: bulkHelp('reopen', 'Reopens every conversation that matches the filters.'),
  transfer: bulkHelp(
    'transfer --to-inbox ID',
    'Moves every conversation that matches the filters to inbox ID (providers with transfer: Heymarket).',
  ),
  list: `Usage: conversations-sdk list [filters] [--format jsonl|csv|table] [--max N]

Writes every conversation that matches the filters to stdout, page by page as they arrive.

${FILTERS}

Options:
  --format jsonl|csv|table    default jsonl: one JSON object per line (the unified conversation, no raw)
                              csv: a header line, then RFC 4180 rows; table: fixed-width columns
  --max N                     stop after N conversations
  --max-retry-after TIME      the longest wait a rate limit may ask for that is waited out (default
                              60s; 90s, 15m, 1h, a number alone is seconds); a longer one fails
  --debug                     stack traces and one log line per HTTP attempt, on stderr
  -h, --help

${CONNECTION}

Exit status: 0 done, 1 the list failed, 2 usage or configuration error, 130 stopped by Ctrl-C.
`,
  fake: `Usage: conversations-sdk fake gtateth|heymarket|tether [--port N] [--seed N] [--conversations N]

Serves that provider's in-memory fake on 127.0.0.1 (answering CORS preflights, for browser apps),
prints its URL and the export lines that point this CLI and the SDK at it, and runs until Ctrl-C or
SIGTERM. The data is seeded: the same --seed gives the same conversations. Nothing is persisted.

Options:
  --port N                    default: a free port
  --seed N                    default 1
  --conversations N           conversations to seed (default: the fake's own, 25 or 30)
  -h, --help
`,
};
