import type { Contact } from '../../../shared/contact';
import { contactShapeProblem } from '../../../shared/contact-shape';
import { currentQuery } from '../contacts/currentView';
import { useContactsView } from '../contacts/store';
import type { ContactIndex } from '../data/index/contact-index';
import {
  FIRST_ROWS_SNAPSHOT_SIZE,
  writeFirstRowsSnapshot,
  type FirstRowsSnapshot,
} from '../data/index/first-rows-snapshot';
import type { EarlyReads } from '../data/store/early-read';
import { DEFAULT_DB_NAME } from '../data/store/name';
import { restoreFilters, useFilters } from '../filters/store';
import { connectAttributeDefinitions } from '../settings/attributesStore';
import type { Services } from '../ui/services';

/**
 * The fast start (issue 20): the last start's first rows are shown while every contact is read,
 * and the first rows of the default view are kept for the next start.
 */

/**
 * Puts the last start's first rows (data/index/first-rows-snapshot.ts) into the index and shows them in
 * a loading state, before every contact is read. Returns false when there are none to show (first
 * run, cleared storage, every one deleted since) or a filter is to be restored: the start then reads
 * everything first, as before.
 * Changes stored meanwhile (another window, sync) are kept to apply again over the full read.
 */
export async function loadFirstRows(services: Services, early: EarlyReads, snapshot: FirstRowsSnapshot | null): Promise<boolean> {
  if (!snapshot) return false;
  const [rows, filtered] = await Promise.all([
    early.firstRows,
    // The snapshot is the unfiltered list's first rows: under a restored filter they would be a
    // list the user did not ask for, so that start reads everything first.
    restoreFilters(services.repository),
    connectAttributeDefinitions(services.repository),
  ]);
  if (filtered) return false;
  // A malformed row is left for the full load to set aside (issue 17).
  const contacts = rows?.filter((row) => contactShapeProblem(row) === null) ?? [];
  if (contacts.length === 0) return false;
  duringLoad.set(services.index, recordChanges(services));
  services.index.load(contacts);
  const view = useContactsView.getState();
  view.setLoadingSort(snapshot.sort);
  // No label counts yet: counted over the first rows, they would be false.
  view.indexChanged(services.index.version, services.index.size, new Map());
  return true;
}

/** Longest wait for the grid's first answer before the full load goes on regardless. */
const FIRST_PAINT_WAIT_MS = 3000;

/**
 * Resolves once the grid has drawn its first answer (rows, or none in another sort) and a frame has
 * painted it: the full load's work on the main thread (indexing, counting) comes after the first
 * rows are on screen, not between them and the screen.
 */
export function firstRowsPainted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('wintook:grid-rendered', onRendered);
      window.clearTimeout(timer);
      resolve();
    };
    const onRendered = () => requestAnimationFrame(() => window.setTimeout(done, 0));
    const timer = window.setTimeout(done, FIRST_PAINT_WAIT_MS);
    window.addEventListener('wintook:grid-rendered', onRendered, { once: true });
  });
}

/** The changes stored while the index holds only the first rows, and how to stop recording them. */
interface ChangesDuringLoad {
  changes: ContactChange[];
  stop: () => void;
}
type ContactChange = { put: readonly Contact[]; deleted: readonly string[] };
const duringLoad = new WeakMap<ContactIndex, ChangesDuringLoad>();

function recordChanges(services: Services): ChangesDuringLoad {
  const changes: ContactChange[] = [];
  const stop = services.repository.changes.subscribe((change) => {
    if (change.entity === 'contact') changes.push({ put: change.put, deleted: change.deleted });
  });
  return { changes, stop };
}

/**
 * The changes stored since the first rows were shown are applied again over the full read, in
 * order: it may have begun before some of them, or another window's news of one may have come
 * after it. One the read already holds is applied to the same effect.
 */
export function replayChangesDuringLoad(index: ContactIndex): boolean {
  const recorded = duringLoad.get(index);
  if (!recorded) return false;
  recorded.stop();
  duringLoad.delete(index);
  for (const change of recorded.changes) index.applyChanges(change.put, change.deleted);
  return true;
}

/** Quiet time after the default view's rows change before their ids are stored: a burst stores once. */
const SNAPSHOT_DELAY_MS = 1000;

/**
 * Keeps the ids of the default view's first rows (no search, label, filter or notes search; the sort
 * on screen) in localStorage for the next start: once the start is done, after every change of the
 * index or the sort, and when the window goes away with one of those still waiting for its quiet
 * second (a window closed within a second of a change, or of the start, kept the previous start's
 * snapshot or none: the next start then read every contact before showing one).
 */
export function keepFirstRowsSnapshot(services: Services, storage: Storage | undefined = globalThis.localStorage): void {
  let timer: number | undefined;
  const store = () => {
    window.clearTimeout(timer);
    timer = undefined;
    const state = useContactsView.getState();
    const { sort } = state;
    if (sort === null || state.loadingSort !== null || state.search !== '' || state.label !== null) return;
    if (useFilters.getState().predicate !== null) return;
    const view = services.index.view(currentQuery(services.notes));
    const ids = view.slice(0, FIRST_ROWS_SNAPSHOT_SIZE).map((contact) => contact.id);
    writeFirstRowsSnapshot(storage, DEFAULT_DB_NAME, { sort, ids });
  };
  const storeLater = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(store, SNAPSHOT_DELAY_MS);
  };
  useContactsView.subscribe((state, previous) => {
    if (state.indexVersion === previous.indexVersion && state.sort === previous.sort && state.loadingSort === previous.loadingSort) return;
    storeLater();
  });
  storeLater();
  // localStorage writes are synchronous: one made as the page goes away for good still lands.
  window.addEventListener('pagehide', () => {
    if (timer !== undefined) store();
  });
}
