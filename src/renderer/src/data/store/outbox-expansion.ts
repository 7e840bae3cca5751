/**
 * Compact outbox rows for bulk label changes, and their expansion into ordinary per-record rows.
 *
 * Why: a 10k-contact "Add label" wrote 10k outbox rows in the user's transaction, ~0.75 s of the
 * ~3.4 s it took on this machine (docs/benchmarks.md, "Write path"). One compact row (the ids, each
 * contact's labels before and after) costs ~15 ms instead. Sync still sees ordinary rows: before it
 * reads the outbox it calls `expandBulkOutbox(db)`, which writes the per-record rows in bounded
 * transactions, each also advancing the compact row's `expanded` counter (so a crash between two
 * transactions resumes where it stopped, and a committed row is never written twice).
 *
 * Order: the compact row reserves the seqs right after its own, one per contact (`seq + 1 + i`),
 * when it is written: IndexedDB's key generator never goes back, so every later row gets a higher
 * seq and the expanded rows land exactly where per-record rows written at the time would have.
 *
 * Until a compact row is expanded, code that reads contact rows by `entity === 'contact'` does not
 * see it (its entity is `contactBulk`): nothing is sent twice or wrongly, but the change is not
 * counted or sent either, and a server page applied meanwhile would not know those contacts have
 * local label edits — see `pendingBulkEntriesOf` for the one read that must know.
 */
import type { Table } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import { OUTBOX_ENTITIES, type NewOutboxEntry, type OutboxEntry } from '../../../../shared/records';
import { contactFieldsOf } from './contact-fields';
import { gated } from './label-ops';
import type { WintookDb } from './schema';

/** The `entity` of compact rows: not an OutboxEntity, so contact-row readers pass over them. */
export const BULK_OUTBOX_ENTITY = 'contactBulk';
/** Every compact row has this `entityId`, so the `entityId` index finds them all, lowest seq first. */
export const BULK_OUTBOX_ENTITY_ID = '$bulk';
/**
 * Below this many contacts a bulk change writes per-record rows as before: they cost < 10 ms and
 * sync sees them at once.
 */
export const BULK_OUTBOX_MIN_CONTACTS = 100;
/**
 * Per-record rows written per expansion transaction: ~40 ms each here (10k label rows took ~0.75 s
 * in one transaction), short enough to interleave with the user's writes.
 */
export const DEFAULT_EXPANSION_CHUNK = 500;

/**
 * The outbox with the rows it really holds: per-record entries and compact rows. The schema types
 * it by `OutboxEntry`, what nearly every reader reads (by `entityId`, which compact rows never
 * share); the readers that may meet compact rows go through this and tell them apart
 * (`isBulkOutboxRow`).
 */
export function outboxRows(db: WintookDb): Table<unknown, number> {
  return db.outbox;
}

/** One bulk label change (Add label, Remove label, a label rename) over many contacts. */
export interface BulkLabelsOutboxRow {
  seq: number;
  entity: typeof BULK_OUTBOX_ENTITY;
  entityId: typeof BULK_OUTBOX_ENTITY_ID;
  op: 'labels';
  /** Contact `ids[i]` gets the row at seq `seq + 1 + i`: labels `before[i]` → `after[i]`. */
  ids: string[];
  before: string[][];
  after: string[][];
  /** Rows written so far (the first `expanded` ids). */
  expanded: number;
  /** Expanded rows use `${idempotencyKey}:${i}`: stable, whichever run writes them. */
  idempotencyKey: string;
  createdAt: number;
  // The OutboxEntry fields every generic outbox reader looks at, with harmless values.
  changes: Record<string, never>;
  baseValues: Record<string, never>;
  attempts: 0;
  state: 'pending';
  lastError: null;
}

export type NewBulkLabelsOutboxRow = Omit<BulkLabelsOutboxRow, 'seq' | 'expanded'>;

/**
 * Ordinary per-record rows packed into one (an import batch's creates and updates): one request
 * instead of one per contact. Expansion unpacks them in order, `entries[i]` at seq `seq + 1 + i`.
 *
 * An entry is either a whole outbox entry (an update, with its changes and base values; every
 * entry of rows written before session 4) or a **created contact's id** (a string): the `create` of
 * a contact is read from the contact row when the row is expanded, so an import does not copy,
 * clone and store every contact's fields twice (~1 MB per 2,000-row batch; IndexedDB's cost here is
 * mostly per request, so the write itself gains little: docs/import.md "Performance"). Reading it
 * later gives the same request: an edit made meanwhile is an `update`
 * row after the create, which sync folds into the create anyway (create + update = create with the
 * later values, shared/sync/outbox.ts); a contact deleted or merged away meanwhile gets no create
 * (its delete row then addresses no server copy and is cleared without a request, engine.ts
 * `pushOp`). The expanded create carries the values read then, so a retry repeats the same request.
 */
export type PackedEntry = NewOutboxEntry | string;

export interface PackedOutboxRow {
  seq: number;
  entity: typeof BULK_OUTBOX_ENTITY;
  entityId: typeof BULK_OUTBOX_ENTITY_ID;
  op: 'rows';
  entries: PackedEntry[];
  expanded: number;
  idempotencyKey: string;
  createdAt: number;
  changes: Record<string, never>;
  baseValues: Record<string, never>;
  attempts: 0;
  state: 'pending';
  lastError: null;
}

export type BulkOutboxRow = BulkLabelsOutboxRow | PackedOutboxRow;

export function bulkLabelsRow(change: { ids: string[]; before: string[][]; after: string[][]; idempotencyKey: string; createdAt: number }): NewBulkLabelsOutboxRow {
  return {
    entity: BULK_OUTBOX_ENTITY,
    entityId: BULK_OUTBOX_ENTITY_ID,
    op: 'labels',
    ...change,
    changes: {},
    baseValues: {},
    attempts: 0,
    state: 'pending',
    lastError: null,
  };
}

/**
 * Stores a compact row and reserves its seqs. Call it inside the write's transaction (over
 * `outbox`), so the row commits with the change it describes. Returns the row's seq.
 */
export async function addBulkLabelsRow(outbox: Table<unknown, number>, row: NewBulkLabelsOutboxRow): Promise<number> {
  if (row.ids.length !== row.before.length || row.ids.length !== row.after.length)
    throw new RangeError('ids, before and after must have the same length');
  return addReserving(outbox, { ...row, expanded: 0 }, row.ids.length);
}

/**
 * Stores `entries` as one packed row (inside the caller's transaction); returns its seq. A string
 * entry is the id of a contact created in the same transaction (see `PackedOutboxRow`).
 */
export async function addPackedRows(outbox: Table<unknown, number>, entries: PackedEntry[], meta: { idempotencyKey: string; createdAt: number }): Promise<number> {
  const row: Omit<PackedOutboxRow, 'seq'> = {
    entity: BULK_OUTBOX_ENTITY,
    entityId: BULK_OUTBOX_ENTITY_ID,
    op: 'rows',
    entries,
    expanded: 0,
    ...meta,
    changes: {},
    baseValues: {},
    attempts: 0,
    state: 'pending',
    lastError: null,
  };
  return addReserving(outbox, row, entries.length);
}

async function addReserving(outbox: Table<unknown, number>, row: object, count: number): Promise<number> {
  const seq = (await outbox.add(row));
  if (count > 0) {
    // Moves the key generator past the reserved block: a put with an explicit key at or above it
    // sets it to key + 1, and deleting the row does not move it back (IndexedDB 3.0 §2.11).
    const last = seq + count;
    await outbox.put({ ...RESERVATION, seq: last });
    await outbox.delete(last);
  }
  return seq;
}

const RESERVATION = { entity: BULK_OUTBOX_ENTITY, entityId: '$reservation', op: 'reserve' } as const;

export function isBulkLabelsRow(row: unknown): row is BulkLabelsOutboxRow {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Record<string, unknown>;
  return (
    r.entity === BULK_OUTBOX_ENTITY &&
    r.entityId === BULK_OUTBOX_ENTITY_ID &&
    r.op === 'labels' &&
    typeof r.seq === 'number' &&
    typeof r.idempotencyKey === 'string' &&
    typeof r.createdAt === 'number' &&
    Number.isInteger(r.expanded) &&
    Array.isArray(r.ids) &&
    Array.isArray(r.before) &&
    Array.isArray(r.after) &&
    r.ids.length === r.before.length &&
    r.ids.length === r.after.length &&
    (r.expanded as number) >= 0 &&
    (r.expanded as number) <= r.ids.length &&
    r.ids.every((id) => typeof id === 'string') &&
    [...r.before, ...r.after].every((labels) => Array.isArray(labels) && labels.every((l) => typeof l === 'string'))
  );
}

function isEntry(value: unknown): value is NewOutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    (OUTBOX_ENTITIES as readonly unknown[]).includes(e.entity) &&
    typeof e.entityId === 'string' &&
    (e.op === 'create' || e.op === 'update' || e.op === 'delete') &&
    typeof e.changes === 'object' && e.changes !== null &&
    typeof e.baseValues === 'object' && e.baseValues !== null &&
    typeof e.idempotencyKey === 'string'
  );
}

export function isPackedRow(row: unknown): row is PackedOutboxRow {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Record<string, unknown>;
  return (
    r.entity === BULK_OUTBOX_ENTITY &&
    r.entityId === BULK_OUTBOX_ENTITY_ID &&
    r.op === 'rows' &&
    typeof r.seq === 'number' &&
    Number.isInteger(r.expanded) &&
    Array.isArray(r.entries) &&
    (r.expanded as number) >= 0 &&
    (r.expanded as number) <= r.entries.length &&
    r.entries.every((entry) => typeof entry === 'string' || isEntry(entry))
  );
}

export const isBulkOutboxRow = (row: unknown): row is BulkOutboxRow => isBulkLabelsRow(row) || isPackedRow(row);

const sizeOf = (row: BulkOutboxRow): number => (row.op === 'labels' ? row.ids.length : row.entries.length);

const entityIdAt = (row: BulkOutboxRow, index: number): string => {
  if (row.op === 'labels') return row.ids[index]!;
  const entry = row.entries[index]!;
  return typeof entry === 'string' ? entry : entry.entityId;
};

/** The `create` of a contact a packed row holds by id: its fields as the contact row has them now. */
function createOf(row: PackedOutboxRow, index: number, contactId: string, contact: Contact | null): OutboxEntry {
  return {
    seq: row.seq + 1 + index,
    entity: 'contact',
    entityId: contactId,
    op: 'create',
    changes: contact ? { ...contactFieldsOf(contact) } : {},
    baseValues: {},
    idempotencyKey: `${row.idempotencyKey}:${index}`,
    attempts: 0,
    state: 'pending',
    lastError: null,
    createdAt: row.createdAt,
  };
}

/**
 * The per-record row `index` of a compact or packed row, for readers that do not expand it. A
 * create held by id (see `PackedOutboxRow`) has no fields yet: its `changes` are `{}` (its `op`,
 * `state`, `seq` and `idempotencyKey` are what expansion will write; the fields are the contact's).
 */
export function expandedEntry(row: BulkOutboxRow, index: number): OutboxEntry {
  if (row.op === 'rows') {
    const entry = row.entries[index]!;
    return typeof entry === 'string' ? createOf(row, index, entry, null) : { ...entry, seq: row.seq + 1 + index };
  }
  return {
    seq: row.seq + 1 + index,
    entity: 'contact',
    entityId: row.ids[index]!,
    op: 'update',
    changes: { labels: row.after[index] },
    baseValues: { labels: row.before[index] },
    idempotencyKey: `${row.idempotencyKey}:${index}`,
    attempts: 0,
    state: 'pending',
    lastError: null,
    createdAt: row.createdAt,
  };
}

export interface ExpansionResult {
  /** Per-record rows written by this call. */
  written: number;
  /** Compact rows finished (and deleted) by this call. */
  finished: number;
  /** Seqs of rows under the compact-row id that are not valid compact rows: left in place, for a person to look at. */
  corrupt: number[];
}

/**
 * The rows `from..to` of a compact row as expansion writes them (inside its transaction). Creates
 * of contacts no longer stored are left out, whatever the row's format: the contact was deleted or
 * merged away before its create was sent, so the server must not get it (its later delete row, if
 * any, has no server copy to address and is cleared without a request).
 */
async function expandRange(db: WintookDb, row: BulkOutboxRow, from: number, to: number): Promise<OutboxEntry[]> {
  if (row.op === 'labels') {
    const rows: OutboxEntry[] = [];
    for (let i = from; i < to; i++) rows.push(expandedEntry(row, i));
    return rows;
  }
  const createIds: string[] = [];
  for (let i = from; i < to; i++) {
    const entry = row.entries[i]!;
    if (typeof entry === 'string') createIds.push(entry);
    else if (entry.entity === 'contact' && entry.op === 'create') createIds.push(entry.entityId);
  }
  const stored = createIds.length > 0 ? await db.contacts.bulkGet(createIds) : [];
  const contacts = new Map<string, Contact>();
  for (const contact of stored) if (contact) contacts.set(contact.id, contact);
  const rows: OutboxEntry[] = [];
  for (let i = from; i < to; i++) {
    const entry = row.entries[i]!;
    if (typeof entry === 'string') {
      const contact = contacts.get(entry);
      if (contact) rows.push(createOf(row, i, entry, contact));
    } else if (entry.entity !== 'contact' || entry.op !== 'create' || contacts.has(entry.entityId)) {
      rows.push({ ...entry, seq: row.seq + 1 + i });
    }
  }
  return rows;
}

/**
 * Turns every compact row into per-record rows, `chunk` rows per transaction, oldest compact row
 * first. Safe to call at any time, from several places at once and again after a crash: each
 * transaction re-reads the compact row's counter and writes only what is not written yet.
 *
 * It reads the contacts whose creates a packed row holds, so it waits for pending label ops to be
 * folded into the contact rows first (label-ops.ts `gated`).
 */
export async function expandBulkOutbox(db: WintookDb, options: { chunk?: number } = {}): Promise<ExpansionResult> {
  const chunk = options.chunk ?? DEFAULT_EXPANSION_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be a positive integer, got ${chunk}`);
  const outbox = outboxRows(db);
  const result: ExpansionResult = { written: 0, finished: 0, corrupt: [] };
  let after = -Infinity;
  for (;;) {
    const step = await gated(db, () => db.transaction('rw', db.outbox, db.contacts, async () => {
      const raw = await outbox.where('entityId').equals(BULK_OUTBOX_ENTITY_ID).filter((r) => (r as { seq: number }).seq > after).first();
      if (raw === undefined) return null;
      const seq = (raw as { seq: number }).seq;
      if (!isBulkOutboxRow(raw)) return { seq, corrupt: true, written: 0, finished: false };
      const size = sizeOf(raw);
      const to = Math.min(raw.expanded + chunk, size);
      const rows = await expandRange(db, raw, raw.expanded, to);
      if (rows.length > 0) await outbox.bulkPut(rows);
      const finished = to === size;
      if (finished) await outbox.delete(seq);
      else await outbox.put({ ...raw, expanded: to });
      return { seq, corrupt: false, written: rows.length, finished };
    }));
    if (step === null) return result;
    result.written += step.written;
    if (step.corrupt) {
      result.corrupt.push(step.seq);
      after = step.seq;
    } else if (step.finished) result.finished += 1;
  }
}

/**
 * The per-record rows still folded into compact rows for one contact, in seq order (what
 * `entriesOf(contactId)` would also return had they been expanded). For readers that must see
 * every pending change of a contact inside their own transaction, e.g. sync applying a server page.
 */
export async function pendingBulkEntriesOf(db: WintookDb, contactId: string): Promise<OutboxEntry[]> {
  const rows = await outboxRows(db).where('entityId').equals(BULK_OUTBOX_ENTITY_ID).toArray();
  return pendingEntriesIn(rows, contactId);
}

/** Of already-read outbox rows, the per-record rows the compact ones among them still hold for one contact. */
export function pendingEntriesIn(rows: readonly unknown[], contactId: string): OutboxEntry[] {
  return pendingEntriesFor(rows, new Set([contactId])).get(contactId) ?? [];
}

/**
 * `pendingEntriesIn` for many contacts in one pass over the compact rows (each row is checked
 * once, not once per contact: a sync page asks for 500 contacts, a bulk row may hold 100k).
 * Contacts with no folded rows are left out.
 */
export function pendingEntriesFor(rows: readonly unknown[], contactIds: ReadonlySet<string>): Map<string, OutboxEntry[]> {
  const entries = new Map<string, OutboxEntry[]>();
  for (const row of rows) {
    if (!isBulkOutboxRow(row)) continue;
    for (let i = row.expanded; i < sizeOf(row); i++) {
      const id = entityIdAt(row, i);
      if (!contactIds.has(id)) continue;
      const list = entries.get(id);
      if (list) list.push(expandedEntry(row, i));
      else entries.set(id, [expandedEntry(row, i)]);
    }
  }
  return entries;
}

/** How many per-record rows the compact rows still stand for (for the "N changes waiting" count). */
export async function countPendingBulkEntries(db: WintookDb): Promise<number> {
  const rows = await outboxRows(db).where('entityId').equals(BULK_OUTBOX_ENTITY_ID).toArray();
  return rows.reduce<number>((sum, row) => sum + (isBulkOutboxRow(row) ? sizeOf(row) - row.expanded : 0), 0);
}
