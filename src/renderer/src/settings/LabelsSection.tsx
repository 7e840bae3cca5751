import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LABEL_COLOR, type Label } from '../../../shared/records';
import { normalizeLabel } from '../../../shared/validation';
import { useServices } from '../ui/services';
import { useContactsView } from '../contacts/store';
import { RepositoryError } from '../data/api';
import { useLabelCatalogue, useLabels } from '../labels/store';
import { ColorPicker } from './ColorPicker';
import { FieldMessage } from './FieldMessage';
import { settingsError, validationError, type FieldError } from './fieldError';
import { checkLabelTitle } from './labelInput';
import { useFieldErrorText } from './useFieldErrorText';
import { ConfirmDelete } from './ConfirmDelete';

function repositoryFieldError(error: unknown, title: string): FieldError {
  if (error instanceof RepositoryError) {
    switch (error.code) {
      case 'duplicate':
        return settingsError('label-taken', { title });
      case 'not-found':
        return settingsError('label-gone');
      case 'invalid':
        return validationError('label-invalid', { label: title });
    }
  }
  return settingsError('save-failed', { message: error instanceof Error ? error.message : String(error) });
}

/** Settings → Labels: create, rename (contacts follow), recolour and delete label definitions. */
export function LabelsSection(props: { headingId: string }) {
  const { t } = useTranslation('settings');
  const labels = useLabels((s) => s.labels);
  const catalogue = useLabelCatalogue();
  const [announcement, setAnnouncement] = useState('');
  const newLabelInputId = useId();
  // Defined labels first, then the ones only contacts carry (one click defines them): together
  // they are the catalogue every other screen lists (labels/catalogue.ts).
  const defined = useMemo(() => catalogue.flatMap((entry) => (entry.definition ? [{ label: entry.definition, count: entry.count }] : [])), [catalogue]);
  const undefinedTitles = useMemo(() => catalogue.filter((entry) => !entry.definition), [catalogue]);
  const listHeadingId = useId();

  return (
    <div className="settings-section">
      <h3 id={props.headingId}>{t('labels.heading')}</h3>
      <p className="section-intro">{t('labels.intro')}</p>
      <NewLabelForm labels={labels} inputId={newLabelInputId} announce={setAnnouncement} />
      <h4 id={listHeadingId} className="visually-hidden">
        {t('labels.listHeading')}
      </h4>
      {catalogue.length === 0 && <p className="section-empty">{t('labels.empty')}</p>}
      {defined.length > 0 && (
        <ul className="settings-list" aria-labelledby={listHeadingId}>
          {defined.map(({ label, count }) => (
            <LabelRow
              key={label.id}
              label={label}
              labels={labels}
              count={count}
              announce={setAnnouncement}
              afterDelete={() => document.getElementById(newLabelInputId)?.focus()}
            />
          ))}
        </ul>
      )}
      {undefinedTitles.length > 0 && <UndefinedLabels titles={undefinedTitles} announce={setAnnouncement} />}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}

function NewLabelForm(props: {
  labels: readonly Label[];
  inputId: string;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository } = useServices();
  const [title, setTitle] = useState('');
  const [color, setColor] = useState(DEFAULT_LABEL_COLOR);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = props.inputId;
  const errorId = useId();
  const hintId = useId();
  const stored = normalizeLabel(title);
  const showStoredAs = stored !== '' && stored !== title.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const check = checkLabelTitle(title, props.labels);
    if (!check.ok) {
      setError(check.error);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await repository.labels.create({ title: check.title, color });
      setTitle('');
      setError(null);
      props.announce(t('labels.created', { title: check.title }));
    } catch (failure) {
      setError(repositoryFieldError(failure, check.title));
    } finally {
      setBusy(false);
      inputRef.current?.focus();
    }
  };

  return (
    <form className="new-label" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={inputId} className="field-label">
        {t('labels.newLabel')}
      </label>
      <div className="inline-row">
        <ColorPicker color={color} label={t('labels.newLabelColor')} onChange={setColor} />
        <input
          ref={inputRef}
          id={inputId}
          className="text-input"
          value={title}
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('labels.newLabelPlaceholder')}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${errorId} ${hintId}`}
          onChange={(event) => {
            setTitle(event.target.value);
            // Once an error shows, keep it truthful as the user fixes the title.
            if (error) {
              const check = checkLabelTitle(event.target.value, props.labels);
              setError(check.ok ? null : check.error);
            }
          }}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {t('labels.add')}
        </button>
      </div>
      <FieldMessage id={errorId} message={errorText(error)} />
      <p id={hintId} className="field-hint">
        {showStoredAs ? t('labels.storedAs', { title: stored }) : t('labels.titleRules')}
      </p>
    </form>
  );
}

type RowMode = 'view' | 'rename' | 'confirm-delete';

function LabelRow(props: {
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

/** Titles contacts carry with no definition: shown grey in the sidebar; one click defines them. */
function UndefinedLabels(props: { titles: { title: string; count: number }[]; announce: (message: string) => void }) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository } = useServices();
  const [error, setError] = useState<{ title: string; error: FieldError } | null>(null);
  const headingId = useId();

  const define = async (title: string) => {
    setError(null);
    try {
      await repository.labels.create({ title, color: DEFAULT_LABEL_COLOR });
      props.announce(t('labels.created', { title }));
    } catch (failure) {
      setError({ title, error: repositoryFieldError(failure, title) });
    }
  };

  return (
    <section className="undefined-labels" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('labels.undefinedHeading')}</h4>
      <p className="section-intro">{t('labels.undefinedIntro')}</p>
      <ul className="settings-list">
        {props.titles.map(({ title, count }) => (
          <li key={title} className="settings-row" aria-label={title}>
            <div className="row-main">
              <span className="color-dot muted-dot" aria-hidden="true" />
              <span className="label-title">{title}</span>
              <span className="row-count">{t('labels.count', { count })}</span>
              <span className="row-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={t('labels.defineLabel', { title })}
                  onClick={() => void define(title)}
                >
                  {t('labels.define')}
                </button>
              </span>
            </div>
            {error?.title === title && <p className="field-error">{errorText(error.error)}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
