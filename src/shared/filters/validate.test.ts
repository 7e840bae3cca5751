import { describe, expect, it } from 'vitest';
import { TEST_ATTRIBUTES } from './test-helpers';
import { validateFilter, type FilterError } from './validate';

function row(attribute_key: string, filter_operator: string, values: unknown, query_operator: unknown = null): Record<string, unknown> {
  return { attribute_key, filter_operator, values, query_operator };
}

function errorsOf(payload: unknown): Array<Pick<FilterError, 'index' | 'code'>> {
  const result = validateFilter(payload, TEST_ATTRIBUTES);
  if (result.ok) return [];
  return result.errors.map(({ index, code }) => ({ index, code }));
}

function firstError(payload: unknown): FilterError {
  const result = validateFilter(payload, TEST_ATTRIBUTES);
  if (result.ok) throw new Error('expected an error');
  return result.errors[0];
}

describe('validateFilter: whole payload', () => {
  it('rejects non-lists and empty lists at index −1', () => {
    expect(errorsOf(null)).toEqual([{ index: -1, code: 'invalid-payload' }]);
    expect(errorsOf({ payload: [] })).toEqual([{ index: -1, code: 'invalid-payload' }]);
    expect(errorsOf([])).toEqual([{ index: -1, code: 'no-conditions' }]);
  });

  it('reports malformed rows', () => {
    expect(errorsOf([null])).toEqual([{ index: 0, code: 'invalid-condition' }]);
    expect(errorsOf([{ attribute_key: 'name' }])).toEqual([{ index: 0, code: 'invalid-condition' }]);
    expect(errorsOf([row('name', 'equal_to', [{ nope: 1 }])])).toEqual([{ index: 0, code: 'invalid-condition' }]);
  });

  it('reports every faulty row and applies nothing', () => {
    const payload = [
      row('name', 'equal_to', ['ok'], 'and'),
      row('nope', 'equal_to', ['x'], 'and'),
      row('score', 'equal_to', ['abc'], 'or'),
      row('created_at', 'is_greater_than', ['2025-02-30'], null),
    ];
    expect(errorsOf(payload)).toEqual([
      { index: 1, code: 'unknown-attribute' },
      { index: 2, code: 'not-a-number' },
      { index: 3, code: 'invalid-date' },
    ]);
  });
});

describe('validateFilter: per-row codes', () => {
  it.each([
    ['unknown-attribute', row('referer', 'equal_to', ['x'])],
    ['operator-not-allowed', row('phone_number', 'starts_with', ['+34'])],
    ['operator-not-allowed', row('labels', 'contains', ['vip'])],
    ['operator-not-allowed', row('created_at', 'equal_to', ['2025-01-01'])],
    ['operator-not-allowed', row('blocked', 'is_present', [])],
    ['operator-not-allowed', row('score', 'contains', ['1'])],
    ['operator-not-allowed', row('name', 'EQUAL_TO', ['x'])],
    ['value-required', row('name', 'equal_to', [])],
    ['value-required', row('name', 'equal_to', ['  ', ''])],
    ['value-required', row('name', 'contains', undefined)],
    ['value-required', row('name', 'contains', ['\u0301'])],
    ['value-required', row('labels', 'equal_to', [])],
    ['not-a-number', row('score', 'equal_to', ['1', 'one'])],
    ['not-a-number', row('score', 'is_greater_than', ['1.000,5'])],
    ['not-a-number', row('score', 'is_less_than', ['Infinity'])],
    ['single-value-required', row('score', 'is_greater_than', ['1', '2'])],
    ['single-value-required', row('created_at', 'is_less_than', ['2025-01-01', '2025-01-02'])],
    ['invalid-date', row('created_at', 'is_greater_than', ['2025-02-30'])],
    ['invalid-date', row('created_at', 'is_greater_than', ['2024-13-01'])],
    ['invalid-date', row('birthday', 'is_less_than', ['01/03/2025'])],
    ['invalid-date', row('birthday', 'is_less_than', ['2025-03-01T00:00:00Z'])],
    ['invalid-date', row('last_activity_at', 'is_less_than', ['2023-02-29'])],
    ['days-not-positive-integer', row('created_at', 'days_before', ['0'])],
    ['days-not-positive-integer', row('created_at', 'days_before', ['-3'])],
    ['days-not-positive-integer', row('created_at', 'days_before', ['1.5'])],
    ['days-not-positive-integer', row('created_at', 'days_before', ['three'])],
    ['days-not-positive-integer', row('birthday', 'days_before', [1e9])],
    ['not-a-boolean', row('blocked', 'equal_to', ['yes'])],
    ['not-a-boolean', row('vip', 'equal_to', [1])],
    ['invalid-country-code', row('country_code', 'equal_to', ['¿?'])],
    ['invalid-country-code', row('country_code', 'equal_to', ['-'])],
    ['not-a-list-value', row('plan', 'equal_to', ['platinum'])],
  ])('%s: %j', (code, condition) => {
    expect(errorsOf([condition])).toEqual([{ index: 0, code }]);
  });

  it('params name the attribute, operator and offending value', () => {
    expect(firstError([row('score', 'equal_to', ['1', 'one'])]).params).toEqual({ attribute: 'score', operator: 'equal_to', value: 'one' });
    expect(firstError([row('phone_number', 'starts_with', ['1'])]).params).toEqual({ attribute: 'phone_number', operator: 'starts_with' });
    expect(firstError([row('zzz', 'equal_to', ['1'])]).params).toEqual({ attribute: 'zzz' });
  });

  it('a 2025-02-29 is impossible, a 2024-02-29 is fine', () => {
    expect(errorsOf([row('created_at', 'is_greater_than', ['2025-02-29'])])).toEqual([{ index: 0, code: 'invalid-date' }]);
    expect(errorsOf([row('created_at', 'is_greater_than', ['2024-02-29'])])).toEqual([]);
  });
});

describe('validateFilter: query operators', () => {
  it('requires and/or (any case) on every row but the last', () => {
    const payload = [row('name', 'equal_to', ['a'], ' AND '), row('name', 'equal_to', ['b'], 'Or'), row('name', 'equal_to', ['c'], 'xor')];
    const result = validateFilter(payload, TEST_ATTRIBUTES);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.filter.payload.map((condition) => condition.query_operator)).toEqual(['and', 'or', null]);
    expect(result.filter.conditions.map((condition) => condition.queryOperator)).toEqual(['and', 'or', null]);
  });

  it('reports a missing or unknown joining operator, beside any condition error of the row', () => {
    expect(errorsOf([row('name', 'equal_to', ['a'], null), row('name', 'equal_to', ['b'])])).toEqual([{ index: 0, code: 'invalid-query-operator' }]);
    expect(errorsOf([row('name', 'equal_to', ['a'], 'xor'), row('name', 'equal_to', ['b'])])).toEqual([{ index: 0, code: 'invalid-query-operator' }]);
    expect(errorsOf([row('nope', 'equal_to', ['a'], 1), row('name', 'equal_to', ['b'])])).toEqual([{ index: 0, code: 'invalid-condition' }]);
    expect(errorsOf([row('nope', 'equal_to', ['a'], 'not'), row('name', 'equal_to', ['b'])])).toEqual([
      { index: 0, code: 'unknown-attribute' },
      { index: 0, code: 'invalid-query-operator' },
    ]);
  });
});

describe('validateFilter: normalised values', () => {
  function valuesOf(condition: Record<string, unknown>): readonly string[] {
    const result = validateFilter([condition], TEST_ATTRIBUTES);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.filter.conditions[0].values;
  }

  it('trims, drops blanks and turns every value into a string', () => {
    expect(valuesOf(row('name', 'equal_to', [' Ana ', '', '  ', 'Bea']))).toEqual(['Ana', 'Bea']);
    expect(valuesOf(row('name', 'equal_to', 'single'))).toEqual(['single']);
    expect(valuesOf(row('labels', 'equal_to', [{ id: 'VIP', name: 'VIP' }, 'Lead']))).toEqual(['vip', 'lead']);
    expect(valuesOf(row('country_code', 'equal_to', ['es', 'Fr']))).toEqual(['ES', 'FR']);
    expect(valuesOf(row('blocked', 'equal_to', [true, 'FALSE']))).toEqual(['true', 'false']);
    expect(valuesOf(row('score', 'equal_to', [' 10 ', '1,5', 2e3, '-.5']))).toEqual(['10', '1.5', '2000', '-0.5']);
    expect(valuesOf(row('created_at', 'days_before', ['007']))).toEqual(['7']);
    expect(valuesOf(row('name', 'is_present', ['ignored']))).toEqual([]);
  });

  it('phone values lose separators and gain "+" for equality', () => {
    expect(valuesOf(row('phone_number', 'equal_to', ['34 612-345 (678)']))).toEqual(['+34612345678']);
    expect(valuesOf(row('phone_number', 'contains', ['612 345']))).toEqual(['612345']);
  });

  it('list values are checked case- and accent-insensitively against the options', () => {
    expect(valuesOf(row('plan', 'equal_to', ['GOLD', 'nandu']))).toEqual(['GOLD', 'nandu']);
  });

  it('keeps extra wire keys for sync', () => {
    const result = validateFilter(
      [{ ...row('plan', 'equal_to', ['gold']), attribute_model: 'customAttributes', custom_attribute_type: '' }],
      TEST_ATTRIBUTES,
    );
    expect(result.ok && result.filter.payload[0]).toEqual({
      attribute_key: 'plan',
      filter_operator: 'equal_to',
      values: ['gold'],
      query_operator: null,
      attribute_model: 'customAttributes',
      custom_attribute_type: '',
    });
  });
});
