import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributesFor,
  compileFilter,
  FILTER_OPERATORS,
  validateFilter,
  type FilterAttribute,
} from '../../../shared/filters';
import { makeContact } from '../../../shared/filters/test-helpers';
import {
  draftGroups,
  fromPayload,
  newRow,
  removeRow,
  samePayload,
  toPayload,
  validateDraft,
  withAttribute,
  withOperator,
  type DraftRow,
} from './draft';

const attributes = attributesFor([
  { key: 'plan', displayName: 'Plan', type: 'list', listValues: ['free', 'pro'] },
  { key: 'seats', displayName: 'Seats', type: 'number', listValues: [] },
  { key: 'renewal', displayName: 'Renewal', type: 'date', listValues: [] },
]);
const byKey = (key: string): FilterAttribute => attributes.find((attribute) => attribute.key === key)!;

function row(
  attribute: string,
  operator: DraftRow['operator'],
  values: string[],
  join: DraftRow['join'] = 'and',
): DraftRow {
  return { id: `${attribute}-${operator}-${values.join()}`, attribute, operator, values, join };
}

describe('draft rows ↔ payload', () => {
  it('writes Chatwoot rows with the last query operator null and no values for presence tests', () => {
    const payload = toPayload([
      row('city', 'contains', ['Madrid'], 'or'),
      row('email', 'is_present', ['left over'], 'and'),
    ]);
    expect(payload).toEqual([
      { attribute_key: 'city', filter_operator: 'contains', values: ['Madrid'], query_operator: 'or' },
      { attribute_key: 'email', filter_operator: 'is_present', values: [], query_operator: null },
    ]);
  });

  it('reads stored payloads, including Chatwoot quirks: scalar values, {id,name} options, upper-case operators', () => {
    const rows = fromPayload([
      {
        attribute_key: 'country_code',
        filter_operator: 'equal_to',
        values: [{ id: 'ES', name: 'Spain' }],
        query_operator: 'OR',
      },
      { attribute_key: 'name', filter_operator: 'contains', values: 'ana', query_operator: null },
      'garbage',
      null,
    ]);
    expect(
      rows.map(({ attribute, operator, values, join }) => ({ attribute, operator, values, join })),
    ).toEqual([
      { attribute: 'country_code', operator: 'equal_to', values: ['ES'], join: 'or' },
      { attribute: 'name', operator: 'contains', values: ['ana'], join: 'and' },
    ]);
  });

  it('round-trips any valid filter: payload → rows → payload validates to the same filter', () => {
    const rowArbitrary = fc.record({
      attribute: fc.constantFrom('name', 'city', 'labels', 'created_at', 'seats', 'plan', 'blocked'),
      text: fc.constantFrom('madrid', 'Ángel', '10', 'pro', 'vip'),
      join: fc.constantFrom('and' as const, 'or' as const),
      operatorIndex: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(rowArbitrary, { minLength: 1, maxLength: 6 }), (specs) => {
        const rows = specs.map((spec) => {
          const attribute = byKey(spec.attribute);
          const operator = attribute.operators[spec.operatorIndex % attribute.operators.length];
          const value =
            attribute.dataType === 'date'
              ? operator === 'days_before'
                ? '3'
                : '2025-03-01'
              : attribute.dataType === 'boolean'
                ? 'true'
                : attribute.key === 'seats'
                  ? '10'
                  : attribute.key === 'plan'
                    ? 'pro'
                    : spec.text;
          return { ...newRow(attribute, spec.join), operator, values: [value] };
        });
        const first = validateFilter(toPayload(rows), attributes);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const again = validateFilter(toPayload(fromPayload(first.filter.payload)), attributes);
        expect(again.ok && again.filter.payload).toEqual(first.filter.payload);
      }),
      { numRuns: 200 },
    );
  });
});

describe('editing rows', () => {
  it('a new attribute resets operator and values to what fits it', () => {
    const city = row('city', 'contains', ['Madrid']);
    expect(withAttribute(city, byKey('blocked'))).toMatchObject({
      id: city.id,
      attribute: 'blocked',
      operator: 'equal_to',
      values: ['true'],
    });
    expect(withAttribute(city, byKey('created_at'))).toMatchObject({
      operator: 'is_greater_than',
      values: [],
    });
    expect(withAttribute(city, byKey('city'))).toBe(city);
  });

  it('keeps the value across text operators, drops it for presence tests and between dates and days', () => {
    const city = row('city', 'contains', ['Madrid']);
    expect(withOperator(city, byKey('city'), 'equal_to').values).toEqual(['Madrid']);
    expect(withOperator(city, byKey('city'), 'is_present').values).toEqual([]);
    const after = row('created_at', 'is_greater_than', ['2025-03-01']);
    expect(withOperator(after, byKey('created_at'), 'is_less_than').values).toEqual(['2025-03-01']);
    expect(withOperator(after, byKey('created_at'), 'days_before').values).toEqual([]);
  });

  it('removing a row keeps the others and their joins', () => {
    const rows = [
      row('name', 'contains', ['a'], 'or'),
      row('city', 'contains', ['b'], 'and'),
      row('email', 'is_present', []),
    ];
    expect(toPayload(removeRow(rows, 1)).map((item) => item.query_operator)).toEqual(['or', null]);
    expect(toPayload(removeRow(rows, 2)).map((item) => item.query_operator)).toEqual(['or', null]);
    expect(removeRow(rows, 0).map((item) => item.attribute)).toEqual(['city', 'email']);
  });
});

describe('grouping shown by the builder', () => {
  it('groups AND chains and splits at OR: A OR B AND C = A OR (B AND C)', () => {
    const a = row('name', 'contains', ['a'], 'or');
    const b = row('city', 'contains', ['b'], 'and');
    const c = row('email', 'is_present', [], 'or');
    expect(draftGroups([a, b, c])).toEqual([[0], [1, 2]]);
    expect(draftGroups([{ ...a, join: 'and' }, { ...b, join: 'or' }, c])).toEqual([[0, 1], [2]]);
    // The last row's join means nothing.
    expect(draftGroups([a, b, { ...c, join: 'or' }])).toEqual([[0], [1, 2]]);
  });

  it('groups exactly as the evaluator combines rows', () => {
    const contacts = [
      makeContact({ id: '1', name: 'a', city: 'b' }),
      makeContact({ id: '2', name: 'x', city: 'b', email: 'e@x.io' }),
      makeContact({ id: '3', name: 'a' }),
      makeContact({ id: '4', email: 'q@x.io' }),
    ];
    const tests = [
      row('name', 'contains', ['a']),
      row('city', 'contains', ['b']),
      row('email', 'is_present', []),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('and' as const, 'or' as const), { minLength: 3, maxLength: 3 }),
        (joins) => {
          const rows = tests.map((item, index) => ({ ...item, join: joins[index] }));
          const validation = validateDraft(rows, attributes);
          if (!validation.ok) throw new Error('invalid');
          const predicate = compileFilter(validation.filter, { now: 0 });
          const single = rows.map((item) => {
            const one = validateFilter(toPayload([item]), attributes);
            if (!one.ok) throw new Error('invalid row');
            return compileFilter(one.filter, { now: 0 });
          });
          const matchesRow = (contact: (typeof contacts)[number], index: number) => single[index](contact);
          for (const contact of contacts) {
            const byGroups = draftGroups(rows).some((group) =>
              group.every((index) => matchesRow(contact, index)),
            );
            expect(predicate(contact)).toBe(byGroups);
          }
        },
      ),
    );
  });
});

describe('validateDraft', () => {
  it('reports what the shared validator reports, per row', () => {
    const result = validateDraft(
      [row('name', 'contains', []), row('seats', 'equal_to', ['ten']), row('email', 'is_present', [])],
      attributes,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.index, error.code])).toEqual([
      [0, 'value-required'],
      [1, 'not-a-number'],
    ]);
  });

  it('calls a date the browser could not read an invalid date, not a missing one', () => {
    const bad = { ...row('created_at', 'is_greater_than', []), badDate: true };
    const result = validateDraft([bad, row('name', 'contains', [])], attributes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.index, error.code])).toEqual([
      [0, 'invalid-date'],
      [1, 'value-required'],
    ]);
    // A presence test or a filled date ignores a stale flag.
    expect(validateDraft([{ ...bad, operator: 'is_present' }], attributes).ok).toBe(true);
    expect(validateDraft([{ ...bad, values: ['2025-01-31'] }], attributes).ok).toBe(true);
  });

  it('accepts every operator the catalogue offers once it has a fitting value', () => {
    for (const attribute of attributes) {
      for (const operator of attribute.operators) {
        expect(FILTER_OPERATORS).toContain(operator);
        const value =
          operator === 'days_before'
            ? '2'
            : attribute.dataType === 'date'
              ? '2025-01-01'
              : attribute.dataType === 'number'
                ? '3'
                : attribute.dataType === 'country'
                  ? 'ES'
                  : attribute.dataType === 'boolean'
                    ? 'false'
                    : attribute.dataType === 'list'
                      ? 'free'
                      : 'x';
        const result = validateDraft([{ ...newRow(attribute), operator, values: [value] }], attributes);
        expect(result.ok, `${attribute.key} ${operator}`).toBe(true);
      }
    }
  });
});

describe('samePayload', () => {
  it('compares normalised payloads by content', () => {
    const a = [{ attribute_key: 'city', filter_operator: 'contains', values: ['x'], query_operator: null }];
    expect(samePayload(a, JSON.parse(JSON.stringify(a)))).toBe(true);
    expect(samePayload(a, [{ ...a[0], values: ['y'] }])).toBe(false);
    expect(samePayload(null, null)).toBe(true);
    expect(samePayload(a, null)).toBe(false);
  });
});
