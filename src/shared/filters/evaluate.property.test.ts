import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact, CustomAttributeValue } from '../contact';
import { compileFilter, defaultFold, type FoldField } from './evaluate';
import { makeContact, TEST_ATTRIBUTES } from './test-helpers';
import { validateFilter } from './validate';

// ---------------------------------------------------------------------------------------------
// A deliberately naive reference: no compilation, no shared helpers from the filter modules, its
// own folding (NFD) and its own calendar (Intl date strings compared as text). Written from
// docs/filters.md, it must agree with compileFilter on every generated contact and filter.

interface RawCondition {
  attribute_key: string;
  filter_operator: string;
  values: unknown[];
  query_operator: string | null;
}

function naiveFold(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function cleanValues(values: unknown[]): string[] {
  return values.map((value) => String(value).trim()).filter((value) => value !== '');
}

function localDay(time: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(time);
}

function minusDays(isoDay: string, days: number): string {
  const [year, month, day] = isoDay.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

function writtenDay(value: CustomAttributeValue | undefined): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/.test(value)) return null;
  const day = value.slice(0, 10);
  const [year, month, date] = day.split('-').map(Number);
  const real = new Date(Date.UTC(year, month - 1, date));
  return real.getUTCFullYear() === year && real.getUTCMonth() === month - 1 && real.getUTCDate() === date ? day : null;
}

function naiveNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value.trim().replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

function compareText(field: string, operator: string, values: string[]): boolean {
  switch (operator) {
    case 'equal_to':
      return values.includes(field);
    case 'not_equal_to':
      return field === '' || !values.includes(field);
    case 'contains':
      return field !== '' && values.some((value) => field.includes(value));
    case 'does_not_contain':
      return field === '' || !values.some((value) => field.includes(value));
    case 'is_present':
      return field !== '';
    case 'is_not_present':
      return field === '';
  }
  throw new Error(operator);
}

function compareDay(day: string | null, operator: string, values: string[], today: string): boolean {
  switch (operator) {
    case 'is_present':
      return day !== null;
    case 'is_not_present':
      return day === null;
    case 'is_greater_than':
      return day !== null && day > values[0];
    case 'is_less_than':
      return day !== null && day < values[0];
    case 'days_before':
      return day !== null && day < minusDays(today, Number(values[0]));
  }
  throw new Error(operator);
}

const TEXT_FIELDS: Record<string, (contact: Contact) => unknown> = {
  name: (contact) => contact.name,
  email: (contact) => contact.email,
  phone_number: (contact) => contact.phone,
  identifier: (contact) => contact.identifier,
  city: (contact) => contact.city,
  company: (contact) => contact.company,
  note: (contact) => contact.customAttributes.note,
  site: (contact) => contact.customAttributes.site,
  plan: (contact) => contact.customAttributes.plan,
};

function naiveCondition(condition: RawCondition, contact: Contact, now: number, timeZone: string): boolean {
  const operator = condition.filter_operator;
  const values = cleanValues(condition.values);
  const key = condition.attribute_key;
  const today = localDay(now, timeZone);
  if (key in TEXT_FIELDS) {
    let wanted = values;
    if (key === 'phone_number' && (operator === 'equal_to' || operator === 'not_equal_to')) {
      wanted = values.map((value) => (/^\d/.test(value) ? `+${value}` : value));
    }
    return compareText(naiveFold(TEXT_FIELDS[key](contact)), operator, wanted.map(naiveFold));
  }
  switch (key) {
    case 'country_code':
      return compareText((contact.countryCode ?? '').trim().toUpperCase(), operator, values.map((value) => value.toUpperCase()));
    case 'labels': {
      const wanted = values.map((value) => value.toLowerCase());
      const hasAny = contact.labels.some((label) => wanted.includes(label));
      if (operator === 'equal_to') return hasAny;
      if (operator === 'not_equal_to') return !hasAny;
      return operator === 'is_present' ? contact.labels.length > 0 : contact.labels.length === 0;
    }
    case 'created_at':
      return compareDay(localDay(contact.createdAt, timeZone), operator, values, today);
    case 'last_activity_at':
      return compareDay(contact.lastActivityAt === null ? null : localDay(contact.lastActivityAt, timeZone), operator, values, today);
    case 'birthday':
      return compareDay(writtenDay(contact.customAttributes.birthday), operator, values, today);
    case 'score': {
      const number = naiveNumber(contact.customAttributes.score);
      const wanted = values.map(naiveNumber);
      if (operator === 'equal_to') return number !== null && wanted.includes(number);
      if (operator === 'not_equal_to') return number === null || !wanted.includes(number);
      if (operator === 'is_greater_than') return number !== null && number > (wanted[0] as number);
      return number !== null && number < (wanted[0] as number);
    }
    case 'blocked':
    case 'vip': {
      const raw = key === 'blocked' ? contact.blocked : contact.customAttributes.vip;
      const checked = raw === true || (typeof raw === 'string' && raw.trim().toLowerCase() === 'true');
      const wanted = values.map((value) => value.toLowerCase());
      return operator === 'equal_to' ? wanted.includes(String(checked)) : !wanted.includes(String(checked));
    }
  }
  throw new Error(`unknown attribute ${key}`);
}

/** OR of AND chains, parsed from the row operators, evaluated recursively. */
function parseGroups(payload: RawCondition[]): RawCondition[][] {
  const groups: RawCondition[][] = [[]];
  payload.forEach((condition, index) => {
    groups[groups.length - 1].push(condition);
    if (index < payload.length - 1 && condition.query_operator?.toLowerCase() === 'or') groups.push([]);
  });
  return groups;
}

function evalAnd(chain: RawCondition[], contact: Contact, now: number, timeZone: string): boolean {
  if (chain.length === 0) return true;
  return naiveCondition(chain[0], contact, now, timeZone) && evalAnd(chain.slice(1), contact, now, timeZone);
}

function evalOr(groups: RawCondition[][], contact: Contact, now: number, timeZone: string): boolean {
  if (groups.length === 0) return false;
  return evalAnd(groups[0], contact, now, timeZone) || evalOr(groups.slice(1), contact, now, timeZone);
}

function naiveFilter(payload: RawCondition[], contact: Contact, now: number, timeZone: string): boolean {
  return evalOr(parseGroups(payload), contact, now, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Generators: small alphabets so values collide often; accents, ñ, blanks, missing attributes.

const letter = fc.constantFrom('a', 'á', 'A', 'Á', 'n', 'ñ', 'Ñ', 'e', 'É', 'b', ' ');
const text = fc.string({ unit: letter, maxLength: 5 });
const wantedText = text.filter((value) => naiveFold(value) !== '');
const nullableText = fc.option(text, { nil: null });

const DAY = 86_400_000;
/** Around Madrid's 2025 spring DST change (30 March) and Santiago's (6 April). */
const RANGE_START = Date.UTC(2025, 2, 24);
const RANGE_DAYS = 16;
const isoInRange = fc.integer({ min: 0, max: RANGE_DAYS }).map((offset) => new Date(RANGE_START + offset * DAY).toISOString().slice(0, 10));
const instant = fc.oneof(
  fc.integer({ min: RANGE_START - DAY, max: RANGE_START + (RANGE_DAYS + 1) * DAY }),
  // Exactly at or beside midnights in the zones under test.
  fc.tuple(fc.integer({ min: 0, max: RANGE_DAYS }), fc.constantFrom(-2, -1, 0, 1, 3, 4, 9, 15, 22, 23), fc.constantFrom(-1, 0, 1)).map(
    ([day, hour, ms]) => RANGE_START + day * DAY + hour * 3_600_000 + ms,
  ),
);

const customAttributes = fc.record(
  {
    plan: fc.constantFrom<CustomAttributeValue>('Gold', 'gold', 'Ñandú', 'nandu', 'Free', '', null, 3),
    score: fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom<CustomAttributeValue>('2', ' 1 ', '2.5', '2,5', '-1', '', 'abc', null, true),
    ),
    birthday: fc.oneof(isoInRange, fc.constantFrom<CustomAttributeValue>('2025-03-30T23:30:00Z', '2025-02-30', 'soon', '', null)),
    vip: fc.constantFrom<CustomAttributeValue>(true, false, 'true', 'FALSE', 'yes', null),
    note: fc.oneof(text, fc.constantFrom<CustomAttributeValue>(null, 1)),
    site: text,
  },
  { requiredKeys: [] },
);

const contactArb = fc
  .record({
    name: text,
    email: nullableText,
    phone: fc.constantFrom('+34612345678', '+15550001', null),
    identifier: nullableText,
    company: nullableText,
    city: nullableText,
    countryCode: fc.constantFrom('ES', 'FR', 'es', '', null),
    labels: fc.subarray(['vip', 'lead', 'x']),
    createdAt: instant,
    lastActivityAt: fc.option(instant, { nil: null }),
    blocked: fc.boolean(),
    customAttributes,
  })
  .map((fields) => makeContact(fields as Partial<Contact>));

type ConditionArb = fc.Arbitrary<Pick<RawCondition, 'attribute_key' | 'filter_operator' | 'values'>>;

function conditionFor(keys: string[], operators: string[], values: (operator: string) => fc.Arbitrary<unknown[]>): ConditionArb {
  return fc
    .tuple(fc.constantFrom(...keys), fc.constantFrom(...operators))
    .chain(([key, operator]) =>
      (operator === 'is_present' || operator === 'is_not_present' ? fc.constant<unknown[]>([]) : values(operator)).map((vals) => ({
        attribute_key: key,
        filter_operator: operator,
        values: vals,
      })),
    );
}

const conditionArb: ConditionArb = fc.oneof(
  conditionFor(['name', 'email', 'identifier', 'city', 'company', 'note', 'site'], ['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'is_present', 'is_not_present'], () =>
    fc.array(wantedText, { minLength: 1, maxLength: 3 }),
  ),
  conditionFor(['phone_number'], ['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'is_present', 'is_not_present'], () =>
    fc.array(fc.constantFrom('+34612345678', '34612345678', '612', '+1555'), { minLength: 1, maxLength: 2 }),
  ),
  conditionFor(['country_code'], ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], () =>
    fc.subarray(['ES', 'fr', 'DE'], { minLength: 1 }),
  ),
  conditionFor(['labels'], ['equal_to', 'not_equal_to', 'is_present', 'is_not_present'], () =>
    fc.subarray(['vip', 'LEAD', 'x', 'other'], { minLength: 1 }),
  ),
  conditionFor(['created_at', 'last_activity_at', 'birthday'], ['is_greater_than', 'is_less_than', 'days_before', 'is_present', 'is_not_present'], (operator) =>
    operator === 'days_before' ? fc.integer({ min: 1, max: 20 }).map((days) => [days % 2 ? days : String(days)]) : isoInRange.map((day) => [day]),
  ),
  conditionFor(['score'], ['equal_to', 'not_equal_to', 'is_greater_than', 'is_less_than'], (operator) =>
    fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('2.5', '2,5', ' 1 ')), {
      minLength: 1,
      maxLength: operator === 'equal_to' || operator === 'not_equal_to' ? 3 : 1,
    }),
  ),
  conditionFor(['blocked', 'vip'], ['equal_to', 'not_equal_to'], () => fc.subarray<unknown>(['true', 'FALSE', true, false], { minLength: 1, maxLength: 2 })),
  conditionFor(['plan'], ['equal_to', 'not_equal_to'], () => fc.subarray(['gold', 'FREE', 'Ñandú', 'nandu'], { minLength: 1 })),
);

const payloadArb: fc.Arbitrary<RawCondition[]> = fc
  .array(fc.tuple(conditionArb, fc.constantFrom('and', 'or', 'AND', 'Or')), { minLength: 1, maxLength: 5 })
  .map((rows) => rows.map(([condition, joiner], index) => ({ ...condition, query_operator: index === rows.length - 1 ? null : joiner })));

/** A caching fold hook, as the renderer's index would supply. */
function cachingFold(): FoldField {
  const cache = new Map<Contact, Map<string, string>>();
  return (contact, attribute) => {
    let byKey = cache.get(contact);
    if (!byKey) cache.set(contact, (byKey = new Map()));
    let folded = byKey.get(attribute.key);
    if (folded === undefined) byKey.set(attribute.key, (folded = defaultFold(contact, attribute)));
    return folded;
  };
}

describe('compileFilter agrees with a naive reference evaluator', () => {
  it('on random contacts and random valid filters', () => {
    fc.assert(
      fc.property(
        payloadArb,
        fc.array(contactArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: RANGE_START, max: RANGE_START + (RANGE_DAYS + 10) * DAY }),
        fc.constantFrom('UTC', 'Europe/Madrid', 'America/Santiago', 'Asia/Tokyo'),
        fc.boolean(),
        (payload, contacts, now, timeZone, withFoldHook) => {
          const validation = validateFilter(payload, TEST_ATTRIBUTES);
          expect(validation.ok ? [] : validation.errors).toEqual([]);
          if (!validation.ok) return;
          const predicate = compileFilter(validation.filter, { now, timeZone, fold: withFoldHook ? cachingFold() : undefined });
          for (const contact of contacts) {
            expect(predicate(contact)).toBe(naiveFilter(payload, contact, now, timeZone));
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('the naive reference itself follows the precedence it claims (A OR B AND C)', () => {
    const row = (value: string, query_operator: string | null): RawCondition => ({ attribute_key: 'name', filter_operator: 'contains', values: [value], query_operator });
    const payload = [row('a', 'or'), row('b', 'and'), row('e', null)];
    const test = (name: string): boolean => naiveFilter(payload, makeContact({ name }), 0, 'UTC');
    expect([test('a'), test('b'), test('e'), test('be')]).toEqual([true, false, false, true]);
  });
});
