import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributesFor } from '../../../shared/filters';
import en from '../i18n/locales/en/filters.json';
import es from '../i18n/locales/es/filters.json';
import { conditionText, countryOptions, operatorLabel } from './describe';

const attributes = attributesFor([
  { key: 'seats', displayName: 'Seats', type: 'number', listValues: [] },
  { key: 'vip', displayName: 'VIP', type: 'checkbox', listValues: [] },
]);
const attribute = (key: string) => attributes.find((item) => item.key === key);
const cond = (attribute_key: string, filter_operator: string, values: unknown[] = []) => ({
  attribute_key,
  filter_operator,
  values,
});

let tEn: TFunction;
let tEs: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { filters: en }, es: { filters: es } },
    lng: 'en',
    ns: ['filters'],
    interpolation: { escapeValue: false },
  });
  tEn = instance.getFixedT('en');
  tEs = instance.getFixedT('es');
});

describe('operator labels', () => {
  it('says "Is after"/"Is before" for dates where numbers say "Greater than"/"Less than"', () => {
    expect(operatorLabel(attribute('created_at'), 'is_greater_than', tEn)).toBe('Is after');
    expect(operatorLabel(attribute('created_at'), 'is_less_than', tEn)).toBe('Is before');
    expect(operatorLabel(attribute('seats'), 'is_greater_than', tEn)).toBe('Greater than');
    expect(operatorLabel(attribute('name'), 'not_equal_to', tEs)).toBe('No igual a');
  });
});

describe('condition text for chips', () => {
  it('names attributes, operators and values in the UI language', () => {
    expect(conditionText(cond('city', 'contains', ['madrid']), attributes, tEn, 'en')).toBe(
      'City contains madrid',
    );
    expect(conditionText(cond('country_code', 'equal_to', ['ES', 'MX']), attributes, tEs, 'es')).toBe(
      'País igual a España, México',
    );
    expect(conditionText(cond('email', 'is_not_present'), attributes, tEn, 'en')).toBe(
      'Email is not present',
    );
    expect(conditionText(cond('created_at', 'is_greater_than', ['2025-03-01']), attributes, tEn, 'en')).toBe(
      'Created at is after Mar 1, 2025',
    );
    expect(conditionText(cond('last_activity_at', 'days_before', ['1']), attributes, tEn, 'en')).toBe(
      'Last activity more than 1 day ago',
    );
    expect(conditionText(cond('last_activity_at', 'days_before', ['30']), attributes, tEs, 'es')).toBe(
      'Última actividad hace más de 30 días',
    );
    expect(conditionText(cond('vip', 'equal_to', ['false']), attributes, tEn, 'en')).toBe(
      'VIP equal to False',
    );
    expect(conditionText(cond('seats', 'is_less_than', ['2.5']), attributes, tEn, 'en')).toBe(
      'Seats less than 2.5',
    );
  });

  it('keeps an unknown attribute readable by its key', () => {
    expect(conditionText(cond('gone', 'equal_to', ['x']), attributes, tEn, 'en')).toBe('gone equal to x');
  });
});

describe('country picker options', () => {
  it('lists ISO codes with names in the UI language, sorted for that language', () => {
    const options = countryOptions('es');
    expect(options.length).toBeGreaterThan(240);
    expect(options.find((option) => option.value === 'DE')?.label).toBe('Alemania');
    const labels = options.map((option) => option.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('es').compare));
    expect(new Set(options.map((option) => option.value)).size).toBe(options.length);
  });

  it('offers each country the contacts keep as text once, by its filter key, named as written', () => {
    const contacts = [
      { country: 'Españia', countryCode: null },
      { country: 'ESPAÑIA', countryCode: null },
      { country: 'España', countryCode: null },
      { country: 'Spain', countryCode: 'ES' },
      { country: null, countryCode: null },
    ];
    const options = countryOptions('en', contacts);
    expect(options.filter((option) => option.label.toLowerCase().startsWith('espa'))).toEqual([{ value: 'espania', label: 'Españia' }]);
    expect(options.filter((option) => option.value === 'ES')).toEqual([{ value: 'ES', label: 'Spain' }]);
    expect(options).toHaveLength(countryOptions('en').length + 1);
  });

  it('names a kept-text value as it is and a code in the UI language', () => {
    expect(conditionText(cond('country_code', 'equal_to', ['ES', 'atlantis']), attributes, tEs, 'es')).toContain('España');
    expect(conditionText(cond('country_code', 'equal_to', ['ES', 'atlantis']), attributes, tEs, 'es')).toContain('atlantis');
  });
});
