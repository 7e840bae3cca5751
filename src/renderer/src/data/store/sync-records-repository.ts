import type { Table } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import { markdownToDocument } from '../../../../shared/notes';
import type { AttributeDefinition, Conflict, Label, Note, NoteAuthor, OutboxEntry, Segment } from '../../../../shared/records';
import { sameJsonValue } from '../../../../shared/equality';
import type { ChangeEvent } from './change-bus';
import { gated } from './label-ops';
import { BULK_OUTBOX_ENTITY_ID } from './outbox-expansion';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';

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

export type RecordEntity = 'label' | 'attributeDefinition' | 'segment' | 'note';

/** A record as the server has it, in local field names (data/sync/participants/records-wire.ts parses it). */
export interface ServerRecord {
  serverId: number;
  /** The synced fields only, in local names (a note: `bodyMarkdown`). */
  fields: Record<string, unknown>;
  version: number | null;
  /** Notes: the contact's server id (from the URL or the feed's `contact_id`). */
  contactServerId?: number;
  author?: NoteAuthor;
  createdAt?: number | null;
}

/** What a pulled page needs to know of the outbox beyond its own records' rows (`readOutboxFacts`). */
export interface OutboxFacts {
  /** Server ids whose local delete is waiting to be sent: their server copy must not come back. */
  deletes: Set<number>;
  /** Records whose create was sent and not answered: the only unsynced ones a pulled copy may be linked to. */
  creating: Set<string>;
}

/**
 * `OutboxFacts` of one entity, in one read of the per-record rows (compact rows hold contacts'
 * label changes and import creates only: never a delete or a create in flight).
 */
export async function readOutboxFacts(outbox: Table<OutboxEntry, number>, entity: string): Promise<OutboxFacts> {
  const deletes = new Set<number>();
  const creating = new Set<string>();
  for (const e of await outbox.where('entityId').notEqual(BULK_OUTBOX_ENTITY_ID).toArray()) {
    if (e.entity !== entity) continue;
    if (e.op === 'delete' && typeof e.baseValues.serverId === 'number') deletes.add(e.baseValues.serverId);
    else if (e.op === 'create' && e.state === 'in-flight') creating.add(e.entityId);
  }
  return { deletes, creating };
}

export type SyncRecordsCore = Pick<RepositoryCore, 'now' | 'newId' | 'write' | 'outboxEntry'>;

/** The field of a note conflict in the `conflicts` table (its `contactId` is the note's contact). */
export const NOTE_CONFLICT_PREFIX = 'note:';

type AnyRecord = (Label | AttributeDefinition | Segment | Note) & { id: string; serverId: number | null };

/** Synced fields per entity, in local names. */
export const SYNCED_FIELDS: Record<RecordEntity, readonly string[]> = {
  label: ['title', 'color', 'description'],
  attributeDefinition: ['key', 'displayName', 'type', 'listValues', 'description'],
  segment: ['name', 'query'],
  note: ['bodyMarkdown', 'contactId'],
};

export interface ApplyOptions {
  /**
   * A complete list from the server (stock Chatwoot): synced local records within `scope` that the
   * list does not hold were deleted on the server.
   */
  complete?: {
    scope: (record: AnyRecord) => boolean;
    /** Notes: the list is one contact's, so only its notes are read (not the whole table). */
    contactId?: string;
  };
  /** Link an unsynced local record with the same natural key (labels by title…). */
  naturalKey?: (fields: Record<string, unknown>) => string | null;
}

export interface ApplyResult {
  created: number;
  updated: number;
  deleted: number;
  conflicts: number;
}

function touchedFields(entity: RecordEntity, entries: readonly OutboxEntry[]): Set<string> {
  const touched = new Set<string>();
  for (const entry of entries) {
    if (entry.op === 'create') for (const key of SYNCED_FIELDS[entity]) touched.add(key);
    else for (const key of Object.keys(entry.changes)) touched.add(key);
  }
  return touched;
}

export function createSyncRecordsRepository(db: WintookDb, core: SyncRecordsCore) {
  const { now, newId, write } = core;
  const outbox = db.outbox as Table<OutboxEntry, number>;

  function tableOf(entity: RecordEntity): Table<AnyRecord, string> {
    switch (entity) {
      case 'label':
        return db.labels as unknown as Table<AnyRecord, string>;
      case 'attributeDefinition':
        return db.attributeDefinitions as unknown as Table<AnyRecord, string>;
      case 'segment':
        return db.segments as unknown as Table<AnyRecord, string>;
      case 'note':
        return db.notes as unknown as Table<AnyRecord, string>;
    }
  }

  const event = (entity: RecordEntity, put: AnyRecord[], deleted: string[]): ChangeEvent => ({ entity, put, deleted, origin: 'sync' }) as unknown as ChangeEvent;

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

  const entriesOf = (entity: RecordEntity, id: string) =>
    outbox.where('entityId').equals(id).filter((e) => e.entity === entity).sortBy('seq');

  const outboxFacts = (entity: RecordEntity) => readOutboxFacts(outbox, entity);

  /**
   * The local records a page can touch. Labels, definitions and segments are few: all of them.
   * Notes can be many: those with the page's server ids (index, schema v4), the unsynced ones with
   * a create in flight, and for a complete list of one contact's notes, that contact's — never the
   * whole table once per page, which made a first sync quadratic in the account's notes.
   */
  async function localsOf(entity: RecordEntity, serverIds: readonly number[], creating: ReadonlySet<string>, options: ApplyOptions): Promise<AnyRecord[]> {
    const table = tableOf(entity);
    if (entity !== 'note' || (options.complete && options.complete.contactId === undefined)) return table.toArray();
    const found = new Map<string, AnyRecord>();
    const add = (records: readonly (AnyRecord | undefined)[]) => {
      for (const record of records) if (record) found.set(record.id, record);
    };
    if (serverIds.length > 0) add(await db.notes.where('serverId').anyOf([...serverIds]).toArray());
    if (creating.size > 0) add(await db.notes.bulkGet([...creating]));
    if (options.complete?.contactId !== undefined) add(await db.notes.where('contactId').equals(options.complete.contactId).toArray());
    return [...found.values()];
  }

  /** The local contacts of a page of notes, by server id, in one indexed read. */
  async function contactsOf(records: readonly ServerRecord[]): Promise<Map<number, Contact>> {
    const contacts = new Map<number, Contact>();
    const serverIds = [...new Set(records.map((r) => r.contactServerId).filter((id): id is number => id !== undefined))];
    if (serverIds.length > 0) for (const c of await db.contacts.where('serverId').anyOf(serverIds).toArray()) contacts.set(c.serverId!, c);
    return contacts;
  }

  function newLocal(entity: RecordEntity, server: ServerRecord, contactId: string | null): AnyRecord {
    const at = now();
    const base = { ...server.fields, id: newId(), serverId: server.serverId, createdAt: server.createdAt ?? at, updatedAt: at };
    if (entity !== 'note') return base as unknown as AnyRecord;
    const markdown = String(server.fields.bodyMarkdown ?? '');
    const note: Note = {
      id: base.id,
      contactId: contactId ?? '',
      serverId: server.serverId,
      bodySlate: markdownToDocument(markdown),
      bodyMarkdown: markdown,
      author: server.author ?? { id: null, name: 'Bot' },
      createdAt: base.createdAt,
      updatedAt: at,
      version: server.version,
      base: { bodyMarkdown: markdown },
    };
    return note as AnyRecord;
  }

  async function addNoteConflict(note: Note, localValue: string, serverValue: string): Promise<void> {
    const field = `${NOTE_CONFLICT_PREFIX}${note.id}`;
    await db.conflicts.where('contactId').equals(note.contactId).filter((c) => c.field === field).delete();
    const conflict: Conflict = { id: newId(), contactId: note.contactId, field, localValue, serverValue, detectedAt: now() };
    await db.conflicts.add(conflict);
  }

  /** Drops `field` from pending update rows (deleting rows left empty); in-flight rows are left alone. */
  async function dropPendingChanges(rows: readonly OutboxEntry[], field: string): Promise<void> {
    for (const row of rows) {
      if (row.state !== 'pending' || row.op !== 'update' || !(field in row.changes)) continue;
      const { [field]: _dropped, ...changes } = row.changes;
      const { [field]: _base, ...baseValues } = row.baseValues;
      if (Object.keys(changes).length === 0) await outbox.delete(row.seq);
      else await outbox.put({ ...row, changes, baseValues });
    }
  }

  /**
   * One server record onto its local copy (`applyServer` creates absent ones). Runs inside `write`;
   * returns the stored record when it changed. `contact`: a note's local contact, if this app has it.
   */
  async function applyOne(entity: RecordEntity, server: ServerRecord, local: AnyRecord, contact: Contact | undefined, result: ApplyResult): Promise<AnyRecord | null> {
    const table = tableOf(entity);
    const contactId = contact?.id ?? null;
    const rows = await entriesOf(entity, local.id);
    const touched = touchedFields(entity, rows);
    const next: Record<string, unknown> = { ...local, serverId: server.serverId };
    for (const field of SYNCED_FIELDS[entity]) {
      if (field === 'contactId') continue;
      if (!touched.has(field) && field in server.fields) next[field] = server.fields[field];
    }
    if (entity === 'note') {
      const note = local as Note;
      const serverText = String(server.fields.bodyMarkdown ?? '');
      if (contactId !== null && !touched.has('contactId')) next.contactId = contactId;
      if (note.version !== null && server.version !== null && server.version < note.version) return null;
      if (touched.has('bodyMarkdown') && note.serverId !== null) {
        const inFlight = rows.some((r) => r.state === 'in-flight' && 'bodyMarkdown' in r.changes);
        const baseText = note.base?.bodyMarkdown ?? null;
        if (!inFlight && baseText !== null && serverText !== baseText && serverText !== note.bodyMarkdown) {
          // Both sides changed the text: the server's stays, ours is kept in the conflict for "Keep mine".
          await addNoteConflict({ ...note, contactId: String(next.contactId) }, note.bodyMarkdown, serverText);
          await dropPendingChanges(rows, 'bodyMarkdown');
          next.bodyMarkdown = serverText;
          result.conflicts += 1;
        }
      }
      if (next.bodyMarkdown !== note.bodyMarkdown) next.bodySlate = markdownToDocument(String(next.bodyMarkdown));
      next.version = server.version ?? note.version;
      next.base = { bodyMarkdown: serverText };
    }
    if (sameJsonValue(next, local)) return null;
    const stored = { ...next, updatedAt: now() } as AnyRecord;
    await table.put(stored);
    result.updated += 1;
    return stored;
  }

  /**
   * Deleted on the server. No local change: deleted here too. A local edit not yet sent: the
   * record is kept and goes back to the server as a new one (its rows become one create), since
   * the user's edit says they still want it; nothing is lost either way.
   */
  async function applyDeletion(entity: RecordEntity, local: AnyRecord, result: ApplyResult): Promise<{ put?: AnyRecord; deleted?: string }> {
    const table = tableOf(entity);
    const rows = await entriesOf(entity, local.id);
    if (rows.length === 0) {
      await table.delete(local.id);
      if (entity === 'note') await db.conflicts.where('contactId').equals((local as Note).contactId).filter((c) => c.field === `${NOTE_CONFLICT_PREFIX}${local.id}`).delete();
      result.deleted += 1;
      return { deleted: local.id };
    }
    if (rows.some((r) => r.op === 'delete')) return {};
    const revived = { ...local, serverId: null, ...(entity === 'note' ? { version: null, base: null } : {}), updatedAt: now() } as AnyRecord;
    await table.put(revived);
    await outbox.bulkDelete(rows.map((r) => r.seq));
    const fields: Record<string, unknown> = {};
    for (const field of SYNCED_FIELDS[entity]) fields[field] = (revived as unknown as Record<string, unknown>)[field];
    if (entity === 'note') fields.author = (revived as Note).author;
    await outbox.add(core.outboxEntry(entity, local.id, 'create', fields, {}) as OutboxEntry);
    result.updated += 1;
    return { put: revived };
  }

  return {
    entriesOf: (entity: RecordEntity, id: string) => entriesOf(entity, id),
    get: (entity: RecordEntity, id: string) => tableOf(entity).get(id),
    all: (entity: RecordEntity) => tableOf(entity).toArray(),
    notesOfContact: (contactId: string) => db.notes.where('contactId').equals(contactId).toArray(),
    getContact: (id: string) => gated(db, () => db.contacts.get(id)),
    contactByServerId: (serverId: number) => gated(db, () => db.contacts.where('serverId').equals(serverId).first()),

    /** This entity's outbox rows that may be sent, grouped by record in order of first change; a record with a refused row waits. */
    async sendable(entity: RecordEntity): Promise<OutboxEntry[][]> {
      // Primary-key order is `seq` order.
      const rows = (await outbox.toArray()).filter((e) => e.entity === entity);
      const blocked = new Set(rows.filter((e) => e.state === 'rejected').map((e) => e.entityId));
      const groups = new Map<string, OutboxEntry[]>();
      for (const row of rows) {
        if (blocked.has(row.entityId)) continue;
        const group = groups.get(row.entityId) ?? [];
        group.push(row);
        groups.set(row.entityId, group);
      }
      return [...groups.values()];
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

    /**
     * Server records (a feed page's, or a whole list) and deletions, one transaction, origin `sync`.
     * A server record nobody here has yet is linked to an unsynced local one with the same natural
     * key (our own create whose answer was lost, or the same label made on two machines).
     */
    applyServer(entity: RecordEntity, records: readonly ServerRecord[], deletedServerIds: readonly number[], options: ApplyOptions = {}): Promise<ApplyResult> {
      const table = tableOf(entity);
      return write([table, db.outbox, db.conflicts, db.contacts], async (events) => {
        const result: ApplyResult = { created: 0, updated: 0, deleted: 0, conflicts: 0 };
        const facts = await outboxFacts(entity);
        const deletes = facts.deletes;
        const all = new Map<string, AnyRecord>();
        for (const record of await localsOf(entity, [...records.map((r) => r.serverId), ...deletedServerIds], facts.creating, options)) all.set(record.id, record);
        const byServer = new Map<number, AnyRecord>();
        for (const record of all.values()) if (record.serverId !== null) byServer.set(record.serverId, record);
        const contacts = entity === 'note' ? await contactsOf(records) : new Map<number, Contact>();
        const put = new Map<string, AnyRecord>();
        const created = new Set<string>();
        const deleted = new Set<string>();
        const naturalKey = options.naturalKey;
        // Every `await` in this loop is a database request: a long run of awaits on settled promises
        // would lose Dexie's transaction zone (see sync-repository.ts, `applyContact`).
        for (const server of records) {
          let local = byServer.get(server.serverId);
          if (!local && deletes.has(server.serverId)) continue;
          const contact = server.contactServerId === undefined ? undefined : contacts.get(server.contactServerId);
          if (!local && naturalKey) {
            const key = naturalKey(server.fields);
            const candidates = [...all.values()].filter((r) => r.serverId === null && !deleted.has(r.id) && key !== null && naturalKey(r as unknown as Record<string, unknown>) === key);
            for (const candidate of candidates) {
              if (entity === 'note') {
                // Two notes with the same text are two notes: only our own create, sent and unanswered, is linked.
                if (!contact || (candidate as Note).contactId !== contact.id) continue;
                const rows = await entriesOf(entity, candidate.id);
                if (!rows.some((r) => r.op === 'create' && r.state === 'in-flight')) continue;
              }
              local = candidate;
              break;
            }
          }
          let stored: AnyRecord | null;
          if (local) stored = await applyOne(entity, server, local, contact, result);
          else if (entity === 'note' && !contact) continue; // A note of a contact this app does not have (deleted here, or not pulled yet).
          else {
            stored = newLocal(entity, server, contact?.id ?? null);
            created.add(stored.id);
            result.created += 1;
          }
          if (stored) {
            byServer.set(server.serverId, stored);
            all.set(stored.id, stored);
            put.set(stored.id, stored);
          }
        }
        const gone = new Set(deletedServerIds);
        if (options.complete) {
          const seen = new Set(records.map((r) => r.serverId));
          for (const record of all.values()) if (record.serverId !== null && !seen.has(record.serverId) && options.complete.scope(record)) gone.add(record.serverId);
        }
        for (const serverId of gone) {
          const local = byServer.get(serverId);
          if (!local) continue;
          const outcome = await applyDeletion(entity, local, result);
          if (outcome.put) put.set(outcome.put.id, outcome.put);
          if (outcome.deleted) {
            put.delete(outcome.deleted);
            deleted.add(outcome.deleted);
          }
        }
        // The page's new records in one request (updates were written as they were applied).
        const fresh = [...created].map((id) => put.get(id)).filter((r): r is AnyRecord => r !== undefined);
        if (fresh.length > 0) await table.bulkPut(fresh);
        if (put.size > 0 || deleted.size > 0) events.push(event(entity, [...put.values()], [...deleted]));
        return result;
      });
    },

    /**
     * The server accepted a create or update of `localId` covering rows `seqs`; `server` is its
     * answer (null for a delete, or an answer that was lost). Rows go and the server id is stored in
     * one transaction; fields with no later local change take the server's values. A copy of the
     * same server record already pulled (the feed overtook the answer) is folded in.
     */
    ack(entity: RecordEntity, localId: string, seqs: readonly number[], server: ServerRecord | null): Promise<void> {
      const table = tableOf(entity);
      return write([table, db.outbox, db.conflicts, db.contacts], async (events) => {
        await outbox.bulkDelete([...seqs]);
        if (!server) return;
        const local = await table.get(localId);
        const remaining = await entriesOf(entity, localId);
        if (!local) {
          // Deleted here while the create was on its way: let the delete rows address the server copy.
          await outbox.bulkPut(remaining.filter((e) => e.op === 'delete' && typeof e.baseValues.serverId !== 'number').map((e) => ({ ...e, baseValues: { ...e.baseValues, serverId: server.serverId } })));
          return;
        }
        const deleted: string[] = [];
        const twin = (await table.filter((r) => r.serverId === server.serverId && r.id !== localId).toArray())[0];
        if (twin) {
          const twinRows = await entriesOf(entity, twin.id);
          await outbox.bulkPut(twinRows.map((e) => ({ ...e, entityId: localId })));
          await table.delete(twin.id);
          deleted.push(twin.id);
        }
        const stillToSend = touchedFields(entity, await entriesOf(entity, localId));
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
        if (changed) await table.put(next as unknown as AnyRecord);
        if (changed || deleted.length > 0) events.push(event(entity, changed ? [next as unknown as AnyRecord] : [], deleted));
      });
    },

    /**
     * A note update met a newer server text (412 with the extension, a read before the PATCH in
     * stock mode): the server's text stays, ours goes into a conflict, the update rows go.
     */
    noteChangedOnServer(noteId: string, seqs: readonly number[], server: ServerRecord): Promise<void> {
      return write([db.notes, db.outbox, db.conflicts], async (events) => {
        await outbox.bulkDelete([...seqs]);
        const note = await db.notes.get(noteId);
        if (!note) return;
        await dropPendingChanges(await entriesOf('note', noteId), 'bodyMarkdown');
        const serverText = String(server.fields.bodyMarkdown ?? '');
        if (serverText !== note.bodyMarkdown) await addNoteConflict(note, note.bodyMarkdown, serverText);
        const next: Note = { ...note, serverId: server.serverId, bodyMarkdown: serverText, bodySlate: serverText === note.bodyMarkdown ? note.bodySlate : markdownToDocument(serverText), version: server.version, base: { bodyMarkdown: serverText }, updatedAt: now() };
        await db.notes.put(next);
        events.push(event('note', [next as AnyRecord], []));
      });
    },

    /** "Discard" of a refused row: the row goes and the record goes back to what the server has. */
    discard(entry: OutboxEntry): Promise<void> {
      const entity = entry.entity as RecordEntity;
      const table = tableOf(entity);
      return write([table, db.outbox, db.conflicts], async (events) => {
        await outbox.delete(entry.seq);
        const local = await table.get(entry.entityId);
        if (entry.op === 'create' && local && local.serverId === null) {
          await table.delete(local.id);
          await outbox.bulkDelete((await entriesOf(entity, local.id)).map((e) => e.seq));
          events.push(event(entity, [], [local.id]));
        } else if (entry.op === 'update' && local) {
          const reverted: Record<string, unknown> = { ...local, updatedAt: now() };
          // A later edit of the same field (still queued) supersedes the refused one: left alone.
          const later = touchedFields(entity, (await entriesOf(entity, local.id)).filter((e) => e.seq > entry.seq));
          for (const key of Object.keys(entry.changes)) {
            if (later.has(key)) continue;
            reverted[key] = entity === 'note' && key === 'bodyMarkdown' && (local as Note).base ? (local as Note).base!.bodyMarkdown : entry.baseValues[key];
          }
          if (entity === 'note') reverted.bodySlate = markdownToDocument(String(reverted.bodyMarkdown));
          await table.put(reverted as unknown as AnyRecord);
          events.push(event(entity, [reverted as unknown as AnyRecord], []));
        } else if (entry.op === 'delete' && !local && typeof entry.baseValues.serverId === 'number') {
          const at = now();
          const restored: Record<string, unknown> = { createdAt: at, ...entry.baseValues, id: entry.entityId, updatedAt: at };
          if (entity === 'note') {
            const markdown = String(entry.baseValues.bodyMarkdown ?? '');
            Object.assign(restored, { bodySlate: markdownToDocument(markdown), author: { id: null, name: '' }, base: { bodyMarkdown: markdown }, version: entry.baseValues.version ?? null });
          }
          await table.put(restored as unknown as AnyRecord);
          events.push(event(entity, [restored as unknown as AnyRecord], []));
        }
      });
    },

    /** "Keep mine" / "Keep theirs" on a note conflict. Mine puts the local text back as a new local change. */
    resolveNoteConflict(conflict: Conflict, choice: 'mine' | 'theirs'): Promise<void> {
      return write([db.notes, db.outbox, db.conflicts], async (events) => {
        await db.conflicts.delete(conflict.id);
        if (choice === 'theirs') return;
        const noteId = conflict.field.slice(NOTE_CONFLICT_PREFIX.length);
        const text = String(conflict.localValue ?? '');
        const note = await db.notes.get(noteId);
        if (!note) {
          // Deleted since: the text comes back as a new note on the contact.
          const at = now();
          const revived: Note = { id: newId(), contactId: conflict.contactId, serverId: null, bodySlate: markdownToDocument(text), bodyMarkdown: text, author: { id: null, name: '' }, createdAt: at, updatedAt: at, version: null, base: null };
          await db.notes.add(revived);
          await outbox.add(core.outboxEntry('note', revived.id, 'create', { contactId: revived.contactId, bodyMarkdown: text, author: revived.author }, {}) as OutboxEntry);
          events.push(event('note', [revived as AnyRecord], []));
          return;
        }
        if (note.bodyMarkdown === text) return;
        const next: Note = { ...note, bodyMarkdown: text, bodySlate: markdownToDocument(text), updatedAt: now() };
        await db.notes.put(next);
        await outbox.add(core.outboxEntry('note', note.id, 'update', { bodyMarkdown: text }, { bodyMarkdown: note.bodyMarkdown }) as OutboxEntry);
        events.push(event('note', [next as AnyRecord], []));
      });
    },
  };
}

export type SyncRecordsRepository = ReturnType<typeof createSyncRecordsRepository>;
