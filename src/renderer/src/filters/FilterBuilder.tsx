import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  FilterAttribute,
  FilterError,
  FilterOperator,
  QueryOperator,
  ValidFilter,
} from '../../../shared/filters';
import type { HostPlatform } from '../../../shared/host';
import { formatKeys, matchesKeys } from '../../../shared/shortcuts';
import { labelFilterOptions } from '../labels/catalogue';
import { useLabelCatalogue } from '../labels/store';
import { useServices } from '../ui/services';
import { attributeLabel, countryOptions, operatorLabel } from './describe';
import {
  draftGroups,
  fromPayload,
  newRow,
  removeRow,
  takesNoValue,
  validateDraft,
  withAttribute,
  withOperator,
  type DraftRow,
} from './draft';
import { MultiSelect, type MultiSelectOption } from './MultiSelect';

export const SUBMIT_KEYS = '$mod+Enter';

/**
 * The filter builder: condition rows grouped the way they are evaluated. AND binds tighter than OR,
 * so each AND chain is drawn as one box and the boxes are joined by OR; changing a row's AND/OR
 * regroups them at once. Submit validates every row and applies all or nothing.
 */
export function FilterBuilder(props: {
  attributes: readonly FilterAttribute[];
  initialPayload: readonly unknown[] | null;
  platform: HostPlatform;
  /** A valid filter, or null for "no conditions" (Submit after Clear all shows every contact). */
  onSubmit: (filter: ValidFilter | null) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation('filters');
  const { attributes } = props;
  const [rows, setRows] = useState<DraftRow[]>(() => {
    const initial = props.initialPayload ? fromPayload(props.initialPayload) : [];
    return initial.length > 0 ? initial : [newRow(attributes[0])];
  });
  const [showErrors, setShowErrors] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  /** `data-focus-key` of the control that last had focus: regrouping moves rows between boxes (a remount). */
  const focusKeyRef = useRef<string | null>(null);

  const byKey = useMemo(
    () => new Map(attributes.map((attribute) => [attribute.key, attribute])),
    [attributes],
  );
  const validation = useMemo(
    () => (rows.length === 0 ? null : validateDraft(rows, attributes)),
    [rows, attributes],
  );
  const errors = showErrors && validation && !validation.ok ? validation.errors : [];
  const errorsByRow = new Map<number, FilterError[]>();
  for (const error of errors) errorsByRow.set(error.index, [...(errorsByRow.get(error.index) ?? []), error]);
  const groups = draftGroups(rows);

  const update = (index: number, next: DraftRow) =>
    setRows((current) => current.map((row, position) => (position === index ? next : row)));

  const submit = () => {
    if (rows.length === 0) {
      props.onSubmit(null);
      return;
    }
    if (validation && validation.ok) {
      props.onSubmit(validation.filter);
      return;
    }
    setShowErrors(true);
    // Take the person to the first thing to fix.
    requestAnimationFrame(() =>
      rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  // $mod+Enter submits wherever focus is while the builder is open (even on the dialog itself).
  const submitRef = useRef(submit);
  useLayoutEffect(() => {
    submitRef.current = submit;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !matchesKeys(event, SUBMIT_KEYS, props.platform)) return;
      event.preventDefault();
      submitRef.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [props.platform]);

  // The dialog focuses its first control (the close button); start on the first condition instead.
  useEffect(() => {
    const frame = requestAnimationFrame(() =>
      rootRef.current
        ?.querySelector<HTMLElement>('select[data-role="attribute"], .filter-builder-actions button')
        ?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, []);

  // A control that moved to another box was remounted: give focus back to its new copy.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const key = focusKeyRef.current;
    if (!root || !key || root.contains(document.activeElement)) return;
    // Gone with its row (removed): "Add filter" is where a keyboard user goes on from.
    const target =
      root.querySelector<HTMLElement>(`[data-focus-key="${key}"]`) ??
      root.querySelector<HTMLElement>('.filter-builder-actions button');
    target?.focus();
  }, [rows]);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    focusKeyRef.current = (event.target as HTMLElement).dataset.focusKey ?? null;
  };

  const addRow = () => {
    setRows((current) => [...current, newRow(attributes[0])]);
    requestAnimationFrame(() => {
      const selects = rootRef.current?.querySelectorAll<HTMLSelectElement>('select[data-role="attribute"]');
      selects?.[selects.length - 1]?.focus();
    });
  };

  const renderRow = (index: number) => {
    const row = rows[index];
    const attribute = byKey.get(row.attribute);
    const rowErrors = errorsByRow.get(index) ?? [];
    const errorId = `filter-row-error-${row.id}`;
    const number = index + 1;
    return (
      <div
        key={row.id}
        className={`filter-row${rowErrors.length > 0 ? ' invalid' : ''}`}
        role="group"
        aria-label={t('builder.condition', { number })}
      >
        <div className="filter-row-fields">
          <select
            data-role="attribute"
            data-focus-key={`attribute-${row.id}`}
            aria-label={t('builder.attribute')}
            value={attribute ? row.attribute : ''}
            aria-invalid={rowErrors.some((error) => error.code === 'unknown-attribute') || undefined}
            aria-describedby={rowErrors.length > 0 ? errorId : undefined}
            onChange={(event) => {
              const next = byKey.get(event.target.value);
              if (next) update(index, withAttribute(row, next));
            }}
          >
            {!attribute && <option value="">{row.attribute}</option>}
            <AttributeOptions attributes={attributes} />
          </select>
          <select
            data-focus-key={`operator-${row.id}`}
            aria-label={t('builder.operator')}
            value={row.operator}
            aria-invalid={rowErrors.some((error) => error.code === 'operator-not-allowed') || undefined}
            onChange={(event) =>
              attribute && update(index, withOperator(row, attribute, event.target.value as FilterOperator))
            }
          >
            {attribute && !attribute.operators.includes(row.operator) && (
              <option value={row.operator}>{row.operator}</option>
            )}
            {(attribute?.operators ?? []).map((operator) => (
              <option key={operator} value={operator}>
                {operatorLabel(attribute, operator, t)}
              </option>
            ))}
          </select>
          {attribute && !takesNoValue(row.operator) ? (
            <ValueInput
              attribute={attribute}
              row={row}
              language={i18n.language}
              invalid={rowErrors.some(
                (error) =>
                  error.code !== 'invalid-query-operator' &&
                  error.code !== 'unknown-attribute' &&
                  error.code !== 'operator-not-allowed',
              )}
              describedBy={rowErrors.length > 0 ? errorId : undefined}
              onChange={(next) => update(index, next)}
            />
          ) : (
            <span className="filter-row-novalue" />
          )}
          <button
            type="button"
            className="icon-button"
            data-focus-key={`remove-${row.id}`}
            aria-label={t('builder.remove', { number })}
            onClick={() => setRows((current) => removeRow(current, index))}
          >
            ×
          </button>
        </div>
        {rowErrors.length > 0 && (
          <p className="filter-row-error" id={errorId}>
            {rowErrors.map((error) => t(`errors.${error.code}`, { ...error.params })).join(' ')}
          </p>
        )}
      </div>
    );
  };

  const renderJoin = (index: number) => (
    <div className={`filter-join filter-join-${rows[index].join}`}>
      <select
        data-focus-key={`join-${rows[index].id}`}
        aria-label={t('builder.join', { number: index + 1 })}
        value={rows[index].join}
        onChange={(event) => update(index, { ...rows[index], join: event.target.value as QueryOperator })}
      >
        <option value="and">{t('builder.and')}</option>
        <option value="or">{t('builder.or')}</option>
      </select>
    </div>
  );

  return (
    <div className="filter-builder" ref={rootRef} onFocus={onFocus}>
      <p className="dialog-intro">{t('builder.intro')}</p>
      {errors.length > 0 && (
        <div className="filter-errors" role="alert">
          <p>{t('builder.fix', { count: new Set(errors.map((error) => error.index)).size })}</p>
          <ul>
            {errors.map((error) => (
              <li key={`${error.index}-${error.code}`}>
                {error.index < 0
                  ? t(`errors.${error.code}`, { ...error.params })
                  : t('builder.rowError', {
                      number: error.index + 1,
                      message: t(`errors.${error.code}`, { ...error.params }),
                    })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="filter-empty">{t('builder.empty')}</p>
      ) : (
        <div className="filter-groups">
          {groups.map((group, groupIndex) => {
            const lastOfGroup = group[group.length - 1];
            return (
              <Fragment key={rows[group[0]].id}>
                <div
                  className="filter-group"
                  role="group"
                  aria-label={t('builder.group', { number: groupIndex + 1 })}
                >
                  {group.map((index) => (
                    <Fragment key={rows[index].id}>
                      {renderRow(index)}
                      {index !== lastOfGroup && renderJoin(index)}
                    </Fragment>
                  ))}
                </div>
                {groupIndex < groups.length - 1 && renderJoin(lastOfGroup)}
              </Fragment>
            );
          })}
        </div>
      )}
      <div className="filter-builder-actions">
        <button type="button" className="button" onClick={addRow}>
          + {t('builder.addFilter')}
        </button>
        <button
          type="button"
          className="button subtle"
          onClick={() => setRows([])}
          disabled={rows.length === 0}
        >
          {t('builder.clearAll')}
        </button>
      </div>
      <div className="filter-builder-footer">
        <span className="field-hint">
          {t('builder.shortcutHint', {
            keys: formatKeys(SUBMIT_KEYS, props.platform).join(props.platform === 'mac' ? '' : '+'),
          })}
        </span>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('common:cancel')}
        </button>
        <button type="button" className="button primary" onClick={submit}>
          {t('builder.submit')}
        </button>
      </div>
    </div>
  );
}

function AttributeOptions(props: { attributes: readonly FilterAttribute[] }) {
  const { t } = useTranslation('filters');
  const standard = props.attributes.filter((attribute) => attribute.kind === 'standard');
  const custom = props.attributes.filter((attribute) => attribute.kind === 'custom');
  const option = (attribute: FilterAttribute) => (
    <option key={attribute.key} value={attribute.key}>
      {attributeLabel(attribute.key, props.attributes, t)}
    </option>
  );
  if (custom.length === 0) return <>{standard.map(option)}</>;
  return (
    <>
      <optgroup label={t('builder.standardAttributes')}>{standard.map(option)}</optgroup>
      <optgroup label={t('builder.customAttributes')}>{custom.map(option)}</optgroup>
    </>
  );
}

/** The value input that fits the attribute and operator. */
function ValueInput(props: {
  attribute: FilterAttribute;
  row: DraftRow;
  language: string;
  invalid: boolean;
  describedBy?: string;
  onChange: (row: DraftRow) => void;
}) {
  const { t } = useTranslation('filters');
  const { attribute, row, onChange } = props;
  const catalogue = useLabelCatalogue();
  const focusKey = `value-${row.id}`;
  const common = {
    'aria-invalid': props.invalid || undefined,
    'aria-describedby': props.describedBy,
    'data-focus-key': focusKey,
  };
  const single = row.values[0] ?? '';
  const setSingle = (value: string) =>
    onChange({ ...row, values: value === '' ? [] : [value], badDate: false });

  const { index } = useServices();
  const countries = useMemo(() => {
    if (attribute.dataType !== 'country') return [];
    // Countries kept as text are offered too, so a contact imported with one can still be found.
    const options = countryOptions(props.language, index.all());
    for (const value of row.values)
      if (!options.some((option) => option.value === value)) options.push({ value, label: value });
    return options;
  }, [attribute.dataType, props.language, index, row.values]);
  const labelOptions = useMemo<MultiSelectOption[]>(
    () => (attribute.dataType === 'labels' ? labelFilterOptions(catalogue, row.values) : []),
    [attribute.dataType, catalogue, row.values],
  );

  if (row.operator === 'days_before') {
    return (
      <input
        type="number"
        className="filter-value"
        min={1}
        step={1}
        inputMode="numeric"
        aria-label={t('builder.days')}
        value={single}
        onChange={(event) => setSingle(event.target.value)}
        {...common}
      />
    );
  }

  switch (attribute.dataType) {
    case 'text':
    case 'number':
      return (
        <input
          type="text"
          className="filter-value"
          inputMode={attribute.dataType === 'number' ? 'decimal' : undefined}
          aria-label={t('builder.value')}
          value={single}
          onChange={(event) =>
            onChange({ ...row, values: event.target.value === '' ? [] : [event.target.value] })
          }
          {...common}
        />
      );
    case 'date':
      return (
        <input
          type="date"
          className="filter-value"
          aria-label={t('values.dateLabel')}
          value={single}
          onChange={(event) =>
            onChange({
              ...row,
              values: event.target.value === '' ? [] : [event.target.value],
              badDate: event.target.validity.badInput,
            })
          }
          onBlur={(event) => onChange({ ...row, badDate: event.target.validity.badInput })}
          {...common}
        />
      );
    case 'boolean':
      return (
        <select
          className="filter-value"
          aria-label={t('builder.value')}
          value={single}
          onChange={(event) => setSingle(event.target.value)}
          {...common}
        >
          <option value="true">{t('values.true')}</option>
          <option value="false">{t('values.false')}</option>
        </select>
      );
    case 'country':
      return (
        <MultiSelect
          label={t('builder.value')}
          options={countries}
          values={row.values}
          onChange={(values) => onChange({ ...row, values })}
          invalid={props.invalid}
          describedBy={props.describedBy}
          focusKey={focusKey}
        />
      );
    case 'labels':
      return (
        <MultiSelect
          label={t('builder.value')}
          options={labelOptions}
          values={row.values}
          onChange={(values) => onChange({ ...row, values })}
          invalid={props.invalid}
          describedBy={props.describedBy}
          focusKey={focusKey}
        />
      );
    case 'list': {
      const options = (attribute.kind === 'custom' ? attribute.listValues : []).map((value) => ({
        value,
        label: value,
      }));
      return (
        <MultiSelect
          label={t('builder.value')}
          options={options}
          values={row.values}
          onChange={(values) => onChange({ ...row, values })}
          invalid={props.invalid}
          describedBy={props.describedBy}
          focusKey={focusKey}
        />
      );
    }
  }
}
