import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The inline "Delete …?" confirmation of a settings row (labels, custom attributes): an
 * alertdialog under the row, Cancel focused when it appears (the safe choice), Esc cancels
 * without closing the settings window around it.
 */
export function ConfirmDelete(props: {
  title: string;
  body: string;
  /** Why the last attempt failed, already in words; null when none. */
  error: string | null;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('settings');
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id={titleId} className="confirm-title">
        {props.title}
      </p>
      <p id={bodyId} className="confirm-body">
        {props.body}
      </p>
      {props.error && <p className="field-error">{props.error}</p>}
      <div className="confirm-actions">
        <button type="button" className="button danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
