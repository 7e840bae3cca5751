import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows, generateContacts } from '../demo/contacts';
import { inspectFile, runImport, validationKey, type ImportSettings, type PlannedRow, type ValidatedFile } from './pipeline';
import type { ExistingContactKeys } from './plan';

async function settingsFor(blob: Blob, defaultCountry?: string): Promise<ImportSettings> {
  const inspection = await inspectFile(blob, 'x.csv');
  return { encoding: inspection.encoding, delimiter: inspection.delimiter, mapping: inspection.mapping, defaultCountry, policy: 'update', attributeDefinitions: [] };
}

/** Everything an import hands its writer, with ids made comparable between two runs. */
async function importRows(blob: Blob, settings: ImportSettings, existing: ExistingContactKeys[], hooks: { validated?: ValidatedFile; keepValidated?: ValidatedFile }) {
  const batches: PlannedRow[][] = [];
  let ids = 0;
  const result = await runImport(blob, settings, {
    existing,
    newId: () => `new-${++ids}`,
    batchRows: 7,
    commit: async (rows) => void batches.push(rows),
    ...hooks,
  });
  return { result, batches };
}

describe('an import reusing its preview’s validated reading', () => {
  it('plans and writes exactly what reading the file again gives, against contacts stored since the preview (property)', async () => {
    const lines = fc.oneof(
      fc.constantFrom('Ana,ana@x.es,+34 612 345 678', 'Ana bis,ANA@x.es,', 'Bad,not-an-email,12', ',,', '"Quoted, name",q@x.es,', 'Luis,luis@x.es,612345678', 'Rita,,+34612345679'),
      fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('', 'x@y.es', '+34 600 000 000')).map(([n, extra]) => `P${n},p${n}@x.es,${extra.includes('@') ? '' : extra}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lines, { minLength: 1, maxLength: 40 }), fc.boolean(), async (rows, storedSince) => {
        const blob = new Blob([`name,email,phone_number\n${rows.join('\n')}\nZoe,zoe@x.es,\n`]);
        const settings = await settingsFor(blob, 'ES');
        const kept: ValidatedFile = { header: [], slices: [] };
        await runImport(blob, settings, { existing: [], newId: () => 'preview', keepValidated: kept });
        // A contact stored after the preview: planning (not validation) must see it.
        const existing: ExistingContactKeys[] = storedSince ? [{ id: 'stored', name: 'Ana', email: 'ana@x.es', phone: null, identifier: null }] : [];
        const again = await importRows(blob, settings, existing, {});
        const reused = await importRows(blob, settings, existing, { validated: kept });
        expect(reused).toEqual(again);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a 2,000-row file in slices with every data row once, in file order', async () => {
    const contacts = generateContacts(2000, { seed: 3 });
    const options = { customAttributeKeys: [] };
    const blob = new Blob([csvHeader(options) + csvRows(contacts, options)]);
    const kept: ValidatedFile = { header: [], slices: [] };
    const result = await runImport(blob, await settingsFor(blob), { existing: [], newId: () => 'x', keepValidated: kept });
    const lines = kept.slices.flatMap((slice) => slice.rows.map((row) => row.line));
    expect(result.totals.rows).toBe(2000);
    expect(lines).toEqual(Array.from({ length: 2000 }, (_, i) => i + 2));
    expect(kept.header).toEqual(result.header);
    expect(kept.slices.at(-1)!.bytesDone).toBe(blob.size);
  });

  it('is used only with the settings it was validated with', async () => {
    const file = { name: 'x.csv', size: 10, lastModified: 5 };
    const base: ImportSettings = {
      encoding: 'utf-8',
      delimiter: ',',
      mapping: [{ kind: 'field', field: 'name' }, { kind: 'attribute', key: 'plan', create: 'text' }],
      defaultCountry: 'ES',
      policy: 'update',
      attributeDefinitions: [{ key: 'plan', type: 'text' }],
    };
    const key = validationKey(file, base);
    // The attribute the import creates from the preview's "new attribute" validates alike, and the
    // duplicate policy only changes planning.
    expect(validationKey(file, { ...base, policy: 'skip', attributeDefinitions: [{ key: 'plan', type: 'text', listValues: [] }, { key: 'other', type: 'number' }] })).toBe(key);
    for (const changed of [
      validationKey({ ...file, lastModified: 6 }, base),
      validationKey({ ...file, size: 11 }, base),
      validationKey({ ...file, name: 'y.csv' }, base),
      validationKey(file, { ...base, encoding: 'windows-1252' }),
      validationKey(file, { ...base, delimiter: ';' }),
      validationKey(file, { ...base, defaultCountry: 'MX' }),
      validationKey(file, { ...base, mapping: [{ kind: 'field', field: 'name' }, { kind: 'ignore' }] }),
      validationKey(file, { ...base, attributeDefinitions: [{ key: 'plan', type: 'number' }] }),
      validationKey(file, { ...base, attributeDefinitions: [{ key: 'plan', type: 'list', listValues: ['pro'] }] }),
    ])
      expect(changed).not.toBe(key);
  });
});

describe('the header', () => {
  it('is the first line that is not blank, for the import as for the mapping (a leading " , " line)', async () => {
    const blob = new Blob([' , \nname,email\nAna,ana@x.es\n']);
    const settings = await settingsFor(blob);
    const inspection = await inspectFile(blob, 'x.csv');
    const { result, batches } = await importRows(blob, settings, [], {});
    expect(inspection.header).toEqual(['name', 'email']);
    expect(result.header).toEqual(['name', 'email']);
    expect(result.totals.rows).toBe(1);
    expect(batches.flat().map((row) => row.line)).toEqual([3]);
  });
});
