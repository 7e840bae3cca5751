import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { Contact } from '../../../shared/contact';
import type { ContactIndex, NoteIndex } from '../data/api';
import { useFilters } from '../filters/store';
import { gridSort } from './columnState';
import { currentQuery } from './currentView';
import { fillInSteps } from './gridFill';
import { useContactsView } from './store';

/**
 * During a burst (a first sync's pages, an import's batches: the index shows them every 500 ms) the
 * rows on screen are redrawn at most this often; the count follows every refresh. New contacts
 * usually land among the rows on screen (by last activity, newest first), and every redraw sets
 * new data on every visible row: 30–150 ms of main thread per redraw at 100k on this machine
 * (AG Grid's React cells, phone formatting), the largest share of the list's cost during a sync.
 */
const BURST_REDRAW_MS = 2000;

/** What the refresh reads: the indexes the rows come from and where the list's count goes. */
interface RefreshDeps {
  index: ContactIndex;
  notes: NoteIndex;
  setListedCount: (count: number) => void;
}

/**
 * Changed data that leaves every row the grid holds as it is and adds rows after them (an import
 * or a first sync appending contacts that sort below the loaded rows, e.g. by last activity):
 * only the count is updated, and no row is drawn again. A refresh would redraw every visible row
 * every time, the main cost of each refresh during an import. Anything else refreshes.
 */
function onlyCountChanged(api: GridApi<Contact>, deps: RefreshDeps): boolean {
  const view = deps.index.view(currentQuery(deps.notes, gridSort(api)));
  const count = api.getDisplayedRowCount();
  let loadedEnd = 0;
  let same = true;
  api.forEachNode((node) => {
    if (!same) return;
    const at = node.rowIndex;
    if (at === null || node.data === undefined || view.at(at) !== node.data) same = false;
    else loadedEnd = Math.max(loadedEnd, at + 1);
  });
  // The last loaded block must end before the old end of the list, or its rows past that end
  // were never asked for.
  if (!same || loadedEnd === 0 || loadedEnd >= count || view.count < count) return false;
  api.setRowCount(view.count, true);
  deps.setListedCount(view.count);
  return true;
}

/**
 * Keeps the grid's rows in step with the store, straight from the store to the grid without a
 * React render in between: this is the path of every search keystroke. A new search, label or
 * filter lists from the top; changed data (an edit, another window, sync) refreshes in place and
 * keeps the scroll position; a burst redraws at most every BURST_REDRAW_MS.
 */
export function useGridRefresh(apiRef: RefObject<GridApi<Contact> | null>, containerRef: RefObject<HTMLDivElement | null>, deps: RefreshDeps): void {
  const { index, notes, setListedCount } = deps;
  const countOnly = useCallback((api: GridApi<Contact>) => onlyCountChanged(api, { index, notes, setListedCount }), [index, notes, setListedCount]);

  /**
   * A burst's refresh: the count now (the view is cached: the index computed it in the task
   * before), the rows on screen in a task of their own and at most every BURST_REDRAW_MS.
   */
  const burstRedraw = useRef<{ timer: number | undefined; last: number }>({ timer: undefined, last: 0 });
  const redrawInBurst = useCallback(
    (api: GridApi<Contact>) => {
      const view = index.view(currentQuery(notes, gridSort(api)));
      setListedCount(view.count);
      const pending = burstRedraw.current;
      if (pending.timer !== undefined) return;
      const wait = Math.max(0, pending.last + BURST_REDRAW_MS - performance.now());
      pending.timer = window.setTimeout(() => {
        pending.timer = undefined;
        pending.last = performance.now();
        if (!api.isDestroyed() && !countOnly(api)) api.refreshInfiniteCache();
      }, wait);
    },
    [index, notes, setListedCount, countOnly],
  );
  const cancelBurstRedraw = useCallback(() => {
    window.clearTimeout(burstRedraw.current.timer);
    burstRedraw.current.timer = undefined;
  }, []);
  useEffect(() => cancelBurstRedraw, [cancelBurstRedraw]);

  useEffect(
    () =>
      useFilters.subscribe((state, previous) => {
        const api = apiRef.current;
        if (!api || api.isDestroyed() || state.predicate === previous.predicate) return;
        api.refreshInfiniteCache();
        if (api.getFirstDisplayedRowIndex() > 0) api.ensureIndexVisible(0, 'top');
      }),
    [apiRef],
  );
  useEffect(
    () =>
      useContactsView.subscribe((state, previous) => {
        const api = apiRef.current;
        if (!api || api.isDestroyed()) return;
        if (
          state.search !== previous.search ||
          state.label !== previous.label ||
          state.includeNotes !== previous.includeNotes ||
          (state.notesVersion !== previous.notesVersion && state.includeNotes && state.search !== '')
        ) {
          // Refresh rather than purge: the rows on screen stay until the new ones replace them in
          // place, instead of being torn down into "loading" placeholders and built again.
          cancelBurstRedraw();
          api.refreshInfiniteCache();
          // Reading scroll geometry forces a layout: only scroll when the list is not at its top.
          if (api.getFirstDisplayedRowIndex() > 0) api.ensureIndexVisible(0, 'top');
        } else if (state.indexVersion !== previous.indexVersion) {
          if (previous.totalCount === 0) {
            // The first contacts: the screen swaps the empty state for the list in this task, so
            // the rows are drawn in the next one (two long tasks become two shorter ones).
            if (state.inBurst && containerRef.current) fillInSteps(api, containerRef.current);
            else
              window.setTimeout(() => {
                if (!api.isDestroyed()) api.refreshInfiniteCache();
              }, 0);
          } else if (state.inBurst) redrawInBurst(api);
          else {
            cancelBurstRedraw();
            if (!countOnly(api)) api.refreshInfiniteCache();
          }
        }
        if (state.notesVersion !== previous.notesVersion) api.refreshCells({ columns: ['notes'], force: true });
      }),
    [apiRef, containerRef, countOnly, redrawInBurst, cancelBurstRedraw],
  );
}
