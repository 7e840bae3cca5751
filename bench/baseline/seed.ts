/**
 * Stores demo contacts under a minimal schema, for checking the harness without the app. The app
 * seeds through its own repository (`/?demo=N`); this is only used by `--baseline-only`.
 */
import Dexie from 'dexie';
import { generateContacts } from '../../src/shared/demo/contacts';

/** Rows per bulkPut: bounded transactions (Dexie.js#1083 suggests chunking very large loads). */
const SEED_CHUNK_ROWS = 5_000;

export async function seedDemoContacts(databaseName: string, count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`seed count must be a non-negative integer`);
  const db = new Dexie(databaseName);
  db.version(1).stores({ contacts: 'id' });
  try {
    await db.open();
    const contacts = db.table('contacts');
    for (let startIndex = 0; startIndex < count; startIndex += SEED_CHUNK_ROWS) {
      await contacts.bulkPut(
        generateContacts(Math.min(SEED_CHUNK_ROWS, count - startIndex), { seed: 1, startIndex }),
      );
    }
    return await contacts.count();
  } finally {
    db.close();
  }
}
