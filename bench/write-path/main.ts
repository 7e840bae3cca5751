// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- a throwaway browser page: the renderer modules come through a Vite alias the node project (bench/) cannot see.
// @ts-nocheck
/**
 * The write-path probe: where the time of a 10k bulk label goes, piece by piece, in this machine's
 * Chromium. `window.__probe(n)` seeds n demo contacts into fresh databases and times each piece
 * (bench/write-path.ts drives it and prints the table). Throwaway-grade, kept so the figures in
 * docs/benchmarks.md can be reproduced.
 */
import Dexie from 'dexie';
import type { Contact } from '../../src/shared/contact';
import { generateContacts } from '../../src/shared/demo/contacts';
import type { NewOutboxEntry } from '../../src/shared/records';
import { contactFieldsOf } from '@renderer-db/contact-fields';
import { expandBulkOutbox } from '@renderer-db/outbox-expansion';
import { createRepository } from '@renderer-db/repository';
import { SCHEMA, WintookDb } from '@renderer-db/schema';

type Timings = Record<string, number>;
const page = globalThis as unknown as { __probe?: (n: number, synced: boolean) => Promise<Timings> };

function contactsOf(n: number, synced: boolean): Contact[] {
  return generateContacts(n, { seed: 3 }).map((c, i) => (synced ? { ...c, serverId: i + 1, version: 1, base: contactFieldsOf(c) } : c));
}

function entry(id: string, labels: string[], before: string[]): NewOutboxEntry {
  return { entity: 'contact', entityId: id, op: 'update', changes: { labels }, baseValues: { labels: before }, idempotencyKey: crypto.randomUUID(), attempts: 0, state: 'pending', lastError: null, createdAt: Date.now() };
}

async function time(label: string, out: Timings, body: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await body();
  out[label] = Math.round(performance.now() - started);
}

async function fresh(name: string, stores: Record<string, string>, durability?: 'relaxed' | 'strict' | 'default'): Promise<Dexie> {
  const db = durability ? new Dexie(name, { chromeTransactionDurability: durability }) : new Dexie(name);
  db.version(1).stores(stores);
  await db.open();
  return db;
}

page.__probe = async (n, synced) => {
  const out: Timings = {};
  const contacts = contactsOf(n, synced);
  const ids = contacts.map((c) => c.id);
  const relabel = (k: number) => contacts.map((c) => ({ ...c, labels: [...c.labels, `probe-${k}`], updatedAt: Date.now() }));
  out.cloneKB = Math.round(JSON.stringify(contacts).length / 1024);
  await time('structuredClone', out, async () => structuredClone(contacts));
  let k = 0;
  for (const [variant, stores, durability] of [
    ['app', SCHEMA, undefined],
    ['appRelaxed', SCHEMA, 'relaxed'],
    ['pkOnly', { ...SCHEMA, contacts: 'id' }, undefined],
    ['pkOnlyRelaxed', { ...SCHEMA, contacts: 'id' }, 'relaxed'],
  ] as const) {
    const db = await fresh(`probe-${variant}-${Date.now()}`, stores as Record<string, string>, durability);
    await db.table('contacts').bulkAdd(contacts);
    const table = db.table('contacts');
    const outbox = db.table('outbox');
    await time(`${variant}: bulkGet`, out, () => db.transaction('r', table, () => table.bulkGet(ids)));
    await time(`${variant}: toArray + pick`, out, () => db.transaction('r', table, async () => {
      const wanted = new Set(ids);
      return (await table.toArray()).filter((c: Contact) => wanted.has(c.id));
    }));
    await time(`${variant}: bulkPut`, out, () => db.transaction('rw', table, () => table.bulkPut(relabel(k++))));
    await time(`${variant}: outbox 1 row/contact`, out, () => db.transaction('rw', outbox, () => outbox.bulkAdd(contacts.map((c) => entry(c.id, [], [])))));
    await time(`${variant}: outbox 1 compact row`, out, () => db.transaction('rw', outbox, () => outbox.add({ ...entry('$bulk', [], []), ids })));
    await time(`${variant}: bulkPut + 1/contact outbox`, out, () =>
      db.transaction('rw', [table, outbox], async () => {
        await table.bulkPut(relabel(k++));
        await outbox.bulkAdd(contacts.map((c) => entry(c.id, [], [])));
      }),
    );
    await time(`${variant}: bulkPut + compact`, out, () =>
      db.transaction('rw', [table, outbox], async () => {
        await table.bulkPut(relabel(k++));
        await outbox.add({ ...entry('$bulk', [], []), ids });
      }),
    );
    await time(`${variant}: get+put+compact`, out, () =>
      db.transaction('rw', [table, outbox], async () => {
        const got = (await table.bulkGet(ids)) as Contact[];
        await table.bulkPut(got.map((c) => ({ ...c, labels: [...c.labels, `probe-${k++}`] })));
        await outbox.add({ ...entry('$bulk', [], []), ids });
      }),
    );
    db.close();
  }
  // Raw IndexedDB, no Dexie: full records vs tiny ones, to split per-request cost from size.
  for (const [variant, make] of [
    ['raw full', (k: number) => relabel(k)],
    ['raw tiny {id,labels}', (k: number) => contacts.map((c) => ({ id: c.id, labels: [...c.labels, `probe-${k}`] }))],
  ] as const) {
    const request = indexedDB.open(`probe-raw-${variant}-${Date.now()}`, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('contacts', { keyPath: 'id' });
    const raw = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    for (const durability of ['default', 'relaxed', 'strict'] as const) {
      const values = make(k++);
      await time(`${variant}: put ×n (${durability})`, out, () => new Promise<void>((resolve) => {
        const tx = raw.transaction('contacts', 'readwrite', { durability });
        const store = tx.objectStore('contacts');
        for (const value of values) store.put(value);
        tx.oncomplete = () => resolve();
      }));
    }
    await time(`${variant}: getAll`, out, () => new Promise<void>((resolve) => {
      const r = raw.transaction('contacts', 'readonly').objectStore('contacts').getAll();
      r.onsuccess = () => resolve();
    }));
    raw.close();
  }
  // The repository itself, as the app calls it: per-record outbox rows (before) and one compact
  // row (after), alternating, each on a fresh database of the same contacts.
  for (let round = 0; round < 2; round++) {
    for (const [variant, bulkOutboxMinContacts] of [['per-record rows', Number.POSITIVE_INFINITY], ['compact row', undefined]] as const) {
      const db = new WintookDb(`probe-repo-${Date.now()}`);
      await db.open();
      await db.contacts.bulkAdd(contacts);
      const repository = createRepository(db, { channelName: null, bulkOutboxMinContacts });
      await time(`changeLabels add, ${variant} #${round}`, out, () => repository.contacts.changeLabels(ids, { add: ['probe-repo'] }));
      await time(`changeLabels remove, ${variant} #${round}`, out, () => repository.contacts.changeLabels(ids, { remove: ['probe-repo'] }));
      if (variant === 'compact row') await time(`expandBulkOutbox (2 rows × ${n}) #${round}`, out, () => expandBulkOutbox(db));
      repository.close();
      db.close();
    }
  }
  // The seq reservation in real Chromium: after a compact row and a later edit, expansion must
  // put every expanded row between the two (1 = ok).
  {
    const db = new WintookDb(`probe-order-${Date.now()}`);
    await db.open();
    await db.contacts.bulkAdd(contacts.slice(0, 500));
    const repository = createRepository(db, { channelName: null });
    await repository.contacts.changeLabels(ids.slice(0, 500), { add: ['order'] });
    await repository.contacts.update(ids[0]!, { city: 'Lima' });
    await expandBulkOutbox(db, { chunk: 70 });
    const rows = await db.outbox.orderBy('seq').toArray();
    const labelsFirst = rows.slice(0, 500).every((r, i) => r.entityId === ids[i] && 'labels' in r.changes);
    out.seqReservationOk = rows.length === 501 && labelsFirst && rows[500]!.changes.city === 'Lima' && rows[500]!.seq > rows[499]!.seq ? 1 : 0;
    repository.close();
    db.close();
  }
  return out;
};
