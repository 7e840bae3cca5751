import type { HostPlatform } from '../../../shared/host';
import { matchesKeys, SHORTCUTS, type KeyPress, type ShortcutId } from '../../../shared/shortcuts';

/**
 * What a key pressed on a row of the contacts grid does. The keys come from the one shortcut table
 * (`src/shared/shortcuts.ts`), so the `?` dialog lists exactly these. Arrows are AG Grid's own
 * (they return null here); Home/End and paging are ours: in the Infinite row model AG Grid's
 * Ctrl+End scrolled to the last row but left focus on the row it came from (issue 19), so Enter
 * opened the wrong contact.
 */
export type GridKeyAction =
  | { kind: 'focus-row'; row: number }
  | { kind: 'open' }
  | { kind: 'toggle' }
  | { kind: 'select-all' }
  | { kind: 'delete' };

export interface GridPosition {
  /** The focused row. */
  row: number;
  /** Rows listed. */
  rowCount: number;
  /** Rows one screen of the grid shows. */
  pageRows: number;
}

function keysOf(id: ShortcutId): readonly string[] {
  return SHORTCUTS.find((shortcut) => shortcut.id === id)?.keys ?? [];
}

function pressed(press: KeyPress, platform: HostPlatform, keys: readonly string[]): string | undefined {
  return keys.find((combination) => matchesKeys(press, combination, platform));
}

export function gridKeyAction(press: KeyPress, platform: HostPlatform, at: GridPosition): GridKeyAction | null {
  const last = Math.max(0, at.rowCount - 1);
  const clamp = (row: number) => Math.min(last, Math.max(0, row));
  const end = pressed(press, platform, keysOf('grid-ends'));
  if (end) return { kind: 'focus-row', row: end.endsWith('Home') ? 0 : last };
  const page = pressed(press, platform, keysOf('grid-page'));
  if (page) {
    const step = Math.max(1, at.pageRows - 1);
    return { kind: 'focus-row', row: clamp(page === 'PageUp' ? at.row - step : at.row + step) };
  }
  if (pressed(press, platform, keysOf('open-contact'))) return { kind: 'open' };
  // The table writes the space bar as `Space`; the event's key is ' '.
  if (press.key === ' ' && !press.ctrlKey && !press.metaKey && !press.altKey && !press.shiftKey) return { kind: 'toggle' };
  if (pressed(press, platform, keysOf('select-all'))) return { kind: 'select-all' };
  if (pressed(press, platform, keysOf('delete-selection'))) return { kind: 'delete' };
  return null;
}
