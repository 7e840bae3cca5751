import { describe, expect, it } from 'vitest';
import { formatKeys, matchShortcut, matchesKeys, SHORTCUTS, toAccelerator, type KeyPress, type ShortcutDefinition } from './shortcuts';

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

  it('has unique ids and no key combination used twice where it acts', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const combos = SHORTCUTS.flatMap((s: ShortcutDefinition) => s.keys.map((keys) => `${s.group}/${s.where ?? ''}/${keys}`));
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('matches only app-wide shortcuts by default', () => {
    expect(matchShortcut(press('Enter', { ctrlKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(press('n', { ctrlKey: true }), 'linux')?.id).toBe('new-contact');
    expect(matchShortcut(press('a', { metaKey: true }), 'mac')?.id).toBe('select-all');
  });

  it('formats keys for people and for Electron menus', () => {
    expect(formatKeys('$mod+F', 'mac')).toEqual(['⌘', 'F']);
    expect(formatKeys('$mod+F', 'windows')).toEqual(['Ctrl', 'F']);
    expect(formatKeys('Escape', 'linux')).toEqual(['Esc']);
    expect(toAccelerator('$mod+Shift+F')).toBe('CmdOrCtrl+Shift+F');
  });
});
