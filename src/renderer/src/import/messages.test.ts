import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportProblemRow } from '../../../shared/records';
import enImport from '../i18n/locales/en/import.json';
import enValidation from '../i18n/locales/en/validation.json';
import esImport from '../i18n/locales/es/import.json';
import esValidation from '../i18n/locales/es/validation.json';
import { describeRow, sharedValues } from './messages';

const warned = (line: number, value: string, holder: { name: string; line?: number }): ImportProblemRow => ({
  line,
  cells: [],
  severity: 'warning',
  messages: [{ field: 'phone', code: 'phone-taken', params: { id: 'x', ...holder, value } }],
});

describe('sharedValues', () => {
  it('names the values most rows had to leave out, with their holder, most first', () => {
    const rows = [
      warned(5, '+15417543011', { name: 'Nancey', line: 4 }),
      warned(6, '+15417543011', { name: 'Nancey', line: 4 }),
      warned(7, '+34600000000', { name: 'Ana' }),
      { line: 8, cells: [], severity: 'error', messages: [{ field: 'email', code: 'email-invalid' }] } satisfies ImportProblemRow,
    ];
    expect(sharedValues(rows)).toEqual([
      { field: 'phone', value: '+15417543011', holder: 'Nancey|4', rows: 2 },
      { field: 'phone', value: '+34600000000', holder: 'Ana', rows: 1 },
    ]);
    expect(sharedValues(rows, 1)).toHaveLength(1);
  });
});

describe('describeRow', () => {
  let tEn: TFunction;
  let tEs: TFunction;
  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { import: enImport, validation: enValidation }, es: { import: esImport, validation: esValidation } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    tEn = instance.getFixedT('en');
    tEs = instance.getFixedT('es');
  });

  it('says an unknown country and an unverified phone were kept, not left out', () => {
    const row = {
      severity: 'warning' as const,
      messages: [
        { field: 'country', code: 'country-unknown', params: { country: 'Españia' } },
        { field: 'phone', code: 'phone-unverified' },
      ],
    };
    expect(describeRow(tEn, row)).toBe(
      'Country: “Españia” is not a known country — kept as text.; Phone number: Not a valid number for its country — kept as written; check it.',
    );
    expect(describeRow(tEs, row)).toContain('“Españia” no es un país conocido — se guarda como texto.');
    expect(describeRow(tEn, row)).not.toContain('without');
  });

  it('still says a taken value was left out', () => {
    const row = { severity: 'warning' as const, messages: [{ field: 'phone', code: 'phone-taken', params: { id: 'x', name: 'Ana', value: '+34600000000' } }] };
    expect(describeRow(tEn, row)).toMatch(/^Imported without the Phone number/);
  });
});
