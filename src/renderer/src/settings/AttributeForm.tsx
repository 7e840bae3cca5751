import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTE_TYPES, type AttributeDefinition } from '../../../shared/records';
import { useServices } from '../ui/services';
import { ATTRIBUTE_FIELDS, checkAttributeDraft, suggestAttributeKey, type AttributeDraft, type AttributeField } from './attributeDraft';
import { valueUsage } from './attributeUsage';
import { FieldMessage } from './FieldMessage';
import { ListValuesInput } from './ListValuesInput';
import { settingsError, type FieldError } from './fieldError';
import { useFieldErrorText } from './useFieldErrorText';

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

/** The form that creates an attribute, or edits one (its key and type then stay as they are). */
export function AttributeForm(props: {
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
