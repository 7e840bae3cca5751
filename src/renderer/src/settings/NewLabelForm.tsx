import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LABEL_COLOR, type Label } from '../../../shared/records';
import { normalizeLabel } from '../../../shared/validation';
import { useServices } from '../ui/services';
import { ColorPicker } from './ColorPicker';
import { FieldMessage } from './FieldMessage';
import type { FieldError } from './fieldError';
import { repositoryFieldError } from './labelFieldError';
import { checkLabelTitle } from './labelInput';
import { useFieldErrorText } from './useFieldErrorText';

/** The form above the list that defines a new label: colour, title, and how the title will be stored. */
export function NewLabelForm(props: {
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
