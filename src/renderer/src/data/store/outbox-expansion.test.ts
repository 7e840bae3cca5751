import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../../shared/records';
import type { ChangeEvent } from './change-bus';
import {
  addPackedRows,
  BULK_OUTBOX_ENTITY,
  BULK_OUTBOX_ENTITY_ID,
  countPendingBulkEntries,
  expandBulkOutbox,
  isBulkLabelsRow,
  isPackedRow,
  pendingBulkEntriesOf,
} from './outbox-expansion';
import { contactFieldsOf } from './contact-fields';
import { labelOpsSettled } from './label-ops';
import { createRepository, RepositoryError, type Repository, type RepositoryOptions } from './repository';
import type { WintookDb } from './schema';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function setup(extra: RepositoryOptions = {}): { db: WintookDb; repo: Repository; events: ChangeEvent[] } {
  const db = freshDb();
  const repo = createRepository(db, { channelName: null, ...deterministicOptions(), ...extra });
  const events: ChangeEvent[] = [];
  repo.changes.subscribe((event) => events.push(event));
  cleanups.push(() => {
    repo.close();
    db.close();
  });
  return { db, repo, events };
}

async function seed(repo: Repository, count: number): Promise<string[]> {
  const created = await repo.contacts.bulkCreate(
    Array.from({ length: count }, (_, i) => ({ name: `C${i}`, labels: i % 3 === 0 ? ['lead'] : [] })),
    { origin: 'seed' },
  );
  return created.map((c) => c.id);
}

const rows = (db: WintookDb): Promise<OutboxEntry[]> => db.outbox.orderBy('seq').toArray();
/** What sync sends of a row: everything but the per-run identity. */
const meaning = (row: OutboxEntry) => ({ entity: row.entity, entityId: row.entityId, op: row.op, changes: row.changes, baseValues: row.baseValues, state: row.state });

describe('bulk label changes write one compact outbox row', () => {
  it('stores the contacts, one compact row, and announces every changed contact', async () => {
    const { db, repo, events } = setup();
    const ids = await seed(repo, 150);
    await db.outbox.clear();
    events.length = 0;
    const changed = await repo.contacts.changeLabels(ids, { add: ['VIP'] });
    expect(changed).toHaveLength(150);
    const stored = await rows(db);
    expect(stored).toHaveLength(1);
    const [compact] = stored;
    expect(isBulkLabelsRow(compact)).toBe(true);
    expect(compact).toMatchObject({ entity: BULK_OUTBOX_ENTITY, entityId: BULK_OUTBOX_ENTITY_ID, expanded: 0, ids });
    expect(events).toEqual([expect.objectContaining({ entity: 'contact', origin: 'local', deleted: [] })]);
    expect((events[0] as { put: { id: string; labels: string[] }[] }).put.map((c) => c.labels.includes('vip'))).toEqual(ids.map(() => true));
    expect(await countPendingBulkEntries(db)).toBe(150);
    expect(await pendingBulkEntriesOf(db, ids[3]!)).toEqual([
      expect.objectContaining({ entity: 'contact', entityId: ids[3], op: 'update', changes: { labels: ['lead', 'vip'] }, baseValues: { labels: ['lead'] } }),
    ]);
  });

  it('a selection of most of the table (read whole, then picked) changes exactly the selected contacts', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 1300);
    const selected = [...ids.slice(0, 1100), 'missing', ids[3]!];
    const changed = await repo.contacts.changeLabels(selected, { add: ['vip'] });
    expect(changed.map((c) => c.id)).toEqual(ids.slice(0, 1100));
    // The rows are written by the label-ops fold, after the change (label-ops.ts).
    await labelOpsSettled(db);
    const stored = await db.contacts.bulkGet(ids);
    expect(stored.map((c) => c?.labels.includes('vip'))).toEqual(ids.map((_, i) => i < 1100));
    const removed = await repo.contacts.removeMany([...ids.slice(200, 1300), 'missing']);
    expect(removed.map((c) => c.id)).toEqual(ids.slice(200, 1300));
    expect(await db.contacts.count()).toBe(200);
  });

  it('below the threshold writes per-record rows as before', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 99);
    await db.outbox.clear();
    await repo.contacts.changeLabels(ids, { add: ['vip'] });
    const stored = await rows(db);
    expect(stored).toHaveLength(99);
    expect(stored.every((row) => row.entity === 'contact' && row.op === 'update')).toBe(true);
  });

  it('a label rename over many contacts writes the label row and one compact row', async () => {
    const { db, repo } = setup();
    await seed(repo, 300);
    const label = await repo.labels.create({ title: 'lead' });
    await db.outbox.clear();
    await repo.labels.rename(label.id, 'prospect');
    const stored = await rows(db);
    expect(stored.map((r) => r.entity)).toEqual(['label', BULK_OUTBOX_ENTITY]);
    await expandBulkOutbox(db);
    const expanded = (await rows(db)).slice(1);
    expect(expanded).toHaveLength(100);
    expect(expanded.every((r) => (r.changes.labels as string[])[0] === 'prospect' && (r.baseValues.labels as string[])[0] === 'lead')).toBe(true);
  });
});

describe('expandBulkOutbox', () => {
  it('writes the rows per-record writes would have, in the compact row\'s place: before every later row', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 120);
    await db.outbox.clear();
    await repo.contacts.update(ids[5]!, { city: 'Lima' });
    await repo.contacts.changeLabels(ids, { add: ['vip'], remove: ['lead'] });
    await repo.contacts.update(ids[5]!, { city: 'Quito' });
    await repo.contacts.remove(ids[7]!);

    const result = await expandBulkOutbox(db, { chunk: 50 });
    expect(result).toEqual({ written: 120, finished: 1, corrupt: [] });
    const after = await rows(db);
    expect(after).toHaveLength(1 + 120 + 2);
    expect(after[0]).toMatchObject({ entityId: ids[5], changes: { city: 'Lima' } });
    expect(after.slice(1, 121).map((r) => r.entityId)).toEqual(ids);
    expect(after[121]).toMatchObject({ entityId: ids[5], changes: { city: 'Quito' } });
    expect(after[122]).toMatchObject({ entityId: ids[7], op: 'delete' });
    expect(new Set(after.map((r) => r.idempotencyKey)).size).toBe(after.length);
    expect(await expandBulkOutbox(db)).toEqual({ written: 0, finished: 0, corrupt: [] });
    expect(await countPendingBulkEntries(db)).toBe(0);
  });

  it('sync counts a compact row at once and sees its entries per contact; it sends them once expanded, in order', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 120);
    await db.outbox.clear();
    await repo.contacts.changeLabels(ids, { add: ['vip'] });
    await repo.contacts.update(ids[0]!, { labels: [] });
    // Before expansion the engine would send only the later edit: why it expands first (engine.ts).
    expect((await repo.sync.sendableContactEntries()).map((group) => group.map((e) => e.op))).toEqual([['update']]);
    // The footer counts the 120 folded changes at once; a server page sees contact 0's both edits.
    expect((await repo.sync.countOutbox()).waiting).toBe(121);
    expect((await repo.sync.entriesOf(ids[0]!)).map((e) => e.changes.labels)).toEqual([['lead', 'vip'], []]);
    await expandBulkOutbox(db);
    const groups = await repo.sync.sendableContactEntries();
    expect(groups).toHaveLength(120);
    expect(groups[0]!.map((e) => e.changes.labels)).toEqual([['lead', 'vip'], []]);
    expect((await repo.sync.countOutbox()).waiting).toBe(121);
    expect(await repo.sync.entriesOf(ids[1]!)).toEqual([expect.objectContaining({ changes: { labels: ['vip'] }, baseValues: { labels: [] } })]);
  });

  it('resumes after a crash between or inside chunks and writes each row once, with stable keys', async () => {
    const twin = setup();
    const { db, repo } = setup();
    for (const side of [twin, { db, repo }]) {
      const ids = await seed(side.repo, 200);
      await side.db.outbox.clear();
      await side.repo.contacts.changeLabels(ids, { add: ['vip'] });
    }
    await expandBulkOutbox(twin.db, { chunk: 1000 });

    let written = 0;
    let failAt = 70;
    db.outbox.hook('creating', () => {
      written += 1;
      if (written === failAt) throw new Error('crash');
    });
    await expect(expandBulkOutbox(db, { chunk: 30 })).rejects.toThrow('crash');
    const [compact] = ((await rows(db)) as unknown[]).filter(isBulkLabelsRow);
    expect(compact?.expanded).toBe(60); // two whole chunks; the third one left nothing
    expect(await db.outbox.count()).toBe(61);
    failAt = -1;
    await Promise.all([expandBulkOutbox(db, { chunk: 30 }), expandBulkOutbox(db, { chunk: 45 })]);
    const mine = await rows(db);
    const theirs = await rows(twin.db);
    expect(mine.map((r) => [r.seq, r.idempotencyKey, meaning(r)])).toEqual(theirs.map((r) => [r.seq, r.idempotencyKey, meaning(r)]));
  });

  it('leaves a corrupt compact row in place and expands the others', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 100);
    await db.outbox.clear();
    await (db.outbox as unknown as { add(row: unknown): Promise<number> }).add({ entity: BULK_OUTBOX_ENTITY, entityId: BULK_OUTBOX_ENTITY_ID, op: 'labels', ids: 'nope' });
    await repo.contacts.changeLabels(ids, { add: ['vip'] });
    const result = await expandBulkOutbox(db);
    expect(result.written).toBe(100);
    expect(result.corrupt).toHaveLength(1);
    expect(await db.outbox.count()).toBe(101);
    expect(await countPendingBulkEntries(db)).toBe(0);
  });

  it('unpacks packed rows (an import batch) as they were, before the rows written after them', async () => {
    const { db, repo } = setup();
    const [first] = await seed(repo, 1);
    await db.outbox.clear();
    const entry = (id: string, city: string) => ({ entity: 'contact' as const, entityId: id, op: 'update' as const, changes: { city }, baseValues: { city: null }, idempotencyKey: `k-${id}-${city}`, attempts: 0, state: 'pending' as const, lastError: null, createdAt: 5 });
    const packed = [entry('a', 'Lima'), entry('b', 'Quito'), entry('a', 'Cusco')];
    await db.transaction('rw', db.outbox, () => addPackedRows(db.outbox as never, packed, { idempotencyKey: 'pack', createdAt: 5 }));
    await repo.contacts.update(first!, { city: 'Bogotá' });
    expect(await countPendingBulkEntries(db)).toBe(3);
    expect((await pendingBulkEntriesOf(db, 'a')).map((e) => e.changes)).toEqual([{ city: 'Lima' }, { city: 'Cusco' }]);
    await expandBulkOutbox(db, { chunk: 2 });
    const after = await rows(db);
    expect(after.map(({ seq: _s, ...rest }) => rest)).toEqual([...packed, expect.objectContaining({ entityId: first, changes: { city: 'Bogotá' } })]);
    expect(after.map((r) => r.seq)).toEqual([3, 4, 5, 6]); // seq 1: the seed's row; 2: the packed row itself
  });

  it('reads both packed formats: whole entries (before session 4) and created contacts by id, mixed in one row and across rows', async () => {
    const { db, repo } = setup();
    const ids = await seed(repo, 6);
    await db.outbox.clear();
    const stored = await db.contacts.bulkGet(ids);
    const whole = (i: number) => ({ entity: 'contact' as const, entityId: ids[i]!, op: 'create' as const, changes: { name: `as written ${i}` }, baseValues: {}, idempotencyKey: `old-${i}`, attempts: 0, state: 'pending' as const, lastError: null, createdAt: 3 });
    const update = { ...whole(0), op: 'update' as const, changes: { city: 'Lima' }, baseValues: { city: null }, idempotencyKey: 'old-u' };
    const [o, n] = await db.transaction('rw', db.outbox, async () => [
      await addPackedRows(db.outbox as never, [whole(0), whole(1), update], { idempotencyKey: 'old', createdAt: 3 }),
      await addPackedRows(db.outbox as never, [ids[2]!, whole(3), ids[4]!, ids[5]!], { idempotencyKey: 'new', createdAt: 4 }),
    ]);
    expect(n).toBe(o! + 4);
    await repo.contacts.update(ids[2]!, { city: 'Quito' });
    await repo.contacts.remove(ids[1]!); // its old-format create is left out too
    await repo.contacts.remove(ids[5]!);
    expect(await countPendingBulkEntries(db)).toBe(7);
    expect(await pendingBulkEntriesOf(db, ids[4]!)).toEqual([expect.objectContaining({ op: 'create', state: 'pending', changes: {}, seq: n! + 3, idempotencyKey: 'new:2' })]);
    expect(await expandBulkOutbox(db, { chunk: 2 })).toMatchObject({ written: 5, finished: 2 });
    const after = await rows(db);
    const now = await db.contacts.bulkGet(ids);
    expect(after.map((r) => [r.seq, r.entityId, r.op, r.changes, r.idempotencyKey, r.createdAt])).toEqual([
      [o! + 1, ids[0], 'create', { name: 'as written 0' }, 'old-0', 3],
      [o! + 3, ids[0], 'update', { city: 'Lima' }, 'old-u', 3],
      [n! + 1, ids[2], 'create', { ...contactFieldsOf(now[2]!) }, 'new:0', 4],
      [n! + 2, ids[3], 'create', { name: 'as written 3' }, 'old-3', 3],
      [n! + 3, ids[4], 'create', { ...contactFieldsOf(stored[4]!) }, 'new:2', 4],
      [n! + 5, ids[2], 'update', { city: 'Quito' }, expect.any(String), expect.any(Number)],
      [n! + 6, ids[1], 'delete', {}, expect.any(String), expect.any(Number)],
      [n! + 7, ids[5], 'delete', {}, expect.any(String), expect.any(Number)],
    ]);
    expect(after[2]!.changes).toMatchObject({ city: 'Quito' });
  });

  it('expanding creates held by id resumes after a crash and writes what an uninterrupted run writes', async () => {
    const pack = async (side: { db: WintookDb; repo: Repository }) => {
      const ids = await seed(side.repo, 90);
      await side.db.outbox.clear();
      await side.db.transaction('rw', side.db.outbox, () => addPackedRows(side.db.outbox as never, ids, { idempotencyKey: 'batch', createdAt: 9 }));
      await side.repo.contacts.update(ids[40]!, { city: 'Lima' });
      await side.repo.contacts.remove(ids[41]!);
    };
    const twin = setup();
    const { db, repo } = setup();
    await pack(twin);
    await pack({ db, repo });
    await expandBulkOutbox(twin.db);
    let written = 0;
    let failAt = 50;
    db.outbox.hook('creating', () => {
      written += 1;
      if (written === failAt) throw new Error('crash');
    });
    await expect(expandBulkOutbox(db, { chunk: 20 })).rejects.toThrow('crash');
    expect(((await rows(db)) as unknown[]).filter(isPackedRow).map((r) => r.expanded)).toEqual([40]);
    failAt = -1;
    await Promise.all([expandBulkOutbox(db, { chunk: 20 }), expandBulkOutbox(db, { chunk: 7 })]);
    const mine = await rows(db);
    expect(mine.map((r) => [r.seq, r.idempotencyKey, meaning(r)])).toEqual((await rows(twin.db)).map((r) => [r.seq, r.idempotencyKey, meaning(r)]));
    expect(mine.filter((r) => r.op === 'create')).toHaveLength(89);
  });

  it('rejects a chunk size that is not a positive integer', async () => {
    const { db } = setup();
    await expect(expandBulkOutbox(db, { chunk: 0 })).rejects.toThrow(RangeError);
    await expect(expandBulkOutbox(db, { chunk: 1.5 })).rejects.toThrow(RangeError);
  });

  it('any mix of writes and partial expansions ends as the per-record outbox would be', async () => {
    type Op =
      | { kind: 'labels'; from: number; count: number; add: string[]; remove: string[] }
      | { kind: 'update'; pick: number; city: string }
      | { kind: 'remove'; pick: number }
      | { kind: 'expand'; chunk: number; steps: number };
    const label = fc.constantFrom('vip', 'lead', 'b2b');
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('labels' as const), from: fc.nat(40), count: fc.integer({ min: 1, max: 60 }), add: fc.array(label, { maxLength: 2 }), remove: fc.array(label, { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat(59), city: fc.constantFrom('Lima', 'Quito', '') }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(59) }),
      fc.record({ kind: fc.constant('expand' as const), chunk: fc.integer({ min: 1, max: 25 }), steps: fc.integer({ min: 1, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const compact = setup({ bulkOutboxMinContacts: 5 });
        const reference = setup({ bulkOutboxMinContacts: Number.POSITIVE_INFINITY });
        for (const side of [compact, reference]) {
          const ids = await seed(side.repo, 60);
          await side.db.outbox.clear();
          for (const op of ops) {
            switch (op.kind) {
              case 'labels':
                await side.repo.contacts.changeLabels(ids.slice(op.from, op.from + op.count), { add: op.add, remove: op.remove });
                break;
              case 'update':
                await side.repo.contacts.update(ids[op.pick]!, { city: op.city }).catch((error: unknown) => {
                  if (!(error instanceof RepositoryError)) throw error;
                });
                break;
              case 'remove':
                await side.repo.contacts.remove(ids[op.pick]!);
                break;
              case 'expand':
                if (side === compact) {
                  // A partial run: it crashes in its (steps + 1)th transaction, as a power cut would.
                  let written = 0;
                  const hook = (): void => {
                    written += 1;
                    if (written > op.steps * op.chunk) throw new Error('stop');
                  };
                  side.db.outbox.hook('creating', hook);
                  await expandBulkOutbox(side.db, { chunk: op.chunk }).catch((error: unknown) => {
                    if (!(error instanceof Error) || error.message !== 'stop') throw error;
                  });
                  side.db.outbox.hook('creating').unsubscribe(hook);
                }
                break;
            }
          }
        }
        await expandBulkOutbox(compact.db);
        const mine = (await rows(compact.db)).map(meaning);
        const theirs = (await rows(reference.db)).map(meaning);
        expect(mine).toEqual(theirs);
        const withoutTime = (db: WintookDb) => db.contacts.orderBy('id').toArray().then((all) => all.map(({ updatedAt: _t, ...rest }) => rest));
        expect(await withoutTime(compact.db)).toEqual(await withoutTime(reference.db));
      }),
      { numRuns: 40 },
    );
  });
});
