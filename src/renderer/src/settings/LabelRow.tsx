import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../shared/records';
import { useServices } from '../ui/services';
import { useContactsView } from '../contacts/store';
import { ColorPicker } from './ColorPicker';
import { ConfirmDelete } from './ConfirmDelete';
import { FieldMessage } from './FieldMessage';
import type { FieldError } from './fieldError';
import { repositoryFieldError } from './labelFieldError';
import { checkLabelTitle } from './labelInput';
import { useFieldErrorText } from './useFieldErrorText';

type RowMode = 'view' | 'rename' | 'confirm-delete';

/** One defined label: recolour in place, rename (contacts follow), or delete after a confirmation. */
export function LabelRow(props: {
  label: Label;
  labels: readonly Label[];
  count: number;
  announce: (message: string) => void;
  afterDelete: () => void;
}) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository } = useServices();
  const { label, count, announce } = props;
  const [mode, setMode] = useState<RowMode>('view');
  const [draft, setDraft] = useState(label.title);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const deleteButtonRef = useRef<HTMLButtonElement>(null);
  const renameInputRef = useRef<HTMLInputElement>(null);
  const returnFocusTo = useRef<RefObject<HTMLButtonElement | null> | null>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => {
    if (mode === 'rename') {
      renameInputRef.current?.focus();
      renameInputRef.current?.select();
    } else if (returnFocusTo.current) {
      returnFocusTo.current.current?.focus();
      returnFocusTo.current = null;
    }
  }, [mode]);

  const backToView = (focus: RefObject<HTMLButtonElement | null>) => {
    returnFocusTo.current = focus;
    setMode('view');
    setError(null);
  };

  const saveRename = async () => {
    if (busy) return;
    const check = checkLabelTitle(draft, props.labels, label.id);
    if (!check.ok) {
      setError(check.error);
      renameInputRef.current?.focus();
      return;
    }
    if (check.title === label.title) {
      backToView(renameButtonRef);
      return;
    }
    setBusy(true);
    try {
      const before = label.title;
      await repository.labels.rename(label.id, check.title);
      // The contacts list may be showing the old title: follow the label to its new name.
      const view = useContactsView.getState();
      if (view.label === before) view.setLabel(check.title);
      announce(t('labels.renamed', { from: before, to: check.title, count }));
      backToView(renameButtonRef);
    } catch (failure) {
      setError(repositoryFieldError(failure, check.title));
    } finally {
      setBusy(false);
    }
  };

  const recolor = async (color: string) => {
    setError(null);
    try {
      await repository.labels.recolor(label.id, color);
      announce(t('labels.recolored', { title: label.title }));
    } catch (failure) {
      setError(repositoryFieldError(failure, label.title));
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await repository.labels.remove(label.id);
      announce(t('labels.deleted', { title: label.title }));
      props.afterDelete();
    } catch (failure) {
      setError(repositoryFieldError(failure, label.title));
      setBusy(false);
    }
  };

  const onRenameKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void saveRename();
    } else if (event.key === 'Escape') {
      // Cancels the rename only, not the settings window around it.
      event.preventDefault();
      event.stopPropagation();
      setDraft(label.title);
      backToView(renameButtonRef);
    }
  };

  return (
    <li className="settings-row label-row" aria-label={label.title}>
      <div className="row-main">
        <ColorPicker
          color={label.color}
          label={t('labels.colorOf', { title: label.title })}
          onChange={(color) => void recolor(color)}
        />
        {mode === 'rename' ? (
          <span className="rename-field">
            <label htmlFor={inputId} className="visually-hidden">
              {t('labels.renameField', { title: label.title })}
            </label>
            <input
              ref={renameInputRef}
              id={inputId}
              className="text-input"
              value={draft}
              maxLength={1000}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={errorId}
              onChange={(event) => {
                setDraft(event.target.value);
                if (error) {
                  const check = checkLabelTitle(event.target.value, props.labels, label.id);
                  setError(check.ok ? null : check.error);
                }
              }}
              onKeyDown={onRenameKeyDown}
            />
            <button type="button" className="button primary small" disabled={busy} onClick={() => void saveRename()}>
              {t('labels.save')}
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setDraft(label.title);
                backToView(renameButtonRef);
              }}
            >
              {t('cancel')}
            </button>
          </span>
        ) : (
          <span className="label-title">{label.title}</span>
        )}
        <span className="row-count">{t('labels.count', { count })}</span>
        {mode === 'view' && (
          <span className="row-actions">
            <button
              ref={renameButtonRef}
              type="button"
              className="button small"
              aria-label={t('labels.renameLabel', { title: label.title })}
              onClick={() => {
                setDraft(label.title);
                setError(null);
                setMode('rename');
              }}
            >
              {t('labels.rename')}
            </button>
            <button
              ref={deleteButtonRef}
              type="button"
              className="button small danger-text"
              aria-label={t('labels.deleteLabel', { title: label.title })}
              onClick={() => {
                setError(null);
                setMode('confirm-delete');
              }}
            >
              {t('labels.delete')}
            </button>
          </span>
        )}
      </div>
      {mode !== 'confirm-delete' && <FieldMessage id={errorId} message={errorText(error)} />}
      {mode === 'confirm-delete' && (
        <ConfirmDelete
          title={t('labels.confirmDelete', { title: label.title })}
          body={count > 0 ? t('labels.confirmDeleteCarried', { count }) : t('labels.confirmDeleteUnused')}
          error={error ? errorText(error) : null}
          confirmLabel={t('labels.confirmDeleteButton')}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => backToView(deleteButtonRef)}
        />
      )}
    </li>
  );
}
