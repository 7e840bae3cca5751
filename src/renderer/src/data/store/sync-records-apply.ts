import type { Table } from 'dexie';
import { sameJsonValue } from '../../../../shared/equality';
import { markdownToDocument } from '../../../../shared/notes';
import type { Note, OutboxEntry } from '../../../../shared/records';
import { contactIdsByServerId, whereAnyOf } from './index-lookup';
import type { WintookDb } from './schema';
import {
  addNoteConflict,
  dropPendingChanges,
  entriesOf,
  NOTE_CONFLICT_PREFIX,
  readOutboxFacts,
  recordEvent,
  recordField,
  recordValues,
  storedRecord,
  SYNCED_FIELDS,
  tableOf,
  touchedFields,
  type AnyRecord,
  type ApplyOptions,
  type ApplyResult,
  type RecordEntity,
  type ServerRecord,
  type SyncRecordsContext,
  type SyncRecordsCore,
} from './sync-records-rows';

/** Server records of one entity applied to the local table (`applyServer`, origin `sync`). */

const entryTable = (db: WintookDb) => db.outbox as Table<OutboxEntry, number>;

/**
 * The local records a page can touch. Labels, definitions and segments are few: all of them.
 * Notes can be many: those with the page's server ids (index, schema v4), the unsynced ones with
 * a create in flight, and for a complete list of one contact's notes, that contact's — never the
 * whole table once per page, which made a first sync quadratic in the account's notes.
 */
async function localsOf(db: WintookDb, entity: RecordEntity, serverIds: readonly number[], creating: ReadonlySet<string>, options: ApplyOptions): Promise<AnyRecord[]> {
  const table = tableOf(db, entity);
  if (entity !== 'note' || (options.complete && options.complete.contactId === undefined)) return table.toArray();
  const found = new Map<string, AnyRecord>();
  const add = (records: readonly (AnyRecord | undefined)[]) => {
    for (const record of records) if (record) found.set(record.id, record);
  };
  add(await whereAnyOf(db.notes, 'serverId', serverIds));
  if (creating.size > 0) add(await db.notes.bulkGet([...creating]));
  if (options.complete?.contactId !== undefined) add(await db.notes.where('contactId').equals(options.complete.contactId).toArray());
  return [...found.values()];
}

/** The ids of the local contacts of a page of notes, by server id. */
function contactIdsOf(db: WintookDb, records: readonly ServerRecord[]): Promise<Map<number, string>> {
  return contactIdsByServerId(db, records.map((r) => r.contactServerId).filter((id): id is number => id !== undefined));
}

function newLocal(core: SyncRecordsCore, entity: RecordEntity, server: ServerRecord, contactId: string | null): AnyRecord {
  const at = core.now();
  const base = { ...server.fields, id: core.newId(), serverId: server.serverId, createdAt: server.createdAt ?? at, updatedAt: at };
  if (entity !== 'note') return storedRecord(base);
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
  return note;
}

/**
 * One server record onto its local copy (`applyServer` creates absent ones). Runs inside `write`;
 * returns the stored record when it changed. `contactId`: the id of a note's local contact, if this app has it.
 */
async function applyOne(ctx: SyncRecordsContext, entity: RecordEntity, server: ServerRecord, local: AnyRecord, contactId: string | null, result: ApplyResult): Promise<AnyRecord | null> {
  const { db, core } = ctx;
  const table = tableOf(db, entity);
  const rows = await entriesOf(db, entity, local.id);
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
        await addNoteConflict(ctx, { ...note, contactId: String(next.contactId) }, note.bodyMarkdown, serverText);
        await dropPendingChanges(db, rows, 'bodyMarkdown');
        next.bodyMarkdown = serverText;
        result.conflicts += 1;
      }
    }
    if (next.bodyMarkdown !== note.bodyMarkdown) next.bodySlate = markdownToDocument(String(next.bodyMarkdown));
    next.version = server.version ?? note.version;
    next.base = { bodyMarkdown: serverText };
  }
  if (sameJsonValue(next, local)) return null;
  const stored = { ...next, updatedAt: core.now() } as AnyRecord;
  await table.put(stored);
  result.updated += 1;
  return stored;
}

/**
 * Deleted on the server. No local change: deleted here too. A local edit not yet sent: the
 * record is kept and goes back to the server as a new one (its rows become one create), since
 * the user's edit says they still want it; nothing is lost either way.
 */
async function applyDeletion(ctx: SyncRecordsContext, entity: RecordEntity, local: AnyRecord, result: ApplyResult): Promise<{ put?: AnyRecord; deleted?: string }> {
  const { db, core } = ctx;
  const outbox = entryTable(db);
  const table = tableOf(db, entity);
  const rows = await entriesOf(db, entity, local.id);
  if (rows.length === 0) {
    await table.delete(local.id);
    if (entity === 'note') await db.conflicts.where('contactId').equals((local as Note).contactId).filter((c) => c.field === `${NOTE_CONFLICT_PREFIX}${local.id}`).delete();
    result.deleted += 1;
    return { deleted: local.id };
  }
  if (rows.some((r) => r.op === 'delete')) return {};
  const revived = { ...local, serverId: null, ...(entity === 'note' ? { version: null, base: null } : {}), updatedAt: core.now() } as AnyRecord;
  await table.put(revived);
  await outbox.bulkDelete(rows.map((r) => r.seq));
  const fields: Record<string, unknown> = {};
  for (const field of SYNCED_FIELDS[entity]) fields[field] = recordField(revived, field);
  if (entity === 'note') fields.author = (revived as Note).author;
  await outbox.add(core.outboxEntry(entity, local.id, 'create', fields, {}) as OutboxEntry);
  result.updated += 1;
  return { put: revived };
}

/**
 * Server records (a feed page's, or a whole list) and deletions, one transaction, origin `sync`.
 * A server record nobody here has yet is linked to an unsynced local one with the same natural
 * key (our own create whose answer was lost, or the same label made on two machines).
 */
export function applyServer(ctx: SyncRecordsContext, entity: RecordEntity, records: readonly ServerRecord[], deletedServerIds: readonly number[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const { db, core } = ctx;
  const table = tableOf(db, entity);
  return core.write([table, db.outbox, db.conflicts, db.contacts], async (events) => {
    const result: ApplyResult = { created: 0, updated: 0, deleted: 0, conflicts: 0 };
    const facts = await readOutboxFacts(entryTable(db), entity);
    const deletes = facts.deletes;
    const all = new Map<string, AnyRecord>();
    for (const record of await localsOf(db, entity, [...records.map((r) => r.serverId), ...deletedServerIds], facts.creating, options)) all.set(record.id, record);
    const byServer = new Map<number, AnyRecord>();
    for (const record of all.values()) if (record.serverId !== null) byServer.set(record.serverId, record);
    const contactIds = entity === 'note' ? await contactIdsOf(db, records) : new Map<number, string>();
    const put = new Map<string, AnyRecord>();
    const created = new Set<string>();
    const deleted = new Set<string>();
    const naturalKey = options.naturalKey;
    // Every `await` in this loop is a database request: a long run of awaits on settled promises
    // would lose Dexie's transaction zone (see sync-repository.ts, `applyContact`).
    for (const server of records) {
      let local = byServer.get(server.serverId);
      if (!local && deletes.has(server.serverId)) continue;
      const contactId = (server.contactServerId === undefined ? undefined : contactIds.get(server.contactServerId)) ?? null;
      if (!local && naturalKey) {
        const key = naturalKey(server.fields);
        const candidates = [...all.values()].filter((r) => r.serverId === null && !deleted.has(r.id) && key !== null && naturalKey(recordValues(r)) === key);
        for (const candidate of candidates) {
          if (entity === 'note') {
            // Two notes with the same text are two notes: only our own create, sent and unanswered, is linked.
            if (contactId === null || (candidate as Note).contactId !== contactId) continue;
            const rows = await entriesOf(db, entity, candidate.id);
            if (!rows.some((r) => r.op === 'create' && r.state === 'in-flight')) continue;
          }
          local = candidate;
          break;
        }
      }
      let stored: AnyRecord | null;
      if (local) stored = await applyOne(ctx, entity, server, local, contactId, result);
      else if (entity === 'note' && contactId === null) continue; // A note of a contact this app does not have (deleted here, or not pulled yet).
      else {
        stored = newLocal(core, entity, server, contactId);
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
      const outcome = await applyDeletion(ctx, entity, local, result);
      if (outcome.put) put.set(outcome.put.id, outcome.put);
      if (outcome.deleted) {
        put.delete(outcome.deleted);
        deleted.add(outcome.deleted);
      }
    }
    // The page's new records in one request (updates were written as they were applied).
    const fresh = [...created].map((id) => put.get(id)).filter((r): r is AnyRecord => r !== undefined);
    if (fresh.length > 0) await table.bulkPut(fresh);
    if (put.size > 0 || deleted.size > 0) events.push(recordEvent(entity, [...put.values()], [...deleted]));
    return result;
  });
}
