/**
 * The raw-write baseline shared by the import and sync-app suites: the demo contacts (the ones the
 * import's CSV and the server's `--demo` seed are made of) put with plain IndexedDB, in one
 * transaction, into a fresh store with only a primary key. The "raw write": what writing
 * those records costs this browser on this machine, with no parsing, merging, Dexie or indexes.
 */
import type { Page } from 'playwright-core';
import { generateContacts } from '../../src/shared/demo/contacts';

/** Records per page.evaluate call when handing the page its records. */
const RECORD_SLICE = 20_000;

/** The page globals the raw write touches (bench/ is type-checked without the DOM library). */
export interface RawWriteGlobals {
  indexedDB: {
    open(
      name: string,
      version?: number,
    ): {
      result: unknown;
      onsuccess: (() => void) | null;
      onerror: (() => void) | null;
      onupgradeneeded: (() => void) | null;
      error: unknown;
    };
  };
  performance: { now(): number };
  __benchRecords?: unknown[];
}

/** Puts the generated records into the page (`__benchRecords`) in slices, for the plain-IndexedDB runs. */
async function loadRecords(page: Page, size: number): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as RawWriteGlobals).__benchRecords = [];
  });
  for (let start = 0; start < size; start += RECORD_SLICE) {
    const records = generateContacts(Math.min(RECORD_SLICE, size - start), { seed: 11, startIndex: start });
    await page.evaluate((slice) => {
      (globalThis as unknown as RawWriteGlobals).__benchRecords!.push(...slice);
    }, records);
  }
}

/**
 * One write measurement: `page` opens `url` (a page of the origin whose IndexedDB is written), gets
 * the `size` demo records, and `measure` writes them (the raw write unless given); ms. Run in a
 * fresh profile: an origin's databases share one LevelDB store, and writes slow as it fills.
 */
export async function measureWrite(
  page: Page,
  url: string,
  size: number,
  measure: (page: Page) => Promise<number> = rawPut,
): Promise<number> {
  await page.goto(url);
  await loadRecords(page, size);
  return measure(page);
}

/** The records loaded by `loadRecords`, put with plain IndexedDB into a fresh primary-key-only store, one transaction; ms. */
export async function rawPut(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as RawWriteGlobals;
    const records = w.__benchRecords!;
    type Db = {
      createObjectStore(name: string, options: { keyPath: string }): void;
      transaction(
        store: string,
        mode: string,
      ): {
        objectStore(name: string): { put(value: unknown): void };
        oncomplete: (() => void) | null;
        onerror: (() => void) | null;
      };
      close(): void;
    };
    const db = await new Promise<Db>((resolve, reject) => {
      const request = w.indexedDB.open(`bench-baseline-${Date.now()}`, 1);
      request.onupgradeneeded = () => (request.result as Db).createObjectStore('contacts', { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result as Db);
      request.onerror = () => reject(new Error(String(request.error)));
    });
    const started = w.performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('contacts', 'readwrite');
      const store = tx.objectStore('contacts');
      for (const record of records) store.put(record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error('baseline transaction failed'));
    });
    const ms = w.performance.now() - started;
    db.close();
    return ms;
  });
}
