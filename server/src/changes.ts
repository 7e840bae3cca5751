/**
 * The change log behind `GET …/sync/changes`. Each account has a counter (`accounts.change_seq`);
 * every write transaction locks that row before anything else, takes the next numbers, and keeps the
 * lock until it commits. So within an account, change numbers are handed out in commit order, even
 * across server processes on one PostgreSQL: a reader who sees number N committed has already seen
 * every number below N, and a cursor never skips a change committed late.
 */
import { returnedRow, type Queryable } from './db/database';

export const ENTITIES = ['contact', 'contact_labels', 'note', 'custom_attribute_definition', 'custom_filter', 'label'] as const;
export type Entity = (typeof ENTITIES)[number];
export type ChangeOp = 'upsert' | 'delete';

export class ChangeRecorder {
  private seq: number;
  private readonly startSeq: number;

  private constructor(
    private readonly tx: Queryable,
    private readonly accountId: number,
    seq: number,
  ) {
    this.seq = seq;
    this.startSeq = seq;
  }

  /** Locks the account's counter row: call first in every write transaction (also a fixed lock order, so no deadlocks). */
  static async lock(tx: Queryable, accountId: number): Promise<ChangeRecorder> {
    const { rows } = await tx.query<{ change_seq: number }>('SELECT change_seq FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
    if (rows.length === 0) throw new Error(`account ${accountId} does not exist`);
    const row = returnedRow(rows, 'SELECT … FROM accounts');
    return new ChangeRecorder(tx, accountId, row.change_seq);
  }

  async record(entity: Entity, entityId: number, op: ChangeOp, version: number, userId: number | null = null): Promise<void> {
    this.seq += 1;
    await this.tx.query(
      `INSERT INTO changes (account_id, entity, entity_id, seq, op, version, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, entity, entity_id)
       DO UPDATE SET seq = EXCLUDED.seq, op = EXCLUDED.op, version = EXCLUDED.version, user_id = EXCLUDED.user_id`,
      [this.accountId, entity, entityId, this.seq, op, version, userId],
    );
  }

  /** Writes the counter back; the lock is released when the transaction ends. */
  async flush(): Promise<void> {
    if (this.seq === this.startSeq) return;
    await this.tx.query('UPDATE accounts SET change_seq = $2 WHERE id = $1', [this.accountId, this.seq]);
  }
}

export interface ChangeRow {
  entity: Entity;
  entity_id: number;
  seq: number;
  op: ChangeOp;
  version: number;
}

/**
 * Up to `limit` changes in `(since, head]`, in commit order, with other users' segments left out.
 * Read `head` first with {@link currentSeq}: every change up to it is committed (see above), so a
 * client may move its cursor to `head` once it has read them all.
 */
export async function readChanges(
  db: Queryable,
  query: { accountId: number; userId: number; since: number; head: number; limit: number },
): Promise<ChangeRow[]> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT entity, entity_id, seq, op, version FROM changes
      WHERE account_id = $1 AND seq > $2 AND seq <= $3 AND (user_id IS NULL OR user_id = $4)
      ORDER BY seq LIMIT $5`,
    [query.accountId, query.since, query.head, query.userId, query.limit],
  );
  return rows;
}

export async function currentSeq(db: Queryable, accountId: number): Promise<number> {
  const { rows } = await db.query<{ change_seq: number }>('SELECT change_seq FROM accounts WHERE id = $1', [accountId]);
  return rows[0]?.change_seq ?? 0;
}
