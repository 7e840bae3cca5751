import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidLabel, normalizeLabel } from '../../../shared/validation';
import { labelSuggestions, UNDEFINED_LABEL_COLOR } from '../labels/catalogue';
import { useLabelCatalogue } from '../labels/store';
import type { FieldProps } from './fieldProps';

const MAX_SUGGESTIONS = 8;

/**
 * Labels as removable chips plus a combobox that completes over existing labels or creates a new
 * one (stored lower-case, like the server's).
 */
export function LabelPicker(props: {
  labels: string[];
  onChange: (labels: string[]) => void;
  inputProps?: Partial<FieldProps>;
}) {
  const { t } = useTranslation('contact');
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const catalogue = useLabelCatalogue();
  const colors = useMemo(() => new Map(catalogue.map((label) => [label.title, label.color])), [catalogue]);
  const { labels, onChange } = props;

  const typed = normalizeLabel(text);
  const suggestions = useMemo(() => labelSuggestions(catalogue, labels, typed, MAX_SUGGESTIONS), [catalogue, labels, typed]);
  const offerCreate = typed !== '' && !suggestions.includes(typed) && !labels.includes(typed);
  const options = offerCreate ? [...suggestions, typed] : suggestions;
  const open = text !== '' && options.length > 0;

  const add = (title: string) => {
    if (!isValidLabel(title)) {
      setProblem(t('label-invalid', { ns: 'validation', label: title }));
      return;
    }
    setProblem(null);
    if (!labels.includes(title)) onChange([...labels, title]);
    setText('');
    setActive(0);
  };

  return (
    <div className="label-picker">
      <ul className="label-chips editable" aria-label={t('labels.current')}>
        {labels.map((label) => (
          <li key={label} className="label-chip">
            <span className="label-dot" style={{ backgroundColor: colors.get(label) ?? UNDEFINED_LABEL_COLOR }} aria-hidden="true" />
            {label}
            <button
              type="button"
              className="chip-remove"
              aria-label={t('labels.remove', { label })}
              onClick={() => onChange(labels.filter((l) => l !== label))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        {...props.inputProps}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        placeholder={t('labels.addPlaceholder')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && open) {
            event.preventDefault();
            setActive((active + 1) % options.length);
          } else if (event.key === 'ArrowUp' && open) {
            event.preventDefault();
            setActive((active - 1 + options.length) % options.length);
          } else if ((event.key === 'Enter' || event.key === ',') && text.trim() !== '' && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            add(options[active] ?? typed);
          } else if (event.key === 'Escape' && text !== '') {
            event.preventDefault();
            event.stopPropagation();
            setText('');
          } else if (event.key === 'Backspace' && text === '' && labels.length > 0) {
            onChange(labels.slice(0, -1));
          }
        }}
      />
      {open && (
        <ul className="combo-options" role="listbox" id={listId} aria-label={t('labels.suggestions')}>
          {options.map((option, position) => (
            <li
              key={option}
              id={`${listId}-${position}`}
              role="option"
              aria-selected={position === active}
              className={position === active ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                add(option);
              }}
            >
              {offerCreate && option === typed && position === options.length - 1
                ? t('labels.create', { label: option })
                : option}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
