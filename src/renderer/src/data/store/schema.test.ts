import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { emptyContactFields } from '../../../../shared/contact';
import { openDb, SCHEMA, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, WintookDb } from './schema';

describe('WintookDb', () => {
  it('opens with every table and only the documented indexes', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    const db = await openDb(name);
    try {
      expect(db.isOpen()).toBe(true);
      expect(db.verno).toBe(6);
      const tables = Object.fromEntries(
        db.tables.map((table) => [
          table.name,
          [table.schema.primKey.src, ...table.schema.indexes.map((index) => index.src)].join(', '),
        ]),
      );
      expect(tables).toEqual(SCHEMA);
      expect(Object.keys(tables).sort()).toEqual(
        [
          'attributeDefinitions',
          'conflicts',
          'contacts',
          'conversations',
          'importBatches',
          'inboxes',
          'labelOps',
          'labels',
          'notes',
          'outbox',
          'quarantine',
          'segments',
          'syncState',
        ].sort(),
      );
      expect(db.outbox.schema.primKey.auto).toBe(true);
      expect(db.labelOps.schema.primKey.auto).toBe(true);
    } finally {
      db.close();
    }
  });

  it('indexes contacts by server id only, and not those without one', async () => {
    const db = new WintookDb(`schema-test-${crypto.randomUUID()}`);
    try {
      expect(db.contacts.schema.indexes.map((index) => index.name)).toEqual(['serverId']);
      await db.contacts.bulkAdd([
        { ...emptyContactFields(), name: 'a', id: 'a', serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null },
        { ...emptyContactFields(), name: 'b', email: 'b@x.es', id: 'b', serverId: 7, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: 1, base: null },
      ]);
      expect(await db.contacts.orderBy('serverId').primaryKeys()).toEqual(['b']);
    } finally {
      db.close();
    }
  });

  it('numbers outbox rows in insertion order', async () => {
    const db = new WintookDb(`schema-test-${crypto.randomUUID()}`);
    try {
      const row = {
        entity: 'contact' as const,
        op: 'update' as const,
        changes: {},
        baseValues: {},
        idempotencyKey: 'k',
        attempts: 0,
        state: 'pending' as const,
        lastError: null,
        createdAt: 1,
      };
      await db.outbox.add({ ...row, entityId: 'first' });
      await db.outbox.add({ ...row, entityId: 'second' });
      const rows = await db.outbox.orderBy('seq').toArray();
      expect(rows.map((r) => r.entityId)).toEqual(['first', 'second']);
      expect(rows[0].seq).toBeLessThan(rows[1].seq);
    } finally {
      db.close();
    }
  });

  it('upgrades a version-1 database to version 2 keeping every row', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    await old.table('syncState').put({ key: 'sync:cursor', value: '42' });
    await old.table('labels').put({ id: 'l1', title: 'vip', color: '#1f93ff', description: '', serverId: null, createdAt: 1, updatedAt: 1 });
    old.close();
    const db = await openDb(name);
    try {
      expect(db.verno).toBe(6);
      expect(await db.syncState.get('sync:cursor')).toEqual({ key: 'sync:cursor', value: '42' });
      expect((await db.labels.toArray()).map((l) => l.title)).toEqual(['vip']);
      expect(await db.conversations.count()).toBe(0);
      await db.inboxes.put({ id: 3, name: 'Support', channelType: 'Channel::Email', provider: null, fetchedAt: 1 });
      expect((await db.inboxes.get(3))?.name).toBe('Support');
    } finally {
      db.close();
    }
  });

  it('upgrades a version-2 database to version 3 keeping every contact, with an empty labelOps table', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores(SCHEMA_V2);
    await old.open();
    await old.table('contacts').put({ id: 'c1', name: 'Ana', email: 'ana@x.es', phone: null, identifier: null, serverId: 7, labels: ['vip'] });
    await old.table('outbox').add({ entity: 'contact', entityId: 'c1', op: 'update' });
    old.close();
    const db = await openDb(name);
    try {
      expect(db.verno).toBe(6);
      expect(await db.contacts.get('c1')).toMatchObject({ name: 'Ana', labels: ['vip'], serverId: 7 });
      expect(await db.contacts.where('serverId').equals(7).primaryKeys()).toEqual(['c1']);
      expect(await db.outbox.count()).toBe(1);
      expect(await db.labelOps.count()).toBe(0);
      const first = await db.labelOps.add({ ids: ['c1'], change: { kind: 'labels', add: ['x'], remove: [] }, folded: 0, at: 1, createdAt: 1 } as never);
      const second = await db.labelOps.add({ ids: ['c1'], change: { kind: 'labels', add: [], remove: ['x'] }, folded: 0, at: 2, createdAt: 2 } as never);
      expect(second).toBeGreaterThan(first);
    } finally {
      db.close();
    }
  });

  it('upgrades a version-3 database to version 4 keeping every note, now found by server id', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores(SCHEMA_V2);
    old.version(3).stores(SCHEMA_V3);
    await old.open();
    await old.table('notes').bulkPut([
      { id: 'n1', contactId: 'c1', serverId: 41, bodyMarkdown: 'synced' },
      { id: 'n2', contactId: 'c1', serverId: null, bodyMarkdown: 'not yet' },
    ]);
    old.close();
    const db = await openDb(name);
    try {
      expect(db.verno).toBe(6);
      expect(await db.notes.where('serverId').equals(41).primaryKeys()).toEqual(['n1']);
      expect(await db.notes.where('contactId').equals('c1').count()).toBe(2);
      expect(await db.notes.get('n2')).toMatchObject({ bodyMarkdown: 'not yet', serverId: null });
    } finally {
      db.close();
    }
  });

  it('upgrades a version-4 database to version 5 keeping every contact, without the email/phone/identifier indexes', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    old.version(2).stores(SCHEMA_V2);
    old.version(3).stores(SCHEMA_V3);
    old.version(4).stores(SCHEMA_V4);
    await old.open();
    await old.table('contacts').bulkPut([
      { id: 'c1', name: 'Ana', email: 'ana@x.es', phone: '+34612345678', identifier: 'A-1', serverId: 7, labels: ['vip'] },
      { id: 'c2', name: 'Bea', email: null, phone: null, identifier: null, serverId: null, labels: [] },
    ]);
    old.close();
    const db = await openDb(name);
    try {
      expect(db.verno).toBe(6);
      expect(db.contacts.schema.indexes.map((index) => index.name)).toEqual(['serverId']);
      expect(await db.contacts.get('c1')).toMatchObject({ email: 'ana@x.es', phone: '+34612345678', identifier: 'A-1', labels: ['vip'] });
      expect(await db.contacts.count()).toBe(2);
      expect(await db.contacts.where('serverId').equals(7).primaryKeys()).toEqual(['c1']);
    } finally {
      db.close();
    }
  });

  it('tells the page when an older window holds the database, and opens once it lets go (issue 17)', async () => {
    const name = `schema-test-${crypto.randomUUID()}`;
    // An older Wintook: version 1 of the schema, and a window that does not close on an upgrade.
    const older = new Dexie(name);
    older.version(1).stores(SCHEMA_V1);
    older.on('versionchange', () => false);
    await older.open();
    let blocked = 0;
    const opening = openDb(name, {
      onBlocked: () => {
        blocked += 1;
        older.close();
      },
    });
    const db = await opening;
    try {
      expect(blocked).toBeGreaterThanOrEqual(1);
      expect(db.verno).toBe(6);
    } finally {
      db.close();
    }
  });
});
