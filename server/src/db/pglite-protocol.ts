/** Messages between the server and its PGlite worker thread (pglite-worker.ts, pglite-thread.ts). */

export const INT8_OID = 20;

/** The worker says it is alive this often; its silence means a statement holds its thread. */
export const HEARTBEAT_MS = 250;

export type WorkerRequest = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[]; transaction?: number }
  | { op: 'exec'; sql: string; transaction?: number }
  | { op: 'begin' }
  | { op: 'end'; transaction: number; commit: boolean }
  | { op: 'dump' }
  | { op: 'close' }
);

/** The fields of a PostgreSQL error the server reads (`code`, `constraint`…), copied across threads. */
export interface DbErrorFields {
  message: string;
  code?: string;
  constraint?: string;
  severity?: string;
  routine?: string;
  table?: string;
  column?: string;
  detail?: string;
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: DbErrorFields }
  | { heartbeat: true }
  | { ready: true }
  | { ready: false; error: DbErrorFields };

const COPIED_FIELDS = ['code', 'constraint', 'severity', 'routine', 'table', 'column', 'detail'] as const;

export function serializeDbError(error: unknown): DbErrorFields {
  const fields: DbErrorFields = { message: error instanceof Error ? error.message : String(error) };
  if (typeof error !== 'object' || error === null) return fields;
  for (const name of COPIED_FIELDS) {
    const value: unknown = (error as Record<string, unknown>)[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** An Error carrying the copied fields, so `pgErrorCode` and `pgConstraint` read it as they read PGlite's own. */
export function dbError(fields: DbErrorFields): Error {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}
