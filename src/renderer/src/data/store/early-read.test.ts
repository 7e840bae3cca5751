import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { startEarlyReads } from './early-read';
import { openDb } from './schema';

function contact(id: string, name: string): Contact {
  return { ...emptyContactFields(), id, name, createdAt: 1, lastActivityAt: 1, updatedAt: 1, version: null, base: null, serverId: null };
}

async function storeWith(contacts: Contact[]): Promise<string> {
  const name = `early-read-${crypto.randomUUID()}`;
  const db = await openDb(name);
  await db.contacts.bulkPut(contacts);
  db.close();
  return name;
}

describe('early reads', () => {
  it("reads the snapshot's contacts that still exist, in the snapshot's order, then every contact when asked", async () => {
    const name = await storeWith([contact('a', 'Ana'), contact('b', 'Bea'), contact('c', 'Cruz')]);
    const early = startEarlyReads(['c', 'gone', 'a'], name);
    expect((await early.firstRows)?.map((row) => row.id)).toEqual(['c', 'a']);
    expect((await early.all())?.map((row) => row.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('without snapshot ids reads every contact at once and has no first rows', async () => {
    const name = await storeWith([contact('a', 'Ana')]);
    const early = startEarlyReads(null, name);
    expect(await early.firstRows).toBeNull();
    expect((await early.all())?.map((row) => row.id)).toEqual(['a']);
  });

  it('hands every contact over once: a second call is null, and the app reads through Dexie', async () => {
    const name = await storeWith([contact('a', 'Ana')]);
    const early = startEarlyReads(null, name);
    const first = early.all();
    expect(await early.all()).toBeNull();
    expect((await first)?.map((row) => row.id)).toEqual(['a']);
  });

  it('is null for a database that does not exist yet, and does not create it', async () => {
    const name = `early-read-missing-${crypto.randomUUID()}`;
    const early = startEarlyReads(['a'], name);
    expect(await early.firstRows).toBeNull();
    expect(await early.all()).toBeNull();
    const databases = await indexedDB.databases();
    expect(databases.map((database) => database.name)).not.toContain(name);
  });
});
