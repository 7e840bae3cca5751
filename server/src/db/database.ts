/**
 * One database interface over embedded PGlite and a real PostgreSQL (`pg`): the same SQL, `$1`
 * parameters, migrations and transactions run on both, so tests on PGlite speak for production.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { INT8_OID } from './pglite-protocol';
import { openPgliteThread } from './pglite-thread';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * The one row a statement that always returns a row gave back (INSERT … RETURNING, UPDATE … RETURNING of
 * a row the transaction holds): no row there is a fault of the server, not an answer for the client.
 */
export function returnedRow<Row>(rows: readonly Row[], statement: string): Row {
  const row = rows[0];
  if (row === undefined) throw new Error(`${statement} returned no row`);
  return row;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Ids and sequence numbers are bigint columns; they stay far below 2^53, so plain numbers are safe. */
const parseInt8 = (value: string): number => Number(value);

export interface PgliteDatabase extends Database {
  /** The whole database as a tarball, to start another instance from (`openPglite(undefined, {loadDataDir})`). */
  dump(): Promise<Blob>;
}

export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<PgliteDatabase> {
  const lite = new PGlite(dataDir, { parsers: { [INT8_OID]: parseInt8 }, loadDataDir: options.loadDataDir });
  await lite.waitReady;
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  const base = wrap(lite);
  return {
    kind: 'pglite',
    ...base,
    // PGlite is one connection: its transaction mutex also holds back queries from outside the
    // transaction, so concurrent requests are serialised here exactly as row locks would on PostgreSQL.
    transaction: (work) => lite.transaction((tx) => work(wrap(tx))),
    close: () => lite.close(),
    dump: async () => {
      const dump = await lite.dumpDataDir('none');
      return dump;
    },
  };
}

/**
 * The longest one statement may run before PostgreSQL cancels it (`statement_timeout`; PGlite's
 * thread gets the same budget from its watchdog). The slowest legitimate statement measured is a
 * filter at the filter limits over a large account (docs/server.md); a stuck one must not hold a
 * connection, and the transaction's locks, for longer than this.
 */
export const STATEMENT_TIMEOUT_MS = 15_000;

export async function openPostgres(connectionString: string, poolSize = 10, statementTimeoutMs: number = STATEMENT_TIMEOUT_MS): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    statement_timeout: statementTimeoutMs,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A dropped idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  client.release();
  const run = async <Row>(target: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[] = []) => {
    const result = await target.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    query: <Row>(sql: string, params?: readonly unknown[]) => run<Row>(target, sql, params),
    async exec(sql: string) {
      await target.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(wrap(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * `DATABASE_URL` wins; otherwise PGlite in `dataDir` on its own thread (pglite-thread.ts), or in
 * memory on this one when there is no directory.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; poolSize?: number }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  if (options.dataDir) return openPgliteThread(options.dataDir);
  return openPglite();
}

/** The PostgreSQL error code, when `error` came from the database. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error && typeof error.constraint === 'string') {
    return error.constraint;
  }
  return undefined;
}
