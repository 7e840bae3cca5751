import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Contact } from '../../../../shared/contact';
import type { OutboxEntry } from '../../../../shared/records';
import type { ChangeEvent } from './change-bus';
import { createRepository, RepositoryError, type Repository, type RepositoryOptions } from './repository';
import type { WintookDb } from './schema';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function setup(extra: RepositoryOptions = {}): {
  db: WintookDb;
  repo: Repository;
  events: ChangeEvent[];
  clock: { value: number };
} {
  const db = freshDb();
  const options = deterministicOptions();
  const repo = createRepository(db, { channelName: null, ...options, ...extra });
  const events: ChangeEvent[] = [];
  repo.changes.subscribe((event) => events.push(event));
  cleanups.push(() => {
    repo.close();
    db.close();
  });
  return { db, repo, events, clock: options.clock };
}

const outbox = (db: WintookDb): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();

describe('contacts.create', () => {
  it('stores the contact and exactly one create outbox row, then announces it', async () => {
    const { db, repo, events } = setup();
    const contact = await repo.contacts.create({
      name: 'Ana Muñoz',
      email: '  Ana@Example.COM ',
      phone: '',
      labels: ['VIP', 'vip', ' Lead ', ''],
    });

    expect(contact).toMatchObject({
      name: 'Ana Muñoz',
      email: 'ana@example.com',
      phone: null,
      labels: ['vip', 'lead'],
      serverId: null,
      version: null,
      base: null,
      lastActivityAt: null,
    });
    expect(contact.createdAt).toBe(contact.updatedAt);
    expect(await db.contacts.get(contact.id)).toEqual(contact);

    const rows = await outbox(db);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      entity: 'contact',
      entityId: contact.id,
      op: 'create',
      baseValues: {},
      attempts: 0,
      state: 'pending',
      lastError: null,
    });
    expect(row.idempotencyKey).toMatch(UUID);
    expect(row.idempotencyKey).not.toBe(contact.id);
    expect(row.changes).toMatchObject({
      name: 'Ana Muñoz',
      email: 'ana@example.com',
      labels: ['vip', 'lead'],
      blocked: false,
    });
    expect(row.changes).not.toHaveProperty('id');
    expect(row.changes).not.toHaveProperty('serverId');

    expect(events).toEqual([{ entity: 'contact', put: [contact], deleted: [], origin: 'local' }]);
  });

  it('uses crypto.randomUUID by default', async () => {
    const db = freshDb();
    const repo = createRepository(db, { channelName: null });
    cleanups.push(() => db.close());
    const a = await repo.contacts.create({ name: 'A' });
    const b = await repo.contacts.create({ name: 'B' });
    expect(a.id).toMatch(UUID);
    expect(b.id).not.toBe(a.id);
    const rows = await outbox(db);
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(2);
  });

  it('ignores fields that are not contact fields', async () => {
    const { repo } = setup();
    const sneaky = { name: 'X', id: 'chosen-by-caller', serverId: 99, version: 3 } as unknown as Parameters<
      Repository['contacts']['create']
    >[0];
    const contact = await repo.contacts.create(sneaky);
    expect(contact.id).not.toBe('chosen-by-caller');
    expect(contact.serverId).toBeNull();
    expect(contact.version).toBeNull();
  });

  it('writes no outbox row for origin sync (server data must not echo back) but still announces it', async () => {
    const { db, repo, events } = setup();
    await repo.contacts.create({ name: 'From server' }, 'sync');
    expect(await db.contacts.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(events.map((e) => e.origin)).toEqual(['sync']);
  });
});

describe('contacts.updateMany', () => {
  it('blocks many contacts in one announcement, with one outbox update each for those it changed', async () => {
    const { db, repo, events } = setup();
    const ana = await repo.contacts.create({ name: 'Ana' });
    const bruno = await repo.contacts.create({ name: 'Bruno' });
    await repo.contacts.update(bruno.id, { blocked: true });
    const before = (await outbox(db)).length;
    events.length = 0;
    const changed = await repo.contacts.updateMany([ana.id, bruno.id, ana.id, 'missing'], { blocked: true });
    expect(changed.map((contact) => contact.name)).toEqual(['Ana']);
    expect((await repo.contacts.get(ana.id))?.blocked).toBe(true);
    const added = (await outbox(db)).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entityId: ana.id, op: 'update', changes: { blocked: true }, baseValues: { blocked: false } });
    expect(events).toHaveLength(1);
    expect(await repo.contacts.updateMany([ana.id, bruno.id], { blocked: true })).toEqual([]);
    await repo.contacts.updateMany([ana.id, bruno.id], { blocked: false });
    expect((await repo.contacts.getAll()).map((contact) => contact.blocked)).toEqual([false, false]);
  });
});

describe('contacts.update', () => {
  it('writes one update row holding only the changed fields and their previous values', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({
      name: 'Ana',
      city: 'Madrid',
      company: 'Acme',
      labels: ['a'],
    });
    const updated = await repo.contacts.update(created.id, {
      name: 'Ana',
      city: 'Sevilla',
      company: 'Acme',
      labels: ['A', 'b'],
      customAttributes: { plan: 'gold' },
    });

    expect(updated).toMatchObject({
      city: 'Sevilla',
      labels: ['a', 'b'],
      customAttributes: { plan: 'gold' },
      createdAt: created.createdAt,
    });
    expect(updated.updatedAt).toBeGreaterThan(created.updatedAt);
    expect(await db.contacts.get(created.id)).toEqual(updated);

    const rows = await outbox(db);
    expect(rows.map((r) => r.op)).toEqual(['create', 'update']);
    expect(rows[1]).toMatchObject({
      entity: 'contact',
      entityId: created.id,
      changes: { city: 'Sevilla', labels: ['a', 'b'], customAttributes: { plan: 'gold' } },
      baseValues: { city: 'Madrid', labels: ['a'], customAttributes: {} },
    });
    expect(Object.keys(rows[1].changes).sort()).toEqual(['city', 'customAttributes', 'labels']);
    expect(Object.keys(rows[1].baseValues).sort()).toEqual(['city', 'customAttributes', 'labels']);
    expect(rows[1].idempotencyKey).not.toBe(rows[0].idempotencyKey);
    expect(events.at(-1)).toEqual({ entity: 'contact', put: [updated], deleted: [], origin: 'local' });
  });

  it('is a no-op (no write, no outbox row, no event) when nothing changes after normalisation', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({
      name: 'Ana',
      email: 'ana@example.com',
      labels: ['x', 'y'],
      customAttributes: { n: 1, tags: 'a' },
      socialProfiles: { github: 'ana' },
    });
    events.length = 0;
    const same = await repo.contacts.update(created.id, {
      name: 'Ana',
      email: ' ANA@example.com',
      labels: ['Y', 'x', 'x'],
      customAttributes: { tags: 'a', n: 1 },
      socialProfiles: { github: 'ana' },
      phone: undefined,
    });
    expect(same).toEqual(created);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.contacts.get(created.id)).toEqual(created);
    expect(events).toEqual([]);
    await repo.contacts.update(created.id, {});
    expect(await db.outbox.count()).toBe(1);
    expect(events).toEqual([]);
  });

  it('rejects with not-found for a missing contact and writes nothing', async () => {
    const { db, repo, events } = setup();
    await expect(repo.contacts.update('missing', { name: 'x' })).rejects.toMatchObject({
      name: 'RepositoryError',
      code: 'not-found',
    });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(events).toEqual([]);
  });

  it('does not let a later change to the caller’s objects alter what was stored or announced', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({ name: 'A' });
    const attributes: Record<string, string> = { plan: 'gold' };
    await repo.contacts.update(created.id, { customAttributes: attributes });
    attributes.plan = 'tampered';
    const last = events.at(-1);
    expect(last?.entity === 'contact' && last.put[0].customAttributes).toEqual({ plan: 'gold' });
    expect((await db.contacts.get(created.id))?.customAttributes).toEqual({ plan: 'gold' });
  });
});

describe('contacts.remove / removeMany', () => {
  it('deletes the contact and writes one delete row carrying what sync needs to address the server copy', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({ name: 'Ana', email: 'a@x.es' });
    await db.contacts.update(created.id, { serverId: 42, version: 7 });
    events.length = 0;

    const removed = await repo.contacts.remove(created.id);
    expect(removed).toMatchObject({ id: created.id, serverId: 42 });
    expect(await db.contacts.get(created.id)).toBeUndefined();
    const rows = await outbox(db);
    expect(rows.map((r) => r.op)).toEqual(['create', 'delete']);
    expect(rows[1]).toMatchObject({
      entityId: created.id,
      changes: {},
      baseValues: { name: 'Ana', email: 'a@x.es', serverId: 42, version: 7 },
    });
    expect(events).toEqual([{ entity: 'contact', put: [], deleted: [created.id], origin: 'local' }]);
  });

  it('removing a missing contact writes nothing and announces nothing', async () => {
    const { db, repo, events } = setup();
    expect(await repo.contacts.remove('nope')).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
    expect(events).toEqual([]);
  });

  it('removeMany deletes in one transaction with one row per existing contact and one event', async () => {
    const { db, repo, events } = setup();
    const a = await repo.contacts.create({ name: 'A' });
    const b = await repo.contacts.create({ name: 'B' });
    const c = await repo.contacts.create({ name: 'C' });
    events.length = 0;
    const removed = await repo.contacts.removeMany([a.id, 'ghost', c.id, a.id]);
    expect(removed.map((x) => x.id).sort()).toEqual([a.id, c.id].sort());
    expect((await db.contacts.toArray()).map((x) => x.id)).toEqual([b.id]);
    const deletes = (await outbox(db)).filter((r) => r.op === 'delete');
    expect(deletes.map((r) => r.entityId).sort()).toEqual([a.id, c.id].sort());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entity: 'contact', put: [], origin: 'local' });
    expect([...events[0].deleted].sort()).toEqual([a.id, c.id].sort());
  });
});

describe('aborted writes leave nothing behind', () => {
  it('a failing outbox write aborts the contact write too, and no event fires', async () => {
    const { db, repo, events } = setup();
    db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(repo.contacts.create({ name: 'Lost' })).rejects.toThrow('disk full');
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(events).toEqual([]);
  });

  it('a failing outbox write leaves an update unapplied', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({ name: 'Before' });
    events.length = 0;
    db.outbox.hook('creating', () => {
      throw new Error('quota');
    });
    await expect(repo.contacts.update(created.id, { name: 'After' })).rejects.toThrow('quota');
    expect((await db.contacts.get(created.id))?.name).toBe('Before');
    expect(await db.outbox.count()).toBe(1);
    expect(events).toEqual([]);
  });

  it('a constraint violation (reused id) aborts the write: no overwrite, no outbox row, no event', async () => {
    const options = deterministicOptions();
    let reuse = false;
    const { db, repo, events } = setup({
      newId: () => (reuse ? '00000000-0000-4000-8000-000000000001' : options.newId()),
    });
    const first = await repo.contacts.create({ name: 'First' });
    expect(first.id).toBe('00000000-0000-4000-8000-000000000001');
    reuse = true;
    await expect(repo.contacts.create({ name: 'Second' })).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.contacts.toArray()).toEqual([first]);
    expect(await db.outbox.count()).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('inside a caller’s transaction that later aborts, nothing is stored and no event fires', async () => {
    const { db, repo, events } = setup();
    await expect(
      db.transaction('rw', db.contacts, db.outbox, async () => {
        await repo.contacts.create({ name: 'Doomed' });
        throw new Error('caller changed its mind');
      }),
    ).rejects.toThrow('caller changed its mind');
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(events).toEqual([]);
  });

  it('inside a caller’s transaction, the event waits for the outer commit', async () => {
    const { db, repo, events } = setup();
    let seenInside = -1;
    await db.transaction('rw', db.contacts, db.outbox, async () => {
      await repo.contacts.create({ name: 'Patient' });
      await db.contacts.count();
      seenInside = events.length;
    });
    expect(seenInside).toBe(0);
    expect(events).toHaveLength(1);
  });
});

describe('change events', () => {
  it('fire after commit: a listener reading the database sees the committed record and its outbox row', async () => {
    const { db, repo } = setup();
    const seen: Promise<[number, number]>[] = [];
    repo.changes.subscribe(() => {
      seen.push(Promise.all([db.contacts.count(), db.outbox.count()]));
    });
    await repo.contacts.create({ name: 'A' });
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toEqual([1, 1]);
  });

  it('a throwing listener breaks neither the write nor the other listeners', async () => {
    const errors: unknown[] = [];
    const { db, repo, events } = setup({ onListenerError: (error) => errors.push(error) });
    const boom = new Error('listener bug');
    repo.changes.subscribe(() => {
      throw boom;
    });
    const after: ChangeEvent[] = [];
    repo.changes.subscribe((event) => after.push(event));
    const contact = await repo.contacts.create({ name: 'Still saved' });
    expect(await db.contacts.get(contact.id)).toEqual(contact);
    expect(await db.outbox.count()).toBe(1);
    expect(events).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(errors).toEqual([boom]);
  });

  it('unsubscribe stops delivery', async () => {
    const { repo } = setup();
    const listener = vi.fn();
    const unsubscribe = repo.changes.subscribe(listener);
    await repo.contacts.create({ name: 'A' });
    unsubscribe();
    await repo.contacts.create({ name: 'B' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('reach other windows over BroadcastChannel, once, without echo', async () => {
    const channelName = `wintook-changes-test-${crypto.randomUUID()}`;
    const db = freshDb();
    const here = createRepository(db, { channelName });
    const there = createRepository(db, { channelName });
    const elsewhere = createRepository(db, { channelName: `${channelName}-other` });
    cleanups.push(() => {
      here.close();
      there.close();
      elsewhere.close();
      db.close();
    });
    const hereEvents: ChangeEvent[] = [];
    const thereEvents: ChangeEvent[] = [];
    const elsewhereEvents: ChangeEvent[] = [];
    here.changes.subscribe((e) => hereEvents.push(e));
    there.changes.subscribe((e) => thereEvents.push(e));
    elsewhere.changes.subscribe((e) => elsewhereEvents.push(e));

    const contact = await here.contacts.create({ name: 'Shared' }, 'import');
    await vi.waitFor(() => expect(thereEvents).toHaveLength(1));
    expect(thereEvents[0]).toEqual({ entity: 'contact', put: [contact], deleted: [], origin: 'import' });

    await there.contacts.remove(contact.id);
    await vi.waitFor(() => expect(hereEvents).toHaveLength(2));
    expect(hereEvents[1]).toEqual({ entity: 'contact', put: [], deleted: [contact.id], origin: 'local' });
    // Give any echo time to arrive before checking there was none.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hereEvents).toHaveLength(2);
    expect(thereEvents).toHaveLength(2);
    expect(elsewhereEvents).toEqual([]);
  });
});

describe('contacts.bulkCreate', () => {
  it('writes 5,000 contacts in batches, each with its outbox rows, reporting progress per batch', async () => {
    const { db, repo, events } = setup();
    const progress: [number, number][] = [];
    const input = Array.from({ length: 5000 }, (_, i) => ({
      name: `Contact ${i}`,
      email: `c${i}@EXAMPLE.com`,
      labels: ['Import'],
    }));
    const created = await repo.contacts.bulkCreate(input, {
      batchSize: 1000,
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(progress).toEqual([
      [1000, 5000],
      [2000, 5000],
      [3000, 5000],
      [4000, 5000],
      [5000, 5000],
    ]);
    expect(created).toHaveLength(5000);
    expect(await db.contacts.count()).toBe(5000);
    const rows = await db.outbox.toArray();
    expect(rows).toHaveLength(5000);
    expect(rows.every((r) => r.op === 'create' && r.entity === 'contact')).toBe(true);
    expect(new Set(rows.map((r) => r.entityId))).toEqual(new Set(created.map((c) => c.id)));
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(5000);
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.origin === 'import' && e.put.length === 1000)).toBe(true);
    expect((await db.contacts.filter((c) => c.email === 'c4999@example.com').first())?.labels).toEqual([
      'import',
    ]);
  });

  it('uses the default batch size of 2,000', async () => {
    const { repo } = setup();
    const progress: number[] = [];
    await repo.contacts.bulkCreate(
      Array.from({ length: 4500 }, (_, i) => ({ name: `n${i}` })),
      { onProgress: (done) => progress.push(done) },
    );
    expect(progress).toEqual([2000, 4000, 4500]);
  });

  it('keeps the ids and times of full contacts and stops at a failing batch, keeping the committed ones', async () => {
    const { db, repo, events } = setup();
    const base = await repo.contacts.create({ name: 'Existing' });
    events.length = 0;
    const full = (i: number): Contact => ({
      ...base,
      id: `id-${i}`,
      name: `Seed ${i}`,
      createdAt: 1000 + i,
      updatedAt: 2000 + i,
    });
    const items: Contact[] = Array.from({ length: 25 }, (_, i) => full(i));
    items[17] = { ...items[17], id: base.id }; // collides with an existing contact: batch 2 (10–19) fails
    const progress: number[] = [];
    await expect(
      repo.contacts.bulkCreate(items, {
        batchSize: 10,
        origin: 'seed',
        onProgress: (done) => progress.push(done),
      }),
    ).rejects.toThrow();
    expect(progress).toEqual([10]);
    expect(await db.contacts.count()).toBe(11);
    expect(await db.outbox.count()).toBe(11);
    expect(await db.contacts.get('id-3')).toMatchObject({ name: 'Seed 3', createdAt: 1003, updatedAt: 2003 });
    expect(await db.contacts.get('id-12')).toBeUndefined();
    expect(events).toHaveLength(1);
    expect(events[0].origin).toBe('seed');
  });

  it('rejects a batch size that is not a positive integer', async () => {
    const { repo } = setup();
    await expect(repo.contacts.bulkCreate([{ name: 'a' }], { batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(repo.contacts.bulkCreate([{ name: 'a' }], { batchSize: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('contacts.restore (undo of a delete)', () => {
  it('cancels a still-pending delete: the contact comes back as it was and the delete row is gone', async () => {
    const { db, repo, events } = setup();
    const created = await repo.contacts.create({ name: 'Ana' });
    await db.contacts.update(created.id, { serverId: 5 });
    const removed = await repo.contacts.remove(created.id);
    if (!removed) throw new Error('expected a removed contact');
    events.length = 0;

    const restored = await repo.contacts.restore([removed]);
    expect(restored).toEqual([removed]);
    expect(await db.contacts.get(created.id)).toEqual(removed);
    expect((await outbox(db)).map((r) => r.op)).toEqual(['create']);
    expect(events).toEqual([{ entity: 'contact', put: [removed], deleted: [], origin: 'local' }]);
  });

  it('re-creates a contact whose delete already left: new create row, server identity cleared', async () => {
    const { db, repo } = setup();
    const created = await repo.contacts.create({ name: 'Ana', labels: ['vip'] });
    await db.contacts.update(created.id, { serverId: 5, version: 3 });
    const removed = await repo.contacts.remove(created.id);
    if (!removed) throw new Error('expected a removed contact');
    await db.outbox.clear(); // sync pushed the create and the delete

    const [restored] = await repo.contacts.restore([removed]);
    expect(restored).toMatchObject({
      id: created.id,
      name: 'Ana',
      labels: ['vip'],
      serverId: null,
      version: null,
      base: null,
    });
    const rows = await outbox(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      op: 'create',
      entityId: created.id,
      changes: { name: 'Ana', labels: ['vip'] },
    });
  });

  it('treats an in-flight delete as gone and skips contacts that exist again', async () => {
    const { db, repo } = setup();
    const a = await repo.contacts.create({ name: 'A' });
    const b = await repo.contacts.create({ name: 'B' });
    const removedA = await repo.contacts.remove(a.id);
    if (!removedA) throw new Error('expected a removed contact');
    const deleteRow = (await outbox(db)).find((r) => r.op === 'delete');
    await db.outbox.update(deleteRow?.seq ?? -1, { state: 'in-flight' });

    const restored = await repo.contacts.restore([removedA, b, removedA]);
    expect(restored.map((c) => c.id)).toEqual([a.id]);
    const rows = await outbox(db);
    expect(rows.map((r) => `${r.op}:${r.state}`)).toEqual([
      'create:pending',
      'create:pending',
      'delete:in-flight',
      'create:pending',
    ]);
  });
});

describe('labels', () => {
  it('creates lower-case titles with an outbox row, and rejects invalid or duplicate ones', async () => {
    const { db, repo, events } = setup();
    const label = await repo.labels.create({ title: '  VIP-Clientes ', color: '#FF0000' });
    expect(label).toMatchObject({ title: 'vip-clientes', color: '#ff0000', description: '', serverId: null });
    expect((await outbox(db))[0]).toMatchObject({
      entity: 'label',
      op: 'create',
      entityId: label.id,
      changes: { title: 'vip-clientes', color: '#ff0000' },
    });
    expect(events).toEqual([{ entity: 'label', put: [label], deleted: [], origin: 'local' }]);

    await expect(repo.labels.create({ title: 'VIP-CLIENTES' })).rejects.toMatchObject({ code: 'duplicate' });
    await expect(repo.labels.create({ title: 'two words' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(repo.labels.create({ title: '   ' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(repo.labels.create({ title: 'ok', color: 'red' })).rejects.toBeInstanceOf(RepositoryError);
    expect(await db.labels.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect((await repo.labels.create({ title: 'Señal_1' })).title).toBe('señal_1');
  });

  it('rename updates every carrying contact with its own outbox row, in one transaction', async () => {
    const { db, repo, events } = setup();
    const vip = await repo.labels.create({ title: 'vip' });
    const a = await repo.contacts.create({ name: 'A', labels: ['vip', 'lead'] });
    const b = await repo.contacts.create({ name: 'B', labels: ['gold', 'vip'] });
    const c = await repo.contacts.create({ name: 'C', labels: ['lead'] });
    events.length = 0;
    const before = await db.outbox.count();

    const renamed = await repo.labels.rename(vip.id, 'GOLD');
    expect(renamed).toMatchObject({ id: vip.id, title: 'gold' });
    expect((await db.contacts.get(a.id))?.labels).toEqual(['gold', 'lead']);
    expect((await db.contacts.get(b.id))?.labels).toEqual(['gold']);
    expect(await db.contacts.get(c.id)).toEqual(c);

    const rows = (await outbox(db)).slice(before);
    expect(rows.map((r) => `${r.entity}:${r.op}:${r.entityId}`).sort()).toEqual(
      [`label:update:${vip.id}`, `contact:update:${a.id}`, `contact:update:${b.id}`].sort(),
    );
    expect(rows.find((r) => r.entityId === vip.id)).toMatchObject({
      changes: { title: 'gold' },
      baseValues: { title: 'vip' },
    });
    expect(rows.find((r) => r.entityId === b.id)).toMatchObject({
      changes: { labels: ['gold'] },
      baseValues: { labels: ['gold', 'vip'] },
    });

    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ entity: 'label', put: [renamed], deleted: [], origin: 'local' });
    expect(events[1].entity).toBe('contact');
    expect(events[1].put.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('an aborted rename leaves the label, the contacts and the outbox untouched', async () => {
    const { db, repo, events } = setup();
    const vip = await repo.labels.create({ title: 'vip' });
    await repo.contacts.create({ name: 'A', labels: ['vip'] });
    await repo.contacts.create({ name: 'B', labels: ['vip'] });
    events.length = 0;
    const contactsBefore = await db.contacts.toArray();
    const outboxBefore = await db.outbox.count();
    db.outbox.hook('creating', () => {
      throw new Error('fault');
    });
    await expect(repo.labels.rename(vip.id, 'platinum')).rejects.toThrow('fault');
    expect(await db.labels.get(vip.id)).toEqual(vip);
    expect(await db.contacts.toArray()).toEqual(contactsBefore);
    expect(await db.outbox.count()).toBe(outboxBefore);
    expect(events).toEqual([]);
  });

  it('rename to an existing title is refused; to the same title is a no-op', async () => {
    const { db, repo } = setup();
    const vip = await repo.labels.create({ title: 'vip' });
    await repo.labels.create({ title: 'lead' });
    await expect(repo.labels.rename(vip.id, 'Lead')).rejects.toMatchObject({ code: 'duplicate' });
    const count = await db.outbox.count();
    expect(await repo.labels.rename(vip.id, ' VIP ')).toEqual(vip);
    expect(await db.outbox.count()).toBe(count);
    await expect(repo.labels.rename('missing', 'x')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('recolor and remove write their outbox rows; contacts keep a removed label’s title', async () => {
    const { db, repo, events } = setup();
    const vip = await repo.labels.create({ title: 'vip' });
    const a = await repo.contacts.create({ name: 'A', labels: ['vip'] });
    events.length = 0;

    const recolored = await repo.labels.recolor(vip.id, '#00AA00');
    expect(recolored.color).toBe('#00aa00');
    expect(await repo.labels.recolor(vip.id, '#00aa00')).toEqual(recolored);
    await expect(repo.labels.recolor(vip.id, '#00aa0')).rejects.toMatchObject({ code: 'invalid' });

    expect(await repo.labels.remove(vip.id)).toEqual(recolored);
    expect(await repo.labels.remove(vip.id)).toBeUndefined();
    expect(await repo.labels.getAll()).toEqual([]);
    expect((await db.contacts.get(a.id))?.labels).toEqual(['vip']);

    const rows = (await outbox(db)).filter((r) => r.entity === 'label');
    expect(rows.map((r) => r.op)).toEqual(['create', 'update', 'delete']);
    expect(rows[1]).toMatchObject({ changes: { color: '#00aa00' }, baseValues: { color: '#1f93ff' } });
    expect(rows[2]).toMatchObject({ changes: {}, baseValues: { title: 'vip', serverId: null } });
    expect(events.map((e) => `${e.entity}:${e.put.length}:${e.deleted.length}`)).toEqual([
      'label:1:0',
      'label:0:1',
    ]);
  });
});

describe('settings', () => {
  const layoutSchema = z.object({
    columns: z.array(z.string()),
    density: z.enum(['compact', 'comfortable']),
  });

  it('round-trip through syncState under the setting: prefix, without outbox rows or events', async () => {
    const { db, repo, events } = setup();
    expect(await repo.settings.get('layout', layoutSchema)).toBeUndefined();
    const layout = { columns: ['name', 'email'], density: 'compact' as const };
    await repo.settings.set('layout', layout);
    expect(await repo.settings.get('layout', layoutSchema)).toEqual(layout);
    expect(await db.syncState.get('setting:layout')).toEqual({ key: 'setting:layout', value: layout });
    expect(await db.outbox.count()).toBe(0);
    expect(events).toEqual([]);
    await repo.settings.remove('layout');
    expect(await repo.settings.get('layout', layoutSchema)).toBeUndefined();
  });

  it('return undefined (and do not throw) for a corrupt stored value', async () => {
    const { db, repo } = setup();
    await db.syncState.put({ key: 'setting:layout', value: { columns: 'name', density: 'huge' } });
    await expect(repo.settings.get('layout', layoutSchema)).resolves.toBeUndefined();
    await db.syncState.put({ key: 'setting:locale', value: 42 });
    await expect(repo.settings.get('locale', z.enum(['es', 'en']))).resolves.toBeUndefined();
  });

  it('do not read sync’s own rows', async () => {
    const { db, repo } = setup();
    await db.syncState.put({ key: 'cursor', value: 'abc' });
    expect(await repo.settings.get('cursor', z.string())).toBeUndefined();
  });
});

describe('the outbox rule under random operations and faults (property)', () => {
  type Op =
    | { kind: 'create'; name: string; labels: string[]; fail: boolean }
    | { kind: 'update'; pick: number; city: string | null; labels: string[]; fail: boolean }
    | { kind: 'remove'; pick: number; fail: boolean }
    | { kind: 'removeMany'; picks: number[]; fail: boolean }
    | { kind: 'restore'; fail: boolean }
    | { kind: 'rename'; from: string; to: string; fail: boolean };

  const title = fc.constantFrom('a', 'b', 'c');
  const fail = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('create' as const),
        name: fc.string({ maxLength: 5 }),
        labels: fc.array(title, { maxLength: 3 }),
        fail,
      }),
      weight: 4,
    },
    fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      city: fc.option(fc.constantFrom('Madrid', 'Lima', '')),
      labels: fc.array(title, { maxLength: 3 }),
      fail,
    }),
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), fail }),
    fc.record({
      kind: fc.constant('removeMany' as const),
      picks: fc.array(fc.nat(), { maxLength: 3 }),
      fail,
    }),
    fc.record({ kind: fc.constant('restore' as const), fail }),
    fc.record({ kind: fc.constant('rename' as const), from: title, to: title, fail }),
  );

  /** Rebuilds the contacts' fields from nothing but the outbox, checking every update's base values. */
  function replay(rows: OutboxEntry[]): Map<string, Record<string, unknown>> {
    const state = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      if (row.entity !== 'contact') continue;
      if (row.op === 'create') state.set(row.entityId, { ...row.changes });
      else if (row.op === 'delete') state.delete(row.entityId);
      else {
        const current = state.get(row.entityId);
        expect(current, `update of unknown ${row.entityId}`).toBeDefined();
        for (const [key, value] of Object.entries(row.baseValues)) expect(current?.[key]).toEqual(value);
        state.set(row.entityId, { ...current, ...row.changes });
      }
    }
    return state;
  }

  it('replaying the outbox gives the stored contacts; replaying the events gives them too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const { db, repo, events } = setup();
        let faulty = false;
        db.outbox.hook('creating', () => {
          if (faulty) throw new Error('injected');
        });
        const removed: Contact[][] = [];
        const ids = async (): Promise<string[]> => (await db.contacts.toCollection().primaryKeys()).sort();
        const pickId = async (n: number): Promise<string> => {
          const all = await ids();
          return all.length === 0 ? 'missing' : all[n % all.length];
        };
        for (const op of ops) {
          faulty = op.fail;
          const attempt = (async () => {
            switch (op.kind) {
              case 'create':
                await repo.contacts.create({ name: op.name, labels: op.labels });
                return;
              case 'update':
                await repo.contacts.update(await pickId(op.pick), { city: op.city, labels: op.labels });
                return;
              case 'remove': {
                const gone = await repo.contacts.remove(await pickId(op.pick));
                if (gone) removed.push([gone]);
                return;
              }
              case 'removeMany': {
                const gone = await repo.contacts.removeMany(await Promise.all(op.picks.map(pickId)));
                if (gone.length > 0) removed.push(gone);
                return;
              }
              case 'restore': {
                const last = removed.at(-1);
                if (last) {
                  await repo.contacts.restore(last);
                  removed.pop();
                }
                return;
              }
              case 'rename': {
                const labels = await repo.labels.getAll();
                const label =
                  labels.find((l) => l.title === op.from) ??
                  (await repo.labels.create({ title: op.from }).catch(() => undefined));
                if (label && !labels.some((l) => l.title === op.to))
                  await repo.labels.rename(label.id, op.to);
                return;
              }
            }
          })();
          await attempt.catch((error: unknown) => {
            const expected =
              (error instanceof Error && error.message === 'injected') || error instanceof RepositoryError;
            if (!expected) throw error;
          });
        }
        faulty = false;

        const stored = await db.contacts.toArray();
        const fromOutbox = replay(await outbox(db));
        expect([...fromOutbox.keys()].sort()).toEqual(stored.map((c) => c.id).sort());
        for (const contact of stored) {
          const fields = fromOutbox.get(contact.id);
          for (const [key, value] of Object.entries(fields ?? {}))
            expect(contact[key as keyof Contact]).toEqual(value);
        }

        const fromEvents = new Map<string, Contact>();
        for (const event of events) {
          if (event.entity !== 'contact') continue;
          for (const c of event.put) fromEvents.set(c.id, c);
          for (const id of event.deleted) fromEvents.delete(id);
        }
        expect([...fromEvents.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
          stored.sort((a, b) => (a.id < b.id ? -1 : 1)),
        );
        repo.close();
        db.close();
      }),
      { numRuns: 60 },
    );
  });
});

describe('attribute definitions and segments', () => {
  it('writes each change with its outbox row and announces it after commit', async () => {
    const db = freshDb();
    const repository = createRepository(db, deterministicOptions());
    const seen: string[] = [];
    repository.changes.subscribe((event) => seen.push(`${event.entity}:${event.put.length}:${event.deleted.length}`));
    const plan = await repository.attributeDefinitions.create({
      key: 'plan',
      displayName: 'Plan',
      type: 'list',
      listValues: ['free', 'pro'],
      description: '',
    });
    const segment = await repository.segments.create({ name: 'VIP', query: { payload: [] } });
    expect(await repository.attributeDefinitions.update(plan.id, { displayName: 'Plan' })).toEqual(plan);
    const renamed = await repository.segments.update(segment.id, { name: 'VIPs' });
    expect(renamed?.name).toBe('VIPs');
    await repository.attributeDefinitions.remove(plan.id);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((entry) => `${entry.entity}:${entry.op}`)).toEqual([
      'attributeDefinition:create',
      'segment:create',
      'segment:update',
      'attributeDefinition:delete',
    ]);
    expect(outbox[2]).toMatchObject({ changes: { name: 'VIPs' }, baseValues: { name: 'VIP' } });
    expect(await repository.attributeDefinitions.getAll()).toEqual([]);
    expect(seen).toEqual(['attributeDefinition:1:0', 'segment:1:0', 'segment:1:0', 'attributeDefinition:0:1']);
    expect(await repository.segments.update('missing', { name: 'x' })).toBeUndefined();
  });
});

describe('merge and bulk labels', () => {
  it('merges in one transaction: base updated, notes moved, other deleted, all outboxed', async () => {
    const db = freshDb();
    const repository = createRepository(db, deterministicOptions());
    const base = await repository.contacts.create({ name: 'Ana', email: 'ana@x.io' });
    const other = await repository.contacts.create({ name: 'Ana G', phone: '+34612345678', labels: ['vip'] });
    await db.notes.add({
      id: 'note-1',
      contactId: other.id,
      serverId: null,
      bodySlate: [],
      bodyMarkdown: 'called',
      author: { id: null, name: 'me' },
      createdAt: 0,
      updatedAt: 0,
      version: null,
      base: null,
    } as never);
    const events: ChangeEvent[] = [];
    repository.changes.subscribe((event) => events.push(event));
    await db.outbox.clear();
    const merged = await repository.contacts.merge(base.id, other.id, { ...base, phone: '+34612345678', labels: ['vip'] });
    expect(merged.phone).toBe('+34612345678');
    expect(await db.contacts.get(other.id)).toBeUndefined();
    expect((await db.notes.get('note-1'))?.contactId).toBe(base.id);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => `${e.entity}:${e.op}:${e.entityId}`)).toEqual([
      `contact:delete:${other.id}`,
      `contact:update:${base.id}`,
      'note:update:note-1',
    ]);
    expect(events).toEqual([
      expect.objectContaining({ entity: 'contact', deleted: [other.id] }),
      expect.objectContaining({ entity: 'note', put: [expect.objectContaining({ id: 'note-1', contactId: base.id })] }),
    ]);
  });

  it('refuses to merge a contact into itself and changes nothing', async () => {
    const db = freshDb();
    const repository = createRepository(db, deterministicOptions());
    const ana = await repository.contacts.create({ name: 'Ana' });
    await expect(repository.contacts.merge(ana.id, ana.id, ana)).rejects.toThrow(RepositoryError);
    expect(await db.contacts.count()).toBe(1);
  });

  it('adds and removes labels on many contacts with one outbox row each that changed', async () => {
    const db = freshDb();
    const repository = createRepository(db, deterministicOptions());
    const a = await repository.contacts.create({ name: 'A', labels: ['vip'] });
    const b = await repository.contacts.create({ name: 'B', labels: ['lead'] });
    await db.outbox.clear();
    const changed = await repository.contacts.changeLabels([a.id, b.id, 'missing'], { add: ['VIP'], remove: ['lead'] });
    expect(changed.map((c) => c.name)).toEqual(['B']);
    expect((await db.contacts.get(b.id))?.labels).toEqual(['vip']);
    expect((await db.contacts.get(a.id))?.labels).toEqual(['vip']);
    expect(await db.outbox.count()).toBe(1);
  });
});
