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
 *
 * A contact's `contact_labels` change is left out when the contact itself has a change in the same
 * range: the feed's contact carries its current labels (`labels`, as `GET` does with the
 * extension), so the labels change would say again what the contact says. A contact created with
 * labels writes both (an import of 100k contacts is 200k changes); read from the start, the feed is
 * then half as many changes and pages. The contact's change may come later in the range than the
 * labels' (or on a later page): it is read before the cursor passes `head`, and every change
 * carries the record as it is when read, so nothing is missed.
 */
export async function readChanges(
  db: Queryable,
  query: { accountId: number; userId: number; since: number; head: number; limit: number },
): Promise<ChangeRow[]> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT c.entity, c.entity_id, c.seq, c.op, c.version FROM changes c
      WHERE c.account_id = $1 AND c.seq > $2 AND c.seq <= $3 AND (c.user_id IS NULL OR c.user_id = $4)
        AND NOT (c.entity = 'contact_labels' AND EXISTS (
          SELECT 1 FROM changes k
           WHERE k.account_id = $1 AND k.entity = 'contact' AND k.entity_id = c.entity_id AND k.seq > $2 AND k.seq <= $3))
      ORDER BY c.seq LIMIT $5`,
    [query.accountId, query.since, query.head, query.userId, query.limit],
  );
  return rows;
}

export async function currentSeq(db: Queryable, accountId: number): Promise<number> {
  const { rows } = await db.query<{ change_seq: number }>('SELECT change_seq FROM accounts WHERE id = $1', [accountId]);
  return rows[0]?.change_seq ?? 0;
}
