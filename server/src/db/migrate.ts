/**
 * Numbered SQL migrations (`server/migrations/NNN_name.sql`), each applied once, all inside one
 * transaction under a PostgreSQL advisory lock: several server processes starting at once on the same
 * database queue up here, and the first one does the work.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

/** server/migrations seen from server/src/db/, or the copy beside the compiled bundle (server/build.mjs). */
const MIGRATIONS_DIR = fileURLToPath(new URL(process.env.WINTOOK_SERVER_BUNDLE === '1' ? './migrations/' : '../../migrations/', import.meta.url));
/** Any constant shared by every process of this server ("wint" in ASCII, plus one). */
const MIGRATION_LOCK_ID = 0x77696e75;

export interface Migration {
  version: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d+_.+\.sql$/.test(file)).sort();
  return Promise.all(files.map(async (file) => ({ version: file.replace(/\.sql$/, ''), sql: await readFile(`${dir}/${file}`, 'utf8') })));
}

/** Applies the migrations not yet applied; returns their versions. */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    // A migration may rewrite a large table: the per-statement budget of requests is not for it.
    await tx.query('SET LOCAL statement_timeout = 0');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
    const done: string[] = [];
    for (const migration of pending) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
      done.push(migration.version);
    }
    return done;
  });
}
