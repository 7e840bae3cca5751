import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTE_TYPES, type AttributeDefinition } from '../../../shared/records';
import { useServices } from '../ui/services';
import { type ContactIndex } from '../data/api';
import {
  ATTRIBUTE_FIELDS,
  checkAttributeDraft,
  suggestAttributeKey,
  type AttributeDraft,
  type AttributeField,
} from './attributeDraft';
import { connectAttributeDefinitions, useAttributeDefinitions } from './attributesStore';
import { FieldMessage } from './FieldMessage';
import { ListValuesInput } from './ListValuesInput';
import { settingsError, type FieldError } from './fieldError';
import { useFieldErrorText } from './useFieldErrorText';
import { ConfirmDelete } from './ConfirmDelete';
import { ownValue } from '../../../shared/own';

/** How many contacts hold a value for `key`, and how many hold each value (for list attributes). */
function valueUsage(index: ContactIndex, key: string): { total: number; byValue: Map<string, number> } {
  let total = 0;
  const byValue = new Map<string, number>();
  for (const contact of index.all()) {
    const value = ownValue(contact.customAttributes, key);
    if (value === undefined || value === null || value === '') continue;
    total++;
    if (typeof value === 'string') byValue.set(value, (byValue.get(value) ?? 0) + 1);
  }
  return { total, byValue };
}

const editButtonId = (definitionId: string) => `edit-attribute-${definitionId}`;

/** Settings → Custom attributes: the definitions of the extra fields every contact can have. */
export function AttributesSection(props: { headingId: string }) {
  const { t } = useTranslation('settings');
  const { repository } = useServices();
  const definitions = useAttributeDefinitions((s) => s.definitions);
  const loaded = useAttributeDefinitions((s) => s.loaded);
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const listHeadingId = useId();

  useEffect(() => {
    void connectAttributeDefinitions(repository);
  }, [repository]);

  // Back to what opened the form once it is rendered again: an effect runs after React has
  // committed, which a requestAnimationFrame did not guarantee when the form closed after an await.
  const returnFocusTo = useRef<string | null>(null);
  useEffect(() => {
    if (editing !== null || returnFocusTo.current === null) return;
    const closed = returnFocusTo.current;
    returnFocusTo.current = null;
    const opener = closed !== 'new' ? document.getElementById(editButtonId(closed)) : null;
    (opener ?? newButtonRef.current)?.focus();
  }, [editing]);

  const closeForm = (message?: string) => {
    returnFocusTo.current = editing;
    setEditing(null);
    if (message) setAnnouncement(message);
  };

  return (
    <div className="settings-section">
      <div className="section-header">
        <h3 id={props.headingId}>{t('attributes.heading')}</h3>
        <button
          ref={newButtonRef}
          type="button"
          className="button primary"
          aria-expanded={editing === 'new'}
          onClick={() => setEditing('new')}
          // One form at a time, so switching never throws away what was typed in the other.
          disabled={editing !== null}
        >
          {t('attributes.new')}
        </button>
      </div>
      <p className="section-intro">{t('attributes.intro')}</p>
      {editing === 'new' && (
        <AttributeForm definitions={definitions} onDone={closeForm} />
      )}
      <h4 id={listHeadingId} className="visually-hidden">
        {t('attributes.listHeading')}
      </h4>
      {!loaded ? null : definitions.length === 0 ? (
        editing !== 'new' && <p className="section-empty">{t('attributes.empty')}</p>
      ) : (
        <ul className="settings-list" aria-labelledby={listHeadingId}>
          {definitions.map((definition) =>
            editing === definition.id ? (
              <li key={definition.id} className="settings-row editing" aria-label={definition.displayName}>
                <AttributeForm definitions={definitions} editing={definition} onDone={closeForm} />
              </li>
            ) : (
              <AttributeRow
                key={definition.id}
                definition={definition}
                onEdit={() => setEditing(definition.id)}
                formOpen={editing !== null}
                announce={setAnnouncement}
                afterDelete={() => newButtonRef.current?.focus()}
              />
            ),
          )}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}

function AttributeRow(props: {
  definition: AttributeDefinition;
  onEdit: () => void;
  formOpen: boolean;
  announce: (message: string) => void;
  afterDelete: () => void;
}) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository, index } = useServices();
  const { definition } = props;
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setConfirming(null);
    setError(null);
    // After the confirmation has gone, so the button is there to take focus.
    requestAnimationFrame(() => deleteRef.current?.focus());
  };

  const remove = async () => {
    setBusy(true);
    try {
      await repository.attributeDefinitions.remove(definition.id);
      props.announce(t('attributes.deleted', { name: definition.displayName }));
      props.afterDelete();
    } catch (failure) {
      setError(settingsError('save-failed', { message: failure instanceof Error ? failure.message : String(failure) }));
      setBusy(false);
    }
  };

  return (
    <li className="settings-row attribute-row" aria-label={definition.displayName}>
      <div className="row-main">
        <div className="attribute-summary">
          <span className="attribute-name">{definition.displayName}</span>
          <code className="attribute-key">{definition.key}</code>
          <span className="type-badge">{t(`attributes.types.${definition.type}`)}</span>
          {definition.type === 'list' && (
            <span className="attribute-values">{definition.listValues.join(' · ')}</span>
          )}
          {definition.description && <span className="attribute-description">{definition.description}</span>}
        </div>
        {confirming === null && (
          <span className="row-actions">
            <button
              id={editButtonId(definition.id)}
              type="button"
              className="button small"
              aria-label={t('attributes.editAttribute', { name: definition.displayName })}
              disabled={props.formOpen}
              onClick={props.onEdit}
            >
              {t('attributes.edit')}
            </button>
            <button
              ref={deleteRef}
              type="button"
              className="button small danger-text"
              aria-label={t('attributes.deleteAttribute', { name: definition.displayName })}
              onClick={() => setConfirming(valueUsage(index, definition.key).total)}
            >
              {t('attributes.delete')}
            </button>
          </span>
        )}
      </div>
      {confirming !== null && (
        <ConfirmDelete
          title={t('attributes.confirmDelete', { name: definition.displayName })}
          body={
            confirming > 0
              ? t('attributes.confirmDeleteUsed', { count: confirming, key: definition.key })
              : t('attributes.confirmDeleteUnused')
          }
          error={error ? errorText(error) : null}
          confirmLabel={t('attributes.confirmDeleteButton')}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={cancel}
        />
      )}
    </li>
  );
}

function emptyDraft(editing?: AttributeDefinition): AttributeDraft {
  return {
    displayName: editing?.displayName ?? '',
    key: editing?.key ?? '',
    type: editing?.type ?? 'text',
    listValues: editing?.listValues ?? [],
    pendingListValue: '',
    description: editing?.description ?? '',
  };
}

function AttributeForm(props: {
  definitions: readonly AttributeDefinition[];
  editing?: AttributeDefinition;
  onDone: (announcement?: string) => void;
}) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository, index } = useServices();
  const { editing } = props;
  const [draft, setDraft] = useState<AttributeDraft>(() => emptyDraft(editing));
  // The key follows the display name until the user edits the key itself.
  const [keyEdited, setKeyEdited] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [saveError, setSaveError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const ids = {
    heading: useId(),
    displayName: useId(),
    key: useId(),
    type: useId(),
    listValues: useId(),
    description: useId(),
  };
  const errorIds = {
    displayName: useId(),
    key: useId(),
    type: useId(),
    description: useId(),
  };
  const keyHintId = useId();
  const typeHintId = useId();

  const effective: AttributeDraft = keyEdited || editing ? draft : { ...draft, key: suggestAttributeKey(draft.displayName) };
  const check = checkAttributeDraft(effective, props.definitions, editing);
  const errors: Partial<Record<AttributeField, FieldError>> = showErrors && !check.ok ? check.errors : {};
  const usage = useMemo(
    () => (editing?.type === 'list' ? valueUsage(index, editing.key).byValue : undefined),
    [editing, index],
  );

  useEffect(() => {
    document.getElementById(ids.displayName)?.focus();
  }, [ids.displayName]);

  const update = (patch: Partial<AttributeDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setSaveError(null);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (!check.ok) {
      setShowErrors(true);
      const first = ATTRIBUTE_FIELDS.find((field) => check.errors[field]);
      if (first) document.getElementById(ids[first])?.focus();
      return;
    }
    setBusy(true);
    try {
      if (editing) {
        const { displayName, listValues, description } = check.fields;
        const saved = await repository.attributeDefinitions.update(editing.id, { displayName, listValues, description });
        if (!saved) {
          setSaveError(settingsError('attribute-gone'));
          return;
        }
        props.onDone(t('attributes.updated', { name: displayName }));
      } else {
        await repository.attributeDefinitions.create(check.fields);
        props.onDone(t('attributes.created', { name: check.fields.displayName }));
      }
    } catch (failure) {
      setSaveError(settingsError('save-failed', { message: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onDone();
    }
  };

  const described = (field: Exclude<AttributeField, 'listValues'>, ...more: string[]) =>
    [errorIds[field], ...more].join(' ');
  const invalid = (field: AttributeField) => (errors[field] ? true : undefined);

  return (
    <form
      ref={formRef}
      className="attribute-form"
      aria-labelledby={ids.heading}
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      noValidate
    >
      <h4 id={ids.heading}>
        {editing ? t('attributes.editHeading', { name: editing.displayName }) : t('attributes.newHeading')}
      </h4>
      <div className="form-grid">
        <div className="form-field">
          <label htmlFor={ids.displayName}>{t('attributes.displayName')}</label>
          <input
            id={ids.displayName}
            className="text-input"
            value={draft.displayName}
            autoComplete="off"
            aria-invalid={invalid('displayName')}
            aria-describedby={described('displayName')}
            onChange={(event) => update({ displayName: event.target.value })}
          />
          <FieldMessage id={errorIds.displayName} message={errorText(errors.displayName)} />
        </div>

        <div className="form-field">
          <label htmlFor={ids.key}>{t('attributes.key')}</label>
          <input
            id={ids.key}
            className="text-input mono"
            value={effective.key}
            readOnly={Boolean(editing)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={invalid('key')}
            aria-describedby={described('key', keyHintId)}
            onChange={(event) => {
              setKeyEdited(true);
              update({ key: event.target.value });
            }}
          />
          <FieldMessage id={errorIds.key} message={errorText(errors.key)} />
          <p id={keyHintId} className="field-hint">
            {editing ? t('attributes.keyLocked') : t('attributes.keyHint')}
          </p>
        </div>

        <div className="form-field">
          <label htmlFor={ids.type}>{t('attributes.type')}</label>
          <select
            id={ids.type}
            className="select-input"
            value={effective.type}
            disabled={Boolean(editing)}
            aria-invalid={invalid('type')}
            aria-describedby={described('type', typeHintId)}
            onChange={(event) => update({ type: event.target.value })}
          >
            {ATTRIBUTE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`attributes.types.${type}`)}
              </option>
            ))}
          </select>
          <FieldMessage id={errorIds.type} message={errorText(errors.type)} />
          <p id={typeHintId} className="field-hint">
            {editing
              ? t('attributes.typeLocked')
              : t(`attributes.typeHints.${(ATTRIBUTE_TYPES as readonly string[]).includes(effective.type) ? effective.type : 'text'}`)}
          </p>
        </div>

        {effective.type === 'list' && (
          <div className="form-field wide">
            <label htmlFor={ids.listValues}>{t('attributes.listValues')}</label>
            <ListValuesInput
              id={ids.listValues}
              values={draft.listValues}
              pending={draft.pendingListValue}
              onValuesChange={(listValues) => update({ listValues })}
              onPendingChange={(pendingListValue) => update({ pendingListValue })}
              error={errors.listValues}
              usage={usage}
            />
          </div>
        )}

        <div className="form-field wide">
          <label htmlFor={ids.description}>
            {t('attributes.description')} <span className="optional">{t('attributes.optional')}</span>
          </label>
          <textarea
            id={ids.description}
            className="text-input"
            rows={2}
            value={draft.description}
            aria-invalid={invalid('description')}
            aria-describedby={described('description')}
            onChange={(event) => update({ description: event.target.value })}
          />
          <FieldMessage id={errorIds.description} message={errorText(errors.description)} />
        </div>
      </div>
      {saveError && (
        <p className="field-error" role="alert">
          {errorText(saveError)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {editing ? t('attributes.saveChanges') : t('attributes.create')}
        </button>
        <button type="button" className="button" onClick={() => props.onDone()}>
          {t('cancel')}
        </button>
        <span className="form-shortcut">{t('attributes.shortcutHint')}</span>
      </div>
    </form>
  );
}
