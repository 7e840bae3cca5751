import { describe, expect, it } from 'vitest';
import {
  attributeKeyProblem,
  isCalendarDate,
  isReservedAttributeKey,
  validateCustomAttributeValue,
} from './attributes';
import type { CustomAttributeDefinition } from './attributes';
import type { AttributeDefinition } from '../records';

const text: CustomAttributeDefinition = { key: 'nickname', type: 'text' };
const number: CustomAttributeDefinition = { key: 'seats', type: 'number' };
const link: CustomAttributeDefinition = { key: 'website', type: 'link' };
const date: CustomAttributeDefinition = { key: 'signed_on', type: 'date' };
const list: CustomAttributeDefinition = { key: 'plan', type: 'list', listValues: ['Free', 'Gold'] };
const checkbox: CustomAttributeDefinition = { key: 'newsletter', type: 'checkbox' };

describe('isReservedAttributeKey', () => {
  it.each([
    'name',
    'email',
    'phone_number',
    'identifier',
    'country_code',
    'city',
    'created_at',
    'last_activity_at',
    'blocked',
    'referer',
    ' Email ',
    'NAME',
  ])('%j is reserved', (key) => expect(isReservedAttributeKey(key)).toBe(true));
  it.each(['plan', 'company', 'email_2', 'names', 'phone'])('%j is free', (key) =>
    expect(isReservedAttributeKey(key)).toBe(false),
  );
});

describe('attributeKeyProblem', () => {
  it('accepts ordinary keys, including CSV headers with spaces', () => {
    expect(attributeKeyProblem('plan')).toBeNull();
    expect(attributeKeyProblem('Fecha alta')).toBeNull();
  });
  it('rejects reserved, empty, padded, invisible-laden and overlong keys', () => {
    expect(attributeKeyProblem('email')).toBe('attribute-key-reserved');
    expect(attributeKeyProblem('__proto__')).toBe('attribute-key-reserved');
    // Other Object.prototype names are ordinary keys: every lookup of them is an own-property one.
    expect(attributeKeyProblem('constructor')).toBeNull();
    expect(attributeKeyProblem('')).toBe('attribute-key-invalid');
    expect(attributeKeyProblem(' plan')).toBe('attribute-key-invalid');
    expect(attributeKeyProblem('pl\u200ban')).toBe('attribute-key-invalid');
    expect(attributeKeyProblem('plan\n')).toBe('attribute-key-invalid');
    expect(attributeKeyProblem('k'.repeat(256))).toBe('attribute-key-invalid');
  });
});

describe('validateCustomAttributeValue', () => {
  it('treats empty input as unset, whatever the type', () => {
    for (const definition of [text, number, link, date, list, checkbox]) {
      expect(validateCustomAttributeValue(definition, '  ')).toEqual({ ok: true, value: null });
      expect(validateCustomAttributeValue(definition, null)).toEqual({ ok: true, value: null });
      expect(validateCustomAttributeValue(definition, undefined)).toEqual({ ok: true, value: null });
    }
  });

  it('text: normalised, at most 255 characters', () => {
    expect(validateCustomAttributeValue(text, '  La\u202e Jefa\t')).toEqual({ ok: true, value: 'La Jefa' });
    expect(validateCustomAttributeValue(text, 42)).toEqual({ ok: true, value: '42' });
    expect(validateCustomAttributeValue(text, 'x'.repeat(10_000))).toEqual({
      ok: false,
      code: 'too-long',
      params: { max: 255 },
    });
    expect(validateCustomAttributeValue(text, { nested: true })).toEqual({
      ok: false,
      code: 'value-invalid',
    });
  });

  it.each([
    ['12', 12],
    [' -3.5 ', -3.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['-0', 0],
    [7, 7],
  ])('number: accepts %j as %j', (raw, value) =>
    expect(validateCustomAttributeValue(number, raw)).toEqual({ ok: true, value }),
  );

  it.each([
    '1,5',
    '1,000',
    '12 apples',
    'NaN',
    'Infinity',
    '0x10',
    '1e999',
    '--1',
    '٣',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
  ])('number: rejects %j', (raw) =>
    expect(validateCustomAttributeValue(number, raw)).toEqual({ ok: false, code: 'number-invalid' }),
  );

  it('link: http(s) only, stored as the normalised href', () => {
    expect(validateCustomAttributeValue(link, ' https://Example.com/a ')).toEqual({
      ok: true,
      value: 'https://example.com/a',
    });
    for (const raw of [
      'javascript:alert(1)',
      'example.com',
      'ftp://example.com',
      'https://a@evil.example',
      42,
    ]) {
      expect(validateCustomAttributeValue(link, raw)).toEqual({ ok: false, code: 'url-invalid' });
    }
    expect(validateCustomAttributeValue(link, `https://example.com/${'a'.repeat(3000)}`)).toEqual({
      ok: false,
      code: 'too-long',
      params: { max: 2048 },
    });
  });

  it.each(['2024-02-29', '2025-12-31', '0001-01-01', '9999-12-31', ' 2025-01-05 '])(
    'date: accepts %j',
    (raw) => expect(validateCustomAttributeValue(date, raw)).toEqual({ ok: true, value: raw.trim() }),
  );
  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '0000-01-01',
    '25-01-05',
    '2025-1-5',
    '05/01/2025',
    '2025-01-05T00:00:00Z',
    '２０２５-01-05',
    20250105,
  ])('date: rejects %j', (raw) =>
    expect(validateCustomAttributeValue(date, raw)).toEqual({ ok: false, code: 'date-invalid' }),
  );

  it('list: one of its values, matched ignoring case, kept in the definition spelling', () => {
    expect(validateCustomAttributeValue(list, 'gold')).toEqual({ ok: true, value: 'Gold' });
    expect(validateCustomAttributeValue(list, ' FREE ')).toEqual({ ok: true, value: 'Free' });
    expect(validateCustomAttributeValue(list, 'Platinum')).toEqual({
      ok: false,
      code: 'list-invalid',
      params: { values: 'Free, Gold' },
    });
    expect(validateCustomAttributeValue({ key: 'plan', type: 'list' }, 'Gold')).toEqual({
      ok: false,
      code: 'list-invalid',
      params: { values: '' },
    });
  });

  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['TRUE', true],
    ['Sí', true],
    ['verdadero', true],
    ['no', false],
    ['FALSO', false],
  ])('checkbox: reads %j as %j', (raw, value) =>
    expect(validateCustomAttributeValue(checkbox, raw)).toEqual({ ok: true, value }),
  );
  it.each(['maybe', '2', 2, 'oui'])('checkbox: rejects %j', (raw) =>
    expect(validateCustomAttributeValue(checkbox, raw)).toEqual({ ok: false, code: 'checkbox-invalid' }),
  );

  it('rejects a definition type it does not know instead of accepting anything', () => {
    const currency = { key: 'price', type: 'currency' } as unknown as CustomAttributeDefinition;
    expect(validateCustomAttributeValue(currency, '12')).toEqual({ ok: false, code: 'value-invalid' });
  });
});

describe('isCalendarDate', () => {
  it('knows leap years, including the century rules', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('0004-02-29')).toBe(true);
  });
});

describe('stored definitions', () => {
  it('are accepted as they are kept in the database', () => {
    const stored: Pick<AttributeDefinition, 'key' | 'type' | 'listValues'> = {
      key: 'plan',
      type: 'list',
      listValues: ['Free', 'Gold'],
    };
    expect(validateCustomAttributeValue(stored, 'gold')).toEqual({ ok: true, value: 'Gold' });
  });
});
