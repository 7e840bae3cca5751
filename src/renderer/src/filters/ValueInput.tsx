import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterAttribute } from '../../../shared/filters';
import { labelFilterOptions } from '../labels/catalogue';
import { useLabelCatalogue } from '../labels/store';
import { useServices } from '../ui/services';
import { countryOptions } from './describe';
import type { DraftRow } from './draft';
import { MultiSelect, type MultiSelectOption } from './MultiSelect';

/** The value input that fits the attribute and operator. */
export function ValueInput(props: {
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
