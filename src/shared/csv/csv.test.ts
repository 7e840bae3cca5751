import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import {
  CSV_DELIMITERS,
  CsvParseError,
  CsvStreamParser,
  autoMapping,
  detectDelimiter,
  detectEncoding,
  exportField,
  exportHeader,
  exportRows,
  errorReportCsv,
  foldHeader,
  isUtf8,
  looksBinary,
  mappingProblems,
  matchHeader,
  neutralizeCell,
  parseCsvText,
  rowToContactInput,
  validateRow,
  createDecoder,
  type ColumnTarget,
} from './index';
import { generateContacts } from '../demo/contacts';

const bytes = (...values: number[]) => new Uint8Array(values);
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const utf16le = (text: string) => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
};

describe('detectEncoding', () => {
  it('reads byte-order marks', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(bytes(0xfe, 0xff, 0, 0x61))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });
  it('recognises UTF-16 without a BOM by its zero bytes', () => {
    expect(detectEncoding(utf16le('name\temail\r\nAna\ta@x.es\r\n')).encoding).toBe('utf-16le');
    const be = utf16le('name,email\nJosé,j@x.es\n');
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    expect(detectEncoding(be).encoding).toBe('utf-16be');
  });
  it('tells UTF-8 from Windows-1252', () => {
    expect(detectEncoding(new TextEncoder().encode('nombre;ciudad\nJosé;Málaga\n')).encoding).toBe('utf-8');
    expect(detectEncoding(latin1('nombre;ciudad\nJos\u00e9;M\u00e1laga\n')).encoding).toBe('windows-1252');
    expect(detectEncoding(latin1('price\n\u0080 5\n')).encoding).toBe('windows-1252');
  });
  it('accepts a multi-byte character cut by the end of the sample, not a broken one inside', () => {
    const text = new TextEncoder().encode('ñandú');
    expect(isUtf8(text.subarray(0, text.length - 1))).toBe(true);
    expect(isUtf8(bytes(0x61, 0xc3, 0x41))).toBe(false);
    expect(isUtf8(bytes(0xc0, 0x80))).toBe(false); // overlong
    expect(isUtf8(bytes(0xed, 0xa0, 0x80))).toBe(false); // surrogate
  });
  it('agrees with TextDecoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (sample) => {
        let strict = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(sample);
        } catch {
          strict = false;
        }
        // isUtf8 may accept a truncated tail that the strict decoder refuses, never the reverse.
        if (strict) expect(isUtf8(sample)).toBe(true);
      }),
    );
  });
  it('decodes in pieces without breaking characters at the borders', () => {
    const encoded = new TextEncoder().encode('José;Müller;€;👩‍💻');
    for (let cut = 0; cut <= encoded.length; cut++) {
      const decoder = createDecoder('utf-8');
      expect(decoder.decode(encoded.subarray(0, cut), false) + decoder.decode(encoded.subarray(cut), true)).toBe('José;Müller;€;👩‍💻');
    }
  });
  it('flags binary text', () => {
    expect(looksBinary('PK\u0003\u0004\u0000\u0000')).toBe(true);
    expect(looksBinary('name,email\r\nAna,\tana@x.es\n')).toBe(false);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2,5;3\n4;5;6\n', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['name\nAna\nLuis\n', ','],
    ['"a;b",c\n"1;2",3\n"x;y",z\n', ','],
    ['nombre;empresa\n"García, Ana";"Foo, S.L."\n"Pérez, Luis";Bar\n', ';'],
  ])('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('parser', () => {
  it('handles quotes, doubled quotes, newlines in cells and every line ending', () => {
    expect(parseCsvText('a,b\r\n"x ""y""","1\r\n2"\r3,4\n', ',')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x "y"', '1\n2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });
  it('reports an unclosed quote with the line it starts on', () => {
    expect(() => parseCsvText('a,b\n1,2\n3,"four\n5,6\n', ',')).toThrow(new CsvParseError('unclosed-quote', 3));
  });
  it('gives up on a row that never ends instead of rescanning it forever', () => {
    const parser = new CsvStreamParser(',', 100);
    parser.push('a,b\n');
    expect(() => parser.push('"' + 'x'.repeat(200))).toThrow(CsvParseError);
  });
  it('parses the same rows whatever the chunking (round trip through the exporter)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ñ', ',', '"', '\n', ' ', '\r\n', 'b', ';') , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 6 }), (rows, cuts) => {
        const data = rows.filter((r) => !(r[0] === '' && r[1] === ''));
        const text = data.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
        const parser = new CsvStreamParser(',');
        const out: string[][] = [];
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          if (cut <= at || cut >= text.length) continue;
          out.push(...parser.push(text.slice(at, cut)).map((r) => r.cells));
          at = cut;
        }
        out.push(...parser.push(text.slice(at), true).map((r) => r.cells));
        const expected = data.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n')));
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe('header mapping', () => {
  it('matches Chatwoot, English and Spanish headers', () => {
    const headers = ['name', 'email', 'identifier', 'phone_number', 'company', 'city', 'country', 'labels'];
    expect(autoMapping(headers).map((t) => (t.kind === 'field' ? t.field : t.kind))).toEqual([
      'name', 'email', 'identifier', 'phone', 'company', 'city', 'country', 'labels',
    ]);
    const spanish = ['Nombre', 'Correo electrónico', 'Teléfono', 'Empresa', 'Ciudad', 'País', 'Etiquetas', 'Código de país'];
    expect(autoMapping(spanish).map((t) => (t.kind === 'field' ? t.field : t.kind))).toEqual([
      'name', 'email', 'phone', 'company', 'city', 'country', 'labels', 'countryCode',
    ]);
  });
  it('ignores unknown columns instead of making them custom attributes', () => {
    expect(matchHeader('ip_address')).toEqual({ kind: 'ignore' });
    expect(matchHeader('id')).toEqual({ kind: 'ignore' });
    expect(matchHeader('')).toEqual({ kind: 'ignore' });
  });
  it('matches existing custom attributes by key or display name', () => {
    const attributes = [{ key: 'plan', displayName: 'Plan contratado', type: 'text' as const }];
    expect(matchHeader('plan', attributes)).toEqual({ kind: 'attribute', key: 'plan' });
    expect(matchHeader('Plan Contratado', attributes)).toEqual({ kind: 'attribute', key: 'plan' });
  });
  it('maps a repeated header only once and reports two columns sent to one field', () => {
    const mapping = autoMapping(['email', 'Email', 'correo', 'name']);
    expect(mapping.map((t) => t.kind)).toEqual(['field', 'ignore', 'ignore', 'field']);
    const clash: ColumnTarget[] = [{ kind: 'field', field: 'email' }, { kind: 'field', field: 'email' }];
    expect(mappingProblems(clash).map((p) => p.code)).toEqual(['duplicate-target']);
    expect(mappingProblems([{ kind: 'field', field: 'city' }]).map((p) => p.code)).toEqual(['nothing-identifies']);
    expect(mappingProblems([{ kind: 'labels' }, { kind: 'labels' }, { kind: 'field', field: 'phone' }])).toEqual([]);
  });
  it('folds headers', () => {
    expect(foldHeader('  Teléfono  Móvil ')).toBe('telefono_movil');
  });
});

describe('rows', () => {
  const mapping = autoMapping(['name', 'email', 'phone', 'labels', 'blocked', 'plan']);
  mapping[5] = { kind: 'attribute', key: 'plan' };
  it('splits labels on commas and semicolons and normalises every field', () => {
    const row = validateRow(['  Ana  García ', 'ANA@Example.com', '612 345 678', 'VIP; lead,madrid', 'sí', 'pro'], 6, {
      mapping,
      defaultCountry: 'ES',
    });
    expect(row.ok && row.fields).toMatchObject({
      name: 'Ana García',
      email: 'ana@example.com',
      phone: '+34612345678',
      labels: ['vip', 'lead', 'madrid'],
      blocked: true,
      customAttributes: { plan: 'pro' },
    });
    expect(row.ok && Object.keys(row.patch).sort()).toEqual(['blocked', 'customAttributes', 'email', 'labels', 'name', 'phone']);
  });
  it('reports each problem beside its field', () => {
    const row = validateRow(['x'.repeat(300), 'not-an-email', '612 345 678', '', 'maybe', ''], 6, { mapping });
    expect(row.ok).toBe(false);
    if (!row.ok)
      expect(row.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['blocked:value-invalid', 'email:email-invalid', 'name:too-long', 'phone:phone-needs-country']);
  });
  it('refuses rows with more non-empty cells than the header, pads shorter ones', () => {
    expect(validateRow(['Ana', 'a@x.es', '', '', '', '', 'extra'], 6, { mapping })).toMatchObject({ ok: false, errors: [{ code: 'too-many-cells' }] });
    expect(validateRow(['Ana', 'a@x.es', '', '', '', '', ''], 6, { mapping }).ok).toBe(true);
    expect(validateRow(['Ana'], 6, { mapping }).ok).toBe(true);
  });
  it('needs a name, email or phone', () => {
    expect(validateRow(['', '', '', 'vip', '', ''], 6, { mapping })).toMatchObject({ ok: false, errors: [{ code: 'required-one-of' }] });
  });
  it('updates country name and code together, so an unknown country clears the old code', () => {
    const countryMapping = autoMapping(['name', 'país']);
    const unknown = validateRow(['Ana', 'Españia'], 2, { mapping: countryMapping });
    expect(unknown.ok && unknown.patch).toEqual({ name: 'Ana', country: 'Españia', countryCode: null });
    expect(unknown.ok && unknown.warnings).toEqual([{ field: 'country', code: 'country-unknown', params: { country: 'Españia' } }]);
    const known = validateRow(['Ana', 'perú'], 2, { mapping: countryMapping });
    expect(known.ok && known.patch).toEqual({ name: 'Ana', country: 'Peru', countryCode: 'PE' });
    expect(known.ok && known.warnings).toEqual([]);
    const none = validateRow(['Ana', ''], 2, { mapping: countryMapping });
    expect(none.ok && none.patch).toEqual({ name: 'Ana' });
  });
  it('reads neutralised cells from our own exports back as they were', () => {
    expect(rowToContactInput(["'=cmd", "'+34 612"], [{ kind: 'field', field: 'name' }, { kind: 'field', field: 'phone' }])).toEqual({ name: '=cmd', phone: '+34 612' });
  });
});

/**
 * How a spreadsheet set to another separator reads a line: split where the separator stands outside
 * quotes (a quote toggles), then a cell that opens with a quote loses it. Lenient, as they are.
 */
function splitLikeASpreadsheet(line: string, separator: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      cells.push(current);
      current = '';
    } else current += char;
  }
  cells.push(current);
  return cells.map((cell) => (cell.startsWith('"') ? cell.slice(1).replace(/""/g, '"') : cell));
}

describe('export', () => {
  it('neutralises formula cells but keeps E.164 phones', () => {
    expect(neutralizeCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutralizeCell('+1+cmd|calc')).toBe(`'+1+cmd|calc`);
    expect(neutralizeCell('-2+3')).toBe(`'-2+3`);
    expect(neutralizeCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutralizeCell('\tx')).toBe(`'\tx`);
    expect(neutralizeCell('\rx')).toBe(`'\rx`);
    expect(neutralizeCell('+34612345678')).toBe('+34612345678');
    expect(neutralizeCell('Ana')).toBe('Ana');
    expect(exportField('a,"b"')).toBe('"a,""b"""');
  });
  it('never lets a cell start with a formula character, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const field = exportField(value);
        const unquoted = field.startsWith('"') ? field.slice(1) : field;
        expect(/^[=@\t\r-]/.test(unquoted) || /^\+(?!\d+$)/.test(field.replace(/^"/, '').replace(/"$/, ''))).toBe(false);
      }),
    );
  });
  it('quotes a cell holding a semicolon or a tab, so a spreadsheet splitting on ";" cannot run what follows it (issue 17)', () => {
    expect(exportField('a;=1+1')).toBe('"a;=1+1"');
    expect(exportField('a\t=1+1')).toBe('"a\t=1+1"');
    expect(exportField('plain')).toBe('plain');
  });
  it('an exported line read with ";" or tab as the separator never yields a cell that starts a formula (issue 17)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', '=', '+', '-', '@', ';', ',', '\t', '"', ' ', '\n') });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.constantFrom(';', '\t'), (cells, separator) => {
        const line = cells.map(exportField).join(',');
        // An E.164 phone ("+34…", digits only) is left as it is on purpose: a number, never a formula.
        for (const read of splitLikeASpreadsheet(line, separator)) expect(read).not.toMatch(/^(?:[=\-@]|\+(?!\d+(?:,|$)))/);
      }),
    );
  });
  it('an attribute named "constructor" or "toString" that a contact never set exports empty, not as a function (issue 17)', () => {
    const [contact] = generateContacts(1, { seed: 5 });
    const options = { columns: ['name'] as const, attributeKeys: ['constructor', 'toString', '__proto__', 'hasOwnProperty'] };
    const without = { ...contact!, customAttributes: {} };
    expect(exportRows([without], options)).toBe(`${exportField(contact!.name)},,,,\r\n`);
    const withValues = { ...contact!, customAttributes: JSON.parse('{"constructor":"Acme","__proto__":"x"}') as Record<string, string> };
    expect(exportRows([withValues], options)).toBe(`${exportField(contact!.name)},Acme,,x,\r\n`);
  });
  it('writes Chatwoot columns with a BOM and CRLF, and re-parses to the same values', () => {
    const contacts = generateContacts(50, { seed: 3 });
    const options = { columns: ['name', 'email', 'identifier', 'phone_number', 'company', 'city', 'country', 'labels'] as const, attributeKeys: ['plan'] };
    const csv = exportHeader(options) + exportRows(contacts, options);
    expect(csv.startsWith('\ufeffname,email,identifier,phone_number,company,city,country,labels,plan\r\n')).toBe(true);
    const rows = parseCsvText(csv.slice(1), ',');
    expect(rows).toHaveLength(51);
    rows.slice(1).forEach((row, i) => {
      const c = contacts[i]!;
      expect(row.cells[0]!.replace(/^'/, '')).toBe(c.name);
      expect(row.cells[1]).toBe(c.email ?? '');
      expect(row.cells[3]).toBe(c.phone ?? '');
      expect(row.cells[7]).toBe(c.labels.join(','));
    });
  });
  it('writes a known country by its code and English name, whatever language the stored name is in', () => {
    const [sample] = generateContacts(1, { seed: 1 });
    const options = { columns: ['name', 'country', 'country_code'] as const, attributeKeys: [] };
    const line = (country: string | null, countryCode: string | null) =>
      exportRows([{ ...sample!, name: 'Ana', country, countryCode }], options);
    expect(line('España', null)).toBe('Ana,Spain,ES\r\n');
    expect(line('Spain', 'ES')).toBe('Ana,Spain,ES\r\n');
    expect(line('Españia', null)).toBe('Ana,Españia,\r\n');
    expect(line(null, null)).toBe('Ana,,\r\n');
  });
  it('writes the error report with the original header plus errors', () => {
    expect(errorReportCsv(['a', 'b'], [{ cells: ['1'], errors: 'Email: bad' }])).toBe('\ufeffa,b,errors\r\n1,,Email: bad\r\n');
  });
  it('writes the error report in the source file’s delimiter with the errors column in the user’s language', () => {
    const rows = [{ cells: ['Ana; Pérez', 'a,b'], errors: 'Correo: no válido; revísalo' }];
    expect(errorReportCsv(['nombre', 'correo'], rows, { delimiter: ';', errorsHeader: 'errores' })).toBe(
      '\ufeffnombre;correo;errores\r\n"Ana; Pérez";"a,b";"Correo: no válido; revísalo"\r\n',
    );
    expect(errorReportCsv(['a'], [{ cells: ['x\ty'], errors: '=1+1' }], { delimiter: '\t' })).toBe('\ufeffa\terrors\r\n"x\ty"\t\'=1+1\r\n');
  });
  it('reads back the error report it wrote, whatever the delimiter and the cells', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CSV_DELIMITERS),
        fc.array(fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '\t', '|', '"', '\n', 'ñ') }), { minLength: 1, maxLength: 4 }),
        (delimiter, cells) => {
          const csv = errorReportCsv(cells.map((_, index) => `h${index}`), [{ cells, errors: 'e' }], { delimiter, errorsHeader: 'errores' });
          const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter, newline: '\r\n', skipEmptyLines: true }).data;
          expect(parsed[0]).toEqual([...cells.map((_, index) => `h${index}`), 'errores']);
          expect(parsed[1]).toEqual([...cells.map(neutralizeCell), 'e']);
        },
      ),
    );
  });
});
