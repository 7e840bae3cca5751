import type { HostPlatform, MenuCommand } from './host';

/**
 * Every keyboard shortcut of the app, in one table: the renderer matches key events against it, the
 * "Keyboard shortcuts" dialog lists it, and main derives its menu accelerators from it.
 * `$mod` is Cmd on macOS and Ctrl elsewhere.
 */
export const SHORTCUTS = [
  { id: 'focus-search', keys: ['$mod+F', '/'], group: 'general', menuCommand: 'focus-search' },
  { id: 'clear-search', keys: ['Escape'], group: 'general' },
  { id: 'show-shortcuts', keys: ['?'], group: 'general', menuCommand: 'show-shortcuts' },
  { id: 'open-settings', keys: ['$mod+,'], group: 'general', menuCommand: 'open-settings' },
  { id: 'new-contact', keys: ['$mod+N'], group: 'general', menuCommand: 'new-contact' },
  { id: 'open-filter', keys: ['$mod+Shift+F'], group: 'general' },
  { id: 'import-csv', keys: ['$mod+I'], group: 'general', menuCommand: 'import-csv' },
  { id: 'sync-now', keys: ['$mod+Shift+S'], group: 'general' },
  { id: 'toast-action', keys: ['$mod+Z'], group: 'general', notWhileTyping: true },
  { id: 'grid-move', keys: ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'], group: 'list' },
  { id: 'grid-page', keys: ['PageUp', 'PageDown'], group: 'list' },
  { id: 'grid-ends', keys: ['Home', 'End', '$mod+Home', '$mod+End'], group: 'list' },
  { id: 'grid-sort', keys: ['Enter'], group: 'list', where: 'header' },
  { id: 'open-contact', keys: ['Enter'], group: 'list' },
  { id: 'toggle-row', keys: ['Space'], group: 'list' },
  { id: 'select-all', keys: ['$mod+A'], group: 'general', notWhileTyping: true },
  { id: 'delete-selection', keys: ['Delete', 'Backspace'], group: 'list' },
  { id: 'contact-close', keys: ['Escape'], group: 'contact' },
  { id: 'contact-next', keys: ['ArrowUp', 'ArrowDown'], group: 'contact' },
  { id: 'contact-new-message', keys: ['$mod+Shift+M'], group: 'contact' },
  { id: 'form-submit', keys: ['$mod+Enter'], group: 'editor' },
  { id: 'note-bold', keys: ['$mod+B'], group: 'editor' },
  { id: 'note-italic', keys: ['$mod+I'], group: 'editor' },
  { id: 'note-link', keys: ['$mod+K'], group: 'editor' },
  { id: 'note-strike', keys: ['$mod+Shift+X'], group: 'editor' },
  { id: 'note-code', keys: ['$mod+E'], group: 'editor' },
  { id: 'form-cancel', keys: ['Escape'], group: 'editor' },
] as const satisfies readonly ShortcutDefinition[];

/**
 * `group` is also where a shortcut acts: `general` ones anywhere in the window (the app-wide
 * handler matches only those); `list`, `contact` and `editor` ones inside the grid, the contact
 * sidebar and forms, which handle their own keys. A key combination is unique within its group.
 */
export interface ShortcutDefinition {
  id: string;
  keys: readonly string[];
  group: 'general' | 'list' | 'contact' | 'editor';
  menuCommand?: MenuCommand;
  /** Within the list, the header rather than a row (Enter sorts there, opens a contact on a row). */
  where?: 'header';
  /** A combination text fields use themselves (Ctrl+A selects the text), so it yields to them. */
  notWhileTyping?: boolean;
}

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

/** The parts of a KeyboardEvent a shortcut looks at; kept DOM-free so it is testable anywhere. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface ParsedKeys {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parse(keys: string): ParsedKeys {
  const parts = keys.split('+');
  // "$mod++" would name the plus key; we have none, so a plain split is enough.
  const key = parts[parts.length - 1] ?? '';
  const modifiers = new Set(parts.slice(0, -1));
  return { key, mod: modifiers.has('$mod'), shift: modifiers.has('Shift'), alt: modifiers.has('Alt') };
}

/**
 * Whether a key press is the given combination. Single printable characters (`?`, `/`) match by the
 * character typed, whatever Shift it took on the user's keyboard layout.
 */
export function matchesKeys(press: KeyPress, keys: string, platform: HostPlatform): boolean {
  const wanted = parse(keys);
  const modPressed = platform === 'mac' ? press.metaKey : press.ctrlKey;
  const otherModPressed = platform === 'mac' ? press.ctrlKey : press.metaKey;
  if (wanted.mod !== modPressed || otherModPressed) return false;
  if (wanted.alt !== press.altKey) return false;
  const printable = wanted.key.length === 1;
  if (printable && !wanted.mod) {
    return press.key === wanted.key;
  }
  if (wanted.shift !== press.shiftKey) return false;
  return press.key.toLowerCase() === wanted.key.toLowerCase();
}

const GLOBAL_SHORTCUTS: readonly ShortcutDefinition[] = SHORTCUTS.filter((shortcut) => shortcut.group === 'general');

export function matchShortcut(
  press: KeyPress,
  platform: HostPlatform,
  candidates: readonly ShortcutDefinition[] = GLOBAL_SHORTCUTS,
): ShortcutDefinition | undefined {
  return candidates.find((shortcut) => shortcut.keys.some((keys) => matchesKeys(press, keys, platform)));
}

/** Electron's accelerator syntax for the first combination of a shortcut (`$mod+F` → `CmdOrCtrl+F`). */
export function toAccelerator(keys: string): string {
  return keys.replace('$mod', 'CmdOrCtrl');
}

const MAC_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['$mod', '⌘'],
  ['Shift', '⇧'],
  ['Alt', '⌥'],
  ['Backspace', '⌫'],
]);
const KEY_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['Enter', '↵'],
  ['ArrowUp', '↑'],
  ['ArrowDown', '↓'],
  ['ArrowLeft', '←'],
  ['ArrowRight', '→'],
  ['Escape', 'Esc'],
]);

/**
 * The key combination as a person reads it on this platform: `⌘F` on macOS, `Ctrl+F` elsewhere.
 * `keyNames` gives the names printed on keys in the UI language (`Space` is `Espacio` in Spanish).
 */
export function formatKeys(keys: string, platform: HostPlatform, keyNames: ReadonlyMap<string, string> = new Map()): string[] {
  return keys.split('+').map((part) => {
    if (part === '$mod') return platform === 'mac' ? '⌘' : 'Ctrl';
    const symbol = platform === 'mac' ? MAC_SYMBOLS.get(part) : undefined;
    return symbol ?? KEY_SYMBOLS.get(part) ?? keyNames.get(part) ?? part;
  });
}
