import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { initialFocus, trapTab } from './focus';

/**
 * A modal dialog on the native <dialog> element: Esc closes it, and it is announced with its title
 * as accessible name. It starts on its first field (or primary button, `initialFocus`), Tab cycles
 * inside it, and closing it (or unmounting it open) gives focus back to what had it before.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
  /** Content that is only read (no controls) but may scroll: focusable, so the keyboard scrolls it. */
  scrollRegion?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open, onClose } = props;
  // Set while this component closes the element itself (its `open` prop went false): the `close`
  // event that follows arrives later, asynchronously, and must not call onClose again — by then the
  // owner may already show something new in its place (a file opened right after a message closed).
  const closingItself = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus(dialog)?.focus();
    return () => {
      // Closed before focus moves back: while it is modal, everything outside it is inert.
      if (dialog.open) {
        closingItself.current = true;
        dialog.close();
      }
      if (opener?.isConnected && opener !== document.body) opener.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog ${props.className ?? ''}`}
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.target instanceof Node && event.currentTarget.contains(event.target)) trapTab(event.currentTarget, event.nativeEvent);
      }}
      onClose={() => {
        if (closingItself.current) {
          closingItself.current = false;
          return;
        }
        onClose();
      }}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId}>{props.title}</h2>
            <button type="button" className="icon-button" aria-label={t('close')} onClick={onClose}>
              ×
            </button>
          </header>
          {props.scrollRegion ? (
            <div className="dialog-content" tabIndex={0} role="region" aria-labelledby={titleId}>
              {props.children}
            </div>
          ) : (
            <div className="dialog-content">{props.children}</div>
          )}
          {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
