import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDefinition } from '../../../shared/records';
import { useServices } from '../ui/services';
import { editButtonId, valueUsage } from './attributeUsage';
import { ConfirmDelete } from './ConfirmDelete';
import { settingsError, type FieldError } from './fieldError';
import { useFieldErrorText } from './useFieldErrorText';

/** One attribute in the list: its summary, Edit and Delete, and the confirmation that says how many contacts hold a value. */
export function AttributeRow(props: {
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
