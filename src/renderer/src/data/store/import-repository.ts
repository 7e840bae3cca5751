/**
 * Writes of a CSV import: each batch of rows stores its contacts, their outbox rows and its share of
 * the import's record (created ids, prior states, problem rows, counts) in ONE transaction, so a
 * cancel or a crash leaves whole batches and a record of exactly what they did. Change events go
 * out after each commit, like every other write (see `createRepository`).
 *
 * It runs where the import runs, inside the import worker, on a connection of its own: `core` is
 * built there (data/import/core.ts). The same functions can back a repository method on the main
 * thread (`createImportRepository(core)` with createRepository's core).
 */
import { contactDisplayName, type Contact, type ContactFields } from '../../../../shared/contact';
import type { ImportBatch, ImportBatchCounts, ImportProblemRow, NewOutboxEntry } from '../../../../shared/records';
import { mergePatch } from '../../../../shared/csv/plan';
import type { PlannedRow } from '../../../../shared/csv/pipeline';
import type { ChangeEvent, ChangeOrigin } from './change-bus';
import { completeContactFields, contactFieldsOf, diffContactFields, normalizeContactPatch } from './contact-fields';
import { applyPendingLabelOps } from './label-change';
import { addPackedRows, expandBulkOutbox, outboxRows, type PackedEntry } from './outbox-expansion';
import type { RepositoryCore } from './records-repository';
import type { WintookDb } from './schema';

export type ImportCore = Pick<RepositoryCore, 'now' | 'newId' | 'write' | 'outboxEntry' | 'outboxes'> & { db: WintookDb };

const ORIGIN: ChangeOrigin = 'import';

/**
 * Segment rows sort after every import row: import ids are UUIDs (`0-9a-f-`), all below "~".
 * So the list of imports is one key range, and an import's segments another.
 */
export const SEGMENT_PREFIX = '~';
export function segmentId(importId: string, segment: number): string {
  return `${SEGMENT_PREFIX}${importId}~${String(segment).padStart(7, '0')}`;
}
const segmentRange = (importId: string) => `${SEGMENT_PREFIX}${importId}~`;

export function emptyCounts(): Required<ImportBatchCounts> {
  return { rows: 0, created: 0, updated: 0, skipped: 0, failed: 0, merged: 0, warned: 0 };
}

export interface ImportStart {
  id: string;
  fileName: string;
  header: string[];
  encoding: string;
  delimiter: string;
}

export async function beginImport(core: ImportCore, start: ImportStart): Promise<ImportBatch> {
  const batch: ImportBatch = {
    ...start,
    startedAt: core.now(),
    finishedAt: null,
    state: 'running',
    counts: emptyCounts(),
    createdIds: [],
    priorStates: [],
  };
  await core.db.importBatches.put(batch);
  return batch;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  merged: number;
  skipped: number;
  failed: number;
  warned: number;
}

/** What a batch writes, computed from its rows (and, for rows updating stored contacts, their current state). */
interface BatchWrites {
  result: BatchOutcome;
  problems: ImportProblemRow[];
  created: Contact[];
  changed: Contact[];
  priorStates: Contact[];
  /** Created contacts by id (their creates are read from the rows when expanded), updates whole. */
  outbox: PackedEntry[];
  at: number;
}

/**
 * A batch prepared before its transaction (`prepareImportBatch`): the rows, the stored contacts it
 * must read, and — when it reads none, as in an import of new contacts — everything it writes.
 */
export interface PreparedImportBatch {
  rows: readonly PlannedRow[];
  readIds: string[];
  writes: BatchWrites | null;
}

/**
 * The main import row as this writer last committed it. The worker is that row's only writer while
 * the import runs, so keeping it saves re-reading it (a round trip) in every batch's transaction.
 */
export interface ImportRecordCache {
  main?: ImportBatch;
}

/**
 * Does the CPU work of a batch outside its transaction, so the import worker can prepare batch n+1
 * while batch n is being written. A batch that updates stored contacts (or contacts an earlier
 * batch created) still computes those updates inside its transaction, on what it reads there.
 */
export function prepareImportBatch(core: Pick<ImportCore, 'now' | 'outboxEntry'>, rows: readonly PlannedRow[]): PreparedImportBatch {
  const creates = new Set<string>();
  const toRead = new Set<string>();
  for (const { plan } of rows) {
    if (plan.kind === 'update' && !plan.existing && creates.has(plan.id)) continue;
    if (plan.kind === 'update') toRead.add(plan.id);
    if (plan.kind === 'create') creates.add(plan.id);
  }
  const readIds = [...toRead].filter((id) => !creates.has(id));
  const writes = readIds.length === 0 ? batchWrites(core, rows, new Map(), new Set(), new Set()) : null;
  return { rows, readIds, writes };
}

function batchWrites(
  core: Pick<ImportCore, 'now' | 'outboxEntry'>,
  rows: readonly PlannedRow[],
  current: ReadonlyMap<string, Contact>,
  importedIds: ReadonlySet<string>,
  priorRecorded: ReadonlySet<string>,
): BatchWrites {
  const result: BatchOutcome = { created: 0, updated: 0, merged: 0, skipped: 0, failed: 0, warned: 0 };
  const problems: ImportProblemRow[] = [];
  const creates = new Map<string, ContactFields>();
  const updates = new Map<string, ContactFields>();
  for (const { line, cells, plan } of rows) {
    switch (plan.kind) {
      case 'fail':
        result.failed++;
        problems.push({ line, cells, severity: 'error', messages: plan.errors });
        continue;
      case 'skip':
        result.skipped++;
        continue;
      case 'create':
        creates.set(plan.id, plan.fields);
        result.created++;
        break;
      case 'update': {
        const base = creates.get(plan.id) ?? updates.get(plan.id) ?? (current.has(plan.id) ? contactFieldsOf(current.get(plan.id)!) : undefined);
        if (base === undefined) {
          result.failed++;
          problems.push({ line, cells, severity: 'error', messages: [{ field: 'row', code: 'contact-gone' }] });
          continue;
        }
        const next = completeContactFields(mergePatch(base, plan.patch));
        if (creates.has(plan.id)) creates.set(plan.id, next);
        else updates.set(plan.id, next);
        if (plan.existing) result.updated++;
        else result.merged++;
        break;
      }
    }
    if (plan.warnings.length > 0) {
      result.warned++;
      problems.push({ line, cells, severity: 'warning', messages: plan.warnings });
    }
  }

  const at = core.now();
  const created: Contact[] = [...creates].map(([id, fields]) => ({
    ...completeContactFields(fields),
    id,
    serverId: null,
    createdAt: at,
    lastActivityAt: null,
    updatedAt: at,
    version: null,
    base: null,
  }));
  const changed: Contact[] = [];
  const priorStates: Contact[] = [];
  // Creates by id only: the contacts are in the same transaction, and the expansion reads their
  // fields from there (outbox-expansion.ts `PackedOutboxRow`) instead of the batch writing them twice.
  const outbox: PackedEntry[] = created.map((contact) => contact.id);
  for (const [id, fields] of updates) {
    const before = current.get(id)!;
    const diff = diffContactFields(before, normalizeContactPatch(fields));
    if (!diff.changed) continue;
    changed.push({ ...before, ...diff.changes, updatedAt: at });
    outbox.push(core.outboxEntry('contact', id, 'update', diff.changes, diff.baseValues));
    if (!importedIds.has(id) && !priorRecorded.has(id)) priorStates.push(before);
  }
  return { result, problems, created, changed, priorStates, outbox, at };
}

/**
 * Writes one batch (its rows, or the same rows prepared by `prepareImportBatch`). `importedIds` are
 * the contacts this import created in earlier batches (their later updates are merges, not changes
 * to record for undo); `priorRecorded` the existing contacts whose prior state an earlier batch
 * saved already. Both, and `record` when given, are updated in place once committed.
 */
export async function writeImportBatch(
  core: ImportCore,
  importId: string,
  segment: number,
  batch: readonly PlannedRow[] | PreparedImportBatch,
  importedIds: Set<string>,
  priorRecorded: Set<string>,
  record?: ImportRecordCache,
): Promise<BatchOutcome> {
  const { db } = core;
  const prepared = isPrepared(batch) ? batch : prepareImportBatch(core, batch);
  const tables = [db.contacts, db.outbox, db.importBatches];
  const outcome = await core.write(tables, async (events: ChangeEvent[]) => {
    let writes = prepared.writes;
    if (!writes) {
      const stored = await db.contacts.bulkGet(prepared.readIds);
      const current = new Map<string, Contact>();
      prepared.readIds.forEach((id, i) => {
        const contact = stored[i];
        if (contact) current.set(id, contact);
      });
      writes = batchWrites(core, prepared.rows, current, importedIds, priorRecorded);
    }
    const { result, problems, created, changed, priorStates, outbox, at } = writes;
    const main = record?.main ?? (await db.importBatches.get(importId));
    if (!main) throw new Error(`No import ${importId}`);
    const counts = { ...emptyCounts(), ...main.counts };
    counts.rows += prepared.rows.length;
    counts.created += result.created;
    counts.updated += result.updated;
    counts.merged += result.merged;
    counts.skipped += result.skipped;
    counts.failed += result.failed;
    counts.warned += result.warned;
    const nextMain = { ...main, counts };
    // Every request of the batch is queued at once: IndexedDB runs them in order inside the
    // transaction, and not waiting for each store's callbacks before queueing the next saves a
    // round trip per store (measured ~15% per batch in Chromium).
    await Promise.all([
      // `put`, not `add`: the ids are new (core.newId), and an add makes IndexedDB look each key up
      // before writing it (Chromium's KeyExistsInObjectStore: a fifth of the import's write work).
      db.contacts.bulkPut(created),
      changed.length > 0 ? db.contacts.bulkPut(changed) : null,
      // One packed row, not one row per contact: IndexedDB's cost is per request, so this halves
      // the batch's requests (outbox-expansion.ts unpacks it before sync reads the outbox).
      core.outboxes(ORIGIN) && outbox.length > 0 ? addPackedRows(outboxRows(db), outbox, { idempotencyKey: core.newId(), createdAt: at }) : null,
      db.importBatches.put(nextMain),
      db.importBatches.put({
        id: segmentId(importId, segment),
        parentId: importId,
        fileName: main.fileName,
        startedAt: at,
        finishedAt: at,
        state: 'finished',
        counts: emptyCounts(),
        createdIds: created.map((c) => c.id),
        priorStates,
        problems,
      }),
    ]);
    if (created.length + changed.length > 0) events.push({ entity: 'contact', put: [...created, ...changed], deleted: [], origin: ORIGIN });
    return { result, nextMain, createdIds: created.map((c) => c.id), priorIds: priorStates.map((c) => c.id) };
  });
  for (const id of outcome.createdIds) importedIds.add(id);
  for (const id of outcome.priorIds) priorRecorded.add(id);
  if (record) record.main = outcome.nextMain;
  return outcome.result;
}

function isPrepared(batch: readonly PlannedRow[] | PreparedImportBatch): batch is PreparedImportBatch {
  return !Array.isArray(batch);
}

export async function finishImport(core: ImportCore, importId: string, state: ImportBatch['state']): Promise<ImportBatch | undefined> {
  const { db } = core;
  return db.transaction('rw', db.importBatches, async () => {
    const main = await db.importBatches.get(importId);
    if (!main) return undefined;
    const next = { ...main, state, finishedAt: core.now() };
    await db.importBatches.put(next);
    return next;
  });
}

/** Every import, newest first (segment rows left out). */
export async function listImports(db: WintookDb): Promise<ImportBatch[]> {
  const rows = await db.importBatches.where('id').below(SEGMENT_PREFIX).toArray();
  return rows.sort((a, b) => b.startedAt - a.startedAt);
}

export async function importSegments(db: WintookDb, importId: string): Promise<ImportBatch[]> {
  return db.importBatches.where('id').startsWith(segmentRange(importId)).toArray();
}

/** The problem rows of an import, in file order. */
export async function importProblems(db: WintookDb, importId: string): Promise<ImportProblemRow[]> {
  const segments = await importSegments(db, importId);
  return segments.flatMap((segment) => segment.problems ?? []).sort((a, b) => a.line - b.line);
}

/** Why a contact counts as changed since its import (docs/import.md "Undo"). */
export type ChangeSinceImport = 'edited' | 'notes' | 'messages';

export interface ChangedContact {
  id: string;
  name: string;
  reasons: ChangeSinceImport[];
}

/** What an undo would do, read before asking the user (the confirmation's figures). */
export interface UndoPlan {
  /** Contacts the import created that are still here. */
  created: number;
  /** Contacts it updated that are still here: their prior fields would come back. */
  updated: number;
  /** Of those, the ones changed since the import, created ones first. */
  changed: ChangedContact[];
  /** How many of `changed` the import created (the rest it updated). */
  changedCreated: number;
}

interface Footprint {
  main: ImportBatch;
  segmentKeys: string[];
  plan: UndoPlan;
  changedIds: Set<string>;
}

/**
 * The newest moment the import wrote a contact: its batches' commit times (not the import's own
 * `finishedAt`, which an undo moves). A contact it touched that is newer was written since: every
 * contact write sets `updatedAt` (label ops when stored, not when folded).
 */
function importedUntil(main: ImportBatch, segments: readonly ImportBatch[]): number {
  let until = main.startedAt;
  for (const segment of segments) until = Math.max(until, segment.finishedAt ?? segment.startedAt);
  return until;
}

/**
 * Reads the import's footprint: which of the contacts it created or updated are still here, and
 * which of those were changed since — edited (a form, a bulk label change, a sync from the server,
 * a merge into it: all move `updatedAt` past the import's last write), noted (any note: notes are
 * written after a contact exists), or messaged (a cached conversation, or last activity after the
 * import). Errs on the side of "changed": a wrong "changed" keeps a contact by default, a wrong
 * "unchanged" would remove the user's work.
 */
async function readFootprint(db: WintookDb, importId: string): Promise<Footprint> {
  const main = await db.importBatches.get(importId);
  if (!main) throw new Error(`No import ${importId}`);
  const segments = await importSegments(db, importId);
  const until = importedUntil(main, segments);
  const createdIds = [...new Set(segments.flatMap((segment) => segment.createdIds))];
  const created = new Set(createdIds);
  const priorIds = [...new Set(segments.flatMap((segment) => segment.priorStates.map((c) => c.id)))].filter((id) => !created.has(id));
  // Rows and pending label ops read together: a bulk label change not folded yet (label-ops.ts) is
  // an edit since the import too, whichever connection wrote it.
  const [rows, ops] = await db.transaction('r', db.contacts, db.labelOps, () =>
    Promise.all([db.contacts.bulkGet([...createdIds, ...priorIds]), db.labelOps.toArray()]),
  );
  const present = applyPendingLabelOps(
    rows.filter((c): c is Contact => c !== undefined),
    ops,
  );
  const ids = present.map((c) => c.id);
  const [notes, conversations] = ids.length === 0 ? [[], []] : await Promise.all([db.notes.where('contactId').anyOf(ids).toArray(), db.conversations.where('contactId').anyOf(ids).toArray()]);
  const noted = new Set(notes.map((note) => note.contactId));
  const messaged = new Set(conversations.map((conversation) => conversation.contactId));
  const changed: ChangedContact[] = [];
  let createdCount = 0;
  let changedCreated = 0;
  for (const contact of present) {
    const reasons: ChangeSinceImport[] = [];
    if (contact.updatedAt > until) reasons.push('edited');
    if (noted.has(contact.id)) reasons.push('notes');
    if (messaged.has(contact.id) || (contact.lastActivityAt ?? 0) > until) reasons.push('messages');
    const isCreated = created.has(contact.id);
    if (isCreated) createdCount++;
    if (reasons.length === 0) continue;
    if (isCreated) changedCreated++;
    changed.push({ id: contact.id, name: contactDisplayName(contact), reasons });
  }
  changed.sort((a, b) => Number(created.has(b.id)) - Number(created.has(a.id)) || a.name.localeCompare(b.name));
  const segmentKeys = segments.map((segment) => segment.id).sort().reverse();
  return {
    main,
    segmentKeys,
    plan: { created: createdCount, updated: present.length - createdCount, changed, changedCreated },
    changedIds: new Set(changed.map((c) => c.id)),
  };
}

/** The figures the undo confirmation shows. */
export async function planImportUndo(db: WintookDb, importId: string): Promise<UndoPlan> {
  return (await readFootprint(db, importId)).plan;
}

export interface UndoOptions {
  /** Also remove (or revert) the contacts changed since the import; by default they are kept as they are. */
  removeChanged?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** A contact the undo put back to its prior fields, with the fields it had before (for Restore). */
export interface RevertedContact {
  id: string;
  fields: Record<string, unknown>;
}

export interface UndoOutcome {
  deleted: number;
  restored: number;
  /** Contacts left as they are because they were changed since the import. */
  kept: number;
  /** The contacts deleted, whole: Restore puts them back (repository `contacts.restore`). */
  removed: Contact[];
  /** The contacts put back to their prior fields: Restore applies `fields` again. */
  reverted: RevertedContact[];
}

/**
 * Puts every contact the import touched back as it was: its creations are deleted, the contacts it
 * changed get their prior fields back (newest segment first, so a contact changed in two batches
 * ends as it was before the first). Contacts changed since the import (`readFootprint`) are left
 * alone — no local write, no outbox row, so nothing about them reaches the server — unless
 * `removeChanged`. One transaction per segment; the segments stay (they hold the error report and
 * let Restore's import be undone again). Running it again after a crash finishes the job, because
 * deleting a deleted contact and restoring a restored one change nothing.
 *
 * A created contact whose `create` is still pending in the outbox never reached the server: its
 * pending outbox rows are dropped instead of queueing a delete for it.
 */
export async function undoImport(core: ImportCore, importId: string, options: UndoOptions = {}): Promise<UndoOutcome> {
  const { db } = core;
  // The import's outbox rows are packed; unpacked, a pending create is found (and dropped) below.
  await expandBulkOutbox(db);
  const { main, segmentKeys, changedIds } = await readFootprint(db, importId);
  const keep = options.removeChanged ? new Set<string>() : changedIds;
  await db.importBatches.put({ ...main, state: 'undoing' });
  const outcome: UndoOutcome = { deleted: 0, restored: 0, kept: keep.size, removed: [], reverted: [] };
  const tables = [db.contacts, db.outbox, db.importBatches];
  let done = 0;
  for (const key of segmentKeys) {
    await core.write(tables, async (events: ChangeEvent[]) => {
      const segment = await db.importBatches.get(key);
      if (!segment) return;
      const found = (await db.contacts.bulkGet(segment.createdIds)).filter((c): c is Contact => c !== undefined && !keep.has(c.id));
      const foundIds = found.map((c) => c.id);
      const outboxRows = foundIds.length > 0 ? await db.outbox.where('entityId').anyOf(foundIds).toArray() : [];
      const pendingCreate = new Set(
        outboxRows.filter((row) => row.entity === 'contact' && row.op === 'create' && row.state === 'pending').map((row) => row.entityId),
      );
      const dropSeqs = outboxRows.filter((row) => pendingCreate.has(row.entityId) && row.state === 'pending').map((row) => row.seq);
      await db.contacts.bulkDelete(foundIds);
      if (dropSeqs.length > 0) await db.outbox.bulkDelete(dropSeqs);
      const deletes = found
        .filter((c) => !pendingCreate.has(c.id))
        .map((c) => core.outboxEntry('contact', c.id, 'delete', {}, { ...contactFieldsOf(c), serverId: c.serverId, version: c.version }));

      const priors = segment.priorStates.filter((prior) => !keep.has(prior.id));
      const currents = await db.contacts.bulkGet(priors.map((c) => c.id));
      const restored: Contact[] = [];
      const updates: NewOutboxEntry[] = [];
      const reverted: RevertedContact[] = [];
      priors.forEach((prior, i) => {
        const now = currents[i];
        if (!now) return; // deleted since: nothing to put back into
        const diff = diffContactFields(now, contactFieldsOf(prior));
        if (!diff.changed) return;
        restored.push({ ...now, ...diff.changes, updatedAt: core.now() });
        updates.push(core.outboxEntry('contact', prior.id, 'update', diff.changes, diff.baseValues));
        reverted.push({ id: prior.id, fields: diff.baseValues });
      });
      if (restored.length > 0) await db.contacts.bulkPut(restored);
      if (core.outboxes(ORIGIN)) await db.outbox.bulkAdd([...deletes, ...updates]);
      outcome.deleted += found.length;
      outcome.restored += restored.length;
      outcome.removed.push(...found);
      outcome.reverted.push(...reverted);
      if (found.length + restored.length > 0)
        events.push({ entity: 'contact', put: restored, deleted: foundIds, origin: ORIGIN });
    });
    done++;
    options.onProgress?.(done, segmentKeys.length);
  }
  const latest = await db.importBatches.get(importId);
  if (latest) await db.importBatches.put({ ...latest, state: 'undone', finishedAt: core.now() });
  return outcome;
}

/** After Restore: the import's contacts are back, so it can be undone again. */
export async function reopenImport(db: WintookDb, importId: string): Promise<ImportBatch | undefined> {
  return db.transaction('rw', db.importBatches, async () => {
    const main = await db.importBatches.get(importId);
    if (!main || main.state !== 'undone') return main;
    const next: ImportBatch = { ...main, state: 'finished' };
    await db.importBatches.put(next);
    return next;
  });
}
