import { afterEach, beforeEach } from 'vitest';
import { inspectFile, runImport, type ImportSettings } from '../../src/shared/csv';
import type { ChangeEvent } from '../../src/renderer/src/data/store/change-bus';
import { beginImport, finishImport, writeImportBatch, type ImportCore } from '../../src/renderer/src/data/store/import-repository';
import { createRepository, type Repository, type RepositoryOptions } from '../../src/renderer/src/data/store/repository';
import { WintookDb } from '../../src/renderer/src/data/store/schema';

/**
 * Helpers for the data-layer tests (imported only by `*.test.ts`). Each test gets its own database
 * name so tests never see each other's rows; fake-indexeddb must be loaded by the test file first.
 */
let databases = 0;

export function freshDb(): WintookDb {
  databases += 1;
  return new WintookDb(`wintook-test-${databases}-${crypto.randomUUID()}`);
}

/** Deterministic ids (valid v4-shaped UUIDs) and a clock that advances 1 ms per reading. */
export function deterministicOptions(start = 1_700_000_000_000): Required<
  Pick<RepositoryOptions, 'now' | 'newId'>
> & {
  readonly clock: { value: number };
} {
  let ids = 0;
  const clock = { value: start };
  return {
    clock,
    now: () => clock.value++,
    newId: () => {
      ids += 1;
      return `00000000-0000-4000-8000-${ids.toString(16).padStart(12, '0')}`;
    },
  };
}

/**
 * A repository on a fresh database for each test of the calling file, without the cross-window
 * channel, recording every change event it announces; closed after each test. Read its fields
 * inside tests (they are replaced before each one).
 */
export function repositoryForEachTest(): { db: WintookDb; repository: Repository; events: ChangeEvent[] } {
  const current = {} as { db: WintookDb; repository: Repository; events: ChangeEvent[] };
  beforeEach(() => {
    current.db = freshDb();
    current.repository = createRepository(current.db, { channelName: null });
    current.events = [];
    current.repository.changes.subscribe((event) => current.events.push(event));
  });
  afterEach(() => {
    current.repository.close();
    current.db.close();
  });
  return current;
}

/** Lets change events announced after a commit (a task later) arrive. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * What the import worker does with a CSV text: inspect, automatic mapping, plan and write batch by
 * batch (`batchRows` rows each), finish; `cancelAfter` batches stops it as Cancel would.
 */
export async function importCsvText(core: ImportCore, text: string, options: { name?: string; cancelAfter?: number; batchRows?: number } = {}) {
  const { name = 'x.csv', cancelAfter, batchRows = 250 } = options;
  const blob = new Blob([text]);
  const inspection = await inspectFile(blob, name);
  const settings: ImportSettings = {
    encoding: inspection.encoding,
    delimiter: inspection.delimiter,
    mapping: inspection.mapping,
    defaultCountry: 'ES',
    policy: 'update',
    attributeDefinitions: [],
  };
  const existing = (await core.db.contacts.toArray()).map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, identifier: c.identifier }));
  const importId = core.newId();
  await beginImport(core, { id: importId, fileName: name, header: inspection.header, encoding: settings.encoding, delimiter: settings.delimiter });
  const imported = new Set<string>();
  const prior = new Set<string>();
  let segment = 0;
  const result = await runImport(blob, settings, {
    existing,
    newId: core.newId,
    batchRows,
    cancelled: () => cancelAfter !== undefined && segment >= cancelAfter,
    commit: async (rows) => {
      await writeImportBatch(core, importId, ++segment, rows, imported, prior);
    },
  });
  const batch = await finishImport(core, importId, result.cancelled ? 'cancelled' : 'finished');
  return { batch: batch!, importId };
}
