import { ATTRIBUTE_TYPES, type AttributeDefinition, type AttributeType } from '../../../shared/records';
import { attributeKeyProblem, characterCount, normalizeText } from '../../../shared/validation';
import { settingsError, validationError, type FieldError } from './fieldError';

/** Display names and keys are one-line fields, like the contact's own (Chatwoot: string columns). */
export const ATTRIBUTE_NAME_MAX = 255;
export const ATTRIBUTE_KEY_MAX = 255;
/** A list value is a text value a contact can hold, so it has the text attribute's limit. */
export const LIST_VALUE_MAX = 255;
/** The description is a hint shown under the field in the contact form: a sentence or two. */
export const ATTRIBUTE_DESCRIPTION_MAX = 500;
/** Letters with no decomposition into an ASCII letter plus accents. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/**
 * The key suggested for a display name: ASCII snake_case ("Fecha de alta" → "fecha_de_alta",
 * "Número NIF" → "numero_nif"), the form Chatwoot's own UI makes keys in. Accents are dropped,
 * other characters become "_". May be '' (a name in a non-Latin script): the user types a key then.
 */
export function suggestAttributeKey(displayName: string): string {
  const folded = normalizeText(displayName)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\P{ASCII}/gu, (char) => LETTER_FOLDS[char] ?? '_');
  const key = folded.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return key.slice(0, ATTRIBUTE_KEY_MAX).replace(/_+$/, '');
}

export interface AttributeDraft {
  displayName: string;
  key: string;
  type: string;
  listValues: readonly string[];
  /** Text typed in the list-value box but not yet added as a chip: saved too, so nothing typed is lost. */
  pendingListValue: string;
  description: string;
}

export type AttributeField = 'displayName' | 'key' | 'type' | 'listValues' | 'description';

/** The fields a definition is created with (`repository.attributeDefinitions.create`). */
export type AttributeFields = Pick<AttributeDefinition, 'displayName' | 'key' | 'type' | 'listValues' | 'description'>;

export type AttributeDraftCheck =
  | { ok: true; fields: AttributeFields }
  | { ok: false; errors: Partial<Record<AttributeField, FieldError>> };

function isAttributeType(type: string): type is AttributeType {
  return (ATTRIBUTE_TYPES as readonly string[]).includes(type);
}

const folded = (text: string) => normalizeText(text).toLocaleLowerCase();

/** Adding one chip to a list: the normalised value, or why it cannot be added. */
export function checkListValue(
  raw: string,
  values: readonly string[],
): { ok: true; value: string } | { ok: false; error: FieldError } | { ok: 'empty' } {
  const value = normalizeText(raw);
  if (value === '') return { ok: 'empty' };
  if (characterCount(value) > LIST_VALUE_MAX)
    return { ok: false, error: validationError('too-long', { max: LIST_VALUE_MAX }) };
  // Contacts' list values are matched ignoring case, so "Gold" and "gold" would be one choice.
  if (values.some((existing) => folded(existing) === folded(value)))
    return { ok: false, error: settingsError('list-value-duplicate', { value }) };
  return { ok: true, value };
}

/**
 * Checks a definition being created or edited (`editing` is the stored one) against the shared
 * key rules and the other definitions. The repository does not validate, so nothing reaches it
 * without passing here. Key and type of an existing definition are kept as stored, whatever the
 * draft says: changing them would orphan or invalidate the values contacts already have.
 */
export function checkAttributeDraft(
  draft: AttributeDraft,
  definitions: readonly AttributeDefinition[],
  editing?: AttributeDefinition,
): AttributeDraftCheck {
  const errors: Partial<Record<AttributeField, FieldError>> = {};
  const others = definitions.filter((definition) => definition.id !== editing?.id);

  const displayName = normalizeText(draft.displayName);
  if (displayName === '') errors.displayName = settingsError('name-required');
  else if (characterCount(displayName) > ATTRIBUTE_NAME_MAX)
    errors.displayName = validationError('too-long', { max: ATTRIBUTE_NAME_MAX });
  else {
    const twin = others.find((definition) => folded(definition.displayName) === folded(displayName));
    if (twin) errors.displayName = settingsError('name-taken', { name: twin.displayName });
  }

  const key = editing ? editing.key : normalizeText(draft.key);
  if (!editing) {
    const problem = key === '' ? null : attributeKeyProblem(key);
    if (key === '') errors.key = settingsError('key-required');
    else if (characterCount(key) > ATTRIBUTE_KEY_MAX) errors.key = validationError('too-long', { max: ATTRIBUTE_KEY_MAX });
    else if (problem) errors.key = validationError(problem, { key });
    else {
      // Keys are matched exactly in contacts, but "Plan" beside "plan" is a trap for whoever filters.
      const twin = others.find((definition) => definition.key.toLowerCase() === key.toLowerCase());
      if (twin) errors.key = settingsError('key-taken', { key: twin.key, name: twin.displayName });
    }
  }

  const type = editing ? editing.type : draft.type;
  if (!isAttributeType(type)) errors.type = settingsError('type-invalid');

  let listValues: string[] = [];
  if (type === 'list') {
    listValues = draft.listValues.map((value) => normalizeText(value)).filter((value) => value !== '');
    const pending = checkListValue(draft.pendingListValue, listValues);
    if (pending.ok === true) listValues.push(pending.value);
    else if (pending.ok === false) errors.listValues = pending.error;
    if (!errors.listValues && listValues.length === 0) errors.listValues = settingsError('list-values-required');
  }

  const description = normalizeText(draft.description, { multiline: true });
  if (characterCount(description) > ATTRIBUTE_DESCRIPTION_MAX)
    errors.description = validationError('too-long', { max: ATTRIBUTE_DESCRIPTION_MAX });

  if (Object.keys(errors).length > 0 || !isAttributeType(type)) return { ok: false, errors };
  return { ok: true, fields: { displayName, key, type, listValues, description } };
}

/** The order problems are reported in and focus goes to: the form's order. */
export const ATTRIBUTE_FIELDS: readonly AttributeField[] = ['displayName', 'key', 'type', 'listValues', 'description'];
