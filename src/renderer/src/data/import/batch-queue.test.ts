import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { inspectFile, runImport, type ImportSettings } from '../../../../shared/csv';
import type { ChangeEvent } from '../store/change-bus';
import { beginImport, finishImport, prepareImportBatch, writeImportBatch, type ImportCore, type ImportRecordCache } from '../store/import-repository';
import { expandBulkOutbox } from '../store/outbox-expansion';
import { createRepositoryCore } from '../store/repository';
import type { WintookDb } from '../store/schema';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';
import { createBatchQueue } from './batch-queue';

/** Small batches: the batching logic is the same at any size, and fake-indexeddb is slow (the app's size: IMPORT_BATCH_ROWS). */
const BATCH_ROWS = 250;

function stored(id: string, email: string): Contact {
  return { ...emptyContactFields(), id, name: id, email, serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('createBatchQueue', () => {
  it('prepares the next batch while one is written, never runs two writes at once, keeps file order', async () => {
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const queue = createBatchQueue(
      (rows: number) => {
        log.push(`prepare ${rows}`);
        return rows;
      },
      (prepared, segment) => {
        log.push(`write ${prepared} as ${segment}`);
        return new Promise<void>((resolve) =>
          releases.push(() => {
            log.push(`committed ${prepared}`);
            resolve();
          }),
        );
      },
    );
    const first = queue.commit(1);
    await first; // nothing before it: the pipeline may go on at once
    const second = queue.commit(2);
    await tick();
    expect(log).toEqual(['prepare 1', 'write 1 as 1', 'prepare 2']);
    let secondBack = false;
    void second.then(() => (secondBack = true));
    await tick();
    expect(secondBack).toBe(false); // back-pressure: batch 2 waits for batch 1's commit
    releases.shift()!();
    await second;
    await tick();
    expect(log.slice(3)).toEqual(['committed 1', 'write 2 as 2']);
    let drained = false;
    const drain = queue.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    releases.shift()!();
    await drain;
    expect(log.at(-1)).toBe('committed 2');
  });

  it('after a failed write no later batch is written, and the failure reaches the pipeline (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), async (total, failAt) => {
        const written: number[] = [];
        const queue = createBatchQueue(
          (rows: number) => rows,
          async (prepared) => {
            await tick();
            if (prepared === failAt) throw new Error(`batch ${prepared} failed`);
            written.push(prepared);
          },
        );
        let error: unknown = null;
        try {
          for (let n = 1; n <= total; n++) await queue.commit(n);
          await queue.drain();
        } catch (caught) {
          error = caught;
        }
        await queue.drain().catch(() => undefined);
        const expected = Array.from({ length: Math.min(total, failAt - 1) }, (_, i) => i + 1);
        expect(written).toEqual(expected);
        if (failAt <= total) expect(String(error)).toContain(`batch ${failAt} failed`);
        else expect(error).toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});

describe('the worker’s pipelined import writes what one batch at a time writes', () => {
  const dbs: WintookDb[] = [];
  afterEach(() => {
    while (dbs.length) dbs.pop()?.close();
  });

  function testCore(): ImportCore & { events: ChangeEvent[] } {
    const db = freshDb();
    dbs.push(db);
    const events: ChangeEvent[] = [];
    return { ...createRepositoryCore(db, (published) => events.push(...published), deterministicOptions()), db, events };
  }

  async function importWith(core: ImportCore, text: string, pipelined: boolean) {
    const blob = new Blob([text]);
    const inspection = await inspectFile(blob, 'x.csv');
    const settings: ImportSettings = { encoding: inspection.encoding, delimiter: inspection.delimiter, mapping: inspection.mapping, defaultCountry: 'ES', policy: 'update', attributeDefinitions: [] };
    const existing = (await core.db.contacts.toArray()).map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, identifier: c.identifier }));
    const importId = 'import-1';
    const record: ImportRecordCache = { main: await beginImport(core, { id: importId, fileName: 'x.csv', header: inspection.header, encoding: settings.encoding, delimiter: settings.delimiter }) };
    const imported = new Set<string>();
    const prior = new Set<string>();
    let segment = 0;
    const queue = createBatchQueue(
      (rows: Parameters<typeof prepareImportBatch>[1]) => prepareImportBatch(core, rows),
      (prepared, n) => writeImportBatch(core, importId, n, prepared, imported, prior, record),
    );
    await runImport(blob, settings, {
      existing,
      newId: core.newId,
      batchRows: BATCH_ROWS,
      commit: pipelined ? (rows) => queue.commit(rows) : async (rows) => void (await writeImportBatch(core, importId, ++segment, rows, imported, prior)),
    });
    await queue.drain();
    return finishImport(core, importId, 'finished');
  }

  it('same contacts, outbox, counts and segments, with merges and updates across batch borders', async () => {
    const lines: string[] = [];
    for (let i = 0; i < BATCH_ROWS * 2 + 30; i++) {
      // Every 7th row repeats the email of a row ~1.5 batches earlier (a merge into a contact an
      // earlier batch created); every 11th updates a stored contact.
      if (i % 11 === 0) lines.push(`Stored update ${i},stored${i % 3}@x.es,`);
      else if (i % 7 === 0 && i > BATCH_ROWS * 1.5) lines.push(`Merged ${i},p${i - Math.floor(BATCH_ROWS * 1.5)}@x.es,vip`);
      else lines.push(`Person ${i},p${i}@x.es,`);
    }
    const text = `name,email,labels\n${lines.join('\n')}\n`;
    const results = [];
    for (const pipelined of [false, true]) {
      const core = testCore();
      for (let s = 0; s < 3; s++) await core.db.contacts.put(stored(`stored-${s}`, `stored${s}@x.es`));
      const batch = await importWith(core, text, pipelined);
      await expandBulkOutbox(core.db);
      // Ids are compared through the email they belong to: the ids depend on how the id counter's
      // calls interleave, which is the one thing pipelining changes.
      const all = await core.db.contacts.toArray();
      const emailOf = new Map(all.map((c) => [c.id, c.email]));
      const contacts = all.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest).sort((a, b) => (a.email ?? '').localeCompare(b.email ?? ''));
      const outbox = (await core.db.outbox.orderBy('seq').toArray()).map((row) => [emailOf.get(row.entityId), row.op, row.changes, row.baseValues]);
      const segments = (await core.db.importBatches.toArray())
        .filter((row) => row.id !== 'import-1')
        .map((row) => [row.createdIds.map((id) => emailOf.get(id)), row.priorStates.map((c) => c.id), row.problems]);
      const events = core.events.flatMap((e) => (e.entity === 'contact' ? e.put.map((c) => [c.email, c.name, c.labels]) : []));
      results.push({ counts: batch?.counts, contacts, outbox, segments, events });
    }
    const [plain, pipelined] = results;
    expect(plain!.counts).toMatchObject({ rows: BATCH_ROWS * 2 + 30 });
    expect(plain!.counts!.merged).toBeGreaterThan(0);
    expect(plain!.counts!.updated).toBeGreaterThan(0);
    expect(pipelined).toEqual(plain);
  });
});
