import Dexie, { type Table } from 'dexie';
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

/**
 * The contacts a feed page wrote, server id → id, for the rest of the page's transaction (keyed by
 * the native transaction, which nested Dexie transactions share). A first sync's notes come in the
 * same pages as their contacts: looking those up again read ~800 whole contacts a page, 80–135 ms,
 * ~2.4 s of a 100k first sync spent on what the page had just written.
 */
const writtenContacts = new WeakMap<IDBTransaction, Map<number, string>>();

function currentTransaction(): IDBTransaction | null {
  return Dexie.currentTransaction?.idbtrans ?? null;
}

/** Inside a write transaction: these contacts were written as they are, and these server ids deleted. */
export function rememberWrittenContacts(written: Iterable<Contact>, deletedServerIds: readonly number[]): void {
  const transaction = currentTransaction();
  if (!transaction) return;
  let known = writtenContacts.get(transaction);
  if (!known) writtenContacts.set(transaction, (known = new Map()));
  for (const serverId of deletedServerIds) known.delete(serverId);
  for (const contact of written) if (contact.serverId !== null) known.set(contact.serverId, contact.id);
}

/**
 * The ids of the local contacts with these server ids (a page of notes' contacts): those this
 * transaction wrote from memory ({@link rememberWrittenContacts}), the others from the database.
 */
export async function contactIdsByServerId(db: WintookDb, serverIds: readonly number[]): Promise<Map<number, string>> {
  const transaction = currentTransaction();
  const known = transaction ? writtenContacts.get(transaction) : undefined;
  const ids = new Map<number, string>();
  const rest: number[] = [];
  for (const serverId of new Set(serverIds)) {
    const id = known?.get(serverId);
    if (id === undefined) rest.push(serverId);
    else ids.set(serverId, id);
  }
  for (const [serverId, contact] of await contactsByServerId(db, rest)) ids.set(serverId, contact.id);
  return ids;
}
