/**
 * Between the server's contact columns (Chatwoot's wire format: `phone_number`,
 * `additional_attributes.company_name`…) and the shared `Contact` model, and the folded copies of a
 * contact's fields that the SQL filter compares (computed here with the same functions the shared
 * evaluator uses, so both sides fold text and parse numbers and dates identically).
 */
import type { Contact, CustomAttributeValue, SocialNetwork } from '../../../src/shared/contact';
import { foldText, parseFilterNumber, parseIsoDay } from '../../../src/shared/filters/model';
import { isChecked } from '../../../src/shared/filters/evaluate';
import { contactCountryKey } from '../../../src/shared/countries';
import type { ContactRow, JsonObject } from './model';
import type { ContactValues } from './validate';

const stringAttribute = (attributes: JsonObject, key: string): string | null => {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** Custom attributes hold any JSON in Chatwoot; the model keeps scalars, so anything else becomes its JSON text. */
export function customValue(value: unknown): CustomAttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value === undefined ? null : JSON.stringify(value);
}

export function customAttributesOf(values: Pick<ContactValues, 'custom_attributes'>): Record<string, CustomAttributeValue> {
  // Keys are the user's: `fromEntries` defines each as an own property, so not even `__proto__` reaches a prototype.
  return Object.fromEntries(Object.entries(values.custom_attributes).map(([key, value]) => [key, customValue(value)]));
}

function socialProfilesOf(attributes: JsonObject): Contact['socialProfiles'] {
  const raw = attributes.social_profiles;
  const profiles: Contact['socialProfiles'] = {};
  if (typeof raw !== 'object' || raw === null) return profiles;
  for (const [network, handle] of Object.entries(raw)) {
    if (typeof handle === 'string' && handle !== '') profiles[network as SocialNetwork] = handle;
  }
  return profiles;
}

export function rowToContact(row: ContactRow): Contact {
  const additional = row.additional_attributes;
  const fields = {
    name: row.name,
    email: row.email,
    phone: row.phone_number,
    identifier: row.identifier,
    company: stringAttribute(additional, 'company_name'),
    city: stringAttribute(additional, 'city'),
    country: stringAttribute(additional, 'country'),
    countryCode: stringAttribute(additional, 'country_code'),
    description: stringAttribute(additional, 'description'),
    socialProfiles: socialProfilesOf(additional),
    labels: [...row.labels],
    customAttributes: customAttributesOf(row),
    blocked: row.blocked,
  };
  return {
    id: `server-${row.id}`,
    serverId: row.id,
    ...fields,
    createdAt: row.created_at.getTime(),
    lastActivityAt: row.last_activity_at ? row.last_activity_at.getTime() : null,
    updatedAt: row.updated_at.getTime(),
    version: row.version,
    base: null,
  };
}

/** A shared `Contact` (the demo generator's) as the columns a create writes. */
export function contactToValues(contact: Contact): ContactValues {
  const additional: JsonObject = {};
  if (contact.company) additional.company_name = contact.company;
  if (contact.city) additional.city = contact.city;
  if (contact.country) additional.country = contact.country;
  if (contact.countryCode) additional.country_code = contact.countryCode;
  if (contact.description) additional.description = contact.description;
  if (Object.keys(contact.socialProfiles).length > 0) additional.social_profiles = { ...contact.socialProfiles };
  return {
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone,
    identifier: contact.identifier,
    avatar_url: null,
    blocked: contact.blocked,
    additional_attributes: additional,
    custom_attributes: { ...contact.customAttributes },
  };
}

/**
 * What the filter SQL reads (`contacts.folded`): each text field folded by `foldText`, the country
 * code upper-cased, and every custom attribute read all the ways a definition might type it (text,
 * number, calendar day, checkbox), since the definition can change after the contact was written.
 */
export interface FoldedContact {
  std: { name: string; email: string; phone: string; identifier: string; city: string; company: string };
  country: string;
  text: Record<string, string>;
  number: Record<string, number>;
  day: Record<string, number>;
  checked: string[];
}

export function foldContact(values: ContactValues): FoldedContact {
  const additional = values.additional_attributes;
  const folded: FoldedContact = {
    std: {
      name: foldText(values.name),
      email: foldText(values.email),
      phone: foldText(values.phone_number),
      identifier: foldText(values.identifier),
      city: foldText(stringAttribute(additional, 'city')),
      company: foldText(stringAttribute(additional, 'company_name')),
    },
    // The client's Country filter key (src/shared/countries): the code, else the folded unknown text.
    country: contactCountryKey({
      country: stringAttribute(additional, 'country'),
      countryCode: stringAttribute(additional, 'country_code'),
    }),
    // Null-prototype maps: custom attribute keys such as `constructor` are plain entries here.
    text: Object.create(null) as Record<string, string>,
    number: Object.create(null) as Record<string, number>,
    day: Object.create(null) as Record<string, number>,
    checked: [],
  };
  for (const [key, raw] of Object.entries(customAttributesOf(values))) {
    if (raw === null) continue;
    folded.text[key] = foldText(typeof raw === 'string' ? raw : String(raw));
    const number = parseFilterNumber(raw);
    if (number !== null) folded.number[key] = number;
    if (typeof raw === 'string') {
      const day = parseIsoDay(raw, false);
      if (day !== null) folded.day[key] = day;
    }
    if (isChecked(raw)) folded.checked.push(key);
  }
  return folded;
}
