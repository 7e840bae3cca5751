import type { EntityTable, Table } from 'dexie';
import { sameJsonText } from '../../../../shared/equality';
import type { AttributeDefinition, NewOutboxEntry, OutboxEntity, OutboxOp, Segment } from '../../../../shared/records';
import type { ChangeEvent, ChangeOrigin } from './change-bus';
import { gated, labelOpsGate } from './label-ops';
import type { WintookDb } from './schema';

/** What the record repositories share with the contact and label ones (see `createRepository`). */
export interface RepositoryCore {
  now: () => number;
  newId: () => string;
  /** One rw transaction; a write over `contacts` first waits for pending label ops (label-ops.ts). */
  write<T>(tables: Table[], body: (events: ChangeEvent[]) => Promise<T>): Promise<T>;
  /**
   * `write` for a change that may store a label op: later contact reads and writes wait for its
   * fold. Not for use inside an outer transaction (it may wait for an earlier op's fold first).
   */
  writeLabelOp<T>(tables: Table[], body: (events: ChangeEvent[]) => Promise<T>): Promise<T>;
  outboxEntry(
    entity: OutboxEntity,
    entityId: string,
    op: OutboxOp,
    changes: Record<string, unknown>,
    baseValues: Record<string, unknown>,
  ): NewOutboxEntry;
  outboxes(origin: ChangeOrigin): boolean;
  outbox: Table<unknown, number>;
}

export interface RepositoryCoreOptions {
  now?: () => number;
  /** Record ids and idempotency keys. */
  newId?: () => string;
  /** Contacts per label-op fold transaction (label-ops.ts); the first core of a database sets it. */
  labelFoldChunk?: number;
}

/**
 * The one repository core (re-exported by repository.ts): the app's repository, the import worker
 * and the tests all build theirs here. `write` runs `body` in one rw transaction over `tables` and
 * hands `publish` the events it collected once the transaction has committed. Listening to the
 * native `complete` event (not just awaiting Dexie's promise) also covers a caller that wraps us in
 * its own, outer transaction: Dexie then runs us as a sub-transaction whose promise resolves before
 * the outer one commits or aborts. Origin `sync` is the server's data: stored, never outboxed.
 * A write over `contacts` passes the database's label-ops gate first (label-ops.ts).
 */
export function createRepositoryCore(
  db: WintookDb,
  publish: (events: readonly ChangeEvent[]) => void,
  options: RepositoryCoreOptions = {},
): RepositoryCore {
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const gate = labelOpsGate(db, { chunk: options.labelFoldChunk });
  const transaction = <T>(tables: Table[], body: (events: ChangeEvent[]) => Promise<T>) =>
    db.transaction('rw', tables, async (tx) => {
      const events: ChangeEvent[] = [];
      const result = await body(events);
      if (events.length > 0) tx.idbtrans.addEventListener('complete', () => publish(events), { once: true });
      return result;
    });
  return {
    now,
    newId,
    outbox: db.outbox,
    outboxes: (origin) => origin !== 'sync',
    outboxEntry: (entity, entityId, op, changes, baseValues) => ({
      entity,
      entityId,
      op,
      changes,
      baseValues,
      idempotencyKey: newId(),
      attempts: 0,
      state: 'pending',
      lastError: null,
      createdAt: now(),
    }),
    write: (tables, body) =>
      // Inside an outer transaction (sync's `atomically`) its caller has passed the gate already,
      // and waiting there would let the outer transaction commit early.
      tables.some((table) => table.name === 'contacts') ? gated(db, () => transaction(tables, body)) : transaction(tables, body),
    writeLabelOp: (tables, body) => gate.runOp(() => transaction(tables, body)),
  };
}

type Identity = 'id' | 'serverId' | 'createdAt' | 'updatedAt';

/** Create, update and delete for a plain synced record: attribute definitions, segments. */
export interface RecordRepository<T extends { id: string }> {
  getAll(): Promise<T[]>;
  get(id: string): Promise<T | undefined>;
  create(fields: Omit<T, Identity>, origin?: ChangeOrigin): Promise<T>;
  /** Returns the stored record, unchanged when the patch changes nothing; undefined if it is gone. */
  update(id: string, patch: Partial<Omit<T, Identity>>, origin?: ChangeOrigin): Promise<T | undefined>;
  remove(id: string, origin?: ChangeOrigin): Promise<T | undefined>;
}

type RecordEntity = 'attributeDefinition' | 'segment';
type RecordOf<E extends RecordEntity> = E extends 'attributeDefinition' ? AttributeDefinition : Segment;

/**
 * Each write stores the record and its outbox row in one transaction and announces it after
 * commit, exactly like contacts and labels; validation of the fields is the caller's (the settings
 * and filter screens validate with src/shared before writing).
 */
export function createRecordRepository<E extends RecordEntity>(
  core: RepositoryCore,
  entityTable: EntityTable<RecordOf<E>, 'id'>,
  entity: E,
): RecordRepository<RecordOf<E>> {
  type R = RecordOf<E>;
  // Dexie's key typing does not resolve through the conditional type: the same table by name,
  // keyed by `id: string` for both.
  const table = entityTable.db.table<R, string>(entityTable.name);
  const event = (put: R[], deleted: string[], origin: ChangeOrigin): ChangeEvent =>
    entity === 'segment' ? { entity: 'segment', put: put as Segment[], deleted, origin } : { entity: 'attributeDefinition', put: put as AttributeDefinition[], deleted, origin };

  return {
    getAll: () => table.toArray(),
    get: (id) => table.get(id),

    create(fields, origin = 'local') {
      return core.write([table, core.outbox], async (events) => {
        const at = core.now();
        const record = { ...fields, id: core.newId(), serverId: null, createdAt: at, updatedAt: at } as R;
        await table.add(record);
        if (core.outboxes(origin)) await core.outbox.add(core.outboxEntry(entity, record.id, 'create', { ...fields }, {}));
        events.push(event([record], [], origin));
        return record;
      });
    },

    update(id, patch, origin = 'local') {
      return core.write([table, core.outbox], async (events) => {
        const current = await table.get(id);
        if (!current) return undefined;
        const changes: Record<string, unknown> = {};
        const baseValues: Record<string, unknown> = {};
        const stored: Record<string, unknown> = { ...current };
        for (const [key, value] of Object.entries(patch)) {
          const before = stored[key];
          if (value === undefined || sameJsonText(before, value)) continue;
          changes[key] = value;
          baseValues[key] = before;
        }
        if (Object.keys(changes).length === 0) return current;
        const next = { ...current, ...changes, updatedAt: core.now() } as R;
        await table.put(next);
        if (core.outboxes(origin)) await core.outbox.add(core.outboxEntry(entity, id, 'update', changes, baseValues));
        events.push(event([next], [], origin));
        return next;
      });
    },

    remove(id, origin = 'local') {
      return core.write([table, core.outbox], async (events) => {
        const current = await table.get(id);
        if (!current) return undefined;
        await table.delete(id);
        if (core.outboxes(origin)) {
          const { id: _id, ...rest } = current as R & Record<string, unknown>;
          await core.outbox.add(core.outboxEntry(entity, id, 'delete', {}, rest));
        }
        events.push(event([], [id], origin));
        return current;
      });
    },
  };
}
