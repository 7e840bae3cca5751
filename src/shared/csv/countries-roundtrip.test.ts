import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactFields } from '../contact';
import { allCountries, type Country } from '../countries';
import { EXPORT_COLUMNS, attributeKeysOf, exportHeader, exportRows } from './export';
import { inspectFile, runImport, type PlannedRow } from './pipeline';
import type { RowMessage } from './rows';

const PLAN = { key: 'plan', type: 'text' as const, displayName: 'Plan' };

/** Imports a CSV text as a new file: every created contact's fields and warnings, in file order. */
async function importText(text: string): Promise<{ fields: ContactFields; warnings: RowMessage[] }[]> {
  const blob = new Blob([text]);
  const inspection = await inspectFile(blob, 'contacts.csv', { attributes: [PLAN] });
  const rows: PlannedRow[] = [];
  let ids = 0;
  await runImport(
    blob,
    { encoding: inspection.encoding, delimiter: inspection.delimiter, mapping: inspection.mapping, defaultCountry: 'ES', policy: 'update', attributeDefinitions: [PLAN] },
    { existing: [], newId: () => `c${++ids}`, commit: async (batch) => void rows.push(...batch) },
  );
  return rows.map((row) => {
    if (row.plan.kind !== 'create') throw new Error(`line ${row.line}: ${JSON.stringify(row.plan)}`);
    return { fields: row.plan.fields, warnings: row.plan.warnings };
  });
}

function stored(fields: ContactFields, index: number): Contact {
  return { ...fields, id: `c${index}`, serverId: null, createdAt: 0, lastActivityAt: null, updatedAt: 0, version: null, base: null };
}

type CountryCell = { text: string; country: Country | null };

const countryCell: fc.Arbitrary<CountryCell | null> = fc.oneof(
  fc.constant(null),
  fc
    .tuple(fc.constantFrom(...allCountries()), fc.constantFrom('code', 'alpha3', 'en', 'es'), fc.constantFrom('as-is', 'lower', 'upper'))
    .map(([country, form, casing]) => {
      const text = { code: country.code, alpha3: country.alpha3, en: country.en, es: country.es }[form];
      return { text: casing === 'lower' ? text.toLowerCase() : casing === 'upper' ? text.toUpperCase() : text, country };
    }),
  fc.constantFrom('Españia', 'Atlantis', 'Tierra Media', 'Reino de León').map((text) => ({ text, country: null })),
);

const sourceContact = fc.record({
  first: fc.constantFrom('José', 'Zoë', 'Ana María', 'François', 'Łukasz', 'Ñusta', 'Björn', 'Ángela'),
  last: fc.constantFrom('Núñez', 'García', "O'Brien", 'Müller', 'Çelik', 'Ibáñez'),
  phone: fc.constantFrom('none', 'e164', 'national', 'drama'),
  country: countryCell,
  labels: fc.uniqueArray(fc.constantFrom('vip', 'madrid', 'cliente-nuevo', 'lead', 'año-2024'), { maxLength: 3 }),
  plan: fc.option(fc.constantFrom('Oro', 'Plata', 'básico', 'Más "premium"'), { nil: null }),
});

function phoneOf(kind: string, index: number): string {
  const digits = String(index).padStart(3, '0');
  switch (kind) {
    case 'e164':
      return `+34 612 345 ${digits}`;
    case 'national':
      return `622 345 ${digits}`;
    case 'drama':
      // Ofcom's drama range: refused by libphonenumber, accepted by Chatwoot (kept with a warning).
      return `+44 7700 900${digits}`;
    default:
      return '';
  }
}

describe('countries and phones through import → export → import', () => {
  it('gives back equal contacts, each country by its code or kept as text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sourceContact, { minLength: 1, maxLength: 25 }), async (sources) => {
        // A Spanish spreadsheet: ";"-separated, Spanish headers.
        const lines = sources.map((source, index) =>
          [
            `${source.first} ${source.last}`,
            `c${index}@ejemplo.test`,
            phoneOf(source.phone, index),
            source.country?.text ?? '',
            source.labels.join(','),
            source.plan === null ? '' : `"${source.plan.replace(/"/g, '""')}"`,
          ].join(';'),
        );
        const first = await importText(`Nombre;Correo;Teléfono;País;Etiquetas;Plan\n${lines.join('\n')}\n`);

        expect(first).toHaveLength(sources.length);
        first.forEach(({ fields, warnings }, index) => {
          const source = sources[index]!;
          const expected = source.country;
          expect(fields.countryCode).toBe(expected?.country?.code ?? null);
          expect(fields.country).toBe(expected === null ? null : (expected.country?.en ?? expected.text));
          const codes = warnings.map((warning) => warning.code);
          expect(codes.includes('country-unknown')).toBe(expected !== null && expected.country === null);
          expect(codes.includes('phone-unverified')).toBe(source.phone === 'drama');
          expect(fields.labels).toEqual(source.labels);
          expect(fields.customAttributes).toEqual(source.plan === null ? {} : { plan: source.plan });
        });

        const contacts = first.map(({ fields }, index) => stored(fields, index));
        const options = { columns: EXPORT_COLUMNS, attributeKeys: attributeKeysOf(contacts) };
        const second = await importText(exportHeader(options) + exportRows(contacts, options));
        expect(second.map(({ fields }) => fields)).toEqual(first.map(({ fields }) => fields));
      }),
      { numRuns: 40 },
    );
  });

  it('reads Chatwoot’s two columns, the code winning over a name in another language', async () => {
    const [contact] = await importText('name,email,country,country_code\nAna,ana@x.test,Alemania,de\n');
    expect(contact!.fields).toMatchObject({ country: 'Germany', countryCode: 'DE' });
    expect(contact!.warnings).toEqual([]);
  });
});
