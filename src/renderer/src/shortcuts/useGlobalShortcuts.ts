import { useEffect } from 'react';
import type { HostPlatform } from '../../../shared/host';
import { matchShortcut, type ShortcutId } from '../../../shared/shortcuts';

type Handlers = Partial<Record<ShortcutId, () => void>>;

/** Whether the user is typing somewhere, where single-key shortcuts (`/`, `?`) must stay letters. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/**
 * App-wide keyboard shortcuts, matched against the one shortcut table. Keys the grid handles
 * itself (arrows, paging, Enter) are listed in the table for the dialog but not handled here.
 */
export function useGlobalShortcuts(platform: HostPlatform, handlers: Handlers): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = matchShortcut(event, platform);
      if (!shortcut) return;
      const handler = handlers[shortcut.id as ShortcutId];
      if (!handler) return;
      const singleKey = shortcut.keys.every((keys) => !keys.includes('+'));
      if ((singleKey || shortcut.notWhileTyping) && isTypingTarget(event.target)) return;
      // A modal dialog owns the keyboard, except for the shortcut that opened it.
      if (document.querySelector('dialog[open]') && shortcut.id !== 'show-shortcuts') return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [platform, handlers]);
}
