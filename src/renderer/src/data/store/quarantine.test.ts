import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { createQuarantineRepository } from './quarantine';
import { freshDb } from '../../../../../tests/support/db';

const contact = (id: string, overrides: Record<string, unknown> = {}): Contact =>
  ({ ...emptyContactFields(), name: id, id, serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null, ...overrides }) as Contact;

describe('setting malformed contacts aside at start (issue 17)', () => {
  it('moves a contact whose labels is not a list into the quarantine table, as it was, and keeps the rest', async () => {
    const db = freshDb();
    try {
      const broken = contact('broken', { labels: 'vip' });
      await db.contacts.bulkPut([contact('ana'), broken, contact('bea')]);
      const quarantine = createQuarantineRepository(db, () => 42);
      const usable = await quarantine.setAsideMalformedContacts(await db.contacts.toArray());
      expect(usable.map((c) => c.id).sort()).toEqual(['ana', 'bea']);
      expect((await db.contacts.toCollection().primaryKeys()).sort()).toEqual(['ana', 'bea']);
      const kept = await quarantine.list();
      expect(kept).toEqual([{ seq: 1, table: 'contacts', key: 'broken', problem: 'labels', record: broken, at: 42 }]);
    } finally {
      db.close();
    }
  });

  it('writes nothing when every contact is well formed', async () => {
    const db = freshDb();
    try {
      await db.contacts.bulkPut([contact('ana')]);
      const quarantine = createQuarantineRepository(db);
      expect(await quarantine.setAsideMalformedContacts(await db.contacts.toArray())).toHaveLength(1);
      expect(await db.quarantine.count()).toBe(0);
    } finally {
      db.close();
    }
  });
});
