import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../../../shared/shortcuts';
import { gridKeyAction } from './gridKeys';

const key = (k: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...extra });
const at = { row: 5, rowCount: 40, pageRows: 10 };

describe('grid keys', () => {
  it('Home, End and Ctrl/Cmd+Home/End go to the first and last listed row', () => {
    expect(gridKeyAction(key('Home'), 'linux', at)).toEqual({ kind: 'focus-row', row: 0 });
    expect(gridKeyAction(key('End'), 'linux', at)).toEqual({ kind: 'focus-row', row: 39 });
    expect(gridKeyAction(key('End', { ctrlKey: true }), 'windows', at)).toEqual({ kind: 'focus-row', row: 39 });
    expect(gridKeyAction(key('Home', { metaKey: true }), 'mac', at)).toEqual({ kind: 'focus-row', row: 0 });
    // Ctrl on macOS is not the modifier.
    expect(gridKeyAction(key('End', { ctrlKey: true }), 'mac', at)).toBeNull();
  });

  it('PageUp and PageDown move a screen less one row, within the list', () => {
    expect(gridKeyAction(key('PageDown'), 'linux', at)).toEqual({ kind: 'focus-row', row: 14 });
    expect(gridKeyAction(key('PageUp'), 'linux', at)).toEqual({ kind: 'focus-row', row: 0 });
    expect(gridKeyAction(key('PageDown'), 'linux', { row: 35, rowCount: 40, pageRows: 10 })).toEqual({ kind: 'focus-row', row: 39 });
  });

  it('paging always lands on a listed row and moves at least one row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000), fc.nat(60), fc.boolean(), (rowCount, row, pageRows, down) => {
        const from = row % rowCount;
        const action = gridKeyAction(key(down ? 'PageDown' : 'PageUp'), 'linux', { row: from, rowCount, pageRows });
        expect(action?.kind).toBe('focus-row');
        const to = action?.kind === 'focus-row' ? action.row : -1;
        expect(to).toBeGreaterThanOrEqual(0);
        expect(to).toBeLessThan(rowCount);
        if (down && from < rowCount - 1) expect(to).toBeGreaterThan(from);
        if (!down && from > 0) expect(to).toBeLessThan(from);
      }),
    );
  });

  it('Enter opens, Space ticks, Ctrl/Cmd+A selects all, Delete and Backspace ask to delete', () => {
    expect(gridKeyAction(key('Enter'), 'linux', at)).toEqual({ kind: 'open' });
    expect(gridKeyAction(key(' '), 'linux', at)).toEqual({ kind: 'toggle' });
    expect(gridKeyAction(key('a', { ctrlKey: true }), 'linux', at)).toEqual({ kind: 'select-all' });
    expect(gridKeyAction(key('a', { metaKey: true }), 'mac', at)).toEqual({ kind: 'select-all' });
    expect(gridKeyAction(key('Delete'), 'linux', at)).toEqual({ kind: 'delete' });
    expect(gridKeyAction(key('Backspace'), 'mac', at)).toEqual({ kind: 'delete' });
  });

  it('leaves arrows, letters and modified Space to AG Grid and the app', () => {
    for (const k of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Tab', 'x']) expect(gridKeyAction(key(k), 'linux', at)).toBeNull();
    expect(gridKeyAction(key(' ', { ctrlKey: true }), 'linux', at)).toBeNull();
    expect(gridKeyAction(key('a'), 'linux', at)).toBeNull();
  });

  it('goes nowhere past an empty list', () => {
    expect(gridKeyAction(key('End'), 'linux', { row: 0, rowCount: 0, pageRows: 10 })).toEqual({ kind: 'focus-row', row: 0 });
  });
});
