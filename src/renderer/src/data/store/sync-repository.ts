import { sendableByRecord } from '../../../../shared/sync/outbox';
import type { Contact } from '../../../../shared/contact';
import type { OutboxEntry, SentRequest } from '../../../../shared/records';
import type { ServerContact } from '../../../../shared/sync/wire';
import { countPendingBulkEntries, expandBulkOutbox } from './outbox-expansion';
import { gated } from './label-ops';
import { createSyncRecordsRepository, NOTE_CONFLICT_PREFIX } from './sync-records-repository';
import type { WintookDb } from './schema';
import { ackContactWrite, markDeletedOnServer } from './sync-acks';
import { discardRejectedContact, resolveContactConflict } from './sync-conflicts';
import { CONTACT_ENTITY, entriesOf, entryTable, HELD_DELETED_ON_SERVER, type SyncCore, type SyncStoreContext } from './sync-contact-rows';
import { applyServerPage, type PageResult, type ServerPage } from './sync-pull';

export { DELETED_ON_SERVER_FIELD, HELD_DELETED_ON_SERVER, type SyncCore } from './sync-contact-rows';
export type { PageResult, ServerPage } from './sync-pull';


/**
 * The sync engine's writes: server data applied with origin `sync` (stored and announced, never
 * outboxed), outbox bookkeeping, conflicts. Every function is one transaction, so a pulled page
 * and its cursor, or an acknowledged change and the removal of its outbox rows, commit together.
 *
 * Wire into `createRepository` as `sync: createSyncRepository(db, core)`.
 */

export function createSyncRepository(db: WintookDb, core: SyncCore) {
  const { newId } = core;
  const ctx: SyncStoreContext = { db, core };
  const outbox = entryTable(db);
  const records = createSyncRecordsRepository(db, core);

  return {
    /** Labels, attribute definitions, segments and notes (their participants' writes). */
    records,

    async getState<T>(key: string): Promise<T | undefined> {
      return (await db.syncState.get(key))?.value as T | undefined;
    },
    async setState(key: string, value: unknown): Promise<void> {
      await db.syncState.put({ key, value });
    },

    /** Every contact outbox row that may be sent (not rejected), grouped by record in order of first change. */
    async sendableContactEntries(): Promise<OutboxEntry[][]> {
      // One `toArray` and in-memory filters: a Dexie cursor `filter` costs ~20× more per row
      // (docs/design.md "Data model principles").
      return sendableByRecord((await outbox.toArray()).filter((e) => e.entity === CONTACT_ENTITY));
    },

    /** Contact rows only: the other entities' participants count their own (`SyncParticipant.counts`). */
    /** Unpacks compact outbox rows into per-record rows (the engine calls it before it reads the outbox). */
    expandBulk: () => expandBulkOutbox(db),
    /** Per-record rows still folded into compact rows (a bulk change committed during a run). */
    packedCount: () => countPendingBulkEntries(db),

    async countOutbox(): Promise<{ waiting: number; rejected: number }> {
      let waiting = await countPendingBulkEntries(db);
      let rejected = 0;
      for (const e of await outbox.toArray()) {
        if (e.entity !== CONTACT_ENTITY) continue;
        // Held rows of a contact deleted on the server wait for the user's answer: that question is
        // a conflict (counted there), not a rejected change (the Sync problems dialog omits them).
        if (e.state !== 'rejected') waiting += 1;
        else if (e.lastError !== HELD_DELETED_ON_SERVER) rejected += 1;
      }
      return { waiting, rejected };
    },

    rejectedEntries: () => outbox.filter((e) => e.state === 'rejected' && e.lastError !== HELD_DELETED_ON_SERVER).toArray(),
    conflictsOf: (contactId: string) => db.conflicts.where('contactId').equals(contactId).toArray(),
    allConflicts: () => db.conflicts.toArray(),
    // Contact reads wait until pending label ops are folded into the rows (label-ops.ts).
    getContact: (id: string) => gated(db, () => db.contacts.get(id)),
    contactByServerId: (serverId: number) => gated(db, () => db.contacts.where('serverId').equals(serverId).first()),
    entriesOf: (contactId: string) => entriesOf(db, contactId),

    async markInFlight(seqs: readonly number[]): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, state: 'in-flight' as const, attempts: e.attempts + 1 })));
      });
    },

    /** The body sent under `key` by an earlier try of the op whose first row is `seq`, if any. */
    async sentRequest(seq: number, key: string): Promise<SentRequest | undefined> {
      return (await outbox.get(seq))?.sentRequests?.find((sent) => sent.key === key);
    },

    /** Records the body about to go under `key` (before it goes: its answer may never come). */
    async bindRequest(seq: number, key: string, body: unknown): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const row = await outbox.get(seq);
        if (!row) return;
        const others = (row.sentRequests ?? []).filter((sent) => sent.key !== key);
        await outbox.put({ ...row, sentRequests: [...others, { key, body }] });
      });
    },

    /** The server answered `key` for certain without storing it (4xx): the next try may carry another body. */
    async unbindRequest(seq: number, key: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const row = await outbox.get(seq);
        if (!row?.sentRequests) return;
        await outbox.put({ ...row, sentRequests: row.sentRequests.filter((sent) => sent.key !== key) });
      });
    },

    async setError(seqs: readonly number[], message: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, lastError: message })));
      });
    },

    /** The server refused these rows (4xx): kept, with its message, for "Sync problems". */
    async reject(seqs: readonly number[], message: string): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const rows = (await outbox.bulkGet([...seqs])).filter((e): e is OutboxEntry => e !== undefined);
        await outbox.bulkPut(rows.map((e) => ({ ...e, state: 'rejected' as const, lastError: message })));
      });
    },

    /**
     * Runs `body` in one read-write transaction over every table: the sync writes inside it (each a
     * transaction of its own otherwise) join it, so they commit together or not at all, and their
     * change events are announced once it has committed. `body` must only touch the database.
     */
    atomically<T>(body: () => Promise<T>): Promise<T> {
      return gated(db, () => db.transaction('rw', db.tables, body));
    },

    /** A pulled page (or a reconcile page) and its cursor, in one transaction. */
    applyServerPage: (page: ServerPage): Promise<PageResult> => applyServerPage(ctx, page),

    /**
     * The server accepted a create or update of `contactId` covering outbox rows `seqs`. `server` is
     * its answer (null when the request had been applied before and the answer was lost). Fields
     * with no further local change take the server's (normalised) values; the base becomes it.
     */
    ackContactWrite: (contactId: string, seqs: readonly number[], answer: ServerContact | null, answerLabels: string[] | null): Promise<void> =>
      ackContactWrite(ctx, contactId, seqs, answer, answerLabels),

    /** The server no longer has this contact but it has local edits: hold them and ask the user. */
    markDeletedOnServer: (contactId: string): Promise<void> => markDeletedOnServer(ctx, contactId),

    /** A delete (or a create+delete that cancelled out) is done: drop its rows. */
    async ackRows(seqs: readonly number[]): Promise<void> {
      await outbox.bulkDelete([...seqs]);
    },

    /** Contacts the server should have (synced, not about to be deleted) that a full scan did not see. */
    async syncedServerIds(): Promise<Map<number, Contact>> {
      const map = new Map<number, Contact>();
      await gated(db, () =>
        db.contacts.where('serverId').above(0).each((c) => {
          if (c.serverId !== null) map.set(c.serverId, c);
        }),
      );
      return map;
    },

    /** "Keep mine" puts the local value back as a new local change (outboxed); "Keep theirs" just closes it. */
    async resolveConflict(conflictId: string, choice: 'mine' | 'theirs'): Promise<void> {
      const found = await db.conflicts.get(conflictId);
      if (found?.field.startsWith(NOTE_CONFLICT_PREFIX)) return records.resolveNoteConflict(found, choice);
      return resolveContactConflict(ctx, conflictId, choice);
    },

    /** "Retry" on a refused change: it goes back in the queue. */
    async retryRejected(seq: number): Promise<void> {
      await db.transaction('rw', outbox, async () => {
        const entry = await outbox.get(seq);
        if (entry && entry.state === 'rejected') await outbox.put({ ...entry, state: 'pending', attempts: 0, lastError: null, idempotencyKey: newId() });
      });
    },

    /**
     * "Discard" on a refused change: the row goes, and the contact goes back to what the server has
     * (a refused create: the contact is removed; a refused delete: the contact comes back).
     */
    async discardRejected(seq: number): Promise<void> {
      const found = await outbox.get(seq);
      if (found && found.state === 'rejected' && (found.entity === 'label' || found.entity === 'attributeDefinition' || found.entity === 'segment' || found.entity === 'note')) {
        return records.discard(found);
      }
      return discardRejectedContact(ctx, seq);
    },
  };
}

export type SyncRepository = ReturnType<typeof createSyncRepository>;
