import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributesFor,
  contactSegmentSchema,
  dayNumber,
  daysFromCivil,
  DAY_MS,
  filterPayloadSchema,
  isoDay,
  parseFilterNumber,
  parseIsoDay,
  STANDARD_ATTRIBUTES,
  startOfDay,
  timeZoneOffsetMs,
} from './model';

describe('attribute catalogue', () => {
  it('lists the issue\'s standard attributes with Chatwoot keys, in order', () => {
    expect(STANDARD_ATTRIBUTES.map((attribute) => attribute.key)).toEqual([
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
    ]);
    const byKey = Object.fromEntries(STANDARD_ATTRIBUTES.map((attribute) => [attribute.key, attribute]));
    expect(byKey.email.operators).toEqual(['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'is_present', 'is_not_present']);
    expect(byKey.created_at.operators).toEqual(['is_greater_than', 'is_less_than', 'days_before', 'is_present', 'is_not_present']);
    expect(byKey.labels.operators).toEqual(['equal_to', 'not_equal_to', 'is_present', 'is_not_present']);
    expect(byKey.country_code.dataType).toBe('country');
    expect(byKey.blocked.operators).toEqual(['equal_to', 'not_equal_to']);
  });

  it('adds custom attributes by type and skips keys that clash with standard ones or repeat', () => {
    const attributes = attributesFor([
      { key: 'score', displayName: 'Score', type: 'number', listValues: [] },
      { key: 'site', displayName: 'Site', type: 'link', listValues: ['ignored'] },
      { key: 'vip', displayName: 'VIP', type: 'checkbox', listValues: [] },
      { key: 'plan', displayName: 'Plan', type: 'list', listValues: ['a', 'b'] },
      { key: 'company', displayName: 'Company (custom)', type: 'text', listValues: [] },
      { key: 'score', displayName: 'Again', type: 'text', listValues: [] },
    ]);
    const custom = attributes.filter((attribute) => attribute.kind === 'custom');
    expect(custom.map((attribute) => [attribute.key, attribute.dataType, attribute.displayName])).toEqual([
      ['score', 'number', 'Score'],
      ['site', 'text', 'Site'],
      ['vip', 'boolean', 'VIP'],
      ['plan', 'list', 'Plan'],
    ]);
    expect(custom[0].operators).toEqual(['equal_to', 'not_equal_to', 'is_greater_than', 'is_less_than']);
    expect(custom[1].kind === 'custom' && custom[1].listValues).toEqual([]);
    expect(custom[3].kind === 'custom' && custom[3].listValues).toEqual(['a', 'b']);
    expect(attributes.find((attribute) => attribute.key === 'company')?.kind).toBe('standard');
  });
});

describe('wire schemas', () => {
  it('accept Chatwoot\'s segment shape, extra keys kept', () => {
    const segment = {
      name: 'Gold in Berlin',
      filter_type: 'contact',
      query: {
        payload: [
          { attribute_key: 'plan', filter_operator: 'equal_to', values: ['gold'], query_operator: 'and', attribute_model: 'customAttributes' },
          { attribute_key: 'city', filter_operator: 'contains', values: ['berlin'], query_operator: null },
        ],
      },
    };
    const parsed = contactSegmentSchema.parse(segment);
    expect(parsed).toEqual(segment);
    expect(contactSegmentSchema.safeParse({ ...segment, filter_type: 1 }).success).toBe(true);
    expect(contactSegmentSchema.safeParse({ ...segment, filter_type: 'conversation' }).success).toBe(false);
  });

  it('read a scalar or missing `values` as a list', () => {
    expect(filterPayloadSchema.parse([{ attribute_key: 'a', filter_operator: 'b', values: 'x' }])[0].values).toEqual(['x']);
    expect(filterPayloadSchema.parse([{ attribute_key: 'a', filter_operator: 'b' }])[0].values).toEqual([]);
    expect(filterPayloadSchema.safeParse([{ attribute_key: 1, filter_operator: 'b' }]).success).toBe(false);
  });
});

describe('parseFilterNumber', () => {
  it.each([
    [10, 10],
    ['10', 10],
    [' -2.5 ', -2.5],
    ['1,5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['+7', 7],
    ['', null],
    ['1.000,5', null],
    ['1 000', null],
    ['0x10', null],
    ['Infinity', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [true, null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(parseFilterNumber(input)).toBe(expected);
  });
});

describe('calendar days', () => {
  it('parseIsoDay accepts real dates only', () => {
    expect(parseIsoDay('1970-01-01')).toBe(0);
    expect(parseIsoDay('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    expect(parseIsoDay('2025-02-29')).toBeNull();
    expect(parseIsoDay('2025-02-30')).toBeNull();
    expect(parseIsoDay('2025-04-31')).toBeNull();
    expect(parseIsoDay('1900-02-29')).toBeNull();
    expect(parseIsoDay('2000-02-29')).not.toBeNull();
    expect(parseIsoDay('2025-00-10')).toBeNull();
    expect(parseIsoDay('0000-01-01')).toBeNull();
    expect(parseIsoDay('2025-1-01')).toBeNull();
    expect(parseIsoDay('2025/01/01')).toBeNull();
    expect(parseIsoDay('2025-01-01 ')).toBeNull();
    expect(parseIsoDay('2025-01-01T10:00:00Z', false)).toBe(parseIsoDay('2025-01-01'));
    expect(parseIsoDay('2025-01-01 10:00', false)).toBe(parseIsoDay('2025-01-01'));
    expect(parseIsoDay('2025-01-012', false)).toBeNull();
  });

  it('daysFromCivil agrees with Date.UTC, and isoDay inverts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (year, month, day) => {
        const days = daysFromCivil(year, month, day);
        expect(days * DAY_MS).toBe(Date.UTC(year, month - 1, day));
        expect(parseIsoDay(isoDay(days))).toBe(days);
      }),
    );
  });

  it('timeZoneOffsetMs knows DST', () => {
    expect(timeZoneOffsetMs(Date.parse('2025-01-15T12:00:00Z'), 'Europe/Madrid')).toBe(3_600_000);
    expect(timeZoneOffsetMs(Date.parse('2025-07-15T12:00:00Z'), 'Europe/Madrid')).toBe(7_200_000);
    expect(timeZoneOffsetMs(Date.parse('2025-07-15T12:00:00.999Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(timeZoneOffsetMs(Date.parse('2025-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('startOfDay is the first instant of the local day, DST days included', () => {
    expect(startOfDay(parseIsoDay('2025-03-30') as number, 'Europe/Madrid')).toBe(Date.parse('2025-03-29T23:00:00Z'));
    expect(startOfDay(parseIsoDay('2025-03-31') as number, 'Europe/Madrid')).toBe(Date.parse('2025-03-30T22:00:00Z'));
    // Chile moved clocks from 00:00 to 01:00 on 2024-09-08: that day starts at 01:00 local (04:00Z).
    expect(startOfDay(parseIsoDay('2024-09-08') as number, 'America/Santiago')).toBe(Date.parse('2024-09-08T04:00:00Z'));
  });

  it('startOfDay and dayNumber agree: t lies in [startOfDay(dayNumber(t)), startOfDay(dayNumber(t) + 1))', () => {
    const zones = ['UTC', 'Europe/Madrid', 'America/Santiago', 'America/New_York', 'Asia/Kolkata', 'Pacific/Apia', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...zones), (time, zone) => {
        const day = dayNumber(time, zone);
        expect(startOfDay(day, zone)).toBeLessThanOrEqual(time);
        expect(startOfDay(day + 1, zone)).toBeGreaterThan(time);
      }),
      { numRuns: 300 },
    );
  });
});
