import type { OutboxEntry } from '../records';

/**
 * Folding one record's outbox rows into the requests that bring the server up to date — the
 * Dexie.Syncable `combine-*` rules (docs/design.md "Sync model"): create + update = create
 * with the later values; create + … + delete = nothing; update + update = one update (the earliest
 * base value of each field, the latest new value); update + delete = delete. A delete followed by a
 * create (a contact restored after its delete was sent) stays two operations, in that order.
 */

export type CoalescedOp =
  | { op: 'create'; fields: Record<string, unknown>; seqs: number[] }
  | { op: 'update'; changes: Record<string, unknown>; baseValues: Record<string, unknown>; seqs: number[] }
  | { op: 'delete'; baseValues: Record<string, unknown>; seqs: number[] }
  /** The rows cancel out (created and deleted before either was sent): drop them. */
  | { op: 'none'; seqs: number[] };

type Entry = Pick<OutboxEntry, 'seq' | 'op' | 'changes' | 'baseValues'>;

/** `entries` are one record's rows; they are sorted by `seq` here. */
export function coalesceOutbox(entries: readonly Entry[]): CoalescedOp[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const ops: CoalescedOp[] = [];
  let current: CoalescedOp | null = null;
  for (const entry of sorted) {
    current = fold(current, entry, ops);
  }
  if (current) ops.push(current);
  return ops;
}

function fold(current: CoalescedOp | null, entry: Entry, done: CoalescedOp[]): CoalescedOp {
  const seqs = current ? [...current.seqs, entry.seq] : [entry.seq];
  if (current === null || current.op === 'none') {
    const start = startOp(entry, seqs);
    // After a cancelled create+delete a new op starts; the cancelled rows ride along to be dropped.
    return start;
  }
  switch (current.op) {
    case 'create':
      if (entry.op === 'update') return { op: 'create', fields: { ...current.fields, ...entry.changes }, seqs };
      if (entry.op === 'delete') return { op: 'none', seqs };
      // create after create: a repeated row; the later fields win.
      return { op: 'create', fields: { ...current.fields, ...entry.changes }, seqs };
    case 'update':
      if (entry.op === 'update') {
        const baseValues = { ...current.baseValues };
        for (const [key, value] of Object.entries(entry.baseValues)) if (!(key in baseValues)) baseValues[key] = value;
        return { op: 'update', changes: { ...current.changes, ...entry.changes }, baseValues, seqs };
      }
      if (entry.op === 'delete') return { op: 'delete', baseValues: entry.baseValues, seqs };
      return { op: 'create', fields: { ...entry.changes }, seqs };
    case 'delete':
      if (entry.op === 'delete') return { ...current, seqs };
      // Anything after a delete is a new life of the record: the delete must go first.
      done.push(current);
      return startOp(entry, [entry.seq]);
  }
}

function startOp(entry: Entry, seqs: number[]): CoalescedOp {
  switch (entry.op) {
    case 'create':
      return { op: 'create', fields: { ...entry.changes }, seqs };
    case 'update':
      return { op: 'update', changes: { ...entry.changes }, baseValues: { ...entry.baseValues }, seqs };
    case 'delete':
      return { op: 'delete', baseValues: entry.baseValues, seqs };
  }
}

/**
 * The record a group of outbox rows is about. Groups are built per record and only when it has
 * rows, so an empty one is a fault of the caller, not a state to handle.
 */
export function recordIdOf(rows: readonly Pick<OutboxEntry, 'entityId'>[]): string {
  const [first] = rows;
  if (!first) throw new Error('an empty group of outbox rows');
  return first.entityId;
}

/**
 * The rows that may be sent, grouped by record in order of first change (rows in `seq` order in,
 * groups in the order their record first appears out). A record with a refused row waits for the
 * user, all of its rows; the others go on.
 */
export function sendableByRecord<Row extends Pick<OutboxEntry, 'entityId' | 'state'>>(rows: readonly Row[]): Row[][] {
  const blocked = new Set(rows.filter((row) => row.state === 'rejected').map((row) => row.entityId));
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    if (blocked.has(row.entityId)) continue;
    const group = groups.get(row.entityId) ?? [];
    group.push(row);
    groups.set(row.entityId, group);
  }
  return [...groups.values()];
}
