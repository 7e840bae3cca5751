/**
 * Custom attributes: the keys a definition may use and the values each definition type accepts.
 * Chatwoot stores `custom_attributes` as free JSON and enforces nothing (notes §1.6); we check
 * values against their definition so filters (which cast by type) see clean data.
 */
import type { CustomAttributeValue } from '../contact';
import type { ValidationCode, ValidationParams } from './codes';
import { characterCount, normalizeHttpUrl, normalizeText } from './normalize';

export const CUSTOM_ATTRIBUTE_TYPES = ['text', 'number', 'link', 'date', 'list', 'checkbox'] as const;
export type CustomAttributeType = (typeof CUSTOM_ATTRIBUTE_TYPES)[number];

export interface CustomAttributeDefinition {
  key: string;
  type: CustomAttributeType;
  /** The choices of a `list` attribute. */
  listValues?: readonly string[];
}

export type AttributeValueResult =
  { ok: true; value: CustomAttributeValue } | { ok: false; code: ValidationCode; params?: ValidationParams };

/** A text attribute is a one-line input, like the contact's own text columns. */
export const ATTRIBUTE_TEXT_MAX = 255;
/** Links are longer than names; 2,048 is what browsers and most servers reliably accept. */
export const ATTRIBUTE_LINK_MAX = 2048;

/**
 * Keys Chatwoot refuses for a contact attribute definition because they name standard fields
 * (`custom_attribute_definition.rb`; `referer` is in its list too). Compared trimmed and
 * case-insensitively, so "Email " cannot slip through.
 */
const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'email',
  'phone_number',
  'identifier',
  'country_code',
  'city',
  'created_at',
  'last_activity_at',
  'referer',
  'blocked',
]);

export function isReservedAttributeKey(key: string): boolean {
  // `__proto__` too: assigning it on a plain object sets its prototype instead of a value (issue 17).
  return RESERVED_ATTRIBUTE_KEYS.has(key.trim().toLowerCase()) || key.trim() === '__proto__';
}

/**
 * A usable key: non-empty, at most 255 characters, and already in normal form (no surrounding or
 * repeated spaces, no control or invisible characters), because keys are matched exactly.
 * Spaces inside are allowed: Chatwoot's CSV import makes keys of column headers as they are.
 */
export function attributeKeyProblem(key: string): ValidationCode | null {
  if (isReservedAttributeKey(key)) return 'attribute-key-reserved';
  if (key === '' || normalizeText(key) !== key || characterCount(key) > ATTRIBUTE_TEXT_MAX)
    return 'attribute-key-invalid';
  return null;
}

const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHECKBOX_TRUE: ReadonlySet<string> = new Set(['true', '1', 'yes', 'sí', 'si', 'verdadero']);
const CHECKBOX_FALSE: ReadonlySet<string> = new Set(['false', '0', 'no', 'falso']);

/**
 * Checks and normalises one value against its definition. Empty input (null, undefined, '' or
 * white space) is `{ ok: true, value: null }`: the attribute is unset.
 *
 * - text: normalised like any one-line field, at most 255 characters.
 * - number: a finite number, or a decimal string with "." ("12.5", "-3", "1e3"); a comma is
 *   refused rather than guessed ("1,000" is one thousand in English and one in Spanish).
 * - link: an absolute http(s) URL without user name or password; stored as its normalised href.
 * - date: `YYYY-MM-DD` that exists in the calendar (no 2025-02-29).
 * - list: one of `listValues`, matched ignoring case; the definition's spelling is kept.
 * - checkbox: a boolean, 1/0, or true/false, yes/no, sí/no, verdadero/falso in any case.
 */
export function validateCustomAttributeValue(
  definition: CustomAttributeDefinition,
  raw: unknown,
): AttributeValueResult {
  if (raw == null || (typeof raw === 'string' && normalizeText(raw) === '')) return { ok: true, value: null };
  switch (definition.type) {
    case 'text':
      return textValue(raw);
    case 'number':
      return numberValue(raw);
    case 'link':
      return linkValue(raw);
    case 'date':
      return dateValue(raw);
    case 'list':
      return listValue(raw, definition.listValues ?? []);
    case 'checkbox':
      return checkboxValue(raw);
    default:
      return { ok: false, code: 'value-invalid' };
  }
}

function textValue(raw: unknown): AttributeValueResult {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
  if (typeof raw !== 'string') return { ok: false, code: 'value-invalid' };
  const text = normalizeText(raw);
  if (characterCount(text) > ATTRIBUTE_TEXT_MAX)
    return { ok: false, code: 'too-long', params: { max: ATTRIBUTE_TEXT_MAX } };
  return { ok: true, value: text };
}

function numberValue(raw: unknown): AttributeValueResult {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, code: 'number-invalid' };
  if (typeof raw !== 'string') return { ok: false, code: 'number-invalid' };
  const text = raw.trim();
  if (!DECIMAL_NUMBER.test(text)) return { ok: false, code: 'number-invalid' };
  const value = Number(text);
  return Number.isFinite(value)
    ? { ok: true, value: Object.is(value, -0) ? 0 : value }
    : { ok: false, code: 'number-invalid' };
}

function linkValue(raw: unknown): AttributeValueResult {
  if (typeof raw !== 'string') return { ok: false, code: 'url-invalid' };
  const text = normalizeText(raw);
  if (characterCount(text) > ATTRIBUTE_LINK_MAX)
    return { ok: false, code: 'too-long', params: { max: ATTRIBUTE_LINK_MAX } };
  const href = normalizeHttpUrl(text);
  return href === null ? { ok: false, code: 'url-invalid' } : { ok: true, value: href };
}

function dateValue(raw: unknown): AttributeValueResult {
  if (typeof raw !== 'string') return { ok: false, code: 'date-invalid' };
  const text = raw.trim();
  return isCalendarDate(text) ? { ok: true, value: text } : { ok: false, code: 'date-invalid' };
}

/** `YYYY-MM-DD`, year 0001–9999, and a day that exists in that month of that (proleptic Gregorian) year. */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function listValue(raw: unknown, choices: readonly string[]): AttributeValueResult {
  const invalid: AttributeValueResult = {
    ok: false,
    code: 'list-invalid',
    params: { values: choices.join(', ') },
  };
  if (typeof raw !== 'string' && typeof raw !== 'number') return invalid;
  const wanted = normalizeText(String(raw)).toLowerCase();
  const choice = choices.find((candidate) => normalizeText(candidate).toLowerCase() === wanted);
  return choice === undefined ? invalid : { ok: true, value: choice };
}

function checkboxValue(raw: unknown): AttributeValueResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw === 1 || raw === 0) return { ok: true, value: raw === 1 };
  if (typeof raw !== 'string') return { ok: false, code: 'checkbox-invalid' };
  const text = normalizeText(raw).toLowerCase();
  if (CHECKBOX_TRUE.has(text)) return { ok: true, value: true };
  if (CHECKBOX_FALSE.has(text)) return { ok: true, value: false };
  return { ok: false, code: 'checkbox-invalid' };
}
