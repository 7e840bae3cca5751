import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkListValue } from './attributeDraft';
import { FieldMessage } from './FieldMessage';
import type { FieldError } from './fieldError';
import { useFieldErrorText } from './useFieldErrorText';

/**
 * The choices of a list attribute as chips. Enter (or "Add") turns the typed text into a chip,
 * pasting several lines adds one chip per line, each chip has its own remove button. The typed
 * text is the parent's, so saving the form keeps a value the user typed but did not add.
 */
export function ListValuesInput(props: {
  id: string;
  values: readonly string[];
  pending: string;
  onValuesChange: (values: string[]) => void;
  onPendingChange: (pending: string) => void;
  /** A problem the form found (none chosen, say). */
  error: FieldError | null | undefined;
  describedBy?: string;
  /** How many contacts hold each value (edit mode): removing a used value says so. */
  usage?: ReadonlyMap<string, number>;
}) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const [addError, setAddError] = useState<FieldError | null>(null);
  const [removedNote, setRemovedNote] = useState('');
  const errorId = useId();
  const error = addError ?? props.error ?? null;

  const add = (raw: string): boolean => {
    const check = checkListValue(raw, props.values);
    if (check.ok === 'empty') return true;
    if (!check.ok) {
      setAddError(check.error);
      return false;
    }
    props.onValuesChange([...props.values, check.value]);
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !(event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      if (add(props.pending)) props.onPendingChange('');
    }
  };

  const remove = (value: string) => {
    props.onValuesChange(props.values.filter((existing) => existing !== value));
    const used = props.usage?.get(value) ?? 0;
    setRemovedNote(used > 0 ? t('attributes.valueRemovedUsed', { value, count: used }) : '');
    document.getElementById(props.id)?.focus();
  };

  return (
    <div className="list-values">
      {props.values.length > 0 && (
        <ul className="chips" aria-label={t('attributes.listValuesChosen')}>
          {props.values.map((value) => (
            <li key={value} className="chip">
              <span className="chip-text">{value}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={t('attributes.removeValue', { value })}
                onClick={() => remove(value)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-row">
        <input
          id={props.id}
          className="text-input"
          value={props.pending}
          autoComplete="off"
          placeholder={t('attributes.listValuePlaceholder')}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, props.describedBy].filter(Boolean).join(' ')}
          onChange={(event) => {
            setAddError(null);
            props.onPendingChange(event.target.value);
          }}
          onPaste={(event) => {
            const text = event.clipboardData.getData('text');
            if (!/[\r\n]/.test(text)) return;
            event.preventDefault();
            let values = [...props.values];
            const refused: string[] = [];
            for (const line of text.split(/\r\n?|\n/)) {
              const check = checkListValue(line, values);
              if (check.ok === true) values = [...values, check.value];
              else if (check.ok === false) refused.push(line);
            }
            props.onValuesChange(values);
            // Lines that could not be added stay typed, so nothing pasted is lost.
            props.onPendingChange(refused.join(' '));
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="button"
          onClick={() => {
            if (add(props.pending)) props.onPendingChange('');
            document.getElementById(props.id)?.focus();
          }}
        >
          {t('attributes.addValue')}
        </button>
      </div>
      <FieldMessage id={errorId} message={errorText(error)} />
      {removedNote && (
        <p className="field-hint" role="status">
          {removedNote}
        </p>
      )}
    </div>
  );
}
