import { z } from 'zod';
import { searchKey } from '../text';

/**
 * The contact filter model: Chatwoot's filter JSON (docs/filters.md),
 * the attributes a filter can name and the operators each one allows. The meaning of a filter is
 * given by `evaluate.ts`; `docs/filters.md` says it in words, and where it differs from Chatwoot.
 */

// ---------------------------------------------------------------------------------------------
// Wire format

/** Chatwoot's operator names, unchanged, so a segment syncs to `/custom_filters` as it is. */
export const FILTER_OPERATORS = [
  'equal_to',
  'not_equal_to',
  'contains',
  'does_not_contain',
  'is_present',
  'is_not_present',
  'is_greater_than',
  'is_less_than',
  'days_before',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const QUERY_OPERATORS = ['and', 'or'] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

/** `and`/`or` in any case and padding → the lower-case operator; anything else → null. */
export function readQueryOperator(raw: unknown): QueryOperator | null {
  if (typeof raw !== 'string') return null;
  const lower = raw.trim().toLowerCase();
  return lower === 'and' || lower === 'or' ? lower : null;
}

/**
 * One value as Chatwoot's UIs send it: a string, a number, a boolean, or (older multi-select
 * payloads) an `{id, name}` option whose `id` is the value. `validate.ts` turns them all into strings.
 */
const filterValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.looseObject({ id: z.union([z.string(), z.number()]), name: z.string().optional() }),
]);
export type FilterValue = z.infer<typeof filterValueSchema>;

/**
 * One row of the payload, `{attribute_key, filter_operator, values, query_operator}`. Unknown
 * operators and attributes pass this schema on purpose: `validateFilter` reports them per row so the
 * builder can mark the row. Extra keys (`attribute_model`, `custom_attribute_type`…) are kept.
 * A scalar `values` is read as a one-element list; a missing one as an empty list.
 */
export const filterConditionSchema = z.looseObject({
  attribute_key: z.string(),
  filter_operator: z.string(),
  values: z.preprocess(
    (raw) => (raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]),
    z.array(filterValueSchema),
  ),
  query_operator: z.string().nullable().optional(),
});
export type FilterCondition = z.infer<typeof filterConditionSchema>;

export const filterPayloadSchema = z.array(filterConditionSchema);
export type FilterPayload = FilterCondition[];

/** A saved segment as `/custom_filters` stores it. `filter_type` is `"contact"` or Chatwoot's enum value 1. */
export const contactSegmentSchema = z.looseObject({
  name: z.string().min(1),
  filter_type: z.union([z.literal('contact'), z.literal(1)]),
  query: z.looseObject({ payload: filterPayloadSchema }),
});
export type ContactSegment = z.infer<typeof contactSegmentSchema>;

// ---------------------------------------------------------------------------------------------
// Attributes

/**
 * How an attribute's values compare. `link` custom attributes compare as `text`, `checkbox` ones as
 * `boolean`; `country` is an ISO 3166-1 alpha-2 code.
 */
export type FilterDataType = 'text' | 'country' | 'labels' | 'date' | 'boolean' | 'number' | 'list';

/** The custom attribute types of the data layer (`AttributeDefinition` in src/shared/records.ts). */
export type CustomAttributeType = 'text' | 'number' | 'link' | 'date' | 'list' | 'checkbox';

/** The part of a custom attribute definition the filter needs (the data layer's type has more). */
export interface FilterAttributeDefinition {
  key: string;
  displayName: string;
  type: CustomAttributeType;
  listValues: readonly string[];
}

export const STANDARD_ATTRIBUTE_KEYS = [
  'name',
  'email',
  'phone_number',
  'identifier',
  'country_code',
  'city',
  'company',
  'labels',
  'created_at',
  'last_activity_at',
  'blocked',
] as const;
export type StandardAttributeKey = (typeof STANDARD_ATTRIBUTE_KEYS)[number];

/** The `Contact` fields the standard attributes read. */
export type StandardTextField = 'name' | 'email' | 'phone' | 'identifier' | 'city' | 'company';
export type StandardContactField = StandardTextField | 'countryCode' | 'labels' | 'createdAt' | 'lastActivityAt' | 'blocked';

interface FilterAttributeBase {
  /** The wire `attribute_key`. */
  key: string;
  /** English name for standard attributes (the UI translates by key), the definition's name for custom ones. */
  displayName: string;
  dataType: FilterDataType;
  /** Allowed operators, in the order the builder offers them. */
  operators: FilterOperators;
}

export interface StandardFilterAttribute extends FilterAttributeBase {
  kind: 'standard';
  key: StandardAttributeKey;
  field: StandardContactField;
}

export interface CustomFilterAttribute extends FilterAttributeBase {
  kind: 'custom';
  customType: CustomAttributeType;
  /** The options of a `list` attribute; empty for the other types. */
  listValues: readonly string[];
}

export type FilterAttribute = StandardFilterAttribute | CustomFilterAttribute;

/** Operators per data type, in the order the builder offers them (the list). */
/** Every data type offers at least one operator: a new condition starts with the first. */
export type FilterOperators = readonly [FilterOperator, ...FilterOperator[]];

export const OPERATORS_BY_TYPE: Readonly<Record<FilterDataType, FilterOperators>> = {
  text: ['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'is_present', 'is_not_present'],
  country: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'],
  labels: ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'],
  date: ['is_greater_than', 'is_less_than', 'days_before', 'is_present', 'is_not_present'],
  number: ['equal_to', 'not_equal_to', 'is_greater_than', 'is_less_than'],
  boolean: ['equal_to', 'not_equal_to'],
  list: ['equal_to', 'not_equal_to'],
};

function standard(key: StandardAttributeKey, field: StandardContactField, displayName: string, dataType: FilterDataType): StandardFilterAttribute {
  return { kind: 'standard', key, field, displayName, dataType, operators: OPERATORS_BY_TYPE[dataType] };
}

/** The standard attributes, in the order the builder lists them. */
export const STANDARD_ATTRIBUTES: readonly StandardFilterAttribute[] = [
  standard('name', 'name', 'Name', 'text'),
  standard('email', 'email', 'Email', 'text'),
  standard('phone_number', 'phone', 'Phone number', 'text'),
  standard('identifier', 'identifier', 'Identifier', 'text'),
  standard('country_code', 'countryCode', 'Country', 'country'),
  standard('city', 'city', 'City', 'text'),
  standard('company', 'company', 'Company', 'text'),
  standard('labels', 'labels', 'Labels', 'labels'),
  standard('created_at', 'createdAt', 'Created at', 'date'),
  standard('last_activity_at', 'lastActivityAt', 'Last activity', 'date'),
  standard('blocked', 'blocked', 'Blocked', 'boolean'),
];

const CUSTOM_DATA_TYPE: Readonly<Record<CustomAttributeType, FilterDataType>> = {
  text: 'text',
  link: 'text',
  number: 'number',
  date: 'date',
  list: 'list',
  checkbox: 'boolean',
};

const STANDARD_KEY_SET: ReadonlySet<string> = new Set(STANDARD_ATTRIBUTE_KEYS);

export function isStandardAttributeKey(key: string): key is StandardAttributeKey {
  return STANDARD_KEY_SET.has(key);
}

/**
 * Every attribute a filter may name: the standard ones, then one per custom attribute definition.
 * A definition whose key is a standard key is left out: `attribute_key` would be ambiguous, and
 * Chatwoot's filter resolves such keys to the standard attribute too (it forbids most of them on
 * create, but not `company` or `labels`).
 */
export function attributesFor(definitions: readonly FilterAttributeDefinition[]): FilterAttribute[] {
  const attributes: FilterAttribute[] = [...STANDARD_ATTRIBUTES];
  const seen = new Set<string>(STANDARD_ATTRIBUTE_KEYS);
  for (const definition of definitions) {
    if (seen.has(definition.key)) continue;
    seen.add(definition.key);
    const dataType = CUSTOM_DATA_TYPE[definition.type];
    attributes.push({
      kind: 'custom',
      key: definition.key,
      displayName: definition.displayName,
      customType: definition.type,
      dataType,
      operators: OPERATORS_BY_TYPE[dataType],
      listValues: definition.type === 'list' ? [...definition.listValues] : [],
    });
  }
  return attributes;
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * The folded form every text comparison uses, on both sides: `searchKey` (case and accents folded,
 * ñ → n) without surrounding white space. A field that folds to "" is empty.
 */
export function foldText(text: string | null | undefined): string {
  return searchKey(text).trim();
}

// ---------------------------------------------------------------------------------------------
// Numbers

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number as a person types it or a custom attribute stores it: a finite number, or a string
 * holding one decimal number with `.` or `,` as the decimal separator (Spanish users type `1,5`).
 * No thousands separators: "1.000" is one, not a thousand. Anything else is null.
 */
export function parseFilterNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!NUMBER_PATTERN.test(trimmed)) return null;
  const parsed = Number(trimmed.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : null;
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * Dates in filters are calendar days, counted as "day numbers": days since 1970-01-01. Filter values
 * are ISO `YYYY-MM-DD`. A contact's timestamp (epoch ms) belongs to the calendar day it falls on in
 * the user's time zone (`dayNumber`); a custom date attribute is the calendar day written at the
 * start of its value, with no time zone (as PostgreSQL's `::date` reads it).
 */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/**
 * The day number of the `YYYY-MM-DD` at the start of `text`, or null when there is none or it is no
 * real date (2025-02-30). With `exact`, nothing may follow; without, a time may (`T…` or ` …`),
 * which is ignored. Allocation-free: the evaluator calls it per contact.
 */
export function parseIsoDay(text: string, exact = true): number | null {
  if (text.length < 10 || (exact && text.length !== 10)) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  if (text.length > 10) {
    const next = text.charCodeAt(10);
    if (next !== 84 && next !== 32) return null; // 'T' or ' '
  }
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = digitAt(text, i);
    if (digit < 0) return null;
    year = year * 10 + digit;
  }
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return null;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** `YYYY-MM-DD` of a day number (for messages and tests). */
export function isoDay(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);
  return date.toISOString().slice(0, 10);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Milliseconds to add to UTC to get wall-clock time in `timeZone` (IANA name; the runtime's own when absent). */
export function timeZoneOffsetMs(epochMs: number, timeZone?: string): number {
  if (timeZone === undefined) return -new Date(epochMs).getTimezoneOffset() * 60_000;
  const parts = offsetFormatter(timeZone).formatToParts(epochMs);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of parts) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const wallClock = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wallClock - wholeSecond;
}

/** The calendar day (day number) an instant falls on in `timeZone` (the runtime's own when absent). */
export function dayNumber(epochMs: number, timeZone?: string): number {
  return Math.floor((epochMs + timeZoneOffsetMs(epochMs, timeZone)) / DAY_MS);
}

/**
 * The first instant (epoch ms) of calendar day `day` in `timeZone`: the smallest `t` with
 * `dayNumber(t) >= day`. Usually local midnight; on a day whose midnight a DST change skips, the
 * first instant that exists. The evaluator turns date conditions into these bounds once per filter.
 */
export function startOfDay(day: number, timeZone?: string): number {
  const utcMidnight = day * DAY_MS;
  const guess = utcMidnight - timeZoneOffsetMs(utcMidnight, timeZone);
  const refined = utcMidnight - timeZoneOffsetMs(guess, timeZone);
  if (dayNumber(refined, timeZone) >= day && dayNumber(refined - 1, timeZone) < day) return refined;
  // A DST change near midnight: search the instant where the local day turns (offsets stay within ±15 h).
  let low = utcMidnight - 15 * 3_600_000; // dayNumber(low) < day
  let high = utcMidnight + 15 * 3_600_000; // dayNumber(high) >= day
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (dayNumber(middle, timeZone) >= day) high = middle;
    else low = middle;
  }
  return high;
}
