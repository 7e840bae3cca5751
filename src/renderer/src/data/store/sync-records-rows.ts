import type { Table } from 'dexie';
import type { AttributeDefinition, Conflict, Label, Note, NoteAuthor, OutboxEntry, Segment } from '../../../../shared/records';
import type { ChangeEvent } from './change-bus';
import { BULK_OUTBOX_ENTITY_ID } from './outbox-expansion';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';

/**
 * The types and the outbox and conflict helpers the sync writes of labels, definitions, segments
 * and notes share (sync-records-repository.ts and sync-records-apply.ts).
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

export type AnyRecord = (Label | AttributeDefinition | Segment | Note) & { id: string; serverId: number | null };

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

export function touchedFields(entity: RecordEntity, entries: readonly OutboxEntry[]): Set<string> {
  const touched = new Set<string>();
  for (const entry of entries) {
    if (entry.op === 'create') for (const key of SYNCED_FIELDS[entity]) touched.add(key);
    else for (const key of Object.keys(entry.changes)) touched.add(key);
  }
  return touched;
}

export interface SyncRecordsContext {
  db: WintookDb;
  core: SyncRecordsCore;
}

/** The outbox as the per-record rows sync reads (compact rows are told apart by `entityId`). */
const entryTable = (db: WintookDb) => db.outbox as Table<OutboxEntry, number>;

const TABLE_NAMES = { label: 'labels', attributeDefinition: 'attributeDefinitions', segment: 'segments', note: 'notes' } as const satisfies Record<RecordEntity, keyof WintookDb>;

/**
 * The table of an entity, by Dexie's accessor by name: one handle type for the four, whose rows
 * (each table's own record type) are all `AnyRecord`.
 */
export function tableOf(db: WintookDb, entity: RecordEntity): Table<AnyRecord, string> {
  return db.table<AnyRecord, string>(TABLE_NAMES[entity]);
}

/** A record's field by a key known only at run time (synced field names, natural keys). */
export function recordField(record: AnyRecord, key: string): unknown {
  return recordValues(record)[key];
}

/** A record as plain data, for the writes that go field by field (applied, acknowledged, reverted). */
export function recordValues(record: AnyRecord): Record<string, unknown> {
  return { ...record };
}

/**
 * A record rebuilt from its fields (a server copy, a reverted or restored row): the fields came
 * from a record of this entity (stored, or the server's in local names, SYNCED_FIELDS), so the
 * result is taken as one.
 */
export function storedRecord(values: Record<string, unknown>): AnyRecord {
  return values as unknown as AnyRecord;
}

export function recordEvent(entity: RecordEntity, put: AnyRecord[], deleted: string[]): ChangeEvent {
  switch (entity) {
    case 'label':
      return { entity, put: put as Label[], deleted, origin: 'sync' };
    case 'attributeDefinition':
      return { entity, put: put as AttributeDefinition[], deleted, origin: 'sync' };
    case 'segment':
      return { entity, put: put as Segment[], deleted, origin: 'sync' };
    case 'note':
      return { entity, put: put as Note[], deleted, origin: 'sync' };
  }
}

export const entriesOf = (db: WintookDb, entity: RecordEntity, id: string) =>
  entryTable(db).where('entityId').equals(id).filter((e) => e.entity === entity).sortBy('seq');

export async function addNoteConflict(ctx: SyncRecordsContext, note: Note, localValue: string, serverValue: string): Promise<void> {
  const { db, core } = ctx;
  const field = `${NOTE_CONFLICT_PREFIX}${note.id}`;
  await db.conflicts.where('contactId').equals(note.contactId).filter((c) => c.field === field).delete();
  const conflict: Conflict = { id: core.newId(), contactId: note.contactId, field, localValue, serverValue, detectedAt: core.now() };
  await db.conflicts.add(conflict);
}

/** Drops `field` from pending update rows (deleting rows left empty); in-flight rows are left alone. */
export async function dropPendingChanges(db: WintookDb, rows: readonly OutboxEntry[], field: string): Promise<void> {
  const outbox = entryTable(db);
  for (const row of rows) {
    if (row.state !== 'pending' || row.op !== 'update' || !(field in row.changes)) continue;
    const { [field]: _dropped, ...changes } = row.changes;
    const { [field]: _base, ...baseValues } = row.baseValues;
    if (Object.keys(changes).length === 0) await outbox.delete(row.seq);
    else await outbox.put({ ...row, changes, baseValues });
  }
}
