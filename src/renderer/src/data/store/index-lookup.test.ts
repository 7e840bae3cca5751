import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../../tests/support/db';
import { generateContacts } from '../../../../shared/demo/contacts';
import { contactIdsByServerId, rememberWrittenContacts, whereAnyOf } from './index-lookup';
import type { WintookDb } from './schema';

let db: WintookDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

/** Stored contacts with these server ids (null: a contact not on the server). */
async function storeWithServerIds(serverIds: readonly (number | null)[]): Promise<WintookDb> {
  db = freshDb();
  const contacts = generateContacts(serverIds.length, { seed: 3 }).map((c, i) => ({ ...c, serverId: serverIds[i]! }));
  await db.contacts.bulkPut(contacts);
  return db;
}

const serverIdsOf = (rows: readonly { serverId: number | null }[]) => rows.map((r) => r.serverId).sort((a, b) => a! - b!);

describe('whereAnyOf', () => {
  it('finds what anyOf finds, whichever way it reads: nothing in range, a dense range, scattered keys (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 40 }),
        async (stored, asked) => {
          const store = await storeWithServerIds([...stored, null]);
          const expected = await store.contacts.where('serverId').anyOf(asked).toArray();
          expect(serverIdsOf(await whereAnyOf(store.contacts, 'serverId', asked))).toEqual(serverIdsOf(expected));
          store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads each record once when a key is asked twice, and nothing for no keys', async () => {
    const store = await storeWithServerIds([5, 6, 7]);
    expect(serverIdsOf(await whereAnyOf(store.contacts, 'serverId', [6, 6, 7]))).toEqual([6, 7]);
    expect(await whereAnyOf(store.contacts, 'serverId', [])).toEqual([]);
  });

  it('keeps the records of the range that were not asked for out of the answer', async () => {
    // 10 and 12 asked, 11 stored between them: the dense-range read must filter it out.
    const store = await storeWithServerIds([10, 11, 12]);
    expect(serverIdsOf(await whereAnyOf(store.contacts, 'serverId', [10, 12]))).toEqual([10, 12]);
    // Scattered: 2 asked out of a range of 100 stored.
    const scattered = await storeWithServerIds(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(serverIdsOf(await whereAnyOf(scattered.contacts, 'serverId', [1, 100]))).toEqual([1, 100]);
  });
});

describe('contactIdsByServerId', () => {
  it('answers from what this transaction wrote, nested transactions included, and from the database for the rest', async () => {
    const store = await storeWithServerIds([1, 2, null]);
    const stored = await store.contacts.toArray();
    const idOf = (serverId: number) => stored.find((c) => c.serverId === serverId)!.id;
    // Server id 7 is remembered as written but was never put: only the memory can answer it.
    const [written] = generateContacts(1, { seed: 9 }).map((c) => ({ ...c, serverId: 7 }));
    const inside = await store.transaction('rw', store.tables, async () => {
      await store.transaction('rw', [store.contacts], async () => rememberWrittenContacts([written!], []));
      return store.transaction('rw', [store.contacts, store.notes], () => contactIdsByServerId(store, [1, 7, 8]));
    });
    expect(inside).toEqual(new Map([[1, idOf(1)], [7, written!.id]]));
    // Another transaction knows nothing of it.
    expect(await store.transaction('r', [store.contacts], () => contactIdsByServerId(store, [1, 2, 7]))).toEqual(new Map([[1, idOf(1)], [2, idOf(2)]]));
  });

  it('forgets a server id deleted later in the transaction', async () => {
    const store = await storeWithServerIds([1]);
    const [written] = generateContacts(1, { seed: 9 }).map((c) => ({ ...c, serverId: 7 }));
    const found = await store.transaction('rw', store.tables, async () => {
      rememberWrittenContacts([written!], []);
      rememberWrittenContacts([], [7]);
      return contactIdsByServerId(store, [7]);
    });
    expect(found).toEqual(new Map());
  });
});
