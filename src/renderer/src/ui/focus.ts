/**
 * Where focus goes in a dialog: the focusable parts of a subtree, and the one a dialog starts on.
 * The native <dialog> moves focus to its first focusable element, which in ours is the header's
 * × button (issue 19: typing after Ctrl+N went nowhere and Space closed the dialog).
 */

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[contenteditable="true"]',
  '[tabindex]',
].join(',');

const FIELDS = [
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[contenteditable="true"]',
].join(',');

function shown(element: HTMLElement): boolean {
  return element.getClientRects().length > 0 && !element.closest('[inert]');
}

/** The elements Tab reaches inside `root`, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.tabIndex >= 0 && shown(element));
}

/**
 * The element a dialog starts on: one marked `data-autofocus`, else its first field, else the
 * footer's primary button, else the first focusable part of its content (or the content itself,
 * when it is a focusable scroll region).
 */
export function initialFocus(dialog: HTMLElement): HTMLElement | undefined {
  const content = dialog.querySelector<HTMLElement>('.dialog-content');
  const marked = [...dialog.querySelectorAll<HTMLElement>('[data-autofocus]')].find(shown);
  if (marked) return marked;
  const field = content ? [...content.querySelectorAll<HTMLElement>(FIELDS)].find((element) => element.tabIndex >= 0 && shown(element)) : undefined;
  if (field) return field;
  const primary = [...dialog.querySelectorAll<HTMLElement>('.dialog-footer .primary:not([disabled])')].find(shown);
  if (primary) return primary;
  if (!content) return undefined;
  return tabbables(content)[0] ?? (content.tabIndex >= 0 ? content : undefined);
}

/** Tab from the last focusable part goes to the first, Shift+Tab from the first to the last. */
export function trapTab(root: HTMLElement, event: KeyboardEvent): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const parts = tabbables(root);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  const inside = active instanceof Node && root.contains(active);
  if (event.shiftKey && (!inside || active === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}
