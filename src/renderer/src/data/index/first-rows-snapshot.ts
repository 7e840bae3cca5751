import { isSortColumn, type SortState } from './sort-orders';

/**
 * The ids of the first screen of rows of the default view (no search, label or filter; the saved
 * sort), kept in localStorage so the next start can read just those contacts (a few ms even at 1M)
 * and paint them before every contact is read and indexed (issue 20). Only ids are kept: the rows
 * themselves are read from the store at start, so a contact deleted or changed since (in another
 * window, by sync) is shown as it is now, or not at all.
 */
export interface FirstRowsSnapshot {
  sort: SortState;
  ids: string[];
}

/** About two screens of rows: enough for a tall window, few enough for one quick read. */
export const FIRST_ROWS_SNAPSHOT_SIZE = 60;

/** The store this reads and writes: localStorage, or a stand-in in tests. */
export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem'>;

function keyOf(dbName: string): string {
  return `wintook:first-rows:${dbName}`;
}

function isSortState(value: unknown): value is SortState {
  if (typeof value !== 'object' || value === null) return false;
  const { column, direction } = value as Record<string, unknown>;
  return typeof column === 'string' && isSortColumn(column) && (direction === 'asc' || direction === 'desc');
}

function isSnapshot(value: unknown): value is FirstRowsSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const { sort, ids } = value as Record<string, unknown>;
  return isSortState(sort) && Array.isArray(ids) && ids.every((id) => typeof id === 'string');
}

/** The stored snapshot, or null when there is none or it cannot be read (the start reads everything first). */
export function readFirstRowsSnapshot(storage: SnapshotStorage | undefined, dbName: string): FirstRowsSnapshot | null {
  try {
    const text = storage?.getItem(keyOf(dbName));
    if (!text) return null;
    const value: unknown = JSON.parse(text);
    return isSnapshot(value) && value.ids.length > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Stores the snapshot unless it is already the stored one; a full or refused storage only costs the fast start. */
export function writeFirstRowsSnapshot(storage: SnapshotStorage | undefined, dbName: string, snapshot: FirstRowsSnapshot): void {
  try {
    const text = JSON.stringify({ sort: { column: snapshot.sort.column, direction: snapshot.sort.direction }, ids: snapshot.ids });
    if (storage?.getItem(keyOf(dbName)) !== text) storage?.setItem(keyOf(dbName), text);
  } catch {
    // Quota or privacy settings: the next start reads every contact first, as without a snapshot.
  }
}
