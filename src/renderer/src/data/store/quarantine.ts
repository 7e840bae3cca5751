import type { Contact } from '../../../../shared/contact';
import { contactShapeProblem } from '../../../../shared/contact-shape';
import type { QuarantinedRecord, WintookDb } from './schema';

export type { QuarantinedRecord };

export interface QuarantineRepository {
  /**
   * Returns the rows that are contacts; moves the others out of `contacts` into the quarantine
   * table, in one transaction (all of them or none). With nothing malformed: no write at all.
   */
  setAsideMalformedContacts(rows: readonly unknown[]): Promise<Contact[]>;
  list(): Promise<QuarantinedRecord[]>;
}

const usableKey = (row: unknown): string | number | null => {
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
};

export function createQuarantineRepository(
  db: WintookDb,
  now: () => number = Date.now,
): QuarantineRepository {
  return {
    async setAsideMalformedContacts(rows) {
      const contacts: Contact[] = [];
      const malformed: Omit<QuarantinedRecord, 'seq'>[] = [];
      const at = now();
      for (const row of rows) {
        const problem = contactShapeProblem(row);
        if (problem === null) contacts.push(row as Contact);
        else malformed.push({ table: 'contacts', key: usableKey(row), problem, record: row, at });
      }
      if (malformed.length === 0) return contacts;
      await db.transaction('rw', [db.contacts, db.quarantine], async () => {
        await db.quarantine.bulkAdd(malformed);
        const keys = malformed
          .map((entry) => entry.key)
          .filter((key): key is string | number => key !== null);
        // A row whose key is a number was stored under it: delete by that key (Dexie's typing says string).
        await db.contacts.bulkDelete(keys as string[]);
      });
      return contacts;
    },
    list: () => db.quarantine.orderBy('seq').toArray(),
  };
}
