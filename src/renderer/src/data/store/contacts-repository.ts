import type { Contact, ContactFields, NewContact } from '../../../../shared/contact';
import { normalizeLabelList, type NewOutboxEntry, type OutboxEntry } from '../../../../shared/records';
import type { ChangeOrigin } from './change-bus';
import { completeContactFields, contactFieldsOf, diffContactFields, normalizeContactPatch } from './contact-fields';
import { applyLabelChange, sameLabels, type LabelChange } from './label-change';
import { addLabelOp, gated } from './label-ops';
import { addBulkLabelsRow, bulkLabelsRow, BULK_OUTBOX_ENTITY_ID, pendingEntriesFor } from './outbox-expansion';
import type { RepositoryCore } from './records-repository';
import { RepositoryError } from './repository-error';
import type { WintookDb } from './schema';

/**
 * The contacts' writes (repository.ts composes them into `Repository.contacts`). Each puts the
 * contacts and their outbox rows in one transaction; `storeLabelChange` is shared with the label
 * rename (labels-repository.ts).
 */

/**
 * Contacts per bulk transaction. Chromium's IndexedDB writes ~6–12k rows/s here whatever the
 * chunking (100 × 1,000 took the same as one 100k transaction), so the size only trades progress
 * granularity and the size of each change event against per-transaction overhead (~1.4 ms). 2,000
 * contacts + 2,000 outbox rows is ~0.3–0.6 s per batch: smooth progress, and the grid gets one
 * batched transaction per event. Dexie's maintainer suggests 1,000 (dexie/Dexie.js#1083).
 */
export const DEFAULT_BULK_BATCH_SIZE = 2000;

/** Below this many ids `bulkGet` is always used (a `count()` would cost more than it saves). */
const WHOLE_TABLE_READ_MIN_IDS = 1000;
/** From 1/4 of the table up, a whole-table read beats `bulkGet` (see `readContacts`). */
const WHOLE_TABLE_READ_FRACTION = 4;

export interface BulkCreateOptions {
  batchSize?: number;
  /** Called after each batch commits, with the number of contacts written so far. */
  onProgress?: (done: number, total: number) => void;
  origin?: ChangeOrigin;
}

export interface ContactsRepository {
  get(id: string): Promise<Contact | undefined>;
  /** Every contact, for the in-memory index (one `getAll`, ~20× faster than a cursor). */
  getAll(): Promise<Contact[]>;
  create(fields: NewContact, origin?: ChangeOrigin): Promise<Contact>;
  /** Returns the stored contact (unchanged when the patch changes nothing); `not-found` if it is gone. */
  update(id: string, patch: Partial<ContactFields>, origin?: ChangeOrigin): Promise<Contact>;
  /** The same patch on many contacts in one transaction (bulk block/unblock); returns the contacts it changed. */
  updateMany(ids: readonly string[], patch: Partial<ContactFields>, origin?: ChangeOrigin): Promise<Contact[]>;
  /** Returns the deleted contact (keep it for undo), or undefined if there was none. */
  remove(id: string, origin?: ChangeOrigin): Promise<Contact | undefined>;
  /** One transaction; returns the contacts that existed and were deleted. */
  removeMany(ids: readonly string[], origin?: ChangeOrigin): Promise<Contact[]>;
  /** Undo of a delete; returns the contacts put back (ones that exist again already are skipped). */
  restore(contacts: readonly Contact[], origin?: ChangeOrigin): Promise<Contact[]>;
  bulkCreate(items: readonly (NewContact | Contact)[], options?: BulkCreateOptions): Promise<Contact[]>;
  /**
   * Folds `otherId` into `baseId` in one transaction: the base takes `merged` fields, the other's
   * notes move to the base, the other is deleted. Returns the updated base.
   */
  merge(baseId: string, otherId: string, merged: ContactFields, origin?: ChangeOrigin): Promise<Contact>;
  /** Adds and removes labels on many contacts in one transaction; returns the contacts changed. */
  changeLabels(ids: readonly string[], change: { add?: readonly string[]; remove?: readonly string[] }, origin?: ChangeOrigin): Promise<Contact[]>;
}

/** What the contact and label writes share. */
export interface ContactsContext {
  db: WintookDb;
  core: RepositoryCore;
  /** From how many contacts a label change is stored as one compact row and one label op. */
  bulkOutboxMin: number;
}

/**
 * `bulkGet` for many ids. Measured in this machine's Chromium (bench/write-path.ts, 10k
 * contacts): `bulkGet` of all 10k took ~0.6–1.5 s, a whole-table `toArray` ~0.13–0.3 s, i.e.
 * ~100–150 µs per key against ~15–30 µs per stored row. So from a quarter of the table up (a
 * "select all" bulk action), reading it all and picking is the faster read, in the same
 * transaction either way.
 */
async function readContacts(db: WintookDb, ids: readonly string[]): Promise<(Contact | undefined)[]> {
  if (ids.length >= WHOLE_TABLE_READ_MIN_IDS && ids.length * WHOLE_TABLE_READ_FRACTION >= (await db.contacts.count())) {
    const byId = new Map<string, Contact>();
    for (const contact of await db.contacts.toArray()) byId.set(contact.id, contact);
    return ids.map((id) => byId.get(id));
  }
  return db.contacts.bulkGet([...ids]);
}

/**
 * The outbox rows of a label change on many contacts: one compact row from
 * BULK_OUTBOX_MIN_CONTACTS contacts up (outbox-expansion.ts: ~15 ms instead of ~0.75 s for 10k),
 * per-record rows below. Runs inside the caller's transaction.
 */
async function addLabelRows(ctx: ContactsContext, changed: readonly Contact[], before: readonly string[][]): Promise<void> {
  const { core, bulkOutboxMin } = ctx;
  if (changed.length < bulkOutboxMin) {
    await ctx.db.outbox.bulkAdd(changed.map((c, i) => core.outboxEntry('contact', c.id, 'update', { labels: c.labels }, { labels: before[i] })));
    return;
  }
  await addBulkLabelsRow(
    ctx.db.outbox,
    bulkLabelsRow({ ids: changed.map((c) => c.id), before: [...before], after: changed.map((c) => c.labels), idempotencyKey: core.newId(), createdAt: core.now() }),
  );
}

/**
 * Stores a label change of `contacts` (already read in this transaction): from
 * BULK_OUTBOX_MIN_CONTACTS changed contacts up as ONE pending label op (label-ops.ts: no contact
 * row written here; the fold writes them afterwards), below with a put per contact. Either way
 * with its outbox rows, and returns the changed contacts as they are now (for the change event).
 * Runs inside the caller's transaction, which must cover contacts, outbox and labelOps and, for
 * the op form, have been started with `writeLabelOp`.
 */
export async function storeLabelChange(ctx: ContactsContext, contacts: readonly Contact[], change: LabelChange, origin: ChangeOrigin, opAllowed: boolean): Promise<Contact[]> {
  const { db, core, bulkOutboxMin } = ctx;
  const changed: Contact[] = [];
  const before: string[][] = [];
  const at = core.now();
  for (const contact of contacts) {
    const labels = applyLabelChange(contact.labels, change);
    if (sameLabels(labels, contact.labels)) continue;
    changed.push({ ...contact, labels, updatedAt: at });
    before.push(contact.labels);
  }
  if (changed.length === 0) return [];
  // The requests are queued at once: IndexedDB runs them in order in the transaction, and not
  // waiting for each one's callback before queueing the next saves round trips.
  const rows = core.outboxes(origin) ? addLabelRows(ctx, changed, before) : null;
  const store =
    opAllowed && changed.length >= bulkOutboxMin
      ? addLabelOp(db, { ids: changed.map((c) => c.id), change, at, createdAt: at })
      : db.contacts.bulkPut(changed);
  await Promise.all([rows, store]);
  return changed;
}

function newContact(core: RepositoryCore, fields: NewContact): Contact {
  const at = core.now();
  return {
    ...completeContactFields(fields),
    id: core.newId(),
    serverId: null,
    createdAt: at,
    lastActivityAt: null,
    updatedAt: at,
    version: null,
    base: null,
  };
}

/** A full contact handed in (seed data, a restore): keep its identity and times, normalise its fields. */
function storedContact(contact: Contact): Contact {
  return { ...contact, ...completeContactFields(contactFieldsOf(contact)) };
}

const contactCreateEntry = (core: RepositoryCore, contact: Contact): NewOutboxEntry =>
  core.outboxEntry('contact', contact.id, 'create', { ...contactFieldsOf(contact) }, {});
const contactDeleteEntry = (core: RepositoryCore, contact: Contact): NewOutboxEntry =>
  core.outboxEntry(
    'contact',
    contact.id,
    'delete',
    {},
    { ...contactFieldsOf(contact), serverId: contact.serverId, version: contact.version },
  );

async function deleteContacts(ctx: ContactsContext, ids: readonly string[], origin: ChangeOrigin): Promise<Contact[]> {
  const { db, core } = ctx;
  return core.write([db.contacts, db.outbox], async (events) => {
    const found = (await readContacts(db, [...new Set(ids)])).filter((c): c is Contact => c !== undefined);
    if (found.length === 0) return [];
    await db.contacts.bulkDelete(found.map((c) => c.id));
    if (core.outboxes(origin)) await db.outbox.bulkAdd(found.map((c) => contactDeleteEntry(core, c)));
    events.push({ entity: 'contact', put: [], deleted: found.map((c) => c.id), origin });
    return found;
  });
}

/**
 * Folds `otherId` into `baseId` in one transaction: the base takes `merged` fields, the other's
 * notes move to the base, the other is deleted.
 */
function mergeContacts(ctx: ContactsContext, baseId: string, otherId: string, merged: ContactFields, origin: ChangeOrigin): Promise<Contact> {
  const { db, core } = ctx;
  const { now, outboxEntry, outboxes } = core;
  return core.write([db.contacts, db.notes, db.outbox], async (events) => {
    const [base, other] = await db.contacts.bulkGet([baseId, otherId]);
    if (!base) throw new RepositoryError('not-found', `No contact ${baseId}`);
    if (!other || baseId === otherId) throw new RepositoryError('not-found', `No contact ${otherId}`);
    // The other contact goes first, so its email, phone and identifier are free for the base.
    await db.contacts.delete(otherId);
    const diff = diffContactFields(base, normalizeContactPatch(merged));
    // Written even when no field changes: a merge target counts as changed since its import (undo keeps it).
    const next: Contact = { ...base, ...diff.changes, updatedAt: now() };
    await db.contacts.put(next);
    const notes = await db.notes.where('contactId').equals(otherId).toArray();
    const moved = notes.map((note) => ({ ...note, contactId: baseId, updatedAt: now() }));
    await db.notes.bulkPut(moved);
    if (outboxes(origin)) {
      const entries: NewOutboxEntry[] = [contactDeleteEntry(core, other)];
      if (diff.changed) entries.push(outboxEntry('contact', baseId, 'update', diff.changes, diff.baseValues));
      for (const note of notes)
        entries.push(outboxEntry('note', note.id, 'update', { contactId: baseId }, { contactId: otherId }));
      await db.outbox.bulkAdd(entries);
    }
    events.push({ entity: 'contact', put: [next], deleted: [otherId], origin });
    if (notes.length > 0) events.push({ entity: 'note', put: moved, deleted: [], origin });
    return next;
  });
}

/**
 * Per contact: if its delete is still `pending` in the outbox, the server never heard of it, so
 * that row is dropped and the contact comes back exactly as it was (server id, base and any
 * earlier pending edits intact). Otherwise the delete is in flight or done and the server copy
 * is (or will be) gone, so the contact comes back as a new one: server id, version and base
 * cleared, with a `create` outbox row. (If an in-flight delete is then rejected, sync sees a
 * create for a contact the server still has; it dedupes by identifier/email like an import.)
 */
function restoreContacts(ctx: ContactsContext, toRestore: readonly Contact[], origin: ChangeOrigin): Promise<Contact[]> {
  const { db, core } = ctx;
  const { outboxes } = core;
  return core.write([db.contacts, db.outbox], async (events) => {
    const unique = [...new Map(toRestore.map((c) => [c.id, c])).values()];
    const existing = await db.contacts.bulkGet(unique.map((c) => c.id));
    const missing = unique.filter((_, index) => existing[index] === undefined);
    if (missing.length === 0) return [];
    const pendingDeletes = new Map<string, number>();
    // Compact rows too: a create still packed in an import's row is a create waiting to be sent.
    const rows = await core.outbox
      .where('entityId')
      .anyOf([...missing.map((c) => c.id), BULK_OUTBOX_ENTITY_ID])
      .toArray();
    const own = (rows as OutboxEntry[]).filter((row) => row.entityId !== BULK_OUTBOX_ENTITY_ID && row.entity === 'contact');
    for (const row of own) {
      if (row.op !== 'delete' || row.state !== 'pending') continue;
      pendingDeletes.set(row.entityId, Math.max(row.seq, pendingDeletes.get(row.entityId) ?? -1));
    }
    const creating = new Set(own.filter((row) => row.op === 'create').map((row) => row.entityId));
    for (const id of pendingEntriesFor(rows, new Set(missing.map((c) => c.id))).keys()) creating.add(id);
    const restored: Contact[] = [];
    const creates: NewOutboxEntry[] = [];
    for (const contact of missing) {
      if (pendingDeletes.has(contact.id) || !outboxes(origin)) {
        const back = storedContact(contact);
        restored.push(back);
        // Never on the server and its create no longer queued (expansion leaves out the create
        // of a contact deleted before it ran): the contact must go as a new one again.
        if (outboxes(origin) && back.serverId === null && !creating.has(contact.id)) creates.push(contactCreateEntry(core, back));
      } else {
        // `updatedAt` stays: the contact comes back as it was, and an import's undo tells the
        // contacts changed since the import by it (import-repository.ts readFootprint).
        const revived: Contact = { ...storedContact(contact), serverId: null, version: null, base: null };
        restored.push(revived);
        creates.push(contactCreateEntry(core, revived));
      }
    }
    await db.contacts.bulkAdd(restored);
    if (outboxes(origin)) {
      await db.outbox.bulkDelete([...pendingDeletes.values()]);
      await db.outbox.bulkAdd(creates);
    }
    events.push({ entity: 'contact', put: restored, deleted: [], origin });
    return restored;
  });
}

/**
 * Origin `sync` means "this is the server's data": stored and announced but not outboxed. Every
 * other origin (local, import, seed) is outboxed.
 */
export function createContactsRepository(ctx: ContactsContext): ContactsRepository {
  const { db, core, bulkOutboxMin } = ctx;
  const { now, write, writeLabelOp, outboxEntry, outboxes } = core;
  return {
    // Reads wait, like writes, until pending label ops are folded into the rows.
    get: (id) => gated(db, () => db.contacts.get(id)),
    getAll: () => gated(db, () => db.contacts.toArray()),

    create(fields, origin = 'local') {
      return write([db.contacts, db.outbox], async (events) => {
        const contact = newContact(core, fields);
        // add, not put: a reused id must fail (and abort) rather than overwrite another contact.
        await db.contacts.add(contact);
        if (outboxes(origin)) await db.outbox.add(contactCreateEntry(core, contact));
        events.push({ entity: 'contact', put: [contact], deleted: [], origin });
        return contact;
      });
    },

    update(id, patch, origin = 'local') {
      return write([db.contacts, db.outbox], async (events) => {
        const current = await db.contacts.get(id);
        if (!current) throw new RepositoryError('not-found', `No contact ${id}`);
        const diff = diffContactFields(current, normalizeContactPatch(patch));
        if (!diff.changed) return current;
        const next: Contact = { ...current, ...diff.changes, updatedAt: now() };
        await db.contacts.put(next);
        if (outboxes(origin))
          await db.outbox.add(outboxEntry('contact', id, 'update', diff.changes, diff.baseValues));
        events.push({ entity: 'contact', put: [next], deleted: [], origin });
        return next;
      });
    },

    updateMany(ids, patch, origin = 'local') {
      return write([db.contacts, db.outbox], async (events) => {
        const normalized = normalizeContactPatch(patch);
        const changed: Contact[] = [];
        for (const current of await readContacts(db, [...new Set(ids)])) {
          if (!current) continue;
          const diff = diffContactFields(current, normalized);
          if (!diff.changed) continue;
          const next: Contact = { ...current, ...diff.changes, updatedAt: now() };
          changed.push(next);
          if (outboxes(origin)) await db.outbox.add(outboxEntry('contact', current.id, 'update', diff.changes, diff.baseValues));
        }
        if (changed.length === 0) return [];
        await db.contacts.bulkPut(changed);
        events.push({ entity: 'contact', put: changed, deleted: [], origin });
        return changed;
      });
    },

    async remove(id, origin = 'local') {
      const [removed] = await deleteContacts(ctx, [id], origin);
      return removed;
    },

    removeMany: (ids, origin = 'local') => deleteContacts(ctx, ids, origin),

    merge: (baseId, otherId, merged, origin = 'local') => mergeContacts(ctx, baseId, otherId, merged, origin),

    /**
     * From BULK_OUTBOX_MIN_CONTACTS ids up this stores one pending label op and the compact outbox
     * row, and no contact row (label-ops.ts): the event carries the updated contacts, the fold
     * writes their rows right after, and every other contact read or write waits for it.
     */
    changeLabels(ids, change, origin = 'local') {
      const labelChange: LabelChange = {
        kind: 'labels',
        add: normalizeLabelList(change.add ?? []),
        remove: normalizeLabelList(change.remove ?? []),
      };
      const unique = [...new Set(ids)];
      const bulk = unique.length >= bulkOutboxMin;
      return (bulk ? writeLabelOp : write)([db.contacts, db.outbox, db.labelOps], async (events) => {
        const found = (await readContacts(db, unique)).filter((c): c is Contact => c !== undefined);
        const changed = await storeLabelChange(ctx, found, labelChange, origin, bulk);
        if (changed.length > 0) events.push({ entity: 'contact', put: changed, deleted: [], origin });
        return changed;
      });
    },

    restore: (toRestore, origin = 'local') => restoreContacts(ctx, toRestore, origin),

    async bulkCreate(items, { batchSize = DEFAULT_BULK_BATCH_SIZE, onProgress, origin = 'import' } = {}) {
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
      const total = items.length;
      const created: Contact[] = [];
      for (let start = 0; start < total; start += batchSize) {
        const batch = items
          .slice(start, start + batchSize)
          .map((item) => (isStoredContact(item) ? storedContact(item) : newContact(core, item)));
        await write([db.contacts, db.outbox], async (events) => {
          await db.contacts.bulkAdd(batch);
          if (outboxes(origin)) await db.outbox.bulkAdd(batch.map((c) => contactCreateEntry(core, c)));
          events.push({ entity: 'contact', put: batch, deleted: [], origin });
        });
        for (const contact of batch) created.push(contact);
        onProgress?.(created.length, total);
      }
      return created;
    },
  };
}

function isStoredContact(item: NewContact | Contact): item is Contact {
  const candidate = item as Partial<Contact>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.createdAt === 'number' &&
    typeof candidate.updatedAt === 'number'
  );
}
