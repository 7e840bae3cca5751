import { contactDisplayName, type Contact } from '../../../shared/contact';
import type { ContactRef, UniquenessLookup } from '../../../shared/validation';
import { type ContactIndex } from '../data/api';

/**
 * Uniqueness checks against every contact in the in-memory index: email (lower-cased), phone
 * (E.164) and identifier (exact). The maps are rebuilt only when the index has changed.
 */
export function indexLookup(index: ContactIndex): UniquenessLookup {
  const ref = (contact: Contact): ContactRef => ({ id: contact.id, name: contactDisplayName(contact) });
  const find = (key: 'email' | 'phone' | 'identifier', value: string, excludeId?: string) => {
    const maps = mapsFor(index);
    const holders = maps[key].get(value);
    const other = holders?.find((contact) => contact.id !== excludeId);
    return other ? ref(other) : undefined;
  };
  return {
    findByEmail: (email, excludeId) => find('email', email, excludeId),
    findByPhone: (phone, excludeId) => find('phone', phone, excludeId),
    findByIdentifier: (identifier, excludeId) => find('identifier', identifier, excludeId),
  };
}

type Maps = Record<'email' | 'phone' | 'identifier', Map<string, Contact[]>>;
const cache = new WeakMap<ContactIndex, { version: number; maps: Maps }>();

function mapsFor(index: ContactIndex): Maps {
  const cached = cache.get(index);
  if (cached && cached.version === index.version) return cached.maps;
  const maps: Maps = { email: new Map(), phone: new Map(), identifier: new Map() };
  for (const contact of index.all()) {
    for (const key of ['email', 'phone', 'identifier'] as const) {
      const value = contact[key];
      if (!value) continue;
      const list = maps[key].get(value);
      if (list) list.push(contact);
      else maps[key].set(value, [contact]);
    }
  }
  cache.set(index, { version: index.version, maps });
  return maps;
}
