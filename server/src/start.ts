/**
 * The server's public start API for code that embeds it in a process of its own — the renderer's sync
 * tests, the sync bench and the soak — rather than running `main.ts`: open a database with its schema
 * applied, then start apps on it. Nothing here reads the environment or the command line.
 */
import type { FastifyInstance } from 'fastify';
import { createAccountWithAdmin } from './accounts';
import { buildServer, type ServerOptions } from './app';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';

export { createAccountWithAdmin };
export type { Database, ServerOptions };

/** A database (in-memory PGlite unless a URL or directory is given) with every migration applied. */
export async function openMigratedDatabase(options: { databaseUrl?: string; dataDir?: string } = {}): Promise<Database> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

export interface StartedServer {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`: where the app listens. */
  url: string;
  /** Stops the app; the database stays open (it belongs to the caller). */
  close(): Promise<void>;
}

/** Builds the app on `options.db` and listens on 127.0.0.1 (port 0: any free port). */
export async function startServer(options: ServerOptions & { port?: number }): Promise<StartedServer> {
  const { port = 0, ...serverOptions } = options;
  const app = buildServer(serverOptions);
  const url = await app.listen({ host: '127.0.0.1', port });
  return { app, url, close: () => app.close() };
}
