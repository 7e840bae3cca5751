import { describe, expect, it } from 'vitest';
import { formatKeys, matchShortcut, matchesKeys, SHORTCUTS, toAccelerator, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps $mod to Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchesKeys(press('f', { metaKey: true }), '$mod+F', 'mac')).toBe(true);
    expect(matchesKeys(press('f', { ctrlKey: true }), '$mod+F', 'mac')).toBe(false);
    expect(matchesKeys(press('f', { ctrlKey: true }), '$mod+F', 'linux')).toBe(true);
    expect(matchesKeys(press('f', { metaKey: true }), '$mod+F', 'windows')).toBe(false);
    expect(matchesKeys(press('F', { ctrlKey: true, shiftKey: true }), '$mod+F', 'linux')).toBe(false);
  });

  it('matches printable single keys by the character, whatever Shift it took', () => {
    expect(matchShortcut(press('?', { shiftKey: true }), 'linux')?.id).toBe('show-shortcuts');
    expect(matchShortcut(press('/'), 'linux')?.id).toBe('focus-search');
    expect(matchShortcut(press('/', { ctrlKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(press('a'), 'linux')).toBeUndefined();
  });

  it('has unique ids and no key combination used twice', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const combos = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('formats keys for people and for Electron menus', () => {
    expect(formatKeys('$mod+F', 'mac')).toEqual(['⌘', 'F']);
    expect(formatKeys('$mod+F', 'windows')).toEqual(['Ctrl', 'F']);
    expect(formatKeys('Escape', 'linux')).toEqual(['Esc']);
    expect(toAccelerator('$mod+Shift+F')).toBe('CmdOrCtrl+Shift+F');
  });
});
