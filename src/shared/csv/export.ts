/**
 * Contacts → CSV in Chatwoot's column names (so the file goes back into Chatwoot's own import),
 * plus labels and custom attributes. UTF-8 with a BOM, CRLF: Excel then opens accents correctly.
 */
import type { Contact, CustomAttributeValue } from '../contact';
import { contactCountryCode, countryByCode } from '../countries';
import { ownValue } from '../own';
import type { CsvDelimiter } from './delimiter';

export const EXPORT_COLUMNS = [
  'name',
  'email',
  'identifier',
  'phone_number',
  'company',
  'city',
  'country',
  'country_code',
  'description',
  'labels',
  'created_at',
  'last_activity_at',
  'blocked',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Chatwoot's CSV columns, in its order: what its import reads, plus labels. */
export const CHATWOOT_CSV_COLUMNS = [
  'name',
  'email',
  'identifier',
  'phone_number',
  'company',
  'city',
  'country',
  'labels',
] as const satisfies readonly ExportColumn[];

/** The columns ticked by default: Chatwoot's. */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumn[] = CHATWOOT_CSV_COLUMNS;

export interface ExportOptions {
  columns: readonly ExportColumn[];
  /** Custom attribute keys, one column each after the standard ones, header = key. */
  attributeKeys: readonly string[];
}

export const UTF8_BOM = '\ufeff';

/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1+cmd|…`, `-2+3`, `@SUM(…)`, or
 * one starting with tab or CR, which some spreadsheets skip before looking) gets a leading `'`,
 * as OWASP's CSV-injection guidance recommends. The apostrophe is visible in the file; spreadsheets
 * hide it and show the text. Phone numbers are E.164 ("+34…") and are exempted so they stay usable:
 * a "+" followed only by digits is a number, never a formula.
 */
export function neutralizeCell(value: string): string {
  if (value === '') return value;
  const first = value[0];
  if (first === '+' && /^\+\d+$/.test(value)) return value;
  if (first === '=' || first === '+' || first === '-' || first === '@' || first === '\t' || first === '\r') return `'${value}`;
  return value;
}

/**
 * Besides RFC 4180's comma, quote, CR and LF: semicolon and tab. A spreadsheet in a Spanish locale
 * splits on ";" (the list separator there) and one opening a .csv by hand may split on tab; a bare
 * `a;=1+1` would then put `=1+1` in a cell of its own and run it (issue 17). Inside quotes, every
 * separator is text.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, semicolon, tab, quote, CR or LF; quotes doubled.
 * The one CSV quoting of the project (exports, error reports, the demo data generator).
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One RFC 4180 field, neutralised against formula injection. */
export function exportField(value: string): string {
  return csvField(neutralizeCell(value));
}

function attributeText(value: CustomAttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

function isoTime(epochMs: number | null): string {
  return epochMs === null ? '' : new Date(epochMs).toISOString();
}

function cellOf(contact: Contact, column: ExportColumn): string {
  switch (column) {
    case 'name':
      return contact.name;
    case 'email':
      return contact.email ?? '';
    case 'identifier':
      return contact.identifier ?? '';
    case 'phone_number':
      return contact.phone ?? '';
    case 'company':
      return contact.company ?? '';
    case 'city':
      return contact.city ?? '';
    case 'country': {
      // A known country by its English name (as Chatwoot stores it), whatever language the stored
      // name is in; an unknown one as the text kept.
      const code = contactCountryCode(contact);
      return (code !== null ? countryByCode(code)?.en : undefined) ?? contact.country ?? '';
    }
    case 'country_code':
      return contactCountryCode(contact) ?? '';
    case 'description':
      return contact.description ?? '';
    case 'labels':
      return contact.labels.join(',');
    case 'created_at':
      return isoTime(contact.createdAt);
    case 'last_activity_at':
      return isoTime(contact.lastActivityAt);
    case 'blocked':
      return contact.blocked ? 'true' : 'false';
  }
}

export function exportHeader(options: ExportOptions): string {
  return UTF8_BOM + [...options.columns, ...options.attributeKeys].map(exportField).join(',') + '\r\n';
}

/** Data lines, CRLF-terminated: append to {@link exportHeader} chunk by chunk. */
export function exportRows(contacts: readonly Contact[], options: ExportOptions): string {
  const lines: string[] = [];
  for (const contact of contacts) {
    const cells = options.columns.map((column) => exportField(cellOf(contact, column)));
    for (const key of options.attributeKeys) cells.push(exportField(attributeText(ownValue(contact.customAttributes, key))));
    lines.push(cells.join(',') + '\r\n');
  }
  return lines.join('');
}

/** Every custom attribute key the contacts use, sorted. */
export function attributeKeysOf(contacts: readonly Contact[]): string[] {
  const keys = new Set<string>();
  for (const contact of contacts) for (const key of Object.keys(contact.customAttributes)) keys.add(key);
  return [...keys].sort();
}

/**
 * A CSV of rows as they were (the error report): the original header plus a column of what went
 * wrong, named in the user's language, written with the source file's delimiter so it opens the
 * way the file did (a `;` file from Spanish Excel stays `;`; issue 19).
 */
export function errorReportCsv(
  header: readonly string[],
  rows: readonly { cells: readonly string[]; errors: string }[],
  options: { delimiter?: CsvDelimiter; errorsHeader?: string } = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const field = (value: string) => delimitedField(neutralizeCell(value), delimiter);
  const width = header.length;
  const lines = [UTF8_BOM + [...header, options.errorsHeader ?? 'errors'].map(field).join(delimiter)];
  for (const row of rows) {
    const cells = row.cells.slice(0, Math.max(width, row.cells.length));
    while (cells.length < width) cells.push('');
    lines.push([...cells, row.errors].map(field).join(delimiter));
  }
  return lines.join('\r\n') + '\r\n';
}

/** {@link csvField} for a file separated by `delimiter`: quoted when it holds that delimiter too. */
function delimitedField(value: string, delimiter: CsvDelimiter): string {
  return delimiter !== ',' && value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : csvField(value);
}
