import type { Table } from 'dexie';
import type { Contact } from '../../../../shared/contact';
import type { WintookDb } from './schema';

/**
 * The records whose numeric `index` holds one of `keys` (a feed page's server ids), in as few
 * round trips as the keys allow. Dexie's `anyOf` walks one cursor and waits for each step: in the
 * sync worker a found record cost ~0.25 ms that way (a page's 200 notes looking up their contacts:
 * ~50 ms a page, 5 s of a 100k first sync). Instead:
 * - one `count` of the keys' range; none there (a first sync's new contacts) → done;
 * - few other records in the range (a page's server ids are mostly consecutive) → one read of the
 *   range, filtered here;
 * - otherwise every key's lookup sent at once: IndexedDB answers the requests of a transaction in
 *   order without a round trip between them (~0.04 ms each).
 */
export async function whereAnyOf<T, K, I>(table: Table<T, K, I>, index: string, keys: readonly number[]): Promise<T[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  let low = wanted[0]!;
  let high = low;
  for (const key of wanted) {
    if (key < low) low = key;
    if (key > high) high = key;
  }
  const range = () => table.where(index).between(low, high, true, true);
  const inRange = await range().count();
  if (inRange === 0) return [];
  if (inRange <= 2 * wanted.length) {
    const set = new Set(wanted);
    return (await range().toArray()).filter((record) => set.has((record as Record<string, unknown>)[index] as number));
  }
  return (await Promise.all(wanted.map((key) => table.where(index).equals(key).toArray()))).flat();
}

/** The local contacts with these server ids, by server id (a feed page's contacts, its notes' contacts). */
export async function contactsByServerId(db: WintookDb, serverIds: readonly number[]): Promise<Map<number, Contact>> {
  const contacts = new Map<number, Contact>();
  for (const contact of await whereAnyOf(db.contacts, 'serverId', serverIds)) if (contact.serverId !== null) contacts.set(contact.serverId, contact);
  return contacts;
}
