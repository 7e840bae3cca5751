import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCsvRequestSchema, toCsvFileName } from '../shared/host';
import { defaultSavePath, withCsvExtension } from './save-file';

describe('withCsvExtension', () => {
  it.each([
    ['/home/a/contacts', '/home/a/contacts.csv'],
    ['/home/a/contacts.csv', '/home/a/contacts.csv'],
    ['/home/a/contacts.txt', '/home/a/contacts.txt'],
    ['/home/a.b/contacts', '/home/a.b/contacts.csv'],
    ['C:\\Users\\a\\contactos', 'C:\\Users\\a\\contactos.csv'],
  ])('%s → %s', (chosen, written) => {
    expect(withCsvExtension(chosen)).toBe(written);
  });
});

describe('defaultSavePath', () => {
  it('puts the suggested name in the Documents folder', () => {
    expect(defaultSavePath('/home/a/Documents', 'contacts-2026-11-25.csv')).toBe(join('/home/a/Documents', 'contacts-2026-11-25.csv'));
  });
});

describe('saveCsvRequestSchema', () => {
  it.each([
    '../../.bashrc.csv',
    '/etc/cron.d/x.csv',
    'C:\\Windows\\x.csv',
    'a/b.csv',
    '.hidden.csv',
    'contacts.exe',
    'contacts.csv\n',
    'con\u0000tacts.csv',
    '.csv',
    'x'.repeat(300) + '.csv',
  ])('refuses the name %j', (suggestedName) => {
    expect(saveCsvRequestSchema.safeParse({ suggestedName, content: '' }).success).toBe(false);
  });

  it('accepts plain names with spaces and accents, and refuses non-string content', () => {
    expect(saveCsvRequestSchema.safeParse({ suggestedName: 'Clientes de España-errors.csv', content: 'a,b\r\n' }).success).toBe(true);
    expect(saveCsvRequestSchema.safeParse({ suggestedName: 'a.csv', content: 5 }).success).toBe(false);
    expect(saveCsvRequestSchema.safeParse({ suggestedName: 'a.csv' }).success).toBe(false);
  });
});

describe('toCsvFileName', () => {
  it.each([
    ['contacts-2026-11-25.csv', 'contacts-2026-11-25.csv'],
    ['Clientes: "VIP"/2026?', 'Clientes_ _VIP__2026_.csv'],
    ['..\\..\\evil', '_.._evil.csv'],
    ['.hidden', 'hidden.csv'],
    ['', 'contacts.csv'],
    ['...', 'contacts.csv'],
    ['line\nbreak-errors', 'line_break-errors.csv'],
  ])('%j → %j', (raw, name) => {
    expect(toCsvFileName(raw)).toBe(name);
  });

  it('always gives a name the save request accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (raw) => {
        expect(saveCsvRequestSchema.safeParse({ suggestedName: toCsvFileName(raw), content: '' }).success).toBe(true);
      }),
    );
  });
});
