import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { ConversationListParams } from '../model/types.js';

/** A mistake in how the command was called, or in its configuration: exit status 2, one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const PROVIDERS = ['gtateth', 'heymarket', 'tether'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const COMMANDS = ['reassign', 'close', 'reopen', 'transfer', 'list', 'fake'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type BulkCommandName = 'reassign' | 'close' | 'reopen' | 'transfer';

const common = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} satisfies ParseArgsOptionsConfig;

const connection = {
  ...common,
  provider: { type: 'string' },
  'max-retry-after': { type: 'string' },
} satisfies ParseArgsOptionsConfig;

const filters = {
  status: { type: 'string' },
  inbox: { type: 'string', multiple: true },
  assignee: { type: 'string' },
  unread: { type: 'boolean' },
  contact: { type: 'string' },
  channel: { type: 'string' },
  priority: { type: 'string' },
} satisfies ParseArgsOptionsConfig;

const bulk = {
  ...connection,
  ...filters,
  'dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  checkpoint: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
} satisfies ParseArgsOptionsConfig;

/** The flags each command takes. */
export const OPTIONS = {
  reassign: { ...bulk, to: { type: 'string' } },
  close: bulk,
  reopen: bulk,
  transfer: { ...bulk, 'to-inbox': { type: 'string' } },
  list: { ...connection, ...filters, format: { type: 'string' }, max: { type: 'string' } },
  fake: { ...common, port: { type: 'string' }, seed: { type: 'string' }, conversations: { type: 'string' } },
} satisfies Record<CommandName, ParseArgsOptionsConfig>;

/** Values as `parseArgs` returns them for a config: strings, booleans and repeated strings. */
export type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

/**
 * Flags that would carry a credential or a connection setting, and the variables to set instead.
 * Credentials are read from the environment only: a flag's value lands in shell history and `ps`.
 */
const CREDENTIAL_FLAGS: Record<string, string> = {
  'api-key': 'GTATETH_API_KEY or HEYMARKET_API_KEY',
  apikey: 'GTATETH_API_KEY or HEYMARKET_API_KEY',
  key: 'GTATETH_API_KEY or HEYMARKET_API_KEY',
  'secret-id': 'HEYMARKET_SECRET_ID',
  'secret-key': 'HEYMARKET_SECRET_KEY',
  secret: 'HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY',
  'user-id': 'HEYMARKET_USER_ID',
  token: 'TETHER_TOKEN',
  email: 'TETHER_EMAIL',
  password: 'TETHER_PASSWORD',
  'base-url': 'GTATETH_BASE_URL, HEYMARKET_BASE_URL or TETHER_BASE_URL',
  url: 'GTATETH_BASE_URL, HEYMARKET_BASE_URL or TETHER_BASE_URL',
};

export interface Parsed {
  values: Values;
  positionals: string[];
}

/**
 * Parses a command's arguments with `node:util`'s `parseArgs`. A credential flag is refused by name
 * (its value is never repeated), then the strict parse refuses unknown flags, missing values and values
 * given to boolean flags; each refusal is one line that names the flag.
 */
export function parseCommand(command: CommandName, args: string[], positionals: number): Parsed {
  const options: ParseArgsOptionsConfig = OPTIONS[command];
  // A lenient pass first: it reads every token without throwing, so a flag is found whatever follows it.
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const variable = CREDENTIAL_FLAGS[token.name];
    if (variable && !(token.name in options)) {
      throw new UsageError(
        `${token.rawName} is not accepted: credentials are read from the environment only (a flag would land in shell history); set ${variable}`,
      );
    }
    if (!(token.name in options)) {
      throw new UsageError(`unknown option ${token.rawName} (see conversations-sdk ${command} --help)`);
    }
  }
  // A negative number after a flag that takes a value (`--max -1`) is its value: the strict parse would
  // call it ambiguous, and the flag's own check then says what it takes.
  const joined = new Map<number, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.inlineValue !== false || !/^-\d/.test(token.value ?? '')) continue;
    if (options[token.name]?.type === 'string' && token.rawName.startsWith('--')) {
      joined.set(token.index, `${token.rawName}=${token.value}`);
    }
  }
  const given = args.flatMap((arg, i) => (joined.has(i - 1) ? [] : [joined.get(i) ?? arg]));
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: given, options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's messages name the flag; their first line is the sentence, the rest is advice.
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new UsageError(`${first.replace(/\.$/, '')} (see conversations-sdk ${command} --help)`);
  }
  if (parsed.positionals.length > positionals) {
    const extra = parsed.positionals[positionals] ?? '';
    throw new UsageError(`unexpected argument '${extra}' (see conversations-sdk ${command} --help)`);
  }
  return parsed;
}

export function stringOf(values: Values, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${name} needs a value`);
  if (value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

export function requiredString(values: Values, name: string, command: string, what: string): string {
  const value = stringOf(values, name);
  if (value === undefined) {
    throw new UsageError(`${command} needs --${name} ${what} (see conversations-sdk ${command} --help)`);
  }
  return value;
}

/** A whole number flag within bounds, or undefined when absent. */
export function integerOf(
  values: Values,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = stringOf(values, name);
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not '${text}'`);
  }
  return n;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** The longest delay a timer takes (a signed 32-bit number of ms), about 24 days. */
const MAX_DELAY = 2_147_483_647;

/** A duration flag in ms (`500ms`, `90s`, `15m`, `1h`; a number alone is seconds), or undefined when absent. */
export function durationOf(values: Values, name: string): number | undefined {
  const text = stringOf(values, name);
  if (text === undefined) return undefined;
  const [, amount, unit = 's'] = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text) ?? [];
  const ms = amount === undefined ? Number.NaN : Math.round(Number(amount) * (UNITS[unit] ?? Number.NaN));
  if (!(ms >= 0 && ms <= MAX_DELAY)) {
    throw new UsageError(
      `--${name} must be a duration like 90s, 15m or 1h (a number alone is seconds), up to 24 days, not '${text}'`,
    );
  }
  return ms;
}

/** A flag whose value is one of a fixed list. */
export function choiceOf<T extends string>(values: Values, name: string, choices: readonly T[]): T | undefined {
  const value = stringOf(values, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not '${value}'`);
  }
  return value as T;
}

const STATUSES = ['open', 'closed', 'pending'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/** The list filters given as flags. `--assignee none` is the unassigned filter. */
export function filtersOf(values: Values): ConversationListParams {
  const filter: ConversationListParams = {};
  const status = choiceOf(values, 'status', STATUSES);
  if (status) filter.status = status;
  const given = values.inbox;
  if (Array.isArray(given)) {
    const inboxes = given.filter((id): id is string => typeof id === 'string' && id !== '');
    if (inboxes.length !== given.length) throw new UsageError('--inbox needs a value');
    filter.inboxId = inboxes.length === 1 ? (inboxes[0] as string) : inboxes;
  }
  const assignee = stringOf(values, 'assignee');
  if (assignee !== undefined) filter.assigneeId = assignee === 'none' ? null : assignee;
  if (values.unread === true) filter.unread = true;
  const contact = stringOf(values, 'contact');
  if (contact !== undefined) filter.contactId = contact;
  const channel = stringOf(values, 'channel');
  if (channel !== undefined) filter.channel = channel.toLowerCase();
  const priority = choiceOf(values, 'priority', PRIORITIES);
  if (priority) filter.priority = priority;
  return filter;
}

/** The filters in words, for prompts and summaries: `status=open inbox=101,102 assignee=none`. */
export function describeFilter(filter: ConversationListParams): string {
  const parts: string[] = [];
  if (filter.status) parts.push(`status=${filter.status}`);
  if (filter.inboxId !== undefined) parts.push(`inbox=${[filter.inboxId].flat().join(',')}`);
  if (filter.assigneeId !== undefined) parts.push(`assignee=${filter.assigneeId ?? 'none'}`);
  if (filter.unread) parts.push('unread');
  if (filter.contactId) parts.push(`contact=${filter.contactId}`);
  if (filter.channel) parts.push(`channel=${filter.channel}`);
  if (filter.priority) parts.push(`priority=${filter.priority}`);
  return parts.length ? parts.join(' ') : '(no filter: every conversation)';
}
