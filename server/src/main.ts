/**
 * `npm run server [-- command] [flags]`: the sync server and its account tools.
 *
 *   serve (default)   --port 3000 --host 127.0.0.1 --data-dir server/.data --strict-chatwoot --demo N
 *   migrate           applies pending migrations and exits (serve applies them too)
 *   create-account    --name "Acme" [--email admin@acme.test]   → prints the admin's API token
 *   create-agent      --account 1 --name "Ana" --email ana@acme.test [--role agent|administrator]  → prints a token
 *   create-token      --email ana@acme.test                       → prints a new token for that user
 *   create-inbox      --account 1 --name "Support" --type email|sms|whatsapp|website|api
 *
 * Environment: PORT, HOST, DATA_DIR, DATABASE_URL (use PostgreSQL instead of PGlite), DATABASE_POOL_SIZE,
 * TRUST_PROXY=1 (behind a load balancer), CORS_ORIGINS, STRICT_CHATWOOT=1, LOG_LEVEL (docs/deploy.md).
 */
import { mkdirSync } from 'node:fs';
import { buildServer } from './app';
import { ensureFirstAccount, runCommand } from './cli';
import { ConfigError, parseConfig, type Config } from './config';
import { DataDirInUseError, lockDataDir, type DataDirLock } from './db/data-dir-lock';
import { openDatabase, STATEMENT_TIMEOUT_MS, type Database } from './db/database';
import type { ThreadedPglite } from './db/pglite-thread';
import { migrate } from './db/migrate';
import { seedDemo } from './demo';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The data directory's lock, when this process uses PGlite: released when the process ends however it ends. */
let dataDirLock: DataDirLock | null = null;

async function open(config: Config): Promise<Database> {
  if (!config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    dataDirLock = lockDataDir(config.dataDir, config.command);
    process.once('exit', () => dataDirLock?.release());
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  const applied = await migrate(db);
  if (config.command === 'migrate') say(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date; no migration to apply.');
  return db;
}

async function serve(config: Config, db: Database): Promise<void> {
  const token = await ensureFirstAccount(db);
  if (token) {
    say('Created account 1 with administrator admin@localhost.');
    say(`API token: ${token}`);
  }
  if (config.demo > 0) {
    const { rows } = await db.query<{ user_id: number }>(
      "SELECT user_id FROM account_users WHERE account_id = 1 AND role = 'administrator' ORDER BY user_id LIMIT 1",
    );
    const seeded = await seedDemo(db, 1, rows[0]?.user_id ?? 1, config.demo);
    say(seeded.contacts > 0 ? `Demo: ${seeded.contacts} contacts, ${seeded.notes} notes, ${seeded.inboxes} inboxes in account 1.` : 'Demo: account 1 already has contacts; nothing seeded.');
  }
  const app = buildServer({
    db,
    strict: config.strict,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
  });
  // Start-up work (migrations, the demo seed) is done: from here one statement may hold PGlite's thread for the statement budget at most.
  if ('setTimeBudget' in db) {
    const threaded = db as ThreadedPglite;
    threaded.setTimeBudget(STATEMENT_TIMEOUT_MS);
    threaded.onRestart(() => app.log.error('a statement held the database past the budget; its thread was restarted'));
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Bounded: a stuck connection must not keep the process alive forever.
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  say(`Listening on ${address} (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}${config.strict ? ', strict Chatwoot mode' : ''})`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  let db: Database;
  try {
    db = await open(config);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof DataDirInUseError ? 3 : 1);
  }
  try {
    if (config.command === 'serve') {
      await serve(config, db);
      return;
    }
    await runCommand(config, db, say);
    await db.close();
  } catch (error) {
    await db.close().catch(() => undefined);
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

void main();
