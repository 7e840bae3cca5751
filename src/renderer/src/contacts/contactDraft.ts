/**
 * The contact form's draft and how it becomes the saved contact (ContactFormDialog.tsx), apart from
 * React so its rules are tested on their own. The rule that matters most: a field the user did not
 * touch keeps its stored value exactly — a value today's rules would write differently (a country
 * kept only by name, a phone from another system), refuse, or find shared with another contact
 * neither blocks the save nor changes (issue 16: editing the city erased the country).
 */
import { SOCIAL_NETWORKS, type Contact, type ContactFields } from '../../../shared/contact';
import { contactCountryCode } from '../../../shared/countries';
import {
  validateContactFields,
  type ContactInput,
  type FieldError,
  type ValidationContext,
} from '../../../shared/validation';
import { attributeInputValue } from './AttributeInput';
import { ownValue } from '../../../shared/own';

export type TextField = 'name' | 'email' | 'phone' | 'identifier' | 'company' | 'city' | 'description';
const TEXT_FIELDS: TextField[] = ['name', 'email', 'phone', 'identifier', 'company', 'city', 'description'];

/** The country select's value for a country the contact keeps as text (no ISO code is a word). */
export const KEPT_COUNTRY = 'kept-text';

export interface Draft {
  text: Record<TextField, string>;
  /** An ISO code, '' for none, or `KEPT_COUNTRY` for the text the contact keeps. */
  countryCode: string;
  phoneCountry: string;
  social: Record<string, string>;
  labels: string[];
  attributes: Record<string, string>;
}

export function draftOf(contact: Contact | undefined, defaultPhoneCountry: string): Draft {
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, contact?.[field] ?? ''])) as Record<TextField, string>;
  return {
    text,
    // A row keeping only a name ("España") shows its country selected.
    countryCode: contact ? (contactCountryCode(contact) ?? (contact.country ? KEPT_COUNTRY : '')) : '',
    phoneCountry: defaultPhoneCountry,
    social: Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, contact?.socialProfiles[network] ?? ''])),
    labels: contact?.labels ?? [],
    attributes: Object.fromEntries(
      Object.entries(contact?.customAttributes ?? {}).map(([key, value]) => [key, attributeInputValue(value)]),
    ),
  };
}

export type SaveResult = { ok: true; fields: ContactFields } | { ok: false; errors: FieldError[] };

/**
 * The fields to save from a draft: validated and normalised, untouched fields as stored (editing),
 * and attributes the form does not show (no definition) kept. `errors` name only fields the user
 * touched (or `contact`).
 */
export function prepareSave(draft: Draft, initial: Draft, editing: Contact | undefined, context: ValidationContext): SaveResult {
  const definitions = context.attributeDefinitions ?? [];
  const customAttributes: Record<string, string> = {};
  for (const definition of definitions) {
    const raw = ownValue(draft.attributes, definition.key);
    if (raw !== undefined && raw !== '') customAttributes[definition.key] = raw;
  }
  const input: ContactInput = {
    ...draft.text,
    // A picked code; the name beside it is the model's (English), never the UI language's.
    countryCode: draft.countryCode === KEPT_COUNTRY ? null : draft.countryCode || null,
    country: draft.countryCode === KEPT_COUNTRY ? (editing?.country ?? null) : null,
    socialProfiles: draft.social,
    labels: draft.labels,
    customAttributes,
    blocked: editing?.blocked ?? false,
  };
  const untouched = editing ? untouchedFields(draft, initial) : new Set<string>();
  let result = validateContactFields(input, context);
  if (!result.ok && result.errors.every((error) => untouched.has(error.field))) {
    result = validateContactFields(withoutFields(input, result.errors), context);
  }
  if (!result.ok) return { ok: false, errors: result.errors.filter((error) => !untouched.has(error.field)) };
  const fields = result.value;
  if (editing) {
    keepUntouched(fields, editing, untouched);
    const hidden = Object.entries(editing.customAttributes).filter(([key]) => !definitions.some((d) => d.key === key));
    fields.customAttributes = { ...Object.fromEntries(hidden), ...fields.customAttributes };
  }
  return { ok: true, fields };
}

/** The form's fields (as validation names them) whose input is as it was when the form opened. */
function untouchedFields(draft: Draft, initial: Draft): Set<string> {
  const same = new Set<string>();
  for (const field of TEXT_FIELDS) if (draft.text[field] === initial.text[field]) same.add(field);
  if (draft.countryCode === initial.countryCode) {
    same.add('country');
    same.add('countryCode');
  }
  if (JSON.stringify(draft.labels) === JSON.stringify(initial.labels)) same.add('labels');
  for (const network of SOCIAL_NETWORKS)
    if (draft.social[network] === initial.social[network]) same.add(`socialProfiles.${network}`);
  for (const [key, value] of Object.entries(draft.attributes))
    if (ownValue(initial.attributes, key) === value) same.add(`customAttributes.${key}`);
  return same;
}

type KeptField = TextField | 'country' | 'countryCode' | 'labels';

function putBack<K extends KeptField>(fields: ContactFields, stored: Contact, field: K): void {
  fields[field] = stored[field];
}

/** Puts back the stored value of every untouched field. */
function keepUntouched(fields: ContactFields, stored: Contact, untouched: ReadonlySet<string>): void {
  for (const field of [...TEXT_FIELDS, 'country', 'countryCode', 'labels'] as const)
    if (untouched.has(field)) putBack(fields, stored, field);
  const social = { ...fields.socialProfiles };
  for (const network of SOCIAL_NETWORKS) {
    if (!untouched.has(`socialProfiles.${network}`)) continue;
    const value = stored.socialProfiles[network];
    if (value === undefined) delete social[network];
    else social[network] = value;
  }
  fields.socialProfiles = social;
  for (const [key, value] of Object.entries(stored.customAttributes))
    if (untouched.has(`customAttributes.${key}`)) fields.customAttributes[key] = value;
}

/** The input without the fields named by `errors` (untouched ones, put back by `keepUntouched`). */
function withoutFields(input: ContactInput, errors: readonly FieldError[]): ContactInput {
  const out = { ...input, socialProfiles: { ...input.socialProfiles }, customAttributes: { ...input.customAttributes } };
  for (const { field } of errors) {
    if (field.startsWith('socialProfiles.')) delete out.socialProfiles[field.slice('socialProfiles.'.length)];
    else if (field.startsWith('customAttributes.')) delete out.customAttributes[field.slice('customAttributes.'.length)];
    else if (field !== 'contact') (out as Record<string, unknown>)[field] = null;
  }
  return out;
}
