import { SOCIAL_NETWORKS, type Contact, type ContactFields, type SocialNetwork } from '../../../shared/contact';

/** A value of the contact merged away that the merged contact does not keep (its own value wins). */
export type LostValue =
  | { kind: 'field'; field: 'name' | 'email' | 'phone' | 'identifier' | 'company' | 'city' | 'country' | 'description'; value: string }
  | { kind: 'social'; network: SocialNetwork; value: string }
  | { kind: 'attribute'; key: string; value: string };

const SHOWN_FIELDS = ['name', 'email', 'phone', 'identifier', 'company', 'city', 'country', 'description'] as const;

const filled = (value: unknown): value is string | number | boolean => value !== null && value !== undefined && value !== '';

/**
 * What a merge deletes for good: the other contact's non-empty values the result does not hold
 * (`mergeContactFields` keeps the base's value wherever both have one). Labels are united and notes
 * move over, so they are never lost.
 */
export function lostInMerge(merged: ContactFields, other: Contact): LostValue[] {
  const lost: LostValue[] = [];
  for (const field of SHOWN_FIELDS) {
    const value = other[field];
    if (filled(value) && merged[field] !== value) lost.push({ kind: 'field', field, value });
  }
  for (const network of SOCIAL_NETWORKS) {
    const value = other.socialProfiles[network];
    if (filled(value) && merged.socialProfiles[network] !== value) lost.push({ kind: 'social', network, value });
  }
  for (const [key, value] of Object.entries(other.customAttributes)) {
    if (filled(value) && (!Object.hasOwn(merged.customAttributes, key) || merged.customAttributes[key] !== value))
      lost.push({ kind: 'attribute', key, value: String(value) });
  }
  return lost;
}
