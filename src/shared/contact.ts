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

function sameFlatValues(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (left[key] !== right[key]) return false;
  return true;
}

/**
 * Makes a contact's `base` snapshot share the contact's own values where they are equal, in place.
 * For contacts just received from another context (the sync worker's change messages): a
 * structured clone copies every string of `base` apart from the same string in the contact, which
 * at 100k synced contacts held ~27 MB of duplicates in the window. Equal values only, so nothing
 * anyone can observe changes (contacts are never changed in place).
 */
export function shareBaseValues(contact: Contact): void {
  const base = contact.base as Record<string, unknown> | null;
  if (!base) return;
  const own = contact as unknown as Record<string, unknown>;
  for (const key of Object.keys(base)) {
    const value = base[key];
    const mine = own[key];
    // Equal strings are === whatever their copies: taking the contact's drops the base's copy.
    if (typeof value === 'string') {
      if (value === mine) base[key] = mine;
    } else if (value !== null && typeof value === 'object' && mine !== null && typeof mine === 'object' && Array.isArray(value) === Array.isArray(mine)) {
      if (value !== mine && sameFlatValues(value, mine)) base[key] = mine;
    }
  }
}
