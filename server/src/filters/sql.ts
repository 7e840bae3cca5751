/**
 * A validated contact filter (src/shared/filters) as a SQL condition over `contacts c`, with the
 * meaning `compileFilter` gives it. Text, numbers, calendar days and checkboxes are read from
 * `c.folded`, which `foldContact` computed with the evaluator's own functions; values are folded and
 * date bounds computed here with those functions too, so the SQL only compares. A test runs the same
 * filters through this and through the evaluator on the same contacts and demands the same result.
 */
import { conditionChains } from '../../../src/shared/filters/evaluate';
import {
  attributesFor,
  dayNumber,
  foldText,
  parseIsoDay,
  startOfDay,
  type CustomAttributeType,
  type FilterAttribute,
  type FilterAttributeDefinition,
} from '../../../src/shared/filters/model';
import { singleValue, validateFilter, type FilterError, type ValidCondition, type ValidFilter } from '../../../src/shared/filters/validate';
import { unprocessable, ApiError } from '../http/errors';

export interface FilterSqlOptions {
  /** The number of the first `$n` parameter this condition may use. */
  firstParam: number;
  /** "Now" (epoch ms), for "More than N days ago". */
  now: number;
  /** IANA time zone whose calendar days date conditions use. */
  timeZone: string;
}

export interface FilterSql {
  where: string;
  params: unknown[];
}

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly first: number) {}
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.first + this.values.length - 1}${cast}`;
  }
}

const STD_TEXT_FIELD: ReadonlyMap<string, string> = new Map([
  ['name', 'name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['identifier', 'identifier'],
  ['city', 'city'],
  ['company', 'company'],
]);

function textExpression(attribute: FilterAttribute, params: Params): string {
  if (attribute.kind === 'custom') return `coalesce(c.folded->'text'->>${params.add(attribute.key)}, '')`;
  const field = STD_TEXT_FIELD.get(attribute.field);
  if (!field) throw new Error(`no text field for ${attribute.key}`);
  return `coalesce(c.folded->'std'->>'${field}', '')`;
}

function textSql(condition: ValidCondition, params: Params): string {
  const read = textExpression(condition.attribute, params);
  const values = condition.values.map(foldText);
  switch (condition.operator) {
    case 'equal_to':
      return `${read} = ANY(${params.add(values, '::text[]')})`;
    case 'not_equal_to':
      return `(${read} = '' OR NOT (${read} = ANY(${params.add(values, '::text[]')})))`;
    case 'contains':
      return `EXISTS (SELECT 1 FROM unnest(${params.add(values, '::text[]')}) AS v(value) WHERE strpos(${read}, v.value) > 0)`;
    case 'does_not_contain':
      return `NOT EXISTS (SELECT 1 FROM unnest(${params.add(values, '::text[]')}) AS v(value) WHERE strpos(${read}, v.value) > 0)`;
    case 'is_present':
      return `${read} <> ''`;
    case 'is_not_present':
      return `${read} = ''`;
    default:
      throw new Error(`operator ${condition.operator} on text`);
  }
}

function countrySql(condition: ValidCondition, params: Params): string {
  const read = `coalesce(c.folded->>'country', '')`;
  switch (condition.operator) {
    case 'equal_to':
      return `${read} = ANY(${params.add([...condition.values], '::text[]')})`;
    case 'not_equal_to':
      return `NOT (${read} = ANY(${params.add([...condition.values], '::text[]')}))`;
    case 'is_present':
      return `${read} <> ''`;
    case 'is_not_present':
      return `${read} = ''`;
    default:
      throw new Error(`operator ${condition.operator} on country`);
  }
}

function labelsSql(condition: ValidCondition, params: Params): string {
  switch (condition.operator) {
    case 'equal_to':
      return `c.labels && ${params.add([...condition.values], '::text[]')}`;
    case 'not_equal_to':
      return `NOT (c.labels && ${params.add([...condition.values], '::text[]')})`;
    case 'is_present':
      return `cardinality(c.labels) > 0`;
    case 'is_not_present':
      return `cardinality(c.labels) = 0`;
    default:
      throw new Error(`operator ${condition.operator} on labels`);
  }
}

function numberSql(condition: ValidCondition, params: Params): string {
  const read = `(c.folded->'number'->>${params.add(condition.attribute.key)})::float8`;
  const values = condition.values.map(Number);
  switch (condition.operator) {
    case 'equal_to':
      return `coalesce(${read} = ANY(${params.add(values, '::float8[]')}), false)`;
    case 'not_equal_to':
      return `coalesce(NOT (${read} = ANY(${params.add(values, '::float8[]')})), true)`;
    case 'is_greater_than':
      return `coalesce(${read} > ${params.add(values[0], '::float8')}, false)`;
    case 'is_less_than':
      return `coalesce(${read} < ${params.add(values[0], '::float8')}, false)`;
    default:
      throw new Error(`operator ${condition.operator} on number`);
  }
}

function booleanSql(condition: ValidCondition, params: Params): string {
  const { attribute } = condition;
  if (condition.operator !== 'equal_to' && condition.operator !== 'not_equal_to') throw new Error(`operator ${condition.operator} on boolean`);
  const matchesTrue = condition.values.includes('true');
  const matchesFalse = condition.values.includes('false');
  // equal_to: checked rows match when "true" is among the values, unchecked ones when "false" is.
  const [whenTrue, whenFalse] = condition.operator === 'equal_to' ? [matchesTrue, matchesFalse] : [!matchesTrue, !matchesFalse];
  // Decided before any parameter is added: an unused parameter would break the statement.
  if (whenTrue && whenFalse) return 'TRUE';
  if (!whenTrue && !whenFalse) return 'FALSE';
  const read = attribute.kind === 'standard' ? 'c.blocked' : `(c.folded->'checked') ? ${params.add(attribute.key, '::text')}`;
  return whenTrue ? `(${read})` : `NOT (${read})`;
}

function standardDateSql(condition: ValidCondition, params: Params, options: FilterSqlOptions): string {
  const column = condition.attribute.kind === 'standard' && condition.attribute.field === 'createdAt' ? 'c.created_at' : 'c.last_activity_at';
  const instant = (epochMs: number) => params.add(new Date(epochMs).toISOString(), '::timestamptz');
  const { timeZone } = options;
  switch (condition.operator) {
    case 'is_greater_than':
      return `coalesce(${column} >= ${instant(startOfDay((parseIsoDay(singleValue(condition)) as number) + 1, timeZone))}, false)`;
    case 'is_less_than':
      return `coalesce(${column} < ${instant(startOfDay(parseIsoDay(singleValue(condition)) as number, timeZone))}, false)`;
    case 'days_before':
      return `coalesce(${column} < ${instant(startOfDay(dayNumber(options.now, timeZone) - Number(condition.values[0]), timeZone))}, false)`;
    case 'is_present':
      return `${column} IS NOT NULL`;
    case 'is_not_present':
      return `${column} IS NULL`;
    default:
      throw new Error(`operator ${condition.operator} on date`);
  }
}

function customDateSql(condition: ValidCondition, params: Params, options: FilterSqlOptions): string {
  const read = `(c.folded->'day'->>${params.add(condition.attribute.key)})::int`;
  switch (condition.operator) {
    case 'is_greater_than':
      return `coalesce(${read} > ${params.add(parseIsoDay(singleValue(condition)), '::int')}, false)`;
    case 'is_less_than':
      return `coalesce(${read} < ${params.add(parseIsoDay(singleValue(condition)), '::int')}, false)`;
    case 'days_before':
      return `coalesce(${read} < ${params.add(dayNumber(options.now, options.timeZone) - Number(condition.values[0]), '::int')}, false)`;
    case 'is_present':
      return `${read} IS NOT NULL`;
    case 'is_not_present':
      return `${read} IS NULL`;
    default:
      throw new Error(`operator ${condition.operator} on date`);
  }
}

function conditionSql(condition: ValidCondition, params: Params, options: FilterSqlOptions): string {
  switch (condition.attribute.dataType) {
    case 'text':
    case 'list':
      return textSql(condition, params);
    case 'country':
      return countrySql(condition, params);
    case 'labels':
      return labelsSql(condition, params);
    case 'number':
      return numberSql(condition, params);
    case 'boolean':
      return booleanSql(condition, params);
    case 'date':
      return condition.attribute.kind === 'custom' ? customDateSql(condition, params, options) : standardDateSql(condition, params, options);
  }
}

/** OR of AND chains, grouped exactly as the evaluator groups them. */
export function filterToSql(filter: ValidFilter, options: FilterSqlOptions): FilterSql {
  const params = new Params(options.firstParam);
  const { conditions } = filter;
  if (conditions.length === 0) return { where: 'TRUE', params: [] };
  const where = conditionChains(conditions)
    .map((chain) => `(${chain.map((condition) => `(${conditionSql(condition, params, options)})`).join(' AND ')})`)
    .join(' OR ');
  return { where, params: params.values };
}

/** Chatwoot's `attribute_display_type` enum; currency and percent filter as numbers. */
const DISPLAY_TYPES: readonly CustomAttributeType[] = ['text', 'number', 'number', 'number', 'link', 'date', 'list', 'checkbox'];

export interface DefinitionRow {
  attribute_key: string;
  attribute_display_name: string;
  attribute_display_type: number;
  attribute_values: unknown;
}

export function filterAttributes(definitions: readonly DefinitionRow[]): FilterAttribute[] {
  const mapped: FilterAttributeDefinition[] = definitions.map((definition) => ({
    key: definition.attribute_key,
    displayName: definition.attribute_display_name,
    type: DISPLAY_TYPES[definition.attribute_display_type] ?? 'text',
    listValues: Array.isArray(definition.attribute_values) ? definition.attribute_values.map(String) : [],
  }));
  return attributesFor(mapped);
}

/** Chatwoot's 422 texts (`config/locales/en.yml`, `errors.custom_filters`) for the first error. */
export function filterErrorMessage(error: FilterError, attributes: readonly FilterAttribute[]): string {
  const attribute = String(error.params.attribute ?? '');
  switch (error.code) {
    case 'unknown-attribute':
      return `Invalid attribute key - [${attribute}]. The key should be one of [${attributes
        .filter((item) => item.kind === 'standard')
        .map((item) => item.key)
        .join(',')}] or a custom attribute defined in the account.`;
    case 'operator-not-allowed': {
      const allowed = attributes.find((item) => item.key === attribute)?.operators ?? [];
      return `Invalid operator. The allowed operators for ${attribute} are [${allowed.join(',')}].`;
    }
    case 'invalid-query-operator':
      return 'Query operator must be either "AND" or "OR".';
    case 'invalid-payload':
    case 'no-conditions':
    case 'invalid-condition':
      return 'Invalid filter payload';
    default:
      return `Invalid value. The values provided for ${attribute} are invalid`;
  }
}

/**
 * How much one filter may ask. The cost of a filter is its conditions (planning grows faster than
 * linearly: 300 AND-ed `contains` took 0.84 s on 2,000 contacts, 500 took 2.6 s and 550 never ended)
 * times its values times the contacts scanned (each `contains` value is one `strpos` per contact: 200
 * OR-ed values took 2.4 s on 10,000 contacts). The filter builder makes a handful of rows with a few
 * values each; these caps are far above that, and keep the largest allowed filter near a second on
 * 10,000 contacts (`node --import tsx server/bench/filter-limits.ts 10000`, figures in
 * docs/server.md). Past that, the statement time budget (STATEMENT_TIMEOUT_MS) stops it.
 */
export const FILTER_LIMITS = {
  conditions: 50,
  valuesPerCondition: 50,
  values: 100,
  /** Characters of one value: more than any name, email or attribute a `contains` could match usefully. */
  valueLength: 1000,
} as const;

/** The first limit `payload` is over, as Chatwoot's `{error}` text; null within limits (or not a list: validation says why). */
export function filterLimitError(payload: unknown): string | null {
  if (!Array.isArray(payload)) return null;
  if (payload.length > FILTER_LIMITS.conditions) {
    return `Too many filter conditions: ${payload.length}. The maximum is ${FILTER_LIMITS.conditions}.`;
  }
  let total = 0;
  for (const [index, row] of payload.entries()) {
    const raw: unknown = typeof row === 'object' && row !== null && Object.hasOwn(row, 'values') ? (row as { values: unknown }).values : [];
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (values.length > FILTER_LIMITS.valuesPerCondition) {
      return `Too many values in filter condition ${index + 1}: ${values.length}. The maximum is ${FILTER_LIMITS.valuesPerCondition}.`;
    }
    total += values.length;
    if (values.some((value) => typeof value === 'string' && value.length > FILTER_LIMITS.valueLength)) {
      return `A value in filter condition ${index + 1} is too long. The maximum is ${FILTER_LIMITS.valueLength} characters.`;
    }
  }
  if (total > FILTER_LIMITS.values) return `Too many filter values: ${total}. The maximum is ${FILTER_LIMITS.values}.`;
  return null;
}

/** Validates a request's filter payload and translates it, or throws Chatwoot's 422. */
export function contactFilterSql(payload: unknown, definitions: readonly DefinitionRow[], options: FilterSqlOptions & { strict: boolean }): FilterSql {
  const overLimit = filterLimitError(payload);
  if (overLimit !== null) throw unprocessable(overLimit);
  const attributes = filterAttributes(definitions);
  const validation = validateFilter(payload, attributes);
  if (!validation.ok) {
    const message = filterErrorMessage(validation.errors[0], attributes);
    throw options.strict ? unprocessable(message) : new ApiError(422, { error: message, errors: validation.errors });
  }
  return filterToSql(validation.filter, options);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
