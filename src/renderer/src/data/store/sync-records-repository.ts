import { sendableByRecord } from '../../../../shared/sync/outbox';
import type { Table } from 'dexie';
import { markdownToDocument } from '../../../../shared/notes';
import type { Conflict, Note, OutboxEntry } from '../../../../shared/records';
import { sameJsonValue } from '../../../../shared/equality';
import { gated } from './label-ops';
import type { WintookDb } from './schema';
import { applyServer } from './sync-records-apply';
import {
  addNoteConflict,
  dropPendingChanges,
  entriesOf,
  NOTE_CONFLICT_PREFIX,
  recordEvent,
  storedRecord,
  SYNCED_FIELDS,
  tableOf,
  touchedFields,
  type ApplyOptions,
  type ApplyResult,
  type RecordEntity,
  type ServerRecord,
  type SyncRecordsCore,
} from './sync-records-rows';

export {
  NOTE_CONFLICT_PREFIX,
  readOutboxFacts,
  SYNCED_FIELDS,
  type ApplyOptions,
  type ApplyResult,
  type OutboxFacts,
  type RecordEntity,
  type ServerRecord,
  type SyncRecordsCore,
} from './sync-records-rows';

/**
 * The sync engine's writes for records other than contacts (labels, custom attribute definitions,
 * segments, notes): server data applied with origin `sync` (stored and announced, never outboxed),
 * acknowledgements (rows removed and the server id stored in one transaction), discards.
 *
 * Merge rule for labels, definitions and segments (no server snapshot is kept for them): per field,
 * a field with a local change not yet on the server keeps the local value (it is about to be
 * sent); every other field takes the server's. Notes keep a snapshot (`base`): the same note
 * edited on both sides keeps the server's text and records a conflict `note:<id>` on its contact.
 */

export function createSyncRecordsRepository(db: WintookDb, core: SyncRecordsCore) {
  const ctx = { db, core };
  const outbox = db.outbox as Table<OutboxEntry, number>;

  /**
   * Every outbox row, read once for the participants' counts of one status refresh (five
   * participants asking in turn): `toArray` and an in-memory filter, since a Dexie cursor `filter`
   * costs ~20× more per row (DESIGN.md "Data"); kept until the next tick.
   */
  let snapshot: Promise<OutboxEntry[]> | null = null;
  function outboxSnapshot(): Promise<OutboxEntry[]> {
    if (!snapshot) {
      snapshot = outbox.toArray();
      void snapshot.finally(() => setTimeout(() => (snapshot = null), 0));
    }
    return snapshot;
  }

  return {
    entriesOf: (entity: RecordEntity, id: string) => entriesOf(db, entity, id),
    get: (entity: RecordEntity, id: string) => tableOf(db, entity).get(id),
    all: (entity: RecordEntity) => tableOf(db, entity).toArray(),
    notesOfContact: (contactId: string) => db.notes.where('contactId').equals(contactId).toArray(),
    getContact: (id: string) => gated(db, () => db.contacts.get(id)),
    contactByServerId: (serverId: number) => gated(db, () => db.contacts.where('serverId').equals(serverId).first()),

    /** This entity's outbox rows that may be sent, grouped by record in order of first change; a record with a refused row waits. */
    async sendable(entity: RecordEntity): Promise<OutboxEntry[][]> {
      // Primary-key order is `seq` order.
      return sendableByRecord((await outbox.toArray()).filter((e) => e.entity === entity));
    },

    async counts(entity: RecordEntity): Promise<{ waiting: number; rejected: number; pending: number }> {
      let waiting = 0;
      let rejected = 0;
      let pending = 0;
      for (const e of await outboxSnapshot()) {
        if (e.entity !== entity) continue;
        if (e.state === 'rejected') rejected += 1;
        else waiting += 1;
        if (e.state === 'pending') pending += 1;
      }
      return { waiting, rejected, pending };
    },

    applyServer: (entity: RecordEntity, records: readonly ServerRecord[], deletedServerIds: readonly number[], options: ApplyOptions = {}): Promise<ApplyResult> =>
      applyServer(ctx, entity, records, deletedServerIds, options),

    /**
     * The server accepted a create or update of `localId` covering rows `seqs`; `server` is its
     * answer (null for a delete, or an answer that was lost). Rows go and the server id is stored in
     * one transaction; fields with no later local change take the server's values. A copy of the
     * same server record already pulled (the feed overtook the answer) is folded in.
     */
    ack(entity: RecordEntity, localId: string, seqs: readonly number[], server: ServerRecord | null): Promise<void> {
      const table = tableOf(db, entity);
      return core.write([table, db.outbox, db.conflicts, db.contacts], async (events) => {
        await outbox.bulkDelete([...seqs]);
        if (!server) return;
        const local = await table.get(localId);
        const remaining = await entriesOf(db, entity, localId);
        if (!local) {
          // Deleted here while the create was on its way: let the delete rows address the server copy.
          await outbox.bulkPut(remaining.filter((e) => e.op === 'delete' && typeof e.baseValues.serverId !== 'number').map((e) => ({ ...e, baseValues: { ...e.baseValues, serverId: server.serverId } })));
          return;
        }
        const deleted: string[] = [];
        const twin = (await table.filter((r) => r.serverId === server.serverId && r.id !== localId).toArray())[0];
        if (twin) {
          const twinRows = await entriesOf(db, entity, twin.id);
          await outbox.bulkPut(twinRows.map((e) => ({ ...e, entityId: localId })));
          await table.delete(twin.id);
          deleted.push(twin.id);
        }
        const stillToSend = touchedFields(entity, await entriesOf(db, entity, localId));
        const next: Record<string, unknown> = { ...local, serverId: server.serverId };
        for (const field of SYNCED_FIELDS[entity]) {
          if (field !== 'contactId' && !stillToSend.has(field) && field in server.fields) next[field] = server.fields[field];
        }
        if (entity === 'note') {
          const note = local as Note;
          if (next.bodyMarkdown !== note.bodyMarkdown) next.bodySlate = markdownToDocument(String(next.bodyMarkdown));
          next.version = server.version;
          next.base = { bodyMarkdown: String(server.fields.bodyMarkdown ?? '') };
          if (server.author && note.author.id == null) next.author = server.author;
        }
        const changed = !sameJsonValue(next, local);
        const stored = storedRecord(next);
        if (changed) await table.put(stored);
        if (changed || deleted.length > 0) events.push(recordEvent(entity, changed ? [stored] : [], deleted));
      });
    },

    /**
     * A note update met a newer server text (412 with the extension, a read before the PATCH in
     * stock mode): the server's text stays, ours goes into a conflict, the update rows go.
     */
    noteChangedOnServer(noteId: string, seqs: readonly number[], server: ServerRecord): Promise<void> {
      return core.write([db.notes, db.outbox, db.conflicts], async (events) => {
        await outbox.bulkDelete([...seqs]);
        const note = await db.notes.get(noteId);
        if (!note) return;
        await dropPendingChanges(db, await entriesOf(db, 'note', noteId), 'bodyMarkdown');
        const serverText = String(server.fields.bodyMarkdown ?? '');
        if (serverText !== note.bodyMarkdown) await addNoteConflict(ctx, note, note.bodyMarkdown, serverText);
        const next: Note = { ...note, serverId: server.serverId, bodyMarkdown: serverText, bodySlate: serverText === note.bodyMarkdown ? note.bodySlate : markdownToDocument(serverText), version: server.version, base: { bodyMarkdown: serverText }, updatedAt: core.now() };
        await db.notes.put(next);
        events.push(recordEvent('note', [next], []));
      });
    },

    /** "Discard" of a refused row: the row goes and the record goes back to what the server has. */
    discard(entry: OutboxEntry): Promise<void> {
      const entity = entry.entity as RecordEntity;
      const table = tableOf(db, entity);
      return core.write([table, db.outbox, db.conflicts], async (events) => {
        await outbox.delete(entry.seq);
        const local = await table.get(entry.entityId);
        if (entry.op === 'create' && local && local.serverId === null) {
          await table.delete(local.id);
          await outbox.bulkDelete((await entriesOf(db, entity, local.id)).map((e) => e.seq));
          events.push(recordEvent(entity, [], [local.id]));
        } else if (entry.op === 'update' && local) {
          const reverted: Record<string, unknown> = { ...local, updatedAt: core.now() };
          // A later edit of the same field (still queued) supersedes the refused one: left alone.
          const later = touchedFields(entity, (await entriesOf(db, entity, local.id)).filter((e) => e.seq > entry.seq));
          const noteBase = entity === 'note' ? (local as Note).base : null;
          for (const key of Object.keys(entry.changes)) {
            if (later.has(key)) continue;
            reverted[key] = key === 'bodyMarkdown' && noteBase ? noteBase.bodyMarkdown : entry.baseValues[key];
          }
          if (entity === 'note') reverted.bodySlate = markdownToDocument(String(reverted.bodyMarkdown));
          const stored = storedRecord(reverted);
          await table.put(stored);
          events.push(recordEvent(entity, [stored], []));
        } else if (entry.op === 'delete' && !local && typeof entry.baseValues.serverId === 'number') {
          const at = core.now();
          const restored: Record<string, unknown> = { createdAt: at, ...entry.baseValues, id: entry.entityId, updatedAt: at };
          if (entity === 'note') {
            const markdown = String(entry.baseValues.bodyMarkdown ?? '');
            Object.assign(restored, { bodySlate: markdownToDocument(markdown), author: { id: null, name: '' }, base: { bodyMarkdown: markdown }, version: entry.baseValues.version ?? null });
          }
          const stored = storedRecord(restored);
          await table.put(stored);
          events.push(recordEvent(entity, [stored], []));
        }
      });
    },

    /** "Keep mine" / "Keep theirs" on a note conflict. Mine puts the local text back as a new local change. */
    resolveNoteConflict(conflict: Conflict, choice: 'mine' | 'theirs'): Promise<void> {
      return core.write([db.notes, db.outbox, db.conflicts], async (events) => {
        await db.conflicts.delete(conflict.id);
        if (choice === 'theirs') return;
        const noteId = conflict.field.slice(NOTE_CONFLICT_PREFIX.length);
        const text = String(conflict.localValue ?? '');
        const note = await db.notes.get(noteId);
        if (!note) {
          // Deleted since: the text comes back as a new note on the contact.
          const at = core.now();
          const revived: Note = { id: core.newId(), contactId: conflict.contactId, serverId: null, bodySlate: markdownToDocument(text), bodyMarkdown: text, author: { id: null, name: '' }, createdAt: at, updatedAt: at, version: null, base: null };
          await db.notes.add(revived);
          await outbox.add(core.outboxEntry('note', revived.id, 'create', { contactId: revived.contactId, bodyMarkdown: text, author: revived.author }, {}) as OutboxEntry);
          events.push(recordEvent('note', [revived], []));
          return;
        }
        if (note.bodyMarkdown === text) return;
        const next: Note = { ...note, bodyMarkdown: text, bodySlate: markdownToDocument(text), updatedAt: core.now() };
        await db.notes.put(next);
        await outbox.add(core.outboxEntry('note', note.id, 'update', { bodyMarkdown: text }, { bodyMarkdown: note.bodyMarkdown }) as OutboxEntry);
        events.push(recordEvent('note', [next], []));
      });
    },
  };
}

export type SyncRecordsRepository = ReturnType<typeof createSyncRecordsRepository>;
