import { useTranslation } from 'react-i18next';
import type { FilterAttribute, FilterError, FilterOperator, QueryOperator } from '../../../shared/filters';
import { attributeLabel, operatorLabel } from './describe';
import { takesNoValue, withAttribute, withOperator, type DraftRow } from './draft';
import { ValueInput } from './ValueInput';

/** One condition: attribute, operator, value and its remove button, with the row's errors under it. */
export function FilterRow(props: {
  row: DraftRow;
  index: number;
  attributes: readonly FilterAttribute[];
  byKey: ReadonlyMap<string, FilterAttribute>;
  rowErrors: readonly FilterError[];
  onChange: (next: DraftRow) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('filters');
  const { row, index, attributes, byKey, rowErrors } = props;
  const attribute = byKey.get(row.attribute);
  const errorId = `filter-row-error-${row.id}`;
  const number = index + 1;
  return (
    <div
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
            if (next) props.onChange(withAttribute(row, next));
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
            attribute && props.onChange(withOperator(row, attribute, event.target.value as FilterOperator))
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
            onChange={props.onChange}
          />
        ) : (
          <span className="filter-row-novalue" />
        )}
        <button
          type="button"
          className="icon-button"
          data-focus-key={`remove-${row.id}`}
          aria-label={t('builder.remove', { number })}
          onClick={props.onRemove}
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
}

/** The AND/OR between two conditions; changing it regroups the rows. */
export function JoinSelect(props: { row: DraftRow; index: number; onChange: (next: DraftRow) => void }) {
  const { t } = useTranslation('filters');
  const { row, index } = props;
  return (
    <div className={`filter-join filter-join-${row.join}`}>
      <select
        data-focus-key={`join-${row.id}`}
        aria-label={t('builder.join', { number: index + 1 })}
        value={row.join}
        onChange={(event) => props.onChange({ ...row, join: event.target.value as QueryOperator })}
      >
        <option value="and">{t('builder.and')}</option>
        <option value="or">{t('builder.or')}</option>
      </select>
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
