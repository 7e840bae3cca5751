import {
  CONTACT_SCALAR_FIELDS,
  SOCIAL_NETWORKS,
  type Contact,
  type ContactFields,
  type CustomAttributeValue,
} from './contact';
import { ownValue } from './own';

const isEmpty = (value: CustomAttributeValue | string | undefined): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * Folds `other` into `base`: the base contact's non-empty values win, its empty ones are filled
 * from the other, labels are united (base's first), custom attributes and social profiles merge
 * key by key the same way. Country name and code travel together so they never disagree.
 */
export function mergeContactFields(base: Contact, other: Contact): ContactFields {
  const merged: ContactFields = {
    name: base.name,
    email: base.email,
    phone: base.phone,
    identifier: base.identifier,
    company: base.company,
    city: base.city,
    country: base.country,
    countryCode: base.countryCode,
    description: base.description,
    socialProfiles: { ...base.socialProfiles },
    labels: [...base.labels],
    customAttributes: { ...base.customAttributes },
    blocked: base.blocked || other.blocked,
  };
  for (const field of CONTACT_SCALAR_FIELDS) {
    if (field === 'country' || field === 'countryCode' || field === 'blocked') continue;
    if (isEmpty(merged[field])) merged[field] = other[field] as never;
  }
  if (isEmpty(base.country) && isEmpty(base.countryCode)) {
    merged.country = other.country;
    merged.countryCode = other.countryCode;
  }
  for (const network of SOCIAL_NETWORKS) {
    if (isEmpty(merged.socialProfiles[network]) && !isEmpty(other.socialProfiles[network])) {
      merged.socialProfiles[network] = other.socialProfiles[network];
    }
  }
  for (const label of other.labels) if (!merged.labels.includes(label)) merged.labels.push(label);
  for (const [key, value] of Object.entries(other.customAttributes)) {
    // A computed key in a literal defines the property, even one named `__proto__`.
    if (isEmpty(ownValue(merged.customAttributes, key)) && !isEmpty(value)) merged.customAttributes = { ...merged.customAttributes, [key]: value };
  }
  return merged;
}
