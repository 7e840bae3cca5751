import type { Table } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import type { Conflict, OutboxEntry } from '../../../../shared/records';
import type { ChangeEvent } from './change-bus';
import { CONTACT_FIELD_KEYS, contactFieldsOf } from './contact-fields';
import { BULK_OUTBOX_ENTITY_ID, outboxRows, pendingEntriesFor } from './outbox-expansion';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';
import { readOutboxFacts } from './sync-records-rows';

/**
 * What the contact sync writes share (sync-repository.ts, sync-pull.ts, sync-acks.ts,
 * sync-conflicts.ts): a contact's outbox rows, compact rows' folded entries included, and the
 * conflict bookkeeping.
 */

/** The conflict row of "deleted on the server while edited here". */
export const DELETED_ON_SERVER_FIELD = '$deleted';
/** `lastError` of outbox rows held back until the user decides about a contact deleted on the server. */
export const HELD_DELETED_ON_SERVER = 'deleted-on-server';

export const CONTACT_ENTITY = 'contact';

export type SyncCore = Pick<RepositoryCore, 'now' | 'newId' | 'write' | 'outboxEntry'>;

export interface SyncStoreContext {
  db: WintookDb;
  core: SyncCore;
}

/** The outbox as the per-record rows sync reads (compact rows are told apart by `entityId`). */
export const entryTable = (db: WintookDb) => db.outbox as Table<OutboxEntry, number>;

/**
 * A contact's outbox rows in seq order, including those still folded into compact rows (a bulk
 * label change or an import batch not expanded yet, outbox-expansion.ts): a server page applied
 * meanwhile must know those fields have local edits. One indexed read either way; the folded
 * entries are for reading only (their seqs are reserved, not stored, until expansion writes them).
 */
export const entriesOf = async (db: WintookDb, contactId: string): Promise<OutboxEntry[]> => (await entriesByContact(db, [contactId])).get(contactId) ?? [];

/** Fields the given rows change (top level), i.e. what is still to be pushed. */
export function touchedFields(entries: readonly OutboxEntry[]): Set<string> {
  const touched = new Set<string>();
  for (const entry of entries) {
    if (entry.op === 'create') for (const key of CONTACT_FIELD_KEYS) touched.add(key);
    else for (const key of Object.keys(entry.changes)) touched.add(key);
  }
  return touched;
}

export async function addConflicts(ctx: SyncStoreContext, contactId: string, found: { field: string; localValue: unknown; serverValue: unknown }[]): Promise<void> {
  if (found.length === 0) return;
  const { db, core } = ctx;
  const existing = await db.conflicts.where('contactId').equals(contactId).toArray();
  const replaced = existing.filter((c) => found.some((f) => f.field === c.field)).map((c) => c.id);
  await db.conflicts.bulkDelete(replaced);
  await db.conflicts.bulkAdd(
    found.map((f): Conflict => ({ id: core.newId(), contactId, field: f.field, localValue: f.localValue ?? null, serverValue: f.serverValue ?? null, detectedAt: core.now() })),
  );
}

/** Read only when the page has a contact with no local copy (see `applyContact`). */
export const contactOutboxFacts = (db: WintookDb) => readOutboxFacts(entryTable(db), CONTACT_ENTITY);

/** `entriesOf` for many contacts in one indexed read; contacts with no rows are left out. */
export async function entriesByContact(db: WintookDb, ids: readonly string[]): Promise<Map<string, OutboxEntry[]>> {
  const entries = new Map<string, OutboxEntry[]>();
  if (ids.length === 0) return entries;
  const rows = await outboxRows(db).where('entityId').anyOf([...ids, BULK_OUTBOX_ENTITY_ID]).toArray();
  const bulk = rows.filter((row) => (row as OutboxEntry).entityId === BULK_OUTBOX_ENTITY_ID);
  for (const row of rows as OutboxEntry[]) {
    if (row.entityId === BULK_OUTBOX_ENTITY_ID || row.entity !== CONTACT_ENTITY) continue;
    const list = entries.get(row.entityId) ?? [];
    list.push(row);
    entries.set(row.entityId, list);
  }
  if (bulk.length > 0) for (const [id, folded] of pendingEntriesFor(bulk, new Set(ids))) entries.set(id, [...(entries.get(id) ?? []), ...folded]);
  for (const list of entries.values()) list.sort((a, b) => a.seq - b.seq);
  return entries;
}

export async function holdDeleted(ctx: SyncStoreContext, local: Contact, entries: readonly OutboxEntry[]): Promise<void> {
  await entryTable(ctx.db).bulkPut(entries.map((e) => ({ ...e, state: 'rejected' as const, lastError: HELD_DELETED_ON_SERVER })));
  await addConflicts(ctx, local.id, [{ field: DELETED_ON_SERVER_FIELD, localValue: contactFieldsOf(local), serverValue: null }]);
}

export const contactEvent = (put: Contact[], deleted: string[]): ChangeEvent => ({ entity: 'contact', put, deleted, origin: 'sync' });
