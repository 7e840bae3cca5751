import type { CellKeyDownEvent, FullWidthCellKeyDownEvent } from 'ag-grid-community';
import type { Contact } from '../../../shared/contact';
import type { HostPlatform } from '../../../shared/host';
import { assertNever } from '../../../shared/result';
import type { ContactIndex, NoteIndex } from '../data/api';
import { gridSort } from './columnState';
import { currentQuery, currentRows } from './currentView';
import { useContactUi } from './contactUi';
import { gridKeyAction } from './gridKeys';
import { ROW_HEIGHT } from './gridTheme';
import { useSelection } from './selection';

/** What a key press in the grid reaches: the indexes to find the row's contact, the platform's keys, and the panel. */
export interface GridKeyDeps {
  index: ContactIndex;
  notes: NoteIndex;
  platform: HostPlatform;
  openContact: (id: string) => void;
}

/** The grid's own keys (gridKeys.ts): move, open, tick, select all, delete; arrows AG Grid handled move the open panel along. */
export function onGridKeyDown(event: CellKeyDownEvent<Contact> | FullWidthCellKeyDownEvent<Contact>, deps: GridKeyDeps): void {
  const { index, notes, platform, openContact } = deps;
  const press = event.event;
  const api = event.api;
  if (!(press instanceof KeyboardEvent) || event.rowIndex === null || api.isDestroyed()) return;
  const contactAt = (row: number) => index.view(currentQuery(notes, gridSort(api))).at(row);
  const { openId } = useContactUi.getState();
  const visible = api.getVerticalPixelRange();
  const pageRows = Math.floor((visible.bottom - visible.top) / ROW_HEIGHT);
  // The grid's focused row, which a move sets at once, even while the browser's focus waits for
  // the row to be drawn after the scroll: a quick Enter after End opens the row End went to.
  const focusedRow = api.getFocusedCell()?.rowIndex ?? event.rowIndex;
  const action = gridKeyAction(press, platform, { row: focusedRow, rowCount: api.getDisplayedRowCount(), pageRows });
  if (!action) {
    // AG Grid moved the focus with an arrow: with a contact open, the panel follows the row.
    const focused = api.getFocusedCell();
    if (openId && (press.key === 'ArrowUp' || press.key === 'ArrowDown') && focused && focused.rowIndex !== event.rowIndex) {
      const next = contactAt(focused.rowIndex);
      if (next) openContact(next.id);
    }
    return;
  }
  press.preventDefault();
  const contact = contactAt(focusedRow);
  switch (action.kind) {
    case 'focus-row': {
      const column = 'column' in event ? event.column : api.getAllDisplayedColumns()[0];
      api.ensureIndexVisible(action.row);
      if (column) api.setFocusedCell(action.row, column);
      const next = openId ? contactAt(action.row) : undefined;
      if (next) openContact(next.id);
      return;
    }
    case 'open':
      if (contact) openContact(contact.id);
      return;
    case 'toggle':
      if (contact) useSelection.getState().toggle(contact.id);
      return;
    case 'select-all':
      useSelection.getState().set(currentRows(index, notes).map((row) => row.id));
      return;
    case 'delete': {
      const selection = useSelection.getState();
      if (selection.selected.size === 0 && contact) selection.set([contact.id]);
      if (useSelection.getState().selected.size > 0) useSelection.getState().askToDelete();
      return;
    }
    default:
      assertNever(action);
  }
}
