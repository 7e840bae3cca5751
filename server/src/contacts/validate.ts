/**
 * Contact parameters and validation, as Chatwoot's `Contact` model has them (notes §3.1), without its
 * defects: the phone format is anchored (chatwoot#15415) and phone uniqueness is a database
 * constraint (chatwoot#12325).
 */
import { z } from 'zod';
import { searchKey } from '../../../src/shared/text';
import type { Queryable } from '../db/database';
import { humanize, invalidRecord, type FieldError } from '../http/errors';
import type { JsonObject } from './model';

const STRING_LIMIT = 255;
/** Devise's default `email_regexp`. */
const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+$/;
const E164_FORMAT = /^\+[1-9]\d{1,14}$/;

/**
 * Attribute sizes (issue 17): without them a contact could carry most of the 1 MiB body, and 100 such
 * contacts made one list page 92 MB. A value may be as long as the app's longest field (a 20,000-
 * character description, Chatwoot's text-column cap); the attributes of one contact together hold
 * a few such values. Measured as JSON text, in characters.
 */
export const ATTRIBUTE_LIMITS = {
  /** One custom or additional attribute's value. */
  valueCharacters: 20_000,
  /** `custom_attributes` and `additional_attributes` of one contact, together. */
  recordCharacters: 100_000,
  /** Characters of one attribute key. */
  keyCharacters: 255,
} as const;

const optionalText = z.string().nullable().optional();
const jsonObject = z.record(z.string(), z.unknown());

/** Chatwoot permits these top-level keys and ignores the rest (`permitted_params`). */
export const contactBodySchema = z.object({
  name: optionalText,
  email: optionalText,
  phone_number: optionalText,
  identifier: optionalText,
  avatar_url: optionalText,
  blocked: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === true || value === 'true')),
  additional_attributes: jsonObject.nullable().optional(),
  custom_attributes: jsonObject.nullable().optional(),
  inbox_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  source_id: optionalText,
});
export type ContactBody = z.infer<typeof contactBodySchema>;

/** The stored columns a create or update writes. */
export interface ContactValues {
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  avatar_url: string | null;
  blocked: boolean;
  additional_attributes: JsonObject;
  custom_attributes: JsonObject;
}

export function emptyContactValues(): ContactValues {
  return {
    name: '',
    email: null,
    phone_number: null,
    identifier: null,
    avatar_url: null,
    blocked: false,
    additional_attributes: {},
    custom_attributes: {},
  };
}

const blankToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

/** Applies a create or update body to `current`: given keys replace, attribute hashes shallow-merge. */
export function applyContactBody(current: ContactValues, body: ContactBody): ContactValues {
  const next = { ...current };
  if (body.name !== undefined) next.name = body.name ?? '';
  if (body.email !== undefined) next.email = blankToNull(body.email)?.trim().toLowerCase() ?? null;
  if (body.phone_number !== undefined) next.phone_number = blankToNull(body.phone_number);
  if (body.identifier !== undefined) next.identifier = blankToNull(body.identifier);
  if (body.avatar_url !== undefined) next.avatar_url = blankToNull(body.avatar_url);
  if (body.blocked !== undefined) next.blocked = body.blocked;
  if (body.additional_attributes) next.additional_attributes = { ...current.additional_attributes, ...body.additional_attributes };
  if (body.custom_attributes) next.custom_attributes = { ...current.custom_attributes, ...body.custom_attributes };
  return next;
}

/** Format and length rules; uniqueness is checked against the database by {@link checkUniqueness}. */
export function validateContactValues(values: ContactValues, before: ContactValues | null = null): FieldError[] {
  const errors: FieldError[] = [];
  for (const attribute of ['name', 'email', 'phone_number', 'identifier'] as const) {
    const value = values[attribute];
    if (value !== null && value.length > STRING_LIMIT) {
      errors.push({ attribute, message: `${humanize(attribute)} is too long (maximum is ${STRING_LIMIT} characters)` });
    }
  }
  if (values.email !== null && !EMAIL_FORMAT.test(values.email)) errors.push({ attribute: 'email', message: 'Email Invalid email' });
  if (values.phone_number !== null && !E164_FORMAT.test(values.phone_number)) {
    errors.push({ attribute: 'phone_number', message: 'Phone number should be in e164 format' });
  }
  if (values.avatar_url !== null && !/^https?:\/\/\S+$/i.test(values.avatar_url)) {
    errors.push({ attribute: 'avatar_url', message: 'Avatar url is invalid' });
  }
  errors.push(...attributeSizeErrors(values, before));
  return errors;
}

type AttributeHashes = Pick<ContactValues, 'custom_attributes' | 'additional_attributes'>;

const attributesLength = (values: AttributeHashes): number => JSON.stringify(values.custom_attributes).length + JSON.stringify(values.additional_attributes).length;

/**
 * Values, keys and records over {@link ATTRIBUTE_LIMITS}. Against `before` (an update), only what the
 * write changes is judged: a contact stored before these limits stays editable as long as the edit
 * does not make it larger.
 */
export function attributeSizeErrors(values: AttributeHashes, before: AttributeHashes | null = null): FieldError[] {
  const errors: FieldError[] = [];
  for (const attribute of ['custom_attributes', 'additional_attributes'] as const) {
    const previous = before?.[attribute];
    for (const [key, value] of Object.entries(values[attribute])) {
      if (previous && Object.hasOwn(previous, key) && JSON.stringify(previous[key]) === JSON.stringify(value)) continue;
      const length = typeof value === 'string' ? value.length : (JSON.stringify(value) ?? '').length;
      if (key.length > ATTRIBUTE_LIMITS.keyCharacters) {
        errors.push({ attribute, message: `${humanize(attribute)} key is too long (maximum is ${ATTRIBUTE_LIMITS.keyCharacters} characters)` });
      } else if (length > ATTRIBUTE_LIMITS.valueCharacters) {
        errors.push({ attribute, message: `${humanize(attribute)} ${key} is too long (maximum is ${ATTRIBUTE_LIMITS.valueCharacters} characters)` });
      }
    }
  }
  const total = attributesLength(values);
  if (total > ATTRIBUTE_LIMITS.recordCharacters && (before === null || total > attributesLength(before))) {
    errors.push({ attribute: 'custom_attributes', message: `Custom and additional attributes are too large together (maximum is ${ATTRIBUTE_LIMITS.recordCharacters} characters)` });
  }
  return errors;
}

/** Email, phone and identifier clashes with other contacts of the account, all reported at once. */
export async function checkUniqueness(tx: Queryable, accountId: number, values: ContactValues, exceptId: number | null): Promise<FieldError[]> {
  if (values.email === null && values.phone_number === null && values.identifier === null) return [];
  const { rows } = await tx.query<{ email: string | null; phone_number: string | null; identifier: string | null }>(
    `SELECT email, phone_number, identifier FROM contacts
      WHERE account_id = $1 AND id <> $2 AND (email = $3 OR phone_number = $4 OR identifier = $5)`,
    [accountId, exceptId ?? 0, values.email, values.phone_number, values.identifier],
  );
  const errors: FieldError[] = [];
  for (const attribute of ['email', 'phone_number', 'identifier'] as const) {
    if (values[attribute] !== null && rows.some((row) => row[attribute] === values[attribute])) {
      errors.push({ attribute, message: `${humanize(attribute)} has already been taken` });
    }
  }
  return errors;
}

export function assertValid(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw invalidRecord(errors);
}

/** Maps a unique-constraint violation that slipped past the pre-check (a race) to Chatwoot's 422. */
export function uniqueViolationAttribute(constraint: string | undefined): string | null {
  switch (constraint) {
    case 'contacts_email_unique':
      return 'email';
    case 'contacts_phone_number_unique':
      return 'phone_number';
    case 'contacts_identifier_unique':
      return 'identifier';
    default:
      return null;
  }
}

const stringAttribute = (attributes: JsonObject, key: string): string | null => {
  const value = attributes[key];
  return typeof value === 'string' ? value : null;
};

/** The folded text searched by `GET /contacts/search`: one line per searched field. */
export function contactSearchText(values: ContactValues): string {
  return [values.name, values.email, values.phone_number, stringAttribute(values.additional_attributes, 'company_name')]
    .map((value) => searchKey(value ?? ''))
    .join('\n');
}
