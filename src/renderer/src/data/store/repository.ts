import type { z } from 'zod';
import type { Table } from 'dexie';
import type { Contact, ContactFields, NewContact } from '../../../../shared/contact';
import {
  DEFAULT_LABEL_COLOR,
  isValidLabelTitle,
  normalizeLabelColor,
  normalizeLabelList,
  normalizeLabelTitle,
  type AttributeDefinition,
  type Label,
  type NewOutboxEntry,
  type OutboxEntry,
  type Segment,
} from '../../../../shared/records';
import {
  createChangeBus,
  type ChangeBusOptions,
  type ChangeListener,
  type ChangeOrigin,
} from './change-bus';
import {
  completeContactFields,
  contactFieldsOf,
  diffContactFields,
  normalizeContactPatch,
} from './contact-fields';
import { createMessagesRepository, type MessagesRepository } from './messages-repository';
import { createNotesRepository, type NotesRepository } from './notes-repository';
import { createSyncRepository, type SyncRepository } from './sync-repository';
import { addBulkLabelsRow, bulkLabelsRow, BULK_OUTBOX_ENTITY_ID, BULK_OUTBOX_MIN_CONTACTS, pendingEntriesFor } from './outbox-expansion';
import { applyLabelChange, sameLabels, type LabelChange } from './label-change';
import { addLabelOp, gated, labelOpsGate } from './label-ops';
import { createRecordRepository, createRepositoryCore, type RecordRepository } from './records-repository';
import type { WintookDb } from './schema';
import { createQuarantineRepository, type QuarantineRepository } from './quarantine';

export type { ChangeEvent, ChangeListener, ChangeOrigin } from './change-bus';
export { createRepositoryCore, type RepositoryCore, type RepositoryCoreOptions } from './records-repository';

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

/** Settings live in `syncState` under this prefix; the rest of that table is sync's. */
export const SETTING_KEY_PREFIX = 'setting:';

export type RepositoryErrorCode = 'not-found' | 'duplicate' | 'invalid';

export class RepositoryError extends Error {
  override readonly name = 'RepositoryError';
  readonly code: RepositoryErrorCode;
  constructor(code: RepositoryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface RepositoryOptions extends ChangeBusOptions {
  now?: () => number;
  /** Record ids and idempotency keys. */
  newId?: () => string;
  /**
   * From how many contacts a label change writes one compact outbox row (outbox-expansion.ts) and
   * one pending label op instead of a put per contact (label-ops.ts).
   */
  bulkOutboxMinContacts?: number;
  /** Contacts per label-op fold transaction (label-ops.ts DEFAULT_FOLD_CHUNK); for tests. */
  labelFoldChunk?: number;
}

export interface BulkCreateOptions {
  batchSize?: number;
  /** Called after each batch commits, with the number of contacts written so far. */
  onProgress?: (done: number, total: number) => void;
  origin?: ChangeOrigin;
}

export interface NewLabel {
  title: string;
  color?: string;
  description?: string;
}

export interface Repository {
  contacts: {
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
  };
  labels: {
    getAll(): Promise<Label[]>;
    create(label: NewLabel, origin?: ChangeOrigin): Promise<Label>;
    rename(id: string, title: string, origin?: ChangeOrigin): Promise<Label>;
    recolor(id: string, color: string, origin?: ChangeOrigin): Promise<Label>;
    remove(id: string, origin?: ChangeOrigin): Promise<Label | undefined>;
  };
  settings: {
    /** The stored value if it passes `schema`; undefined when absent or corrupt (never throws for that). */
    get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
    set(key: string, value: unknown): Promise<void>;
    remove(key: string): Promise<void>;
  };
  attributeDefinitions: RecordRepository<AttributeDefinition>;
  segments: RecordRepository<Segment>;
  notes: NotesRepository;
  /** Inboxes, a contact's conversations and queued messages (issue 9, docs/messages.md). */
  messages: MessagesRepository;
  /** What the sync engine reads and writes (server pages, cursors, conflicts, outbox bookkeeping). */
  sync: SyncRepository;
  /** Records set aside because the app cannot read them (issue 17). */
  quarantine: QuarantineRepository;
  changes: {
    subscribe(listener: ChangeListener): () => void;
  };
  /** Stops cross-window delivery and drops listeners; the database stays open (its owner closes it). */
  close(): void;
}

/**
 * The one layer every local write goes through. Each write puts the record and its outbox entry in
 * the same `rw` transaction, so a change cannot escape sync and an aborted write leaves nothing.
 * Change events are published only once that transaction has committed.
 *
 * Origin `sync` means "this is the server's data": it is stored and announced but not outboxed,
 * or it would be sent straight back. Every other origin (local, import, seed) is outboxed.
 */
export function createRepository(db: WintookDb, options: RepositoryOptions = {}): Repository {
  const bus = createChangeBus(options);
  const core = createRepositoryCore(db, (events) => bus.publish(events), options);
  const { now, newId, write, writeLabelOp, outboxEntry, outboxes } = core;
  const outbox = core.outbox;
  const bulkOutboxMin = options.bulkOutboxMinContacts ?? BULK_OUTBOX_MIN_CONTACTS;
  const gate = labelOpsGate(db);
  // A fold that finds a row written since its op by a writer that did not wait for it (another
  // window, the import worker) announces the merged result, so the index shows it.
  const stopRewritten = gate.onRewritten((rewritten) => bus.publish([{ entity: 'contact', put: rewritten, deleted: [], origin: 'local' }]));

  /**
   * `bulkGet` for many ids. Measured in this machine's Chromium (bench/write-path.ts, 10k
   * contacts): `bulkGet` of all 10k took ~0.6–1.5 s, a whole-table `toArray` ~0.13–0.3 s, i.e.
   * ~100–150 µs per key against ~15–30 µs per stored row. So from a quarter of the table up (a
   * "select all" bulk action), reading it all and picking is the faster read, in the same
   * transaction either way.
   */
  async function readContacts(ids: readonly string[]): Promise<(Contact | undefined)[]> {
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
  async function addLabelRows(changed: readonly Contact[], before: readonly string[][]): Promise<void> {
    if (changed.length < bulkOutboxMin) {
      await outbox.bulkAdd(changed.map((c, i) => outboxEntry('contact', c.id, 'update', { labels: c.labels }, { labels: before[i] })));
      return;
    }
    await addBulkLabelsRow(
      outbox,
      bulkLabelsRow({ ids: changed.map((c) => c.id), before: [...before], after: changed.map((c) => c.labels), idempotencyKey: newId(), createdAt: now() }),
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
  async function storeLabelChange(contacts: readonly Contact[], change: LabelChange, origin: ChangeOrigin, opAllowed: boolean): Promise<Contact[]> {
    const changed: Contact[] = [];
    const before: string[][] = [];
    const at = now();
    for (const contact of contacts) {
      const labels = applyLabelChange(contact.labels, change);
      if (sameLabels(labels, contact.labels)) continue;
      changed.push({ ...contact, labels, updatedAt: at });
      before.push(contact.labels);
    }
    if (changed.length === 0) return [];
    // The requests are queued at once: IndexedDB runs them in order in the transaction, and not
    // waiting for each one's callback before queueing the next saves round trips.
    const rows = outboxes(origin) ? addLabelRows(changed, before) : null;
    const store =
      opAllowed && changed.length >= bulkOutboxMin
        ? addLabelOp(db, { ids: changed.map((c) => c.id), change, at, createdAt: at })
        : db.contacts.bulkPut(changed);
    await Promise.all([rows, store]);
    return changed;
  }

  function newContact(fields: NewContact): Contact {
    const at = now();
    return {
      ...completeContactFields(fields),
      id: newId(),
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

  const contactCreateEntry = (contact: Contact): NewOutboxEntry =>
    outboxEntry('contact', contact.id, 'create', { ...contactFieldsOf(contact) }, {});
  const contactDeleteEntry = (contact: Contact): NewOutboxEntry =>
    outboxEntry(
      'contact',
      contact.id,
      'delete',
      {},
      { ...contactFieldsOf(contact), serverId: contact.serverId, version: contact.version },
    );

  async function deleteContacts(ids: readonly string[], origin: ChangeOrigin): Promise<Contact[]> {
    return write([db.contacts, db.outbox], async (events) => {
      const found = (await readContacts([...new Set(ids)])).filter((c): c is Contact => c !== undefined);
      if (found.length === 0) return [];
      await db.contacts.bulkDelete(found.map((c) => c.id));
      if (outboxes(origin)) await db.outbox.bulkAdd(found.map(contactDeleteEntry));
      events.push({ entity: 'contact', put: [], deleted: found.map((c) => c.id), origin });
      return found;
    });
  }

  const contacts: Repository['contacts'] = {
    // Reads wait, like writes, until pending label ops are folded into the rows.
    get: (id) => gated(db, () => db.contacts.get(id)),
    getAll: () => gated(db, () => db.contacts.toArray()),

    create(fields, origin = 'local') {
      return write([db.contacts, db.outbox], async (events) => {
        const contact = newContact(fields);
        // add, not put: a reused id must fail (and abort) rather than overwrite another contact.
        await db.contacts.add(contact);
        if (outboxes(origin)) await db.outbox.add(contactCreateEntry(contact));
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
        for (const current of await readContacts([...new Set(ids)])) {
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
      const [removed] = await deleteContacts([id], origin);
      return removed;
    },

    removeMany: (ids, origin = 'local') => deleteContacts(ids, origin),

    merge(baseId, otherId, merged, origin = 'local') {
      return write([db.contacts, db.notes, db.outbox], async (events) => {
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
          const entries: NewOutboxEntry[] = [contactDeleteEntry(other)];
          if (diff.changed) entries.push(outboxEntry('contact', baseId, 'update', diff.changes, diff.baseValues));
          for (const note of notes)
            entries.push(outboxEntry('note', note.id, 'update', { contactId: baseId }, { contactId: otherId }));
          await db.outbox.bulkAdd(entries);
        }
        events.push({ entity: 'contact', put: [next], deleted: [otherId], origin });
        if (notes.length > 0) events.push({ entity: 'note', put: moved, deleted: [], origin });
        return next;
      });
    },

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
        const found = (await readContacts(unique)).filter((c): c is Contact => c !== undefined);
        const changed = await storeLabelChange(found, labelChange, origin, bulk);
        if (changed.length > 0) events.push({ entity: 'contact', put: changed, deleted: [], origin });
        return changed;
      });
    },

    /**
     * Per contact: if its delete is still `pending` in the outbox, the server never heard of it, so
     * that row is dropped and the contact comes back exactly as it was (server id, base and any
     * earlier pending edits intact). Otherwise the delete is in flight or done and the server copy
     * is (or will be) gone, so the contact comes back as a new one: server id, version and base
     * cleared, with a `create` outbox row. (If an in-flight delete is then rejected, sync sees a
     * create for a contact the server still has; it dedupes by identifier/email like an import.)
     */
    restore(toRestore, origin = 'local') {
      return write([db.contacts, db.outbox], async (events) => {
        const unique = [...new Map(toRestore.map((c) => [c.id, c])).values()];
        const existing = await db.contacts.bulkGet(unique.map((c) => c.id));
        const missing = unique.filter((_, index) => existing[index] === undefined);
        if (missing.length === 0) return [];
        const pendingDeletes = new Map<string, number>();
        // Compact rows too: a create still packed in an import's row is a create waiting to be sent.
        const rows = await (db.outbox as unknown as Table<unknown, number>)
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
            if (outboxes(origin) && back.serverId === null && !creating.has(contact.id)) creates.push(contactCreateEntry(back));
          } else {
            // `updatedAt` stays: the contact comes back as it was, and an import's undo tells the
            // contacts changed since the import by it (import-repository.ts readFootprint).
            const revived: Contact = { ...storedContact(contact), serverId: null, version: null, base: null };
            restored.push(revived);
            creates.push(contactCreateEntry(revived));
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
    },

    async bulkCreate(items, { batchSize = DEFAULT_BULK_BATCH_SIZE, onProgress, origin = 'import' } = {}) {
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
      const total = items.length;
      const created: Contact[] = [];
      for (let start = 0; start < total; start += batchSize) {
        const batch = items
          .slice(start, start + batchSize)
          .map((item) => (isStoredContact(item) ? storedContact(item) : newContact(item)));
        await write([db.contacts, db.outbox], async (events) => {
          await db.contacts.bulkAdd(batch);
          if (outboxes(origin)) await db.outbox.bulkAdd(batch.map(contactCreateEntry));
          events.push({ entity: 'contact', put: batch, deleted: [], origin });
        });
        for (const contact of batch) created.push(contact);
        onProgress?.(created.length, total);
      }
      return created;
    },
  };

  function validTitle(raw: string): string {
    const title = normalizeLabelTitle(raw);
    if (!isValidLabelTitle(title)) {
      throw new RepositoryError('invalid', `Label titles use letters, digits, "-" and "_" only: "${raw}"`);
    }
    return title;
  }

  function validColor(raw: string): string {
    const color = normalizeLabelColor(raw);
    if (color === null) throw new RepositoryError('invalid', `Label colours are #rrggbb: "${raw}"`);
    return color;
  }

  async function assertTitleFree(title: string, exceptId?: string): Promise<void> {
    const holders = await db.labels.where('title').equals(title).toArray();
    if (holders.some((label) => label.id !== exceptId))
      throw new RepositoryError('duplicate', `Label "${title}" exists`);
  }

  async function requireLabel(id: string): Promise<Label> {
    const label = await db.labels.get(id);
    if (!label) throw new RepositoryError('not-found', `No label ${id}`);
    return label;
  }

  const labels: Repository['labels'] = {
    getAll: () => db.labels.toArray(),

    async create(input, origin = 'local') {
      const title = validTitle(input.title);
      const color = validColor(input.color ?? DEFAULT_LABEL_COLOR);
      return write([db.labels, db.outbox], async (events) => {
        await assertTitleFree(title);
        const at = now();
        const label: Label = {
          id: newId(),
          title,
          color,
          description: input.description ?? '',
          serverId: null,
          createdAt: at,
          updatedAt: at,
        };
        await db.labels.add(label);
        if (outboxes(origin)) {
          await db.outbox.add(
            outboxEntry('label', label.id, 'create', { title, color, description: label.description }, {}),
          );
        }
        events.push({ entity: 'label', put: [label], deleted: [], origin });
        return label;
      });
    },

    /**
     * Renames the label and, in the same transaction, every contact carrying it (each with its own
     * outbox `update` of `labels`). Contacts have no label index (indexes slow bulk writes), so this
     * reads them all; renames are rare and a `getAll` of 100k is well under a second.
     */
    async rename(id, rawTitle, origin = 'local') {
      const title = validTitle(rawTitle);
      return writeLabelOp([db.labels, db.contacts, db.outbox, db.labelOps], async (events) => {
        const label = await requireLabel(id);
        if (label.title === title) return label;
        await assertTitleFree(title, id);
        const renamed: Label = { ...label, title, updatedAt: now() };
        await db.labels.put(renamed);
        // The label row's outbox row goes before the contacts' (sync renames the label first).
        if (outboxes(origin)) await db.outbox.add(outboxEntry('label', id, 'update', { title }, { title: label.title }));
        const carrying = (await db.contacts.toArray()).filter((c) => c.labels.includes(label.title));
        const updated = await storeLabelChange(carrying, { kind: 'rename', from: label.title, to: title }, origin, true);
        events.push({ entity: 'label', put: [renamed], deleted: [], origin });
        events.push({ entity: 'contact', put: updated, deleted: [], origin });
        return renamed;
      });
    },

    async recolor(id, rawColor, origin = 'local') {
      const color = validColor(rawColor);
      return write([db.labels, db.outbox], async (events) => {
        const label = await requireLabel(id);
        if (label.color === color) return label;
        const next: Label = { ...label, color, updatedAt: now() };
        await db.labels.put(next);
        if (outboxes(origin))
          await db.outbox.add(outboxEntry('label', id, 'update', { color }, { color: label.color }));
        events.push({ entity: 'label', put: [next], deleted: [], origin });
        return next;
      });
    },

    /**
     * Deletes the label definition only. Contacts keep the title in their `labels`, as they do in
     * Chatwoot (tags outlive the Label row); the UI shows such a label in the default colour.
     */
    remove(id, origin = 'local') {
      return write([db.labels, db.outbox], async (events) => {
        const label = await db.labels.get(id);
        if (!label) return undefined;
        await db.labels.delete(id);
        if (outboxes(origin)) {
          const { title, color, description, serverId } = label;
          await db.outbox.add(
            outboxEntry('label', id, 'delete', {}, { title, color, description, serverId }),
          );
        }
        events.push({ entity: 'label', put: [], deleted: [id], origin });
        return label;
      });
    },
  };

  /**
   * UI preferences (column layout, locale, last segment…) are per machine: they are not part of
   * the help desk's data, Chatwoot has nowhere to keep them, and two agents sharing a server must
   * not overwrite each other's layout. So they are written directly, without an outbox row.
   */
  const settings: Repository['settings'] = {
    async get<T>(key: string, schema: z.ZodType<T>) {
      const row = await db.syncState.get(SETTING_KEY_PREFIX + key);
      if (!row) return undefined;
      const parsed = schema.safeParse(row.value);
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value) {
      await db.syncState.put({ key: SETTING_KEY_PREFIX + key, value });
    },
    async remove(key) {
      await db.syncState.delete(SETTING_KEY_PREFIX + key);
    },
  };

  return {
    contacts,
    labels,
    attributeDefinitions: createRecordRepository(core, db.attributeDefinitions, 'attributeDefinition'),
    segments: createRecordRepository(core, db.segments, 'segment'),
    notes: createNotesRepository(core, db.notes),
    messages: createMessagesRepository(db, core),
    sync: createSyncRepository(db, core),
    quarantine: createQuarantineRepository(db, now),
    settings,
    changes: { subscribe: (listener) => bus.subscribe(listener) },
    close: () => {
      stopRewritten();
      bus.close();
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
