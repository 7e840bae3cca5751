/* eslint-disable no-restricted-imports -- this test reads the messages the renderer ships for these codes; the code under test imports nothing of the renderer. */
import en from '../../renderer/src/i18n/locales/en/validation.json';
import es from '../../renderer/src/i18n/locales/es/validation.json';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import { VALIDATION_CODES } from './codes';

const catalogs: Record<string, Record<string, string>> = { en, es };

/** The parameters validation puts in each error that has some (see contact.ts and attributes.ts). */
const PARAMS: Partial<Record<(typeof VALIDATION_CODES)[number], string[]>> = {
  'too-long': ['max'],
  'email-taken': ['id', 'name'],
  'phone-taken': ['id', 'name'],
  'identifier-taken': ['id', 'name'],
  'social-network-unknown': ['network'],
  'label-invalid': ['label'],
  'attribute-key-reserved': ['key'],
  'attribute-key-invalid': ['key'],
  'list-invalid': ['values'],
  'country-invalid': ['country'],
  'country-unknown': ['country'],
};

function variables(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([\w]+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('validation messages', () => {
  it.each(Object.keys(catalogs))('%s has exactly one message per code', (language) => {
    expect(Object.keys(catalogs[language] ?? {}).sort()).toEqual([...VALIDATION_CODES].sort());
  });

  it.each(VALIDATION_CODES)('%s: both languages interpolate only parameters the error carries', (code) => {
    const carried = PARAMS[code] ?? [];
    for (const catalog of Object.values(catalogs)) {
      const message = catalog[code] ?? '';
      expect(message.trim()).not.toBe('');
      for (const name of variables(message)) expect(carried).toContain(name);
    }
    expect(variables(es[code])).toEqual(variables(en[code]));
  });

  it('says who already holds a value, in both languages', () => {
    expect(en['email-taken'].replace('{{name}}', 'Ana García')).toBe(
      'This email already belongs to Ana García.',
    );
    expect(es['email-taken'].replace('{{name}}', 'Ana García')).toBe(
      'Este correo ya pertenece a Ana García.',
    );
    expect(es['required-one-of']).toBe('Indica al menos un nombre, un correo o un teléfono.');
  });

  it('is translated, not copied', () => {
    for (const code of VALIDATION_CODES) expect(es[code], code).not.toBe(en[code]);
  });
});
