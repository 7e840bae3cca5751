/**
 * One CSV row → the contact fields it holds, validated and normalised with the same rules as the
 * contact form (src/shared/validation), so an imported contact is indistinguishable from a typed one.
 */
import type { ContactFields, CustomAttributeValue } from '../contact';
import {
  validateContactFields,
  validateCustomAttributeValue,
  type ContactInput,
  type CustomAttributeDefinition,
  type FieldPath,
  type ValidationCode,
  type ValidationParams,
} from '../validation';
import type { ColumnTarget } from './mapping';

/** Problems only the import has; the rest are validation codes (`validation` namespace). */
export const IMPORT_ROW_CODES = ['too-many-cells', 'malformed-quotes', 'contact-gone'] as const;
export type ImportRowCode = (typeof IMPORT_ROW_CODES)[number];

export interface RowMessage {
  /** The contact field, or `row` for the row as a whole. */
  field: FieldPath | 'row';
  code: ValidationCode | ImportRowCode;
  params?: ValidationParams;
}

export interface RowOptions {
  mapping: readonly ColumnTarget[];
  /** ISO alpha-2 country national phone numbers are read in ("612 345 678" + ES). */
  defaultCountry?: string;
  attributeDefinitions?: readonly CustomAttributeDefinition[];
}

/** The fields a row gives a value to: on update only these overwrite (labels are added). */
export type ContactPatch = Partial<ContactFields>;

/** `warnings`: values kept as given that deserve a look (an unknown country, an unverified phone). */
export type RowResult =
  | { ok: true; fields: ContactFields; patch: ContactPatch; warnings: RowMessage[] }
  | { ok: false; errors: RowMessage[] };

/** Labels in one cell: "vip, madrid; lead" → three. */
const LABEL_SEPARATOR = /[,;]/;

export function rowToContactInput(cells: readonly string[], mapping: readonly ColumnTarget[]): ContactInput {
  const input: {
    -readonly [K in keyof ContactInput]: ContactInput[K];
  } = {};
  const labels: string[] = [];
  const social: Record<string, string> = {};
  const attributes: Record<string, CustomAttributeValue> = {};
  for (let column = 0; column < mapping.length; column++) {
    const target = mapping[column]!;
    const cell = unneutralize(cells[column] ?? '');
    switch (target.kind) {
      case 'ignore':
        break;
      case 'labels':
        for (const label of cell.split(LABEL_SEPARATOR)) labels.push(label);
        break;
      case 'social':
        social[target.network] = cell;
        break;
      case 'attribute':
        attributes[target.key] = cell;
        break;
      case 'field':
        if (target.field === 'blocked') {
          if (cell.trim() !== '') {
            const parsed = validateCustomAttributeValue({ key: 'blocked', type: 'checkbox' }, cell);
            // A value that is not yes/no is handed on as text so validation reports it.
            input.blocked = (parsed.ok ? parsed.value : cell) as boolean;
          }
        } else input[target.field] = cell;
        break;
    }
  }
  if (labels.length > 0) input.labels = labels;
  if (Object.keys(social).length > 0) input.socialProfiles = social;
  if (Object.keys(attributes).length > 0) input.customAttributes = attributes;
  return input;
}

/**
 * Our exports (and error reports) put a `'` before a cell a spreadsheet would run as a formula
 * (export.ts `neutralizeCell`); reading such a file back, the apostrophe goes again.
 */
function unneutralize(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Validates one data row; `headerCount` is the header's number of cells. */
export function validateRow(cells: readonly string[], headerCount: number, options: RowOptions): RowResult {
  const extra = cells.slice(headerCount).some((cell) => cell.trim() !== '');
  if (extra) return { ok: false, errors: [{ field: 'row', code: 'too-many-cells', params: { cells: cells.length, expected: headerCount } }] };
  const input = rowToContactInput(cells, options.mapping);
  const result = validateContactFields(input, {
    defaultCountry: options.defaultCountry,
    attributeDefinitions: options.attributeDefinitions,
  });
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, fields: result.value, patch: patchOf(result.value, input), warnings: result.warnings };
}

function patchOf(fields: ContactFields, input: ContactInput): ContactPatch {
  const patch: ContactPatch = {};
  if (fields.name !== '') patch.name = fields.name;
  for (const key of ['email', 'phone', 'identifier', 'company', 'city', 'description'] as const) {
    if (fields[key] !== null) patch[key] = fields[key];
  }
  // Name and code travel together: a row naming an unknown country must not leave the contact's
  // old code beside the new text.
  if (fields.country !== null || fields.countryCode !== null) {
    patch.country = fields.country;
    patch.countryCode = fields.countryCode;
  }
  if (fields.labels.length > 0) patch.labels = fields.labels;
  if (Object.keys(fields.socialProfiles).length > 0) patch.socialProfiles = fields.socialProfiles;
  if (Object.keys(fields.customAttributes).length > 0) patch.customAttributes = fields.customAttributes;
  if (input.blocked !== undefined) patch.blocked = fields.blocked;
  return patch;
}

/** True when every cell is empty or white space (such rows are passed over, like blank lines). */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
