import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
 * Esc closes it, and it is announced with its title as accessible name.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
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
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) {
      closingItself.current = true;
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog ${props.className ?? ''}`}
      aria-labelledby={titleId}
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
          <div className="dialog-content">{props.children}</div>
          {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
