/**
 * Validation of a whole contact as a person typed it (or a CSV row, or a request body, once its
 * shape has passed the boundary schema): every field normalised, every problem reported at once,
 * each beside its field, with what the message needs (`{{max}}`, the other contact's name and id).
 * The rules and the decisions behind them: docs/validation.md.
 */
import { SOCIAL_NETWORKS, emptyContactFields } from '../contact';
import { readCountry } from '../countries';
import type { ContactFields, CustomAttributeValue, SocialNetwork } from '../contact';
import { attributeKeyProblem, validateCustomAttributeValue } from './attributes';
import type { CustomAttributeDefinition } from './attributes';
import type { ValidationCode, ValidationParams } from './codes';
import {
  characterCount,
  emailProblem,
  isValidLabel,
  normalizeEmail,
  normalizeHttpUrl,
  normalizeLabel,
  normalizePhone,
  normalizeText,
  phoneCountry,
} from './normalize';

/** Chatwoot's cap on every string column (`application_record.rb#validates_column_content_length`). */
export const TEXT_MAX = 255;
/** Chatwoot's cap on every text column. */
export const DESCRIPTION_MAX = 20_000;

export type FieldPath =
  keyof ContactFields | 'contact' | `customAttributes.${string}` | `socialProfiles.${string}`;

export interface FieldError {
  field: FieldPath;
  code: ValidationCode;
  params?: ValidationParams;
}

/** Another contact, as a uniqueness error shows it: "This email already belongs to Ana García". */
export interface ContactRef {
  id: string;
  /** Its display name (`contactDisplayName`). */
  name: string;
}

/**
 * Finds the contact that already holds a value. Each method gets the *normalised* value (email
 * lower-cased, phone in E.164, identifier exact) and the id of the contact being edited, which
 * it should skip: an edited contact does not clash with itself, even when an older duplicate of
 * its value exists elsewhere.
 */
export interface UniquenessLookup {
  findByEmail(email: string, excludeId?: string): ContactRef | undefined;
  findByPhone(e164: string, excludeId?: string): ContactRef | undefined;
  findByIdentifier(identifier: string, excludeId?: string): ContactRef | undefined;
}

export interface ValidationContext {
  /** ISO alpha-2 country for national phone numbers (the user's choice or locale); else the contact's own country code. */
  defaultCountry?: string;
  lookup?: UniquenessLookup;
  /** The id of the contact being edited. */
  selfId?: string;
  /** Definitions to check custom attribute values against; attributes without one are checked as text/number/boolean. */
  attributeDefinitions?: readonly CustomAttributeDefinition[];
}

/** The raw input: any field may be missing, empty or null; text is as typed. */
export interface ContactInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  identifier?: string | null;
  company?: string | null;
  city?: string | null;
  country?: string | null;
  countryCode?: string | null;
  description?: string | null;
  socialProfiles?: Readonly<Record<string, string | null | undefined>>;
  labels?: readonly string[];
  customAttributes?: Readonly<Record<string, CustomAttributeValue | undefined>>;
  blocked?: boolean;
}

/**
 * `warnings`: values kept as given that the user should look at (`country-unknown`: no known
 * country, kept as text; `phone-unverified`: E.164-shaped but not valid for its country).
 */
export type ContactValidation =
  | { ok: true; value: ContactFields; warnings: FieldError[] }
  | { ok: false; errors: FieldError[] };

const SOCIAL_NETWORK_SET: ReadonlySet<string> = new Set(SOCIAL_NETWORKS);
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const HANDLE = /^[\p{L}\p{N}._-]+$/u;

/**
 * Validates and normalises a whole contact. Missing fields take their empty value, so for an
 * edit pass the contact with the change applied, not the change alone. Never throws on strings,
 * however hostile; reports every problem, at most one per field (one per bad label in `labels`).
 */
export function validateContactFields(
  input: ContactInput,
  context: ValidationContext = {},
): ContactValidation {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const report = (field: FieldPath, code: ValidationCode, params?: ValidationParams): void => {
    errors.push(params ? { field, code, params } : { field, code });
  };
  const value = emptyContactFields();

  const text = (
    field: 'name' | 'identifier' | 'company' | 'city' | 'country' | 'description',
    max: number,
  ): string | null => {
    const raw: unknown = input[field];
    if (raw == null) return null;
    if (typeof raw !== 'string') {
      report(field, 'value-invalid');
      return null;
    }
    const normalized = normalizeText(raw, { multiline: field === 'description' });
    if (normalized === '') return null;
    if (characterCount(normalized) > max) report(field, 'too-long', { max });
    return normalized;
  };
  const taken = (field: 'email' | 'phone' | 'identifier', other: ContactRef | undefined): void => {
    if (other && other.id !== context.selfId)
      report(field, `${field}-taken`, { id: other.id, name: other.name || other.id });
  };

  value.name = text('name', TEXT_MAX) ?? '';
  value.company = text('company', TEXT_MAX);
  value.city = text('city', TEXT_MAX);
  const countryName = text('country', TEXT_MAX);
  value.description = text('description', DESCRIPTION_MAX);

  value.identifier = text('identifier', TEXT_MAX);
  if (value.identifier !== null && characterCount(value.identifier) <= TEXT_MAX) {
    taken('identifier', context.lookup?.findByIdentifier(value.identifier, context.selfId));
  }

  let countryCode: string | null = null;
  if (input.countryCode != null) {
    if (typeof input.countryCode !== 'string') report('countryCode', 'value-invalid');
    else countryCode = normalizeText(input.countryCode) || null;
  }
  const country = readCountry(countryName, countryCode);
  switch (country.kind) {
    case 'none':
      break;
    case 'known':
      // The code says which country; the name stored beside it is the English one whatever was typed.
      value.countryCode = country.country.code;
      value.country = country.country.en;
      break;
    case 'unknown':
      value.country = country.text;
      warnings.push({ field: 'country', code: 'country-unknown', params: { country: country.text } });
      break;
    case 'bad-code':
      value.country = countryName;
      report('countryCode', 'country-invalid', { country: country.text });
      break;
  }

  value.email = emailField(input.email, report);
  if (value.email !== null && !errors.some((error) => error.field === 'email')) {
    taken('email', context.lookup?.findByEmail(value.email, context.selfId));
  }

  value.phone = phoneField(
    input.phone,
    phoneCountry(context.defaultCountry) ?? phoneCountry(value.countryCode),
    report,
    (code) => warnings.push({ field: 'phone', code }),
  );
  if (value.phone !== null && !errors.some((error) => error.field === 'phone')) {
    taken('phone', context.lookup?.findByPhone(value.phone, context.selfId));
  }

  value.socialProfiles = socialProfilesField(input.socialProfiles, report);
  value.labels = labelsField(input.labels, report);
  value.customAttributes = customAttributesField(
    input.customAttributes,
    context.attributeDefinitions ?? [],
    report,
  );

  if (input.blocked != null) {
    if (typeof input.blocked === 'boolean') value.blocked = input.blocked;
    else report('blocked', 'value-invalid');
  }

  const hasEmail = typeof input.email === 'string' && normalizeEmail(input.email) !== null;
  const hasPhone = typeof input.phone === 'string' && normalizeText(input.phone) !== '';
  if (value.name === '' && !hasEmail && !hasPhone) report('contact', 'required-one-of');

  return errors.length === 0 ? { ok: true, value, warnings } : { ok: false, errors };
}

type Report = (field: FieldPath, code: ValidationCode, params?: ValidationParams) => void;

function emailField(raw: unknown, report: Report): string | null {
  if (raw == null) return null;
  if (typeof raw !== 'string') {
    report('email', 'value-invalid');
    return null;
  }
  const email = normalizeEmail(raw);
  if (email === null) return null;
  if (characterCount(email) > TEXT_MAX) {
    report('email', 'too-long', { max: TEXT_MAX });
    return email;
  }
  const problem = emailProblem(email);
  if (problem) report('email', problem);
  return email;
}

function phoneField(
  raw: unknown,
  defaultCountry: string | undefined,
  report: Report,
  warn: (code: ValidationCode) => void,
): string | null {
  if (raw == null) return null;
  if (typeof raw !== 'string') {
    report('phone', 'value-invalid');
    return null;
  }
  if (normalizeText(raw) === '') return null;
  const result = normalizePhone(raw, defaultCountry);
  if (result.ok) {
    if (result.unverified) warn('phone-unverified');
    return result.e164;
  }
  report('phone', result.code);
  return null;
}

/**
 * A profile is a handle ("ana.garcia", "@ana" — the "@" is dropped) or a link. A link must be
 * http(s); one typed without a scheme ("facebook.com/ana") gets "https://".
 */
export function normalizeSocialProfile(
  raw: string,
): { ok: true; value: string | null } | { ok: false; code: ValidationCode; params?: ValidationParams } {
  const text = normalizeText(raw);
  if (text === '') return { ok: true, value: null };
  if (characterCount(text) > TEXT_MAX) return { ok: false, code: 'too-long', params: { max: TEXT_MAX } };
  if (HAS_SCHEME.test(text) || text.includes('/')) {
    const href = normalizeHttpUrl(HAS_SCHEME.test(text) ? text : `https://${text.replace(/^\/+/, '')}`);
    if (href === null) return { ok: false, code: 'url-invalid' };
    if (characterCount(href) > TEXT_MAX) return { ok: false, code: 'too-long', params: { max: TEXT_MAX } };
    return { ok: true, value: href };
  }
  const handle = text.replace(/^@/, '');
  return HANDLE.test(handle) ? { ok: true, value: handle } : { ok: false, code: 'handle-invalid' };
}

function socialProfilesField(raw: unknown, report: Report): Partial<Record<SocialNetwork, string>> {
  const profiles: Partial<Record<SocialNetwork, string>> = {};
  if (raw == null) return profiles;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report('socialProfiles', 'value-invalid');
    return profiles;
  }
  for (const [network, value] of Object.entries(raw)) {
    const field: FieldPath = `socialProfiles.${network}`;
    if (!SOCIAL_NETWORK_SET.has(network)) {
      report(field, 'social-network-unknown', { network });
      continue;
    }
    if (value == null) continue;
    if (typeof value !== 'string') {
      report(field, 'value-invalid');
      continue;
    }
    const result = normalizeSocialProfile(value);
    if (!result.ok) report(field, result.code, result.params);
    else if (result.value !== null) profiles[network as SocialNetwork] = result.value;
  }
  return profiles;
}

function labelsField(raw: unknown, report: Report): string[] {
  if (raw == null) return [];
  if (!Array.isArray(raw)) {
    report('labels', 'value-invalid');
    return [];
  }
  const labels = new Set<string>();
  for (const item of raw as unknown[]) {
    if (typeof item !== 'string') {
      report('labels', 'value-invalid');
      continue;
    }
    const label = normalizeLabel(item);
    if (label === '') continue;
    if (characterCount(label) > TEXT_MAX) report('labels', 'too-long', { max: TEXT_MAX });
    else if (!isValidLabel(label)) report('labels', 'label-invalid', { label });
    else labels.add(label);
  }
  return [...labels];
}

function customAttributesField(
  raw: unknown,
  definitions: readonly CustomAttributeDefinition[],
  report: Report,
): Record<string, CustomAttributeValue> {
  const attributes: Record<string, CustomAttributeValue> = {};
  if (raw == null) return attributes;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report('customAttributes', 'value-invalid');
    return attributes;
  }
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  for (const [key, value] of Object.entries(raw)) {
    const field: FieldPath = `customAttributes.${key}`;
    const keyProblem = attributeKeyProblem(key);
    if (keyProblem) {
      report(field, keyProblem, { key });
      continue;
    }
    const result = validateCustomAttributeValue(byKey.get(key) ?? { key, type: inferredType(value) }, value);
    if (!result.ok) report(field, result.code, result.params);
    else if (result.value !== null) attributes[key] = result.value;
  }
  return attributes;
}

/** Without a definition (Chatwoot accepts any key), a value is checked as what it is. */
function inferredType(value: unknown): CustomAttributeDefinition['type'] {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'checkbox';
  return 'text';
}
