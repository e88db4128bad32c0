import { ConversationsClient } from '../client.js';
import type { Logger, LogLevel } from '../core/log.js';
import { gtateth } from '../providers/gtateth/index.js';
import { heymarket } from '../providers/heymarket/index.js';
import { tether } from '../providers/tether/index.js';
import type { Provider } from '../spec/provider.js';
import { PROVIDERS, type ProviderName, UsageError } from './args.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The variables whose presence selects a provider (base URLs alone do not). */
const SELECTING: Record<ProviderName, readonly string[]> = {
  gtateth: ['GTATETH_API_KEY'],
  heymarket: ['HEYMARKET_SECRET_ID', 'HEYMARKET_SECRET_KEY', 'HEYMARKET_API_KEY'],
  tether: ['TETHER_EMAIL', 'TETHER_PASSWORD', 'TETHER_TOKEN'],
};

const NEEDS: Record<ProviderName, string> = {
  gtateth: 'GTATETH_API_KEY (and GTATETH_BASE_URL for another server)',
  heymarket:
    'HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY, or HEYMARKET_API_KEY, with HEYMARKET_USER_ID (and HEYMARKET_BASE_URL for another server)',
  tether: 'TETHER_BASE_URL with TETHER_EMAIL and TETHER_PASSWORD, or TETHER_TOKEN',
};

/** A variable's value; an empty one counts as unset. */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The variables of `name` that must be set and are not. */
function missing(env: Env, name: ProviderName): string[] {
  const has = (v: string) => read(env, v) !== undefined;
  switch (name) {
    case 'gtateth':
      return has('GTATETH_API_KEY') ? [] : ['GTATETH_API_KEY'];
    case 'heymarket': {
      const out: string[] = [];
      const secret = has('HEYMARKET_SECRET_ID') || has('HEYMARKET_SECRET_KEY');
      if (secret && has('HEYMARKET_API_KEY')) {
        throw new UsageError('set either HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY, or HEYMARKET_API_KEY, not both');
      }
      if (secret) {
        if (!has('HEYMARKET_SECRET_ID')) out.push('HEYMARKET_SECRET_ID');
        if (!has('HEYMARKET_SECRET_KEY')) out.push('HEYMARKET_SECRET_KEY');
      } else if (!has('HEYMARKET_API_KEY')) {
        out.push('HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (or HEYMARKET_API_KEY)');
      }
      if (!has('HEYMARKET_USER_ID')) out.push('HEYMARKET_USER_ID');
      return out;
    }
    case 'tether': {
      const out: string[] = [];
      if (!has('TETHER_BASE_URL')) out.push('TETHER_BASE_URL');
      const login = has('TETHER_EMAIL') || has('TETHER_PASSWORD');
      if (login) {
        if (!has('TETHER_EMAIL')) out.push('TETHER_EMAIL');
        if (!has('TETHER_PASSWORD')) out.push('TETHER_PASSWORD');
      } else if (!has('TETHER_TOKEN')) {
        out.push('TETHER_EMAIL and TETHER_PASSWORD (or TETHER_TOKEN)');
      }
      return out;
    }
  }
}

/** `--provider` when given, else the one provider whose credential variables are set. */
export function selectProvider(env: Env, flag: string | undefined): ProviderName {
  if (flag !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(flag)) {
      throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}, not '${flag}'`);
    }
    return flag as ProviderName;
  }
  const set = PROVIDERS.filter((p) => SELECTING[p].some((v) => read(env, v) !== undefined));
  if (set.length === 1) return set[0] as ProviderName;
  if (set.length === 0) {
    throw new UsageError(
      `no credentials: set ${NEEDS.gtateth}; or ${NEEDS.heymarket}; or ${NEEDS.tether} ('conversations-sdk fake heymarket' prints a working set)`,
    );
  }
  throw new UsageError(
    `credentials for ${set.join(' and ')} are set: pick one with ${set.map((p) => `--provider ${p}`).join(' or ')}`,
  );
}

/** The provider built from the environment. Values are passed to the factory, never into a message. */
export function providerFromEnv(env: Env, name: ProviderName): Provider {
  const absent = missing(env, name);
  if (absent.length) throw new UsageError(`${name}: set ${absent.join(', ')} (${name} needs ${NEEDS[name]})`);
  const baseUrl = (v: string) => {
    const url = read(env, v);
    return url === undefined ? {} : { baseUrl: url };
  };
  switch (name) {
    case 'gtateth':
      return gtateth({ apiKey: read(env, 'GTATETH_API_KEY') as string, ...baseUrl('GTATETH_BASE_URL') });
    case 'heymarket': {
      const userId = read(env, 'HEYMARKET_USER_ID') as string;
      const apiKey = read(env, 'HEYMARKET_API_KEY');
      return apiKey !== undefined
        ? heymarket({ apiKey, userId, ...baseUrl('HEYMARKET_BASE_URL') })
        : heymarket({
            secretId: read(env, 'HEYMARKET_SECRET_ID') as string,
            secretKey: read(env, 'HEYMARKET_SECRET_KEY') as string,
            userId,
            ...baseUrl('HEYMARKET_BASE_URL'),
          });
    }
    case 'tether': {
      const url = read(env, 'TETHER_BASE_URL') as string;
      const email = read(env, 'TETHER_EMAIL');
      const token = read(env, 'TETHER_TOKEN');
      return email !== undefined
        ? tether({
            baseUrl: url,
            email,
            password: read(env, 'TETHER_PASSWORD') as string,
            ...(token === undefined ? {} : { token }),
          })
        : tether({ baseUrl: url, token: token as string });
    }
  }
}

/** Log lines (the client prefixes them with `conversations-sdk: `) go to stderr: stdout holds only results. */
export function stderrLogger(write: (line: string) => void): Logger {
  const line = (message: string) => write(`${message}\n`);
  return { debug: line, info: line, warn: line, error: line };
}

export interface ClientSetup {
  env: Env;
  provider: string | undefined;
  debug: boolean;
  stderr: (line: string) => void;
  /** The client's `maxRetryAfter` (ms), from `--max-retry-after`; the client's default when absent. */
  maxRetryAfter?: number | undefined;
}

/** The client the command runs on. */
export function clientFromEnv(setup: ClientSetup): { client: ConversationsClient; provider: ProviderName } {
  const name = selectProvider(setup.env, setup.provider);
  const provider = providerFromEnv(setup.env, name);
  const logLevel: LogLevel | undefined = setup.debug ? 'debug' : undefined;
  const client = new ConversationsClient({
    provider,
    logger: stderrLogger(setup.stderr),
    ...(logLevel ? { logLevel } : {}),
    ...(setup.maxRetryAfter === undefined ? {} : { maxRetryAfter: setup.maxRetryAfter }),
  });
  return { client, provider: name };
}
