/**
 * The contact as this app keeps it locally. Field names follow the user's words; the mapping to
 * Chatwoot's wire format (`phone_number`, `additional_attributes.company_name`, Unix seconds…) lives
 * with the sync code, not here.
 */

export const SOCIAL_NETWORKS = ['facebook', 'github', 'instagram', 'tiktok', 'linkedin', 'twitter'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

/** A custom attribute value, by definition type: text/link/list/date (ISO date) as string, number, checkbox. */
export type CustomAttributeValue = string | number | boolean | null;

/** The contact's single-value fields (not profiles, labels or custom attributes), in model order. */
export const CONTACT_SCALAR_FIELDS = [
  'name',
  'email',
  'phone',
  'identifier',
  'company',
  'city',
  'country',
  'countryCode',
  'description',
  'blocked',
] as const satisfies readonly (keyof ContactFields)[];

export interface ContactFields {
  name: string;
  /** Lower-cased, or null when the contact has none. */
  email: string | null;
  /** E.164 (`+34612345678`), or null. */
  phone: string | null;
  /** External id from the customer's own system; unique, case-sensitive. */
  identifier: string | null;
  company: string | null;
  city: string | null;
  /** The country's name as entered or received (Chatwoot keeps the name in `additional_attributes.country`). */
  country: string | null;
  /** ISO 3166-1 alpha-2, upper case, or null. */
  countryCode: string | null;
  description: string | null;
  socialProfiles: Partial<Record<SocialNetwork, string>>;
  /** Label titles, lower-case, no duplicates. */
  labels: string[];
  customAttributes: Record<string, CustomAttributeValue>;
  blocked: boolean;
}

export interface Contact extends ContactFields {
  /** Client UUID, chosen once: Dexie cannot change a primary key later. */
  id: string;
  /** The server's id once the contact has been synced, else null. */
  serverId: number | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the contact's last message, or null when it never wrote. */
  lastActivityAt: number | null;
  /** Epoch milliseconds of the last local or remote change. */
  updatedAt: number;
  /** The server's record version (sync extension), or null. */
  version: number | null;
  /** The last snapshot of the contact as the server had it, for three-way merge; null until synced. */
  base: ContactFields | null;
}

/** Fields of a new contact; everything but `name` may be left out. */
export type NewContact = Partial<ContactFields> & Pick<ContactFields, 'name'>;

export function emptyContactFields(): ContactFields {
  return {
    name: '',
    email: null,
    phone: null,
    identifier: null,
    company: null,
    city: null,
    country: null,
    countryCode: null,
    description: null,
    socialProfiles: {},
    labels: [],
    customAttributes: {},
    blocked: false,
  };
}

/** The text a person sees for the contact: its name, else its email, else its phone. */
export function contactDisplayName(contact: Pick<ContactFields, 'name' | 'email' | 'phone'>): string {
  return contact.name.trim() || contact.email || contact.phone || '';
}
