import type { GridApi } from 'ag-grid-community';
import type { Contact } from '../../../shared/contact';
import { HEADER_HEIGHT, ROW_HEIGHT } from './gridTheme';

/**
 * When an import (or a first sync) brings the first contacts into an empty list, the grid draws
 * them in steps: this many visible rows (plus the grid's row buffer) in the first task, then FILL_STEP_ROWS
 * more per animation frame. AG Grid draws every visible row's cells synchronously
 * (`suppressAnimationFrame`), ~6–10 ms per row on this machine under load, and the ~25 rows of a
 * full window in one task were the longest task of a 100k import (150–470 ms, docs/import.md).
 */
const FIRST_FILL_ROWS = 3;
const FILL_STEP_ROWS = 5;

/**
 * Draws the first rows of a list that was empty a few at a time (FIRST_FILL_ROWS): the grid's box
 * is made that many rows tall for the first draw and grows by FILL_STEP_ROWS per animation frame
 * (AG Grid draws the rows a resize reveals, and only those) until it fills its area again.
 * AG Grid learns its new height from a ResizeObserver, i.e. in the next frame, so the first rows
 * are asked for in a task after that frame (which is also the task after the screen swapped the
 * empty state for the list).
 */
export function fillInSteps(api: GridApi<Contact>, box: HTMLDivElement): void {
  let rows = FIRST_FILL_ROWS;
  // The grid also draws its row buffer past the visible rows: with it, the first task drew 3 + 5
  // rows (52 ms at 100k on a quiet machine, the import's longest task). No buffer while filling;
  // it comes back once the window is full, in a task of its own.
  const rowBuffer = api.getGridOption('rowBuffer');
  api.setGridOption('rowBuffer', 0);
  const limit = () => {
    box.style.bottom = 'auto';
    box.style.height = `${HEADER_HEIGHT + rows * ROW_HEIGHT}px`;
  };
  const release = () => {
    box.style.removeProperty('bottom');
    box.style.removeProperty('height');
    if (api.isDestroyed()) return;
    requestAnimationFrame(() =>
      window.setTimeout(() => {
        if (!api.isDestroyed()) api.setGridOption('rowBuffer', rowBuffer);
      }, 0),
    );
  };
  limit();
  const grow = () => {
    if (api.isDestroyed()) return release();
    rows += FILL_STEP_ROWS;
    const area = box.parentElement?.clientHeight ?? 0;
    if (HEADER_HEIGHT + rows * ROW_HEIGHT >= area) return release();
    limit();
    requestAnimationFrame(grow);
  };
  requestAnimationFrame(() =>
    window.setTimeout(() => {
      if (api.isDestroyed()) return release();
      api.refreshInfiniteCache();
      requestAnimationFrame(grow);
    }, 0),
  );
}
