import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { startEarlyContactRead } from './early-read';
import type { ChangeEvent } from './change-bus';
import { contactFieldsOf } from './contact-fields';
import { applyLabelChange, applyPendingLabelOps, type LabelOp } from './label-change';
import { addLabelOp, foldLabelOps, gated, inTransaction, labelOpsGate, labelOpsSettled } from './label-ops';
import { countPendingBulkEntries } from './outbox-expansion';
import { createRepository, type Repository, type RepositoryOptions } from './repository';
import { openDb, WintookDb } from './schema';
import { deterministicOptions } from '../../../../../tests/support/db';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

let dbs = 0;
const newName = () => `label-ops-${(dbs += 1)}-${crypto.randomUUID()}`;

interface App {
  db: WintookDb;
  repo: Repository;
  events: ChangeEvent[];
  /** The contacts as the in-memory index would hold them: loaded once, then only change events. */
  index: Map<string, Contact>;
  close(): void;
}

function open(name: string, extra: RepositoryOptions = {}, clock = deterministicOptions()): App {
  const db = new WintookDb(name);
  const repo = createRepository(db, { channelName: null, ...clock, bulkOutboxMinContacts: 3, ...extra });
  const events: ChangeEvent[] = [];
  const index = new Map<string, Contact>();
  repo.changes.subscribe((event) => {
    events.push(event);
    if (event.entity !== 'contact') return;
    for (const id of event.deleted) index.delete(id);
    for (const contact of event.put) index.set(contact.id, contact);
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    repo.close();
    db.close();
  };
  cleanups.push(close);
  return { db, repo, events, index, close };
}

async function seed(app: App, count: number, labels: (i: number) => string[] = () => []): Promise<string[]> {
  const created = await app.repo.contacts.bulkCreate(
    Array.from({ length: count }, (_, i) => ({ name: `C${i}`, labels: labels(i) })),
    { origin: 'seed' },
  );
  for (const contact of created) app.index.set(contact.id, contact);
  return created.map((c) => c.id);
}

const labelsById = (contacts: readonly Contact[]) => Object.fromEntries(contacts.map((c) => [c.id, c.labels]));

describe('applyLabelChange', () => {
  it('removes, then appends in order without duplicates; renames in place; is idempotent', () => {
    expect(applyLabelChange(['a', 'b', 'c'], { kind: 'labels', add: ['d', 'a'], remove: ['b'] })).toEqual(['a', 'c', 'd']);
    expect(applyLabelChange(['a', 'b'], { kind: 'rename', from: 'a', to: 'b' })).toEqual(['b']);
    expect(applyLabelChange(['x', 'a', 'y'], { kind: 'rename', from: 'a', to: 'z' })).toEqual(['x', 'z', 'y']);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd')),
        fc.oneof(
          fc.record({ kind: fc.constant('labels' as const), add: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd')), remove: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd')) }),
          fc.record({ kind: fc.constant('rename' as const), from: fc.constantFrom('a', 'b'), to: fc.constantFrom('c', 'd') }),
        ),
        (labels, change) => {
          const once = applyLabelChange(labels, change);
          expect(applyLabelChange(once, change)).toEqual(once);
          expect(new Set(once).size).toBe(once.length);
        },
      ),
    );
  });

  it('applyPendingLabelOps applies ops in seq order from their folded counter and skips invalid rows', () => {
    const contacts = [
      { id: 'a', labels: ['x'], updatedAt: 1 },
      { id: 'b', labels: [], updatedAt: 1 },
    ];
    const ops: unknown[] = [
      { seq: 9, ids: ['a', 'b'], change: { kind: 'labels', add: [], remove: ['y'] }, folded: 0, at: 9, createdAt: 9 },
      { seq: 4, ids: ['b', 'a'], change: { kind: 'labels', add: ['y'], remove: [] }, folded: 1, at: 5, createdAt: 5 },
      { seq: 5, ids: 'a', change: null },
    ];
    const result = applyPendingLabelOps(contacts, ops);
    // seq 4 first (only its unfolded `a`), then seq 9 removes y from both.
    expect(result).toEqual([
      { id: 'a', labels: ['x'], updatedAt: 9 },
      { id: 'b', labels: [], updatedAt: 1 },
    ]);
    expect(applyPendingLabelOps(contacts, [])).toBe(contacts);
  });
});

describe('bulk label change as one pending op', () => {
  it('writes one op row and the compact outbox row, no contact row; announces the contacts; the fold writes them', async () => {
    const app = open(newName());
    const ids = await seed(app, 5, (i) => (i === 0 ? ['vip'] : []));
    app.events.length = 0;
    const changed = await app.repo.contacts.changeLabels(ids, { add: ['vip', 'lead'] });
    expect(changed.map((c) => c.labels)).toEqual(ids.map(() => ['vip', 'lead']));
    expect(app.events).toHaveLength(1);
    expect(app.events[0]).toMatchObject({ entity: 'contact', origin: 'local', deleted: [] });
    expect(await countPendingBulkEntries(app.db)).toBe(5);
    await labelOpsSettled(app.db);
    expect(await app.db.labelOps.count()).toBe(0);
    const after = await app.db.contacts.toArray();
    expect(labelsById(after)).toEqual(Object.fromEntries(ids.map((id) => [id, ['vip', 'lead']])));
    // The rows are exactly what the event announced, and the fold announced nothing more.
    expect(after).toEqual(expect.arrayContaining(changed));
    expect(app.events).toHaveLength(1);
  });

  it('the op transaction writes no contact row (the fold does, after)', async () => {
    const app = open(newName());
    // Records every write with its transaction (Dexie's DBCore middleware).
    const writes: { table: string; trans: unknown }[] = [];
    app.db.use({
      stack: 'dbcore',
      name: 'write-log',
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          return { ...table, mutate: (req) => (writes.push({ table: tableName, trans: req.trans }), table.mutate(req)) };
        },
      }),
    });
    const ids = await seed(app, 4);
    writes.length = 0;
    const gate = labelOpsGate(app.db);
    const write = app.repo.contacts.changeLabels(ids, { add: ['vip'] });
    // From the call on, other contact reads and writes wait.
    expect(gate.pending()).not.toBeNull();
    await write;
    await labelOpsSettled(app.db);
    const opWrite = writes.find((w) => w.table === 'labelOps');
    expect(opWrite).toBeDefined();
    const inOp = writes.filter((w) => w.trans === opWrite!.trans).map((w) => w.table);
    expect(inOp).toContain('outbox');
    expect(inOp).not.toContain('contacts');
    // The fold wrote the rows, in transactions of its own.
    expect(writes.some((w) => w.table === 'contacts' && w.trans !== opWrite!.trans)).toBe(true);
    expect((await app.db.contacts.toArray()).every((c) => c.labels.includes('vip'))).toBe(true);
    expect(gate.pending()).toBeNull();
  });

  it('bulk add then a single remove of the same label before the fold: the remove wins', async () => {
    const app = open(newName(), { labelFoldChunk: 1 });
    const ids = await seed(app, 6);
    await app.repo.contacts.changeLabels(ids, { add: ['vip'] });
    // The UI computes the edit from what it shows (the index), not from the row.
    const shown = app.index.get(ids[2]!)!;
    expect(shown.labels).toEqual(['vip']);
    const edited = await app.repo.contacts.update(ids[2]!, { labels: shown.labels.filter((l) => l !== 'vip') });
    expect(edited.labels).toEqual([]);
    await labelOpsSettled(app.db);
    const rows = labelsById(await app.db.contacts.toArray());
    expect(rows[ids[2]!]).toEqual([]);
    expect(rows[ids[3]!]).toEqual(['vip']);
    expect(app.index.get(ids[2]!)?.labels).toEqual([]);
    // The single edit's outbox row has the labels the user saw as its base.
    const entries = await app.repo.sync.entriesOf(ids[2]!);
    expect(entries.at(-1)).toMatchObject({ op: 'update', changes: { labels: [] }, baseValues: { labels: ['vip'] } });
  });

  it('contacts reads wait for the fold: get, getAll and the sync reads see the new labels', async () => {
    const app = open(newName(), { labelFoldChunk: 1 });
    const ids = await seed(app, 4);
    await app.repo.contacts.changeLabels(ids, { add: ['vip'] });
    const [one, all, bySync] = await Promise.all([app.repo.contacts.get(ids[3]!), app.repo.contacts.getAll(), app.repo.sync.getContact(ids[1]!)]);
    expect(one?.labels).toEqual(['vip']);
    expect(all.every((c) => c.labels.includes('vip'))).toBe(true);
    expect(bySync?.labels).toEqual(['vip']);
  });

  it('a label rename of many contacts is an op too, and keeps the label in place', async () => {
    const app = open(newName());
    const ids = await seed(app, 5, (i) => (i < 4 ? ['a', 'old', 'z'] : ['z']));
    const label = await app.repo.labels.create({ title: 'old' });
    app.events.length = 0;
    await app.repo.labels.rename(label.id, 'new');
    const put = app.events.flatMap((e) => (e.entity === 'contact' ? e.put : []));
    expect(put.map((c) => c.labels)).toEqual([0, 1, 2, 3].map(() => ['a', 'new', 'z']));
    await labelOpsSettled(app.db);
    const rows = labelsById(await app.db.contacts.toArray());
    expect(rows).toEqual(Object.fromEntries(ids.map((id, i) => [id, i < 4 ? ['a', 'new', 'z'] : ['z']])));
  });

  it('a reload before the fold: the early read applies the pending op, the next session folds it', async () => {
    const name = newName();
    const first = open(name, { labelFoldChunk: 1 });
    const ids = await seed(first, 4);
    // Close at once: the fold (started after commit, one contact per transaction) is cut short.
    await first.repo.contacts.changeLabels(ids, { add: ['vip'] });
    first.close();
    const left = await new Promise<unknown[]>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => {
        const all = request.result.transaction('labelOps').objectStore('labelOps').getAll();
        all.onsuccess = () => {
          request.result.close();
          resolve(all.result as unknown[]);
        };
      };
      request.onerror = () => reject(request.error);
    });
    expect(left).toHaveLength(1);
    expect((left[0] as LabelOp).folded).toBeLessThan(ids.length);
    const early = await startEarlyContactRead(name);
    expect(early?.map((c) => c.labels)).toEqual(ids.map(() => ['vip']));
    const second = open(name);
    labelOpsGate(second.db).check();
    await labelOpsSettled(second.db);
    expect((await second.db.contacts.toArray()).map((c) => c.labels)).toEqual(ids.map(() => ['vip']));
    expect(await second.db.labelOps.count()).toBe(0);
  });

  it('the early read is unchanged when nothing is pending', async () => {
    const name = newName();
    const app = open(name);
    const ids = await seed(app, 3, () => ['x']);
    app.close();
    const early = await startEarlyContactRead(name);
    expect(early?.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(early?.every((c) => c.labels[0] === 'x')).toBe(true);
  });

  it('a row another context wrote after the op (it did not wait) is folded by merging, and announced', async () => {
    const name = newName();
    const first = open(name);
    const ids = await seed(first, 3, () => ['a']);
    first.close();
    // What another window leaves: an op committed, then (before its fold) a write of its own.
    const other = await openDb(name);
    await other.transaction('rw', other.labelOps, () => addLabelOp(other, { ids, change: { kind: 'labels', add: ['vip'], remove: ['a'] }, at: 5_000_000_000_000, createdAt: 1 }));
    const stale = (await other.contacts.get(ids[1]!))!;
    await other.contacts.put({ ...stale, name: 'Renamed', labels: ['a', 'b'], updatedAt: 5_000_000_000_001 });
    other.close();
    const app = open(name);
    labelOpsGate(app.db).check();
    await labelOpsSettled(app.db);
    expect(labelsById(await app.db.contacts.toArray())).toEqual({ [ids[0]!]: ['vip'], [ids[1]!]: ['b', 'vip'], [ids[2]!]: ['vip'] });
    // Only the row written since the op is announced (the index has the others from the op's event).
    expect(app.events).toEqual([{ entity: 'contact', put: [expect.objectContaining({ id: ids[1], name: 'Renamed', labels: ['b', 'vip'] })], deleted: [], origin: 'local' }]);
  });

  it('inside an outer transaction the gate does not wait (sync atomically)', async () => {
    const app = open(newName());
    await seed(app, 2);
    expect(inTransaction(app.db)).toBe(false);
    const seen = await app.db.transaction('r', app.db.contacts, async () => {
      const inside = inTransaction(app.db);
      const rows = await gated(app.db, () => app.db.contacts.toArray());
      return { inside, count: rows.length };
    });
    expect(seen).toEqual({ inside: true, count: 2 });
  });
});

describe('foldLabelOps', () => {
  async function withOp(db: WintookDb, op: Omit<LabelOp, 'seq' | 'folded'>): Promise<number> {
    return db.transaction('rw', db.labelOps, () => addLabelOp(db, op));
  }
  const contact = (id: string, labels: string[], updatedAt: number): Contact => ({
    ...emptyContactFields(),
    name: id,
    labels,
    id,
    serverId: null,
    createdAt: 1,
    lastActivityAt: null,
    updatedAt,
    version: null,
    base: null,
  });

  it('applies the change to the row as it is now (never undoing a later edit), announces rows written since, resumes after a crash', async () => {
    const name = newName();
    const db = await openDb(name);
    cleanups.push(() => db.close());
    await db.contacts.bulkPut([contact('a', ['x'], 10), contact('b', ['y'], 10), contact('c', [], 10), contact('d', ['vip'], 10)]);
    await withOp(db, { ids: ['a', 'b', 'c', 'd', 'gone'], change: { kind: 'labels', add: ['vip'], remove: ['x'] }, at: 20, createdAt: 20 });
    // A writer that did not wait (another window): b got a new label after the op.
    await db.contacts.put(contact('b', ['y', 'z'], 25));
    const first = await db.transaction('rw', db.contacts, db.labelOps, async () => {
      // Fold one chunk by hand, as a run cut short after its first transaction would.
      const [op] = await db.labelOps.toArray();
      await db.labelOps.put({ ...op!, folded: 1 });
      await db.contacts.put(contact('a', ['vip'], 20));
      return op!.seq;
    });
    const rewritten: Contact[] = [];
    const result = await foldLabelOps(db, { chunk: 2, onRewritten: (contacts) => rewritten.push(...contacts) });
    expect(result).toEqual({ written: 2, finished: 1, corrupt: [] });
    expect(labelsById(await db.contacts.toArray())).toEqual({ a: ['vip'], b: ['y', 'z', 'vip'], c: ['vip'], d: ['vip'] });
    expect((await db.contacts.get('c'))?.updatedAt).toBe(20);
    expect(rewritten.map((c) => [c.id, c.labels])).toEqual([['b', ['y', 'z', 'vip']]]);
    expect(await db.labelOps.get(first)).toBeUndefined();
    // Again: nothing left, nothing written.
    expect(await foldLabelOps(db)).toEqual({ written: 0, finished: 0, corrupt: [] });
  });

  it('leaves corrupt rows in place and folds the ones after them', async () => {
    const db = await openDb(newName());
    cleanups.push(() => db.close());
    await db.contacts.put(contact('a', [], 1));
    const bad = await db.labelOps.add({ ids: 'a' } as never);
    await withOp(db, { ids: ['a'], change: { kind: 'labels', add: ['k'], remove: [] }, at: 2, createdAt: 2 });
    expect(await foldLabelOps(db)).toEqual({ written: 1, finished: 1, corrupt: [bad] });
    expect((await db.contacts.get('a'))?.labels).toEqual(['k']);
  });

  it('rejects a chunk that is not a positive integer', async () => {
    const db = await openDb(newName());
    cleanups.push(() => db.close());
    await expect(foldLabelOps(db, { chunk: 0 })).rejects.toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// The model: the same operations applied directly to plain rows.

type Step =
  | { kind: 'bulk'; mode: 'add' | 'remove'; label: string; pick: number[] }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'toggle'; contact: number; label: string }
  | { kind: 'small'; contact: number; label: string }
  | { kind: 'delete'; contact: number }
  | { kind: 'restore' }
  | { kind: 'merge'; base: number; other: number }
  | { kind: 'crash'; wait: number };

const LABELS = ['vip', 'lead', 'b2b'];
const CONTACTS = 6;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bulk' as const), mode: fc.constantFrom('add' as const, 'remove' as const), label: fc.constantFrom(...LABELS), pick: fc.uniqueArray(fc.nat(CONTACTS - 1), { minLength: 3, maxLength: CONTACTS }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: fc.constantFrom(...LABELS), to: fc.constantFrom('vip2', 'lead2', ...LABELS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('toggle' as const), contact: fc.nat(CONTACTS - 1), label: fc.constantFrom(...LABELS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('small' as const), contact: fc.nat(CONTACTS - 1), label: fc.constantFrom(...LABELS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), contact: fc.nat(CONTACTS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), base: fc.nat(CONTACTS - 1), other: fc.nat(CONTACTS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash' as const), wait: fc.nat(3) }) },
);

describe('pending label ops against a model', () => {
  it('any sequence of bulk ops, single edits, deletes, merges, restores and crashes ends as the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const name = newName();
        const clock = deterministicOptions();
        let app = open(name, { labelFoldChunk: 2 }, clock);
        const ids = await seed(app, CONTACTS, (i) => (i % 2 === 0 ? ['vip'] : []));
        const model = new Map<string, string[]>(ids.map((id, i) => [id, i % 2 === 0 ? ['vip'] : []]));
        const deleted: Contact[] = [];
        const labelRows = new Map<string, string>();
        for (const step of steps) {
          switch (step.kind) {
            case 'bulk': {
              const pick = step.pick.map((i) => ids[i]!);
              const change = step.mode === 'add' ? { add: [step.label] } : { remove: [step.label] };
              await app.repo.contacts.changeLabels(pick, change);
              for (const id of pick) {
                const labels = model.get(id);
                if (labels) model.set(id, applyLabelChange(labels, { kind: 'labels', add: change.add ?? [], remove: change.remove ?? [] }));
              }
              break;
            }
            case 'rename': {
              if (step.from === step.to) break;
              let id = labelRows.get(step.from);
              if (!id) {
                const created = await app.repo.labels.create({ title: step.from }).catch(() => undefined);
                if (!created) break;
                id = created.id;
                labelRows.set(step.from, id);
              }
              const renamed = await app.repo.labels.rename(id, step.to).catch(() => undefined);
              if (!renamed) break;
              labelRows.delete(step.from);
              labelRows.set(step.to, id);
              for (const [contactId, labels] of model) model.set(contactId, applyLabelChange(labels, { kind: 'rename', from: step.from, to: step.to }));
              break;
            }
            case 'toggle': {
              // A single edit from the sidebar: computed from what the list shows (the index).
              const id = ids[step.contact]!;
              const shown = app.index.get(id);
              if (!model.has(id) || !shown) break;
              const labels = shown.labels.includes(step.label) ? shown.labels.filter((l) => l !== step.label) : [...shown.labels, step.label];
              await app.repo.contacts.update(id, { labels });
              model.set(id, labels);
              break;
            }
            case 'small': {
              // Below the op threshold: a put per contact, like before.
              const id = ids[step.contact]!;
              await app.repo.contacts.changeLabels([id], { add: [step.label] });
              const labels = model.get(id);
              if (labels) model.set(id, applyLabelChange(labels, { kind: 'labels', add: [step.label], remove: [] }));
              break;
            }
            case 'delete': {
              const id = ids[step.contact]!;
              const removed = await app.repo.contacts.remove(id);
              if (model.has(id)) {
                expect(removed?.labels).toEqual(model.get(id));
                deleted.push(removed!);
                model.delete(id);
              }
              break;
            }
            case 'restore': {
              const contact = deleted.pop();
              if (!contact) break;
              await app.repo.contacts.restore([contact]);
              model.set(contact.id, contact.labels);
              break;
            }
            case 'merge': {
              const base = ids[step.base]!;
              const other = ids[step.other]!;
              const shown = app.index.get(base);
              if (base === other || !model.has(base) || !model.has(other) || !shown) break;
              const labels = applyLabelChange(model.get(base)!, { kind: 'labels', add: model.get(other)!, remove: [] });
              await app.repo.contacts.merge(base, other, { ...contactFieldsOf(shown), labels });
              model.set(base, labels);
              model.delete(other);
              break;
            }
            case 'crash': {
              // The window closes while a fold may be running; the next session starts from the rows.
              for (let i = 0; i < step.wait; i++) await new Promise((resolve) => setTimeout(resolve, 0));
              app.close();
              app = open(name, { labelFoldChunk: 2 }, clock);
              const early = await startEarlyContactRead(name);
              expect(labelsById(early ?? [])).toEqual(Object.fromEntries(model));
              app.index.clear();
              for (const contact of early ?? []) app.index.set(contact.id, contact);
              labelOpsGate(app.db).check();
              break;
            }
          }
          // The index (events only) shows the model at every step.
          expect(labelsById([...app.index.values()])).toEqual(Object.fromEntries(model));
        }
        await labelOpsSettled(app.db);
        expect(await app.db.labelOps.count()).toBe(0);
        expect(labelsById(await app.db.contacts.toArray())).toEqual(Object.fromEntries(model));
        app.close();
      }),
      {
        numRuns: 60,
        examples: [
          // Bulk add, then a single remove of the same label before the fold; then a crash mid-fold.
          [[{ kind: 'bulk', mode: 'add', label: 'lead', pick: [0, 1, 2, 3, 4, 5] }, { kind: 'toggle', contact: 2, label: 'lead' }]],
          [[{ kind: 'bulk', mode: 'add', label: 'lead', pick: [0, 1, 2, 3] }, { kind: 'crash', wait: 0 }, { kind: 'toggle', contact: 1, label: 'lead' }]],
          [[{ kind: 'bulk', mode: 'remove', label: 'vip', pick: [0, 2, 4] }, { kind: 'delete', contact: 2 }, { kind: 'restore' }, { kind: 'merge', base: 0, other: 4 }]],
        ],
      },
    );
  }, 60_000);
});
