import { countryFilterKey } from '../countries';
import {
  FILTER_OPERATORS,
  filterConditionSchema,
  foldText,
  parseFilterNumber,
  parseIsoDay,
  readQueryOperator,
  type FilterAttribute,
  type FilterCondition,
  type FilterOperator,
  type FilterPayload,
  type FilterValue,
  type QueryOperator,
} from './model';

/**
 * Checks a filter payload against the attributes that exist, row by row, so the builder can mark
 * each faulty row and say what to fix. A filter is either wholly valid or not applied at all.
 */

export const FILTER_ERROR_CODES = [
  /** The payload is not a list (index −1). */
  'invalid-payload',
  /** The payload has no conditions (index −1). */
  'no-conditions',
  /** The row is not `{attribute_key, filter_operator, values, query_operator}`. */
  'invalid-condition',
  'unknown-attribute',
  /** Not one of the attribute's operators (or not an operator at all, like Chatwoot's `starts_with`). */
  'operator-not-allowed',
  /** No value, or only blank ones. */
  'value-required',
  /** "Is after", "Is before", "More than N days ago" and number comparisons take exactly one value. */
  'single-value-required',
  'not-a-number',
  /** Not `YYYY-MM-DD`, or no such day (2025-02-30). */
  'invalid-date',
  'days-not-positive-integer',
  /** A checkbox or "Blocked" value other than true/false. */
  'not-a-boolean',
  /** Not a two-letter ISO 3166-1 code. */
  'invalid-country-code',
  /** Not one of the list attribute's options. */
  'not-a-list-value',
  /** A row other than the last without `and`/`or`. */
  'invalid-query-operator',
] as const;
export type FilterErrorCode = (typeof FILTER_ERROR_CODES)[number];

export interface FilterError {
  /** The row (0-based); −1 for the payload as a whole. */
  index: number;
  code: FilterErrorCode;
  /** What the message needs: `attribute`, `operator`, `value`… */
  params: Record<string, string | number>;
}

export interface ValidCondition {
  index: number;
  attribute: FilterAttribute;
  operator: FilterOperator;
  /**
   * Normalised values, all strings: trimmed and non-blank; numbers in JavaScript's canonical form;
   * booleans `true`/`false`; dates `YYYY-MM-DD`; days a positive integer; labels lower-case;
   * countries upper-case; phone numbers without separators. Empty for is_present/is_not_present.
   */
  values: readonly string[];
  /** How this row joins the next; null on the last row. */
  queryOperator: QueryOperator | null;
}

export interface ValidFilter {
  conditions: readonly ValidCondition[];
  /** The payload to store and sync: the rows as given (extra keys kept) with normalised values and query operators. */
  payload: FilterPayload;
}

/** A refusal names at least one error, the first row's first. */
export type FilterValidation = { ok: true; filter: ValidFilter } | { ok: false; errors: [FilterError, ...FilterError[]] };

/**
 * The value of a one-value operator (is_greater_than, is_less_than, days_before): validation keeps
 * exactly one, so its absence is a fault of the caller, not of the user's filter.
 */
export function singleValue(condition: ValidCondition): string {
  const [value] = condition.values;
  if (value === undefined) throw new Error(`${condition.operator} needs one value`);
  return value;
}

/** The largest N in "More than N days ago" (a thousand years): beyond it dates stop being meaningful. */
export const MAX_DAYS_BEFORE = 365_000;

const OPERATOR_SET: ReadonlySet<string> = new Set(FILTER_OPERATORS);
const PHONE_SEPARATORS = /[\s\-().]/g;
const DIGITS = /^\d+$/;

function valueText(value: FilterValue): string {
  if (typeof value === 'object') return String(value.id).trim();
  return String(value).trim();
}

type ValuesOutcome = { values: string[] } | { error: Omit<FilterError, 'index'> };

function failure(code: FilterErrorCode, params: Record<string, string | number> = {}): ValuesOutcome {
  return { error: { code, params } };
}

function normaliseValues(attribute: FilterAttribute, operator: FilterOperator, raw: readonly FilterValue[]): ValuesOutcome {
  if (operator === 'is_present' || operator === 'is_not_present') return { values: [] };
  const texts = raw.map(valueText).filter((text) => text !== '');
  if (texts.length === 0) return failure('value-required');
  const single = operator === 'is_greater_than' || operator === 'is_less_than' || operator === 'days_before';
  if (single && texts.length > 1) return failure('single-value-required', { count: texts.length });

  if (operator === 'days_before') {
    const text = texts[0] ?? '';
    const days = DIGITS.test(text) ? Number(text) : NaN;
    if (!(days >= 1 && days <= MAX_DAYS_BEFORE)) return failure('days-not-positive-integer', { value: text });
    return { values: [String(days)] };
  }

  const values: string[] = [];
  for (const text of texts) {
    switch (attribute.dataType) {
      case 'text': {
        let value = text;
        if (attribute.key === 'phone_number' && attribute.kind === 'standard') {
          // Contacts keep phones in E.164: drop what people type between digits; equality gets the
          // leading "+" Chatwoot also adds (`"+" + value.delete("+")`).
          value = value.replace(PHONE_SEPARATORS, '');
          if ((operator === 'equal_to' || operator === 'not_equal_to') && /^\d/.test(value)) value = `+${value}`;
        }
        if (foldText(value) === '') return failure('value-required');
        values.push(value);
        break;
      }
      case 'country': {
        // A code, alpha-3 code or name ("ES", "esp", "España") is the country's code; anything
        // else is the folded text of a country kept as text (src/shared/countries).
        const key = countryFilterKey(text);
        if (key === '') return failure('invalid-country-code', { value: text });
        values.push(key);
        break;
      }
      case 'labels':
        values.push(text.toLowerCase());
        break;
      case 'boolean': {
        const lower = text.toLowerCase();
        if (lower !== 'true' && lower !== 'false') return failure('not-a-boolean', { value: text });
        values.push(lower);
        break;
      }
      case 'list': {
        const options = attribute.kind === 'custom' ? attribute.listValues : [];
        const folded = foldText(text);
        if (folded === '') return failure('value-required');
        if (options.length > 0 && !options.some((option) => foldText(option) === folded)) {
          return failure('not-a-list-value', { value: text });
        }
        values.push(text);
        break;
      }
      case 'number': {
        const number = parseFilterNumber(text);
        if (number === null) return failure('not-a-number', { value: text });
        values.push(String(number));
        break;
      }
      case 'date':
        if (parseIsoDay(text) === null) return failure('invalid-date', { value: text });
        values.push(text);
        break;
    }
  }
  return { values };
}

type CheckedCondition =
  | { attribute: FilterAttribute; operator: FilterOperator; values: string[] }
  | Omit<FilterError, 'index'>;

function checkCondition(condition: FilterCondition, byKey: ReadonlyMap<string, FilterAttribute>): CheckedCondition {
  const attribute = byKey.get(condition.attribute_key);
  if (!attribute) return { code: 'unknown-attribute', params: { attribute: condition.attribute_key } };
  const operator = condition.filter_operator;
  if (!OPERATOR_SET.has(operator) || !attribute.operators.includes(operator as FilterOperator)) {
    return { code: 'operator-not-allowed', params: { attribute: attribute.key, operator } };
  }
  const filterOperator = operator as FilterOperator;
  const outcome = normaliseValues(attribute, filterOperator, condition.values);
  if ('error' in outcome) {
    return { code: outcome.error.code, params: { attribute: attribute.key, operator, ...outcome.error.params } };
  }
  return { attribute, operator: filterOperator, values: outcome.values };
}

/**
 * Validates `payload` (as received: `unknown`) against `attributes` (from `attributesFor`). On
 * success the filter carries resolved attributes and normalised values, ready for `compileFilter`.
 * Every faulty row is reported, each with the first thing wrong with its condition, plus a separate
 * `invalid-query-operator` when its joining operator is bad.
 */
export function validateFilter(payload: unknown, attributes: readonly FilterAttribute[]): FilterValidation {
  if (!Array.isArray(payload)) return { ok: false, errors: [{ index: -1, code: 'invalid-payload', params: {} }] };
  if (payload.length === 0) return { ok: false, errors: [{ index: -1, code: 'no-conditions', params: {} }] };

  const byKey = new Map<string, FilterAttribute>();
  for (const attribute of attributes) if (!byKey.has(attribute.key)) byKey.set(attribute.key, attribute);

  const errors: FilterError[] = [];
  const conditions: ValidCondition[] = [];
  const normalised: FilterCondition[] = [];
  const last = payload.length - 1;

  payload.forEach((row: unknown, index) => {
    const parsed = filterConditionSchema.safeParse(row);
    if (!parsed.success) {
      errors.push({ index, code: 'invalid-condition', params: {} });
      return;
    }
    const condition = parsed.data;
    const queryOperator = index < last ? readQueryOperator(condition.query_operator) : null;
    const conditionError = checkCondition(condition, byKey);
    if ('code' in conditionError) errors.push({ index, ...conditionError });
    if (index < last && queryOperator === null) {
      errors.push({ index, code: 'invalid-query-operator', params: { value: String(condition.query_operator ?? '') } });
    }
    if ('attribute' in conditionError) {
      const { attribute, operator, values } = conditionError;
      conditions.push({ index, attribute, operator, values, queryOperator });
      normalised.push({ ...condition, values, query_operator: queryOperator });
    }
  });

  const [firstError, ...otherErrors] = errors.sort((a, b) => a.index - b.index);
  if (firstError) {
    return { ok: false, errors: [firstError, ...otherErrors] };
  }
  return { ok: true, filter: { conditions, payload: normalised } };
}
