/**
 * Test harness: one database per test file (in-memory PGlite, or the PostgreSQL in DATABASE_URL as
 * `server/ci-postgres.sh` runs it), migrated, with a fresh account per test so tests do not see each
 * other's records. Requests go through Fastify's `inject`: no ports.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createAccountWithAdmin, createAgent, createToken, type Role } from '../src/accounts';
import { buildServer } from '../src/app';
import { openDatabase, openPglite, type Database } from '../src/db/database';
import { loadMigrations, migrate } from '../src/db/migrate';

/** A parsed JSON body, indexable without casts; `list` turns an array in it into a real array. */
export interface Loose {
  [key: string]: Loose;
  [index: number]: Loose;
}

export const list = (value: Loose | undefined): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

export interface Reply {
  status: number;
  body: unknown;
  json: Loose;
  headers: Record<string, string | string[] | number | undefined>;
  raw: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent as is instead of `body` (malformed JSON, huge payloads). */
  payload?: string;
}

export interface TestAccount {
  accountId: number;
  userId: number;
  token: string;
  base: string;
}

export interface Harness {
  db: Database;
  app: FastifyInstance;
  strictApp: FastifyInstance;
  newAccount(): Promise<TestAccount>;
  newAgent(accountId: number, role?: Role): Promise<{ userId: number; token: string }>;
  request(app: FastifyInstance, method: string, url: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

let accountCounter = 0;

const PGLITE_VERSION = (JSON.parse(readFileSync(join(fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url))), 'utf8')) as { version: string }).version;

/**
 * PGlite's initdb is most of its start-up (4–12 s here against ~1 s from a snapshot), so the first
 * test file to run saves the freshly migrated database in the temp directory, keyed by the PGlite
 * version and the migrations, and later files start from it. A missing or unreadable snapshot only
 * costs the slow path.
 */
async function snapshotFile(): Promise<string> {
  const hash = createHash('sha256').update(PGLITE_VERSION);
  for (const migration of await loadMigrations()) hash.update(migration.version).update(migration.sql);
  return join(tmpdir(), `wintook-server-test-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function openTestPglite(): Promise<Database> {
  const file = await snapshotFile();
  if (existsSync(file)) {
    try {
      const db = await openPglite(undefined, { loadDataDir: new Blob([readFileSync(file)]) });
      await migrate(db);
      return db;
    } catch {
      // Fall through to a fresh database; the next writer replaces the bad snapshot.
    }
  }
  const db = await openPglite();
  await migrate(db);
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  try {
    writeFileSync(temporary, Buffer.from(await (await db.dump()).arrayBuffer()));
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
  return db;
}

export async function openTestDatabase(): Promise<Database> {
  if (!process.env.DATABASE_URL) return openTestPglite();
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  await migrate(db);
  return db;
}

export async function createHarness(): Promise<Harness> {
  const db = await openTestDatabase();
  const app = buildServer({ db });
  const strictApp = buildServer({ db, strict: true });
  await Promise.all([app.ready(), strictApp.ready()]);
  const unique = `${process.pid}-${Date.now()}`;
  return {
    db,
    app,
    strictApp,
    async newAccount() {
      accountCounter += 1;
      const created = await createAccountWithAdmin(db, {
        accountName: `Test ${accountCounter}`,
        adminName: 'Admin Tester',
        adminEmail: `admin-${unique}-${accountCounter}@test.local`,
      });
      return { ...created, base: `/api/v1/accounts/${created.accountId}` };
    },
    async newAgent(accountId, role = 'agent') {
      accountCounter += 1;
      const userId = await createAgent(db, accountId, { name: `Agent ${accountCounter}`, email: `agent-${unique}-${accountCounter}@test.local`, role });
      return { userId, token: await createToken(db, userId) };
    },
    async request(target, method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.api_access_token = options.token;
      let payload: string | undefined = options.payload;
      if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined && !Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      const response = await target.inject({ method: method as 'GET', url, headers, payload });
      let body: unknown = undefined;
      if (response.body !== '') {
        try {
          body = JSON.parse(response.body);
        } catch {
          body = response.body;
        }
      }
      return { status: response.statusCode, body, json: body as Loose, headers: response.headers, raw: response.body };
    },
    async close() {
      await Promise.all([app.close(), strictApp.close()]);
      await db.close();
    },
  };
}

/**
 * The calling test file's harness: started before its tests, closed after them. The object is
 * filled in by `beforeAll`, so use it inside tests and hooks only.
 */
export function fileHarness(): Harness & { account(): Promise<{ acct: TestAccount; api: ReturnType<typeof client>; strict: ReturnType<typeof client> }> } {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await createHarness());
  }, 120_000);
  afterAll(async () => {
    await harness.close?.();
  });
  return Object.assign(harness, {
    /** A new account with its clients in both modes. */
    async account() {
      const acct = await harness.newAccount();
      return { acct, api: client(harness, acct), strict: client(harness, acct, true) };
    },
  });
}

/** Shorthand for one account's requests in one mode. */
export function client(harness: Harness, account: TestAccount, strict = false) {
  const app = strict ? harness.strictApp : harness.app;
  const call = (method: string, path: string, options: RequestOptions = {}) =>
    harness.request(app, method, `${account.base}${path}`, { token: account.token, ...options });
  return {
    get: (path: string, options?: RequestOptions) => call('GET', path, options),
    post: (path: string, body?: unknown, options?: RequestOptions) => call('POST', path, { body, ...options }),
    patch: (path: string, body?: unknown, options?: RequestOptions) => call('PATCH', path, { body, ...options }),
    put: (path: string, body?: unknown, options?: RequestOptions) => call('PUT', path, { body, ...options }),
    delete: (path: string, options?: RequestOptions) => call('DELETE', path, options),
  };
}
