import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type ContactFields } from '../../src/shared/contact';
import {
  FileProblem,
  IMPORT_BATCH_ROWS,
  inspectFile,
  mappingProblems,
  mergePatch,
  runImport,
  type ImportSettings,
  type PlannedRow,
} from '../../src/shared/csv';

/**
 * The bad-file corpus (tests/fixtures/csv), each file run through the import as the worker runs it:
 * inspect, automatic mapping, plan every row, hand the batches to a writer. The writer here keeps
 * contacts in a Map; the IndexedDB writer has its own tests (src/renderer/src/data/store/import-repository.test.ts).
 */
const CORPUS = resolve(import.meta.dirname, '../fixtures/csv');

/** What the database would hold after the batches: contacts by id, and the problem rows. */
class MemoryWriter {
  readonly contacts = new Map<string, ContactFields>();
  readonly problems: PlannedRow[] = [];
  counts = { rows: 0, created: 0, updated: 0, failed: 0, warned: 0 };
  batches = 0;
  async commit(rows: PlannedRow[]): Promise<void> {
    this.batches++;
    for (const row of rows) {
      this.counts.rows++;
      const { plan } = row;
      if (plan.kind === 'fail') {
        this.counts.failed++;
        this.problems.push(row);
        continue;
      }
      if (plan.kind === 'create') {
        this.counts.created++;
        this.contacts.set(plan.id, plan.fields);
      } else if (plan.kind === 'update') {
        this.counts.updated++;
        this.contacts.set(plan.id, mergePatch(this.contacts.get(plan.id) ?? emptyContactFields(), plan.patch));
      }
      if (plan.kind !== 'skip' && plan.warnings.length > 0) {
        this.counts.warned++;
        this.problems.push(row);
      }
    }
  }
  values(): ContactFields[] {
    return [...this.contacts.values()];
  }
}

const blobOf = (data: Uint8Array | string) => new Blob([typeof data === 'string' ? data : new Uint8Array(data)]);
const fixture = (name: string) => new Blob([readFileSync(resolve(CORPUS, name))]);

/** What the UI does: inspect, take the automatic mapping, import everything. */
async function importBlob(blob: Blob, name: string, overrides: Partial<ImportSettings> = {}) {
  const inspection = await inspectFile(blob, name);
  const settings: ImportSettings = {
    encoding: inspection.encoding,
    delimiter: inspection.delimiter,
    mapping: inspection.mapping,
    defaultCountry: 'ES',
    policy: 'update',
    attributeDefinitions: [],
    ...overrides,
  };
  const writer = new MemoryWriter();
  let ids = 0;
  const result = await runImport(blob, settings, { existing: [], newId: () => `c${++ids}`, commit: (rows) => writer.commit(rows) });
  return { inspection, result, writer };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileProblem) return `${error.code}${error.params.line ? `@${error.params.line}` : ''}`;
    throw error;
  }
  return 'none';
}

describe('bad-file corpus: a clear problem and nothing written', () => {
  it.each([
    ['empty.csv', 'empty'],
    ['whitespace-only.csv', 'empty'],
    ['header-only.csv', 'header-only'],
    ['binary-renamed.csv', 'binary'],
    ['xlsx-renamed.csv', 'binary'],
    ['unbalanced-quotes.csv', 'unclosed-quote@4'],
    ['malformed-quote-mid-cell.csv', 'unclosed-quote@3'],
  ])('%s → %s', async (name, expected) => {
    expect(await problemOf(importBlob(fixture(name), name))).toBe(expected);
  });

  it('the dry run finds a problem late in the file before anything is written', async () => {
    // Past the first 1 MiB, so the inspection of the file's start does not see it.
    const rows = Array.from({ length: 80_000 }, (_, i) => `P${i},p${i}@x.es`).join('\n');
    const blob = blobOf(`name,email\n${rows}\n"broken,x@x.es\n`);
    const inspection = await inspectFile(blob, 'x.csv');
    const settings: ImportSettings = { encoding: 'utf-8', delimiter: ',', mapping: inspection.mapping, policy: 'update', attributeDefinitions: [] };
    expect(await problemOf(runImport(blob, settings, { existing: [], newId: () => 'x' }))).toBe('unclosed-quote@80002');
  });

  it('refuses a file over the size limit before reading it', async () => {
    expect(await problemOf(inspectFile(blobOf('name\nAna\n'), 'big.csv', { maxBytes: 4 }))).toBe('too-large');
  });

  it('a row that never ends stops with its line, not after scanning the whole file again per chunk', async () => {
    const text = 'name,email\nAna,a@x.es\n"' + 'x'.repeat(3 * 1024 * 1024);
    const inspection = await inspectFile(blobOf(text), 'open.csv');
    const settings: ImportSettings = { encoding: 'utf-8', delimiter: ',', mapping: inspection.mapping, policy: 'update', attributeDefinitions: [] };
    expect(await problemOf(runImport(blobOf(text), settings, { existing: [], newId: () => 'x' }))).toBe('unclosed-quote@3');
  });

  it('a file with no name, email or phone column cannot start', async () => {
    const inspection = await inspectFile(fixture('no-identifying-column.csv'), 'x.csv');
    expect(mappingProblems(inspection.mapping).map((p) => p.code)).toEqual(['nothing-identifies']);
  });

  it('a wrong encoding picked by hand is named as such, or counted for a warning', async () => {
    expect(await problemOf(inspectFile(fixture('windows-1252-excel.csv'), 'x.csv', { encoding: 'utf-8' }))).toBe('wrong-encoding');
    const mostlyAscii = new Uint8Array(
      ['name,city\n', ...Array.from({ length: 200 }, (_, i) => `Person ${i},Madrid\n`), 'Jos\u00e9,M\u00e1laga\n'].join('').split('').map((c) => c.charCodeAt(0)),
    );
    expect((await inspectFile(blobOf(mostlyAscii), 'x.csv', { encoding: 'utf-8' })).undecodable).toBe(2);
    expect(await problemOf(inspectFile(fixture('utf8-bom-semicolon.csv'), 'x.csv', { encoding: 'utf-16le' }))).toBe('wrong-encoding');
    expect(await problemOf(inspectFile(fixture('utf16le-tab.txt'), 'x.csv', { encoding: 'windows-1252' }))).toBe('wrong-encoding');
  });
});

describe('corpus files that import', () => {
  it('every file in the corpus is covered by a test', () => {
    expect(readdirSync(CORPUS).sort()).toEqual(
      [
        'binary-renamed.csv', 'duplicate-headers.csv', 'empty.csv', 'formula-injection.csv', 'header-only.csv', 'huge-cell.csv',
        'invalid-rows.csv', 'malformed-quote-mid-cell.csv', 'many-columns.csv', 'mixed-line-endings.csv', 'no-identifying-column.csv',
        'pipe-delimited.csv', 'unbalanced-quotes.csv', 'utf16be-bom.csv', 'utf16le-tab.txt', 'utf8-bom-semicolon.csv',
        'whitespace-only.csv', 'windows-1252-excel.csv', 'xlsx-renamed.csv',
      ].sort(),
    );
  });

  it('Excel UTF-8 with BOM and ";" in Spanish', async () => {
    const { inspection, writer } = await importBlob(fixture('utf8-bom-semicolon.csv'), 'x.csv');
    expect([inspection.encoding, inspection.delimiter, inspection.header[0]]).toEqual(['utf-8', ';', 'nombre']);
    // "España" is a known country: stored as its code and Chatwoot's English name (docs/data-model.md "Countries").
    expect(writer.values()).toMatchObject([
      { name: 'José Núñez', phone: '+34612345678', company: 'Peñalara S.L.', city: 'Málaga', country: 'Spain', countryCode: 'ES', labels: ['vip', 'lead'] },
    ]);
  });

  it('Excel Windows-1252', async () => {
    const { inspection, writer } = await importBlob(fixture('windows-1252-excel.csv'), 'x.csv');
    expect(inspection.encoding).toBe('windows-1252');
    expect(writer.values().map((c) => c.city).sort()).toEqual(['A Coruña', 'Málaga']);
  });

  it('UTF-16 LE with tabs and UTF-16 BE', async () => {
    const le = await importBlob(fixture('utf16le-tab.txt'), 'x.txt');
    expect(le.inspection).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(le.writer.values()).toMatchObject([{ name: 'Zoë Ångström', company: 'Æther AB' }]);
    const be = await importBlob(fixture('utf16be-bom.csv'), 'x.csv');
    expect(be.writer.values()).toMatchObject([{ name: 'Ömer' }]);
  });

  it('mixed line endings and pipes', async () => {
    const mixed = await importBlob(fixture('mixed-line-endings.csv'), 'x.csv');
    expect(mixed.writer.values().map((c) => c.city).sort()).toEqual(['Bil bao', 'Madrid', 'Sevilla']);
    const pipes = await importBlob(fixture('pipe-delimited.csv'), 'x.csv');
    expect(pipes.writer.values()).toMatchObject([{ labels: ['a-b', 'c-d'] }]);
  });

  it('duplicate header names: the first column counts', async () => {
    const { inspection, writer } = await importBlob(fixture('duplicate-headers.csv'), 'x.csv');
    expect(inspection.duplicateHeaders).toEqual(['email']);
    expect(writer.values()).toMatchObject([{ email: 'ana@example.com' }]);
  });

  it('a 1 MB cell fails its row (too long) and the rest imports', async () => {
    const { writer } = await importBlob(fixture('huge-cell.csv'), 'x.csv');
    expect(writer.counts).toMatchObject({ created: 1, failed: 1 });
    expect(writer.problems[0]).toMatchObject({ line: 2, plan: { errors: [{ field: 'description', code: 'too-long' }] } });
    const ignoring = await importBlob(fixture('huge-cell.csv'), 'x.csv', {
      mapping: [{ kind: 'field', field: 'name' }, { kind: 'field', field: 'email' }, { kind: 'ignore' }],
    });
    expect(ignoring.writer.counts).toMatchObject({ created: 2, failed: 0 });
  });

  it('5,000 columns', async () => {
    const { inspection, writer } = await importBlob(fixture('many-columns.csv'), 'x.csv');
    expect(inspection.header).toHaveLength(5000);
    expect(writer.counts.created).toBe(1);
  });

  it('invalid rows fail with their reasons, kept as they were for the error report', async () => {
    const { writer } = await importBlob(fixture('invalid-rows.csv'), 'x.csv');
    expect(writer.counts).toMatchObject({ rows: 4, created: 1, failed: 3 });
    expect(writer.problems.map((p) => [p.line, p.cells.join('|'), p.plan.kind === 'fail' ? p.plan.errors.map((m) => m.code).join() : ''])).toEqual([
      [2, 'Ana|not-an-email|', 'email-invalid'],
      [4, 'Luis|luis@example.com|12', 'phone-too-short'],
      [5, 'Marta|marta@example.com|+34612345678|extra', 'too-many-cells'],
    ]);
  });

  it('formula cells are stored as text (neutralised only on export)', async () => {
    const { writer } = await importBlob(fixture('formula-injection.csv'), 'x.csv');
    expect(writer.values()[0]!.name).toBe('=HYPERLINK("http://evil.example")');
  });

  it('hands rows over in batches of IMPORT_BATCH_ROWS and stops between batches when cancelled', async () => {
    const rows = Array.from({ length: IMPORT_BATCH_ROWS * 2 + 10 }, (_, i) => `Person ${i},p${i}@x.es`).join('\n');
    const blob = blobOf(`name,email\n${rows}\n`);
    const inspection = await inspectFile(blob, 'x.csv');
    const writer = new MemoryWriter();
    let ids = 0;
    const result = await runImport(blob, { encoding: 'utf-8', delimiter: ',', mapping: inspection.mapping, policy: 'update', attributeDefinitions: [] }, {
      existing: [],
      newId: () => `c${++ids}`,
      cancelled: () => writer.batches >= 1,
      commit: (batch) => writer.commit(batch),
    });
    expect(result.cancelled).toBe(true);
    expect(writer.batches).toBe(1);
    expect(writer.counts.created).toBe(IMPORT_BATCH_ROWS);
  });

  it('a file split across many 1 MiB reads with multi-byte characters at the borders', async () => {
    const row = 'Zoë Ñúñez,zoe@example.com,Málaga €\n';
    const count = Math.ceil((2.5 * 1024 * 1024) / row.length);
    const body = Array.from({ length: count }, (_, i) => row.replace('zoe@', `zoe${i}@`)).join('');
    const { writer } = await importBlob(blobOf('name,email,city\n' + body), 'x.csv');
    expect(writer.counts.created).toBe(count);
    expect(writer.values().every((c) => c.name === 'Zoë Ñúñez' && c.city === 'Málaga €')).toBe(true);
  });
});
