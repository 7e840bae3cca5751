import { Dexie, type EntityTable } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import type {
  AttributeDefinition,
  Conflict,
  ImportBatch,
  Label,
  Note,
  OutboxEntry,
  Segment,
  SyncStateRow,
} from '../../../../shared/records';
import type { CachedInbox, ConversationRecord } from '../../../../shared/messaging/records';
import type { LabelOp } from './label-change';

export { DEFAULT_DB_NAME } from './name';
import { DEFAULT_DB_NAME } from './name';

/**
 * Version 1 of the schema: primary key first, then the only secondary indexes we keep.
 *
 * Every index is written on every put, and bulk writes are what this app does most (imports, sync
 * pages): 100k puts took ~4 s with a primary key only and ~10 s with ten indexes in this machine's
 * Chromium (DESIGN.md "Data"). So an index exists only for a lookup that cannot run on the
 * in-memory contact index: sync (serverId, a contact's notes, a record's outbox rows) and
 * conflicts per contact. Filtering, sorting, searching and the uniqueness checks run in memory and
 * need none (version 5 dropped version 1's email/phone/identifier indexes, which nothing queried).
 * A null or missing value is not indexed by IndexedDB, which keeps the indexes small.
 *
 * Changing the schema: never edit a released version. Add a new one below it, listing only the
 * tables that change (`null` deletes a table), and give it an upgrade function when existing rows
 * must be rewritten, e.g.
 *
 *   this.version(2)
 *     .stores({ contacts: 'id, email, phone, identifier, serverId, companyKey' })
 *     .upgrade((tx) => tx.table('contacts').toCollection().modify((c) => { c.companyKey = … }));
 *
 * The upgrade runs once, inside the version-change transaction, before the app sees the database;
 * it must not write outbox rows (it is not a user change). Add a test that opens a version-1
 * database written by the previous code and checks the upgraded rows.
 */
export const SCHEMA_V1 = {
  contacts: 'id, email, phone, identifier, serverId',
  notes: 'id, contactId',
  labels: 'id, title',
  attributeDefinitions: 'id, key',
  segments: 'id',
  outbox: '++seq, entityId',
  syncState: 'key',
  importBatches: 'id',
  conflicts: 'id, contactId',
} as const;

/**
 * Version 2 (issue 9, new message): the server's inboxes (keyed by the server's id) and each
 * contact's conversations, kept for offline use. Only new tables: no existing row changes.
 */
export const SCHEMA_V2 = {
  inboxes: 'id',
  conversations: 'id, contactId, serverId',
} as const;

/**
 * Version 3 (issue 3, bulk labels): pending label operations, a bulk label change committed but not
 * yet written into each contact's row (data/store/label-ops.ts). Only a new table: no existing row changes.
 */
export const SCHEMA_V3 = {
  labelOps: '++seq',
} as const;

/**
 * Version 4 (issue 8, first sync): notes indexed by server id, so a pulled page of notes finds its
 * local copies with one indexed read instead of reading every note (the whole table once per page,
 * quadratic over a first sync). Only an index: no row changes.
 */
export const SCHEMA_V4 = {
  notes: 'id, contactId, serverId',
} as const;

/**
 * Version 5 (issue 4, import speed): contacts lose the `email`, `phone` and `identifier` indexes.
 * Nothing queried them: uniqueness on create/edit and dedupe on import run over the in-memory
 * contact index (which every window keeps current from change events), and sync's one email lookup
 * now reads the few contacts whose create is in flight by id. Every contact put paid for them: they
 * were about a third of a 100k import's write time (docs/import.md "Performance"). Dexie drops the
 * indexes on upgrade; no row changes.
 */
export const SCHEMA_V5 = {
  contacts: 'id, serverId',
} as const;

/**
 * Version 6 (issue 17, robustness): records the app cannot read (a contact whose `labels` is not a
 * list…) are moved here at start instead of stopping it, and listed in Settings. Only a new table.
 */
export const SCHEMA_V6 = {
  quarantine: '++seq',
} as const;

/** Every table and its indexes at the current version. */
export const SCHEMA = {
  ...SCHEMA_V1,
  ...SCHEMA_V2,
  ...SCHEMA_V3,
  ...SCHEMA_V4,
  ...SCHEMA_V5,
  ...SCHEMA_V6,
} as const;

/**
 * Records the app cannot use, set aside instead of stopping it (issue 17: one contact whose `labels`
 * was not a list made the app refuse to start, every time). Kept as they were, never deleted here:
 * Settings lists them, and the data can be recovered from this table.
 */
export interface QuarantinedRecord {
  seq: number;
  /** The table the record was taken out of. */
  table: 'contacts';
  /** Its primary key there, when it had a usable one. */
  key: string | number | null;
  /** The first field that could not be read (contactShapeProblem). */
  problem: string;
  /** The record exactly as it was stored. */
  record: unknown;
  /** When it was set aside (epoch ms). */
  at: number;
}

export class WintookDb extends Dexie {
  declare contacts: EntityTable<Contact, 'id'>;
  declare notes: EntityTable<Note, 'id'>;
  declare labels: EntityTable<Label, 'id'>;
  declare attributeDefinitions: EntityTable<AttributeDefinition, 'id'>;
  declare segments: EntityTable<Segment, 'id'>;
  declare outbox: EntityTable<OutboxEntry, 'seq'>;
  declare syncState: EntityTable<SyncStateRow, 'key'>;
  declare importBatches: EntityTable<ImportBatch, 'id'>;
  declare conflicts: EntityTable<Conflict, 'id'>;
  declare inboxes: EntityTable<CachedInbox, 'id'>;
  declare conversations: EntityTable<ConversationRecord, 'id'>;
  declare labelOps: EntityTable<LabelOp, 'seq'>;
  declare quarantine: EntityTable<QuarantinedRecord, 'seq'>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
    this.version(6).stores(SCHEMA_V6);
  }
}

export interface OpenDbOptions {
  /**
   * Another window holds the database at an older version and does not let go (an older Wintook
   * still running): the upgrade waits for it. Called so the page can say so instead of staying
   * blank (issue 17); the open goes on by itself once that window closes.
   */
  onBlocked?: () => void;
}

/** Opens (creating or upgrading as needed) the app's database; rejects if IndexedDB refuses. */
export async function openDb(
  name: string = DEFAULT_DB_NAME,
  options: OpenDbOptions = {},
): Promise<WintookDb> {
  const db = new WintookDb(name);
  const { onBlocked } = options;
  if (onBlocked) db.on('blocked', () => onBlocked());
  await db.open();
  return db;
}
