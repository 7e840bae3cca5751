import { z } from 'zod';
import type { Contact } from './contact';

/**
 * The stored records other than the contact (src/shared/contact.ts), shared by the renderer's
 * database, the sync engine and the server. Times are epoch milliseconds; ids are client UUIDs
 * chosen once (Dexie cannot change a primary key later); `serverId` is the server's integer id once
 * the record has been synced, else null.
 *
 * The zod schemas are for the boundaries that receive these records as `unknown` (request bodies on
 * the server, responses in sync); inside the app the interfaces are enough.
 */

const epochMs = z.number().int().nonnegative();
const serverId = z.number().int().positive().nullable();

// ---------------------------------------------------------------------------------------------
// Notes

export interface NoteAuthor {
  /** The server's user id; null or absent for a note written offline or by a deleted user ("Bot"). */
  id?: number | null;
  name: string;
}

/** The note's fields as the server last had them, for three-way merge. Chatwoot keeps only Markdown. */
export interface NoteBase {
  bodyMarkdown: string;
}

export interface Note {
  id: string;
  /** The contact's client UUID. */
  contactId: string;
  serverId: number | null;
  /** The Slate document (JSON); the editor owns its shape. */
  bodySlate: unknown;
  /** What the server stores as `content`. */
  bodyMarkdown: string;
  author: NoteAuthor;
  createdAt: number;
  updatedAt: number;
  version: number | null;
  base: NoteBase | null;
}

export const noteAuthorSchema = z.object({
  id: z.number().int().nullable().optional(),
  name: z.string().max(255),
}) satisfies z.ZodType<NoteAuthor>;

export const noteSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  serverId,
  bodySlate: z.unknown(),
  bodyMarkdown: z.string(),
  author: noteAuthorSchema,
  createdAt: epochMs,
  updatedAt: epochMs,
  version: z.number().int().nullable(),
  base: z.object({ bodyMarkdown: z.string() }).nullable(),
}) satisfies z.ZodType<Note>;

// ---------------------------------------------------------------------------------------------
// Labels

/** Chatwoot's `Label` validation: letters, digits, `_` and `-` (`UNICODE_CHARACTER_NUMBER_HYPHEN_UNDERSCORE`). */
export const LABEL_TITLE_PATTERN = /^[\p{L}\p{N}_-]+$/u;
export const LABEL_TITLE_MAX_LENGTH = 255;
export const LABEL_COLOR_PATTERN = /^#[0-9a-f]{6}$/;
/** Chatwoot's default label colour. */
export const DEFAULT_LABEL_COLOR = '#1f93ff';

export interface Label {
  id: string;
  /** Lower-case, as Chatwoot stores it (`app/models/label.rb`). */
  title: string;
  /** `#rrggbb`, lower-case. */
  color: string;
  description: string;
  serverId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The form a label title is stored in: trimmed and lower-cased. Does not validate. */
export function normalizeLabelTitle(title: string): string {
  return title.trim().toLowerCase();
}

export function isValidLabelTitle(title: string): boolean {
  return title.length > 0 && title.length <= LABEL_TITLE_MAX_LENGTH && LABEL_TITLE_PATTERN.test(title);
}

/** A contact's label list as stored: normalised titles, empties dropped, first occurrence kept. */
export function normalizeLabelList(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of labels) {
    const title = normalizeLabelTitle(raw);
    if (title) seen.add(title);
  }
  return [...seen];
}

/** `#RRGGBB` or `#rrggbb` → `#rrggbb`; anything else → null. */
export function normalizeLabelColor(color: string): string | null {
  const lower = color.trim().toLowerCase();
  return LABEL_COLOR_PATTERN.test(lower) ? lower : null;
}

export const labelSchema = z.object({
  id: z.uuid(),
  title: z
    .string()
    .refine(isValidLabelTitle, 'invalid label title')
    .refine((t) => t === t.toLowerCase(), 'label titles are lower-case'),
  color: z.string().regex(LABEL_COLOR_PATTERN),
  description: z.string(),
  serverId,
  createdAt: epochMs,
  updatedAt: epochMs,
}) satisfies z.ZodType<Label>;

// ---------------------------------------------------------------------------------------------
// Custom attribute definitions

/** The display types this app supports (Chatwoot also has currency and percent; they arrive as number). */
export const ATTRIBUTE_TYPES = ['text', 'number', 'link', 'date', 'list', 'checkbox'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeDefinition {
  id: string;
  /** `attribute_key`: the key in a contact's `customAttributes`. */
  key: string;
  displayName: string;
  type: AttributeType;
  /** The options of a `list` attribute; empty for the other types. */
  listValues: string[];
  description: string;
  serverId: number | null;
  createdAt: number;
  updatedAt: number;
}

export const attributeDefinitionSchema = z.object({
  id: z.uuid(),
  key: z.string().min(1).max(255),
  displayName: z.string().min(1).max(255),
  type: z.enum(ATTRIBUTE_TYPES),
  listValues: z.array(z.string()),
  description: z.string(),
  serverId,
  createdAt: epochMs,
  updatedAt: epochMs,
}) satisfies z.ZodType<AttributeDefinition>;

// ---------------------------------------------------------------------------------------------
// Segments (saved filters)

export interface SegmentQuery {
  /** Chatwoot's filter payload, `[{attribute_key, filter_operator, values, query_operator}]`; the filter model parses it. */
  payload: unknown[];
}

export interface Segment {
  id: string;
  name: string;
  /** Stored as `/custom_filters` stores it, so it syncs unchanged. */
  query: SegmentQuery;
  serverId: number | null;
  createdAt: number;
  updatedAt: number;
}

export const segmentSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(255),
  query: z.object({ payload: z.array(z.unknown()) }),
  serverId,
  createdAt: epochMs,
  updatedAt: epochMs,
}) satisfies z.ZodType<Segment>;

// ---------------------------------------------------------------------------------------------
// Outbox

export const OUTBOX_ENTITIES = [
  'contact',
  'note',
  'label',
  'attributeDefinition',
  'segment',
  'message',
] as const;
export type OutboxEntity = (typeof OUTBOX_ENTITIES)[number];
export type OutboxOp = 'create' | 'update' | 'delete';
/** `pending`: waiting to be sent; `in-flight`: sent, no answer yet; `rejected`: refused by the server (4xx), shown to the user. */
export type OutboxState = 'pending' | 'in-flight' | 'rejected';

/**
 * One pending local change. Written in the same transaction as the record it describes. A union on
 * `op`; every variant carries `changes` and `baseValues` (empty where the op has none), so code
 * that folds rows reads them alike.
 */
export type OutboxEntry = OutboxCreate | OutboxUpdate | OutboxDelete;

/** `changes` holds every field of the new record, `baseValues` is empty. */
export interface OutboxCreate extends OutboxEntryFields {
  op: 'create';
}

/** `changes` holds only the changed fields (new values), `baseValues` their previous values. */
export interface OutboxUpdate extends OutboxEntryFields {
  op: 'update';
}

/**
 * `changes` is empty, `baseValues` holds the record as it was (including `serverId`), so sync can
 * still address the server copy once the local row is gone.
 */
export interface OutboxDelete extends OutboxEntryFields {
  op: 'delete';
}

interface OutboxEntryFields {
  /** Auto-increment: the order changes were made in. */
  seq: number;
  entity: OutboxEntity;
  entityId: string;
  changes: Record<string, unknown>;
  baseValues: Record<string, unknown>;
  /** A UUID sent with the request so a retry after a lost response is not applied twice. */
  idempotencyKey: string;
  /**
   * The exact body each request sent under a key derived from `idempotencyKey` carried, recorded
   * before it went. A retry after an unknown outcome repeats that body (the server binds a key to one
   * body, issue 17); later edits are rows of their own with keys of their own.
   */
  sentRequests?: SentRequest[];
  attempts: number;
  state: OutboxState;
  lastError: string | null;
  createdAt: number;
}

export interface SentRequest {
  key: string;
  body: unknown;
}

/** An outbox entry before IndexedDB has assigned its `seq` (still a union on `op`). */
export type NewOutboxEntry = Omit<OutboxCreate, 'seq'> | Omit<OutboxUpdate, 'seq'> | Omit<OutboxDelete, 'seq'>;

// ---------------------------------------------------------------------------------------------
// Sync state, import batches, conflicts

/** Cursors, server capabilities and (under the `setting:` prefix) UI settings. */
export interface SyncStateRow {
  key: string;
  value: unknown;
}

export type ImportBatchState = 'running' | 'finished' | 'failed' | 'cancelled' | 'undoing' | 'undone';

export interface ImportBatchCounts {
  /** Data rows read from the file. */
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Rows folded into a contact an earlier row of the same file created. */
  merged?: number;
  /** Rows imported with a value left out (a phone or email that belongs to another contact). */
  warned?: number;
}

/** A row of the file that failed, or was imported with a value left out: kept for the error report. */
export interface ImportProblemRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The row's cells as they were in the file. */
  cells: string[];
  severity: 'error' | 'warning';
  /** Validation or import codes (`validation` / `import` i18n namespaces), translated when shown. */
  messages: { field: string; code: string; params?: Record<string, string | number> }[];
}

/** One CSV import, kept for its report and its undo. */
export interface ImportBatch {
  id: string;
  fileName: string;
  startedAt: number;
  finishedAt: number | null;
  state: ImportBatchState;
  counts: ImportBatchCounts;
  /** Contacts the import created: undo deletes them. */
  createdIds: string[];
  /** Contacts the import changed, as they were before: undo puts them back. */
  priorStates: Contact[];
  /**
   * Set on the rows that hold one committed write batch of an import (its created ids, prior states
   * and problem rows), written in the same transaction as the contacts; absent on the import's own
   * row. Keeping them apart keeps each write O(batch), not O(import so far), at 1M rows.
   */
  parentId?: string;
  /** The file's header cells, for the error report. */
  header?: string[];
  encoding?: string;
  delimiter?: string;
  /** Problem rows of this batch (segment rows only). */
  problems?: ImportProblemRow[];
}

/** The same field changed locally and on the server: the server's value was kept, the local one is here. */
export interface Conflict {
  id: string;
  contactId: string;
  /** A `ContactFields` key, or `customAttributes.<key>` for a single custom attribute. */
  field: string;
  localValue: unknown;
  serverValue: unknown;
  detectedAt: number;
}
