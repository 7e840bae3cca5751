import type { TFunction } from 'i18next';
import type { FilterAttribute, FilterOperator } from '../../../shared/filters';
import { countryCodes } from '../../../shared/validation/normalize';
import { contactCountryCode, contactCountryKey, countryByCode, countryNameIn } from '../../../shared/countries';

/** How the filter feature names attributes, operators, values and whole conditions in the UI language. */

export function attributeLabel(key: string, attributes: readonly FilterAttribute[], t: TFunction): string {
  const attribute = attributes.find((item) => item.key === key);
  if (!attribute) return key;
  return attribute.kind === 'standard' ? t(`filters:attributes.${attribute.key}`) : attribute.displayName;
}

/** Dates say "Is after"/"Is before" where numbers say "Greater than"/"Less than" (same wire operator). */
export function operatorLabel(
  attribute: FilterAttribute | undefined,
  operator: FilterOperator,
  t: TFunction,
): string {
  if (attribute?.dataType === 'date') {
    if (operator === 'is_greater_than') return t('filters:operators.is_after');
    if (operator === 'is_less_than') return t('filters:operators.is_before');
  }
  return t(`filters:operators.${operator}`);
}

/**
 * A Country filter value in `language`: a code's country name ("ES" → "Spain" / "España"), else
 * the text of a country kept as text, as the filter holds it (src/shared/countries).
 */
export function countryLabel(value: string, language: string): string {
  return countryByCode(value) ? countryNameIn(value, language) : value;
}

/**
 * Every ISO 3166-1 country, named in `language`, and every country the contacts keep as text
 * (by its filter key, shown as first written), sorted, for the Country filter's picker.
 */
export function countryOptions(
  language: string,
  contacts: Iterable<{ country: string | null; countryCode: string | null }> = [],
): { value: string; label: string }[] {
  const collator = new Intl.Collator(language);
  const options = new Map(countryCodes().map((code) => [code, countryLabel(code, language)]));
  for (const contact of contacts) {
    if (!contact.country || contactCountryCode(contact) !== null) continue;
    const key = contactCountryKey(contact);
    if (key !== '' && !options.has(key)) options.set(key, contact.country);
  }
  return [...options].map(([value, label]) => ({ value, label })).sort((a, b) => collator.compare(a.label, b.label));
}

/** `YYYY-MM-DD` as the UI language writes a date; the text as it is when it is no such date. */
export function dateLabel(value: string, language: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function valueLabel(
  attribute: FilterAttribute | undefined,
  value: string,
  t: TFunction,
  language: string,
): string {
  switch (attribute?.dataType) {
    case 'country':
      return countryLabel(value, language);
    case 'boolean':
      return value === 'true'
        ? t('filters:values.true')
        : value === 'false'
          ? t('filters:values.false')
          : value;
    case 'date':
      return dateLabel(value, language);
    default:
      return value;
  }
}

/** One condition in words, for chips: "City Contains madrid", "Created at More than N days ago: 30". */
export function conditionText(
  condition: { attribute_key: string; filter_operator: string; values: readonly unknown[] },
  attributes: readonly FilterAttribute[],
  t: TFunction,
  language: string,
): string {
  const attribute = attributes.find((item) => item.key === condition.attribute_key);
  const name = attributeLabel(condition.attribute_key, attributes, t);
  const operator = condition.filter_operator as FilterOperator;
  const values = condition.values.map(String);
  if (operator === 'days_before') {
    return `${name} ${t('filters:chip.daysAgo', { count: Number(values[0]) })}`;
  }
  const operatorText = operatorLabel(attribute, operator, t).toLowerCase();
  if (values.length === 0) return `${name} ${operatorText}`;
  return `${name} ${operatorText} ${values.map((value) => valueLabel(attribute, value, t, language)).join(', ')}`;
}
