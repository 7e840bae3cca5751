/** Command line and environment: flags win over environment variables, which win over defaults. */
import { parseArgs } from 'node:util';

export const COMMANDS = ['serve', 'migrate', 'create-account', 'create-agent', 'create-token', 'create-inbox'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Config {
  command: Command;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections each process keeps to PostgreSQL (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** Behind a load balancer (TRUST_PROXY): client address and request id from its headers. */
  trustProxy: boolean;
  /** CORS_ORIGINS, comma-separated; undefined: any origin. */
  corsOrigins: string[] | undefined;
  strict: boolean;
  demo: number;
  logLevel: string;
  /** Options of the account, agent, token and inbox commands. */
  name: string | undefined;
  email: string | undefined;
  account: number | undefined;
  role: 'administrator' | 'agent';
  type: string | undefined;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = 'server/.data';
/** pg's own default; replicas × pool size must stay under PostgreSQL's max_connections (100 by default). */
export const DEFAULT_DATABASE_POOL_SIZE = 10;

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on']);

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

/** `https://app.example.com, http://localhost:5173` → exact origins; anything else is a configuration error. */
function parseOrigins(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return undefined;
  return raw.split(',').map((item) => {
    const origin = item.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme, host and port only)`);
    }
    return origin;
  });
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'strict-chatwoot': { type: 'boolean' },
      demo: { type: 'string' },
      'log-level': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      account: { type: 'string' },
      role: { type: 'string' },
      type: { type: 'string' },
    },
  });
  const command = (positionals[0] ?? 'serve') as Command;
  if (!COMMANDS.includes(command)) throw new ConfigError(`unknown command "${positionals[0]}"; one of: ${COMMANDS.join(', ')}`);
  const role = values.role ?? 'agent';
  if (role !== 'administrator' && role !== 'agent') throw new ConfigError('--role must be administrator or agent');
  return {
    command,
    host: values.host ?? env.HOST ?? DEFAULT_HOST,
    port: integer('port', values.port ?? env.PORT, DEFAULT_PORT, 0, 65535),
    dataDir: values['data-dir'] ?? env.DATA_DIR ?? DEFAULT_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: integer('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 1000),
    trustProxy: TRUE_VALUES.has((env.TRUST_PROXY ?? '').toLowerCase()),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    strict: values['strict-chatwoot'] ?? TRUE_VALUES.has((env.STRICT_CHATWOOT ?? '').toLowerCase()),
    demo: integer('demo', values.demo ?? env.DEMO, 0, 0, 1_000_000),
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    name: values.name,
    email: values.email,
    account: values.account === undefined ? undefined : integer('account', values.account, 0, 1, Number.MAX_SAFE_INTEGER),
    role,
    type: values.type,
  };
}
