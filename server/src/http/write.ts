/**
 * Every write request runs through `performWrite`: one transaction that locks the account's change
 * counter, replays a stored response for a repeated `Idempotency-Key` of the same user (for
 * {@link IDEMPOTENCY_KEY_TTL}), runs the change, records it in
 * the change log and stores the response under the key, all committed together or not at all.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../accounts';
import { ChangeRecorder, type Entity } from '../changes';
import type { Database, Queryable } from '../db/database';
import { principalOf, type ServerContext } from './context';
import { ApiError, parseId, requireAdministrator, unprocessable } from './errors';

export interface WriteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WriteContext {
  tx: Queryable;
  principal: Principal;
  changes: ChangeRecorder;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/**
 * How long a stored answer is replayed. A client retries an unanswered write within minutes (its
 * backoff tops out well under an hour), and one offline for longer re-reads the server's state
 * before pushing again; a day covers both with room, and keeps the table to a day of writes.
 */
export const IDEMPOTENCY_KEY_TTL = '24 hours';

export function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

export async function performWrite(
  deps: { db: Database; strict: boolean },
  request: FastifyRequest,
  principal: Principal,
  work: (context: WriteContext) => Promise<WriteResult>,
): Promise<WriteResult> {
  const rawKey = deps.strict ? undefined : request.headers['idempotency-key'];
  const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw unprocessable(`Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  const hash = key === undefined ? '' : requestHash(request);
  return deps.db.transaction(async (tx) => {
    const changes = await ChangeRecorder.lock(tx, principal.accountId);
    if (key !== undefined) {
      const { rows } = await tx.query<{ request_hash: string; status: number; body: unknown }>(
        `SELECT request_hash, status, body FROM idempotency_keys
          WHERE account_id = $1 AND user_id = $2 AND key = $3 AND created_at > now() - interval '${IDEMPOTENCY_KEY_TTL}'`,
        [principal.accountId, principal.user.id, key],
      );
      const stored = rows[0];
      if (stored) {
        if (stored.request_hash !== hash) {
          throw new ApiError(422, { error: 'This Idempotency-Key was already used for a different request' });
        }
        return { status: stored.status, body: stored.body, headers: { 'idempotent-replayed': 'true' } };
      }
    }
    const result = await work({ tx, principal, changes });
    await changes.flush();
    // Only successes are stored: a failed request changed nothing, so repeating it is safe anyway.
    if (key !== undefined && result.status < 300) {
      // Expired keys of the account go as new ones arrive (an index on created_at keeps this cheap);
      // an expired row under this very key is replaced.
      await tx.query(`DELETE FROM idempotency_keys WHERE account_id = $1 AND created_at <= now() - interval '${IDEMPOTENCY_KEY_TTL}'`, [principal.accountId]);
      await tx.query(
        `INSERT INTO idempotency_keys (account_id, user_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (account_id, user_id, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at`,
        [principal.accountId, principal.user.id, key, hash, result.status, JSON.stringify(result.body ?? null)],
      );
    }
    return result;
  });
}

/** The version an `If-Match` header asks for (`"3"`, `W/"3"` or `3`), or null when there is none or it is `*`. */
export function ifMatchVersion(request: FastifyRequest, strict: boolean): number | null {
  if (strict) return null;
  const header = request.headers['if-match'];
  if (header === undefined) return null;
  const value = header.trim();
  if (value === '*') return null;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!match) throw new ApiError(400, { error: 'If-Match must be a record version such as "3"' });
  return Number(match[1]);
}

export const etag = (version: number): string => `"${version}"`;

export function sendWrite(reply: FastifyReply, result: WriteResult): FastifyReply {
  reply.status(result.status);
  if (result.headers) reply.headers(result.headers);
  return result.body === null || result.body === undefined ? reply.send() : reply.send(result.body);
}

/** 412 with the record as it is now, when `If-Match` names an older version. */
export function checkVersion(expected: number | null, current: number, currentBody: () => Promise<unknown>): Promise<void> {
  if (expected === null || expected === current) return Promise.resolve();
  return currentBody().then((body) => {
    throw new ApiError(412, { error: 'The record has changed since that version', payload: body }, { etag: etag(current) });
  });
}

/** `ETag: "<version>"` in extension mode; nothing in strict mode, where records have no versions. */
export function versionHeaders(strict: boolean, version: number): Record<string, string> {
  return strict ? {} : { etag: etag(version) };
}

/**
 * `DELETE <path>/:id` of a versioned account record: `If-Match` checked, the row deleted and a
 * `delete` change recorded (for `userScoped` records, as the requesting user's), in one write.
 */
export function registerVersionedDelete<Row extends { version: number }>(
  app: FastifyInstance,
  context: ServerContext,
  spec: {
    path: string;
    table: string;
    /** The change feed's entity name. */
    entity: Entity;
    /** What Chatwoot answers: 200 for labels, 204 for the others. */
    status: 200 | 204;
    userScoped?: boolean;
    /** Chatwoot's policy allows administrators only (labels, attribute definitions). */
    administratorsOnly?: boolean;
    /** The row, locked for update; throws not-found. */
    find(tx: Queryable, principal: Principal, id: number): Promise<Row>;
    serialize(row: Row, strict: boolean): unknown;
  },
): void {
  app.delete(`${spec.path}/:id`, async (request, reply) => {
    const principal = principalOf(request);
    if (spec.administratorsOnly) requireAdministrator(principal, context.strict);
    const id = parseId((request.params as { id: string }).id);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await spec.find(tx, principal, id);
      await checkVersion(expected, current.version, async () => spec.serialize(current, context.strict));
      await tx.query(`DELETE FROM ${spec.table} WHERE id = $1`, [id]);
      await changes.record(spec.entity, id, 'delete', current.version + 1, spec.userScoped ? principal.user.id : null);
      return { status: spec.status, body: null };
    });
    return sendWrite(reply, result);
  });
}
