import { CONTACT_SCALAR_FIELDS, emptyContactFields, type Contact, type ContactFields } from '../../../../shared/contact';
import { sameSet, sameValue } from '../../../../shared/equality';
import { normalizeLabelList } from '../../../../shared/records';

export { sameValue };

/** The user-editable fields of a contact, in model order. Everything else is bookkeeping. */
export const CONTACT_FIELD_KEYS = Object.keys(emptyContactFields()) as (keyof ContactFields)[];

/** Every single-value text field but the name (required, never null). */
const NULLABLE_TEXT_KEYS = new Set<keyof ContactFields>(CONTACT_SCALAR_FIELDS.filter((key) => key !== 'name' && key !== 'blocked'));

/**
 * Keeps only the known contact fields that are present (not `undefined`), in the stored form:
 * labels de-duplicated and lower-cased, email lower-cased, nullable text trimmed and `''` turned
 * into null. The empty-string rule matters for the indexes: IndexedDB indexes `''` but not null,
 * so an empty email stored as `''` would make every email-less contact a "duplicate" of the others.
 * Validation (phone to E.164, email shape) belongs to the forms and the import, not here.
 */
export function normalizeContactPatch(patch: Partial<ContactFields>): Partial<ContactFields> {
  const source = patch as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of CONTACT_FIELD_KEYS) {
    const value = source[key];
    if (value === undefined) continue;
    out[key] = normalizeField(key, value);
  }
  return out;
}

function normalizeField(key: keyof ContactFields, value: unknown): unknown {
  if (NULLABLE_TEXT_KEYS.has(key)) {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    if (trimmed === '') return null;
    if (key === 'email') return trimmed.toLowerCase();
    if (key === 'countryCode') return trimmed.toUpperCase();
    return trimmed;
  }
  switch (key) {
    case 'labels':
      return Array.isArray(value)
        ? normalizeLabelList(value.filter((v): v is string => typeof v === 'string'))
        : value;
    case 'socialProfiles':
    case 'customAttributes':
      // A copy, so the caller mutating its object later cannot change what was stored or emitted.
      return value !== null && typeof value === 'object' ? { ...value } : value;
    default:
      return value;
  }
}

/** The full field set of a new contact: defaults, overridden by the normalised given fields. */
export function completeContactFields(fields: Partial<ContactFields>): ContactFields {
  return { ...emptyContactFields(), ...normalizeContactPatch(fields) };
}

const FIELD_KEYS = new Set<string>(CONTACT_FIELD_KEYS);

export function isContactFieldKey(key: string): key is keyof ContactFields {
  return FIELD_KEYS.has(key);
}

/**
 * A contact's field by a key known only at run time (an outbox row's `changes`, a conflict's
 * field): the field's value, or undefined for a key that is not a contact field.
 */
export function contactField(fields: ContactFields, key: string): unknown {
  return isContactFieldKey(key) ? fields[key] : undefined;
}

/** `fields` with `key` set to `value`; a key that is not a contact field leaves them as they are. */
export function withContactField(fields: ContactFields, key: string, value: unknown): ContactFields {
  return isContactFieldKey(key) ? { ...fields, [key]: value } : fields;
}

/**
 * The fields an outbox row recorded of a contact (a delete's `baseValues`, without its `serverId`
 * and `version`): `contactFieldsOf` of the contact, written by this app, so taken as they are.
 */
export function recordedContactFields(values: Record<string, unknown>): ContactFields {
  return values as unknown as ContactFields;
}

function copyField<K extends keyof ContactFields>(to: Partial<ContactFields>, from: ContactFields, key: K): void {
  to[key] = from[key];
}

/** Just the `ContactFields` of a stored contact, as plain data (for outbox `changes`/`baseValues`). */
export function contactFieldsOf(contact: Contact): ContactFields {
  const out: Partial<ContactFields> = {};
  for (const key of CONTACT_FIELD_KEYS) copyField(out, contact, key);
  // Every key of CONTACT_FIELD_KEYS was copied: the partial is complete.
  return out as ContactFields;
}

export interface FieldDiff {
  /** Changed fields, with their new values. */
  changes: Partial<ContactFields>;
  /** The same fields, with their values before the change. */
  baseValues: Partial<ContactFields>;
  changed: boolean;
}

/** Compares a normalised patch with the stored contact, field by field. */
export function diffContactFields(current: Contact, normalizedPatch: Partial<ContactFields>): FieldDiff {
  const changes: Record<string, unknown> = {};
  const baseValues: Record<string, unknown> = {};
  let changed = false;
  const patch = normalizedPatch as Record<string, unknown>;
  for (const key of CONTACT_FIELD_KEYS) {
    if (!(key in patch)) continue;
    const next = patch[key];
    const previous: unknown = current[key];
    const same = key === 'labels' ? sameLabelSet(previous, next) : sameValue(previous, next);
    if (same) continue;
    changes[key] = next;
    baseValues[key] = previous;
    changed = true;
  }
  return {
    changes: changes,
    baseValues: baseValues,
    changed,
  };
}

/** Labels are a set: the same titles in another order is no change. */
function sameLabelSet(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? sameSet(a, b) : sameValue(a, b);
}
