/**
 * The import suite (`npm run bench -- import`): a generated Chatwoot CSV imported through the real UI
 * (file input → Preview → Start import), timed from the click on "Start import" until every row is
 * stored (the report shows) and listed (the contact count says so), beside a baseline measured in
 * the same browser profile and run: the same records written with plain IndexedDB puts into a
 * primary-key-only store (the notes measured Dexie's bulkPut at the same speed as raw puts, §2.1).
 * Also the longest main-thread task during the import (PerformanceObserver "longtask") and the
 * JS heap after it. Pass `--sizes 1000000` for the 1M-row run (heap target < 1.5 GB).
 *
 * Wiring (bench/suites/index.ts): `import { importSuite } from '../import';` and add it to SUITES
 * (and drop 'import' from PLANNED_SUITES).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { IMPORT_BATCH_ROWS } from '../src/shared/csv/pipeline';
import { csvHeader, csvRows, generateContacts } from '../src/shared/demo/contacts';
import { launchFreshProfile, measureHeapBytes } from './lib/browser';
import { buildPages } from './lib/build';
import { environment, metric, type SizeResult, type SuiteResult } from './lib/report';
import { startStaticServer } from './lib/static-server';
import { summarize } from './lib/stats';
import type { Suite, SuiteOptions } from './suites/types';

const TARGET_BASELINE_RATIO = 1.3;
const TARGET_LONGEST_TASK_MS = 100;
const TARGET_HEAP_1M_MB = 1536;
const BYTES_PER_MB = 1024 * 1024;
/** Rows generated per slice when writing the CSV file (keeps Node's memory flat at 1M rows). */
const GENERATE_SLICE = 20_000;
/** Records per page.evaluate call when handing the baseline its records. */
const BASELINE_SLICE = 20_000;
const IMPORT_TIMEOUT_MS = 30 * 60_000;
/** The write-floor figure needs every record in the page at once; past this it costs more than it tells. */
const FLOOR_MAX_SIZE = 200_000;

interface PageGlobals {
  indexedDB: {
    open(name: string, version?: number): { result: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null; onupgradeneeded: (() => void) | null; error: unknown };
  };
  performance: { now(): number };
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void };
  document: { body: { innerText: string } | null };
  __benchRecords?: unknown[];
  __benchLongest?: number;
  __benchTasks?: { at: number; duration: number }[];
  __benchObserver?: { disconnect(): void };
}

async function writeCsv(size: number): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'wintook-import-bench-'));
  const path = join(dir, `contacts-${size}.csv`);
  const options = { customAttributeKeys: [] };
  await writeFile(path, csvHeader(options));
  for (let start = 0; start < size; start += GENERATE_SLICE) {
    const contacts = generateContacts(Math.min(GENERATE_SLICE, size - start), { seed: 11, startIndex: start });
    await writeFile(path, csvRows(contacts, options), { flag: 'a' });
  }
  return { dir, path };
}

/** Puts the generated records into the page (`__benchRecords`) in slices, for the two plain-IndexedDB runs. */
async function loadRecords(page: Page, size: number): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).__benchRecords = [];
  });
  for (let start = 0; start < size; start += BASELINE_SLICE) {
    const records = generateContacts(Math.min(BASELINE_SLICE, size - start), { seed: 11, startIndex: start });
    await page.evaluate((slice) => {
      (globalThis as unknown as PageGlobals).__benchRecords!.push(...slice);
    }, records);
  }
}

/** The same records, put with plain IndexedDB into a fresh primary-key-only store, one transaction. */
async function baselinePut(page: Page, size: number): Promise<number> {
  await loadRecords(page, size);
  return page.evaluate(async () => {
    const w = globalThis as unknown as PageGlobals;
    const records = w.__benchRecords!;
    type Db = { createObjectStore(name: string, options: { keyPath: string }): void; transaction(store: string, mode: string): { objectStore(name: string): { put(value: unknown): void }; oncomplete: (() => void) | null; onerror: (() => void) | null }; close(): void };
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
    w.__benchRecords = undefined;
    return ms;
  });
}

/**
 * The write floor of the app's own schema, to show where the time goes: the same records with
 * plain IndexedDB puts into a store with the app's contact indexes (email, phone, identifier,
 * serverId) plus, per transaction of the import's batch size, one packed outbox row holding an
 * entry per contact (changes = the contact's fields), as the import writes them. No parsing, no
 * validation, no Dexie, no import record.
 */
async function floorPut(page: Page, size: number, batchRows: number): Promise<number> {
  await loadRecords(page, size);
  return page.evaluate(async (batchRows) => {
    const w = globalThis as unknown as PageGlobals;
    const records = w.__benchRecords! as Record<string, unknown>[];
    type Store = { put(value: unknown): void; add(value: unknown): void; createIndex(name: string, keyPath: string): void };
    type Db = {
      createObjectStore(name: string, options: { keyPath: string; autoIncrement?: boolean }): Store;
      transaction(stores: string[], mode: string): { objectStore(name: string): Store; oncomplete: (() => void) | null; onerror: (() => void) | null };
      close(): void;
    };
    const db = await new Promise<Db>((resolve, reject) => {
      const request = w.indexedDB.open(`bench-floor-${Date.now()}`, 1);
      request.onupgradeneeded = () => {
        const created = request.result as Db;
        const contacts = created.createObjectStore('contacts', { keyPath: 'id' });
        for (const index of ['email', 'phone', 'identifier', 'serverId']) contacts.createIndex(index, index);
        created.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('entityId', 'entityId');
      };
      request.onsuccess = () => resolve(request.result as Db);
      request.onerror = () => reject(new Error(String(request.error)));
    });
    const started = w.performance.now();
    for (let from = 0; from < records.length; from += batchRows) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['contacts', 'outbox'], 'readwrite');
        const contacts = tx.objectStore('contacts');
        const outbox = tx.objectStore('outbox');
        const entries: unknown[] = [];
        for (const record of records.slice(from, from + batchRows)) {
          contacts.put(record);
          entries.push({ entity: 'contact', entityId: record.id, op: 'create', changes: record, baseValues: {}, idempotencyKey: String(record.id), attempts: 0, state: 'pending', lastError: null, createdAt: 0 });
        }
        // One packed outbox row per transaction, as the import writes (outbox-expansion.ts).
        outbox.add({ entity: '$bulk', entityId: '$bulk', op: 'rows', entries, expanded: 0, changes: {}, baseValues: {}, idempotencyKey: String(from), attempts: 0, state: 'pending', lastError: null, createdAt: 0 });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('floor transaction failed'));
      });
    }
    const ms = w.performance.now() - started;
    db.close();
    w.__benchRecords = undefined;
    return ms;
  }, batchRows);
}

interface ImportRun {
  importMs: number;
  longestTaskMs: number;
  heapMB: number;
}

async function importThroughUi(page: Page, context: Parameters<typeof measureHeapBytes>[0], origin: string, csvPath: string, size: number, verbose: boolean): Promise<ImportRun> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.appState === 'ready');
  await page.getByTestId('import-file-input').setInputFiles(csvPath);
  await page.getByRole('button', { name: 'Preview import' }).click();
  await page.getByRole('button', { name: 'Start import' }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__benchLongest = 0;
    w.__benchTasks = [];
    const origin = w.performance.now();
    const observer = new w.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__benchLongest = Math.max(w.__benchLongest ?? 0, entry.duration);
        w.__benchTasks?.push({ at: entry.startTime - origin, duration: entry.duration });
      }
    });
    observer.observe({ type: 'longtask' });
    w.__benchObserver = observer;
  });
  const started = Date.now();
  await page.getByRole('button', { name: 'Start import' }).click();
  const listed = `${size.toLocaleString('en-US')} contacts`;
  // Polled with two querySelector calls: a role query (accessible names over the whole DOM) or
  // `body.innerText` (a layout) every 50 ms ran on the main thread being measured and made long
  // tasks of their own while the grid filled.
  await page.waitForFunction(
    (text) => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      const done = Array.from(d.querySelectorAll('dialog[open] button')).some((button) => button.textContent?.trim() === 'Done');
      return done && (d.querySelector('.screen-count')?.textContent ?? '').includes(text);
    },
    listed,
    { timeout: IMPORT_TIMEOUT_MS, polling: 50 },
  );
  const importMs = Date.now() - started;
  const { longestTaskMs, tasks } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__benchObserver?.disconnect();
    return { longestTaskMs: w.__benchLongest ?? 0, tasks: w.__benchTasks ?? [] };
  });
  if (verbose) console.log(`    main-thread tasks > 50 ms (ms after Start import: duration): ${tasks.map((t) => `${t.at.toFixed(0)}: ${t.duration.toFixed(0)}`).join(', ') || 'none'}`);
  await page.getByRole('button', { name: 'Done' }).waitFor();
  const heapMB = (await measureHeapBytes(context, page)) / BYTES_PER_MB;
  return { importMs, longestTaskMs, heapMB };
}

async function measureSize(origin: string, size: number, options: SuiteOptions, warnings: string[]): Promise<{ result: SizeResult; browser: string }> {
  const csv = await writeCsv(size);
  const samples: Record<'baseline' | 'floor' | 'import' | 'longest' | 'heap', number[]> = { baseline: [], floor: [], import: [], longest: [], heap: [] };
  let browserVersion = 'unknown';
  try {
    for (let run = 0; run < options.runs; run++) {
      const browser = await launchFreshProfile({ headed: options.headed });
      browserVersion = browser.version;
      try {
        await browser.page.goto(`${origin}/`);
        samples.baseline.push(await baselinePut(browser.page, size));
        if (size <= FLOOR_MAX_SIZE) samples.floor.push(await floorPut(browser.page, size, IMPORT_BATCH_ROWS));
        const measured = await importThroughUi(browser.page, browser.context, origin, csv.path, size, options.verbose);
        samples.import.push(measured.importMs);
        samples.longest.push(measured.longestTaskMs);
        samples.heap.push(measured.heapMB);
        if (options.verbose) console.log(`  ${size} run ${run + 1}: baseline ${samples.baseline.at(-1)?.toFixed(0)} ms, import ${measured.importMs} ms, longest task ${measured.longestTaskMs.toFixed(0)} ms, heap ${measured.heapMB.toFixed(0)} MB`);
      } catch (error) {
        warnings.push(`${size} run ${run + 1}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await rm(csv.dir, { recursive: true, force: true });
  }
  const baselineMedian = summarize(samples.baseline)?.median ?? null;
  const metrics = [
    metric('baselinePutMs', 'baseline: IDB put of the same records, PK-only store', 'ms', samples.baseline),
    metric('floorMs', `floor: IDB puts, app indexes, ${IMPORT_BATCH_ROWS}-row txs + packed outbox row`, 'ms', samples.floor, { baselineMedian }),
    metric('importMs', 'Start import → every row stored and listed', 'ms', samples.import, {
      baselineMedian,
      target: baselineMedian === null ? null : { text: `≤ ${TARGET_BASELINE_RATIO}× baseline`, limit: baselineMedian * TARGET_BASELINE_RATIO },
    }),
    metric('longestTaskMs', 'longest main-thread task during import', 'ms', samples.longest, {
      target: { text: `≤ ${TARGET_LONGEST_TASK_MS} ms`, limit: TARGET_LONGEST_TASK_MS },
    }),
    metric('heapMB', 'JS heap after import (GC)', 'MB', samples.heap, {
      target: size >= 1_000_000 ? { text: `< ${TARGET_HEAP_1M_MB} MB`, limit: TARGET_HEAP_1M_MB } : null,
    }),
  ];
  return { result: { size, metrics }, browser: browserVersion };
}

/**
 * `npm run bench -- import [--sizes 100000,1000000] [--runs N]`. `appDir` serves an already built
 * web renderer instead of building dist-web/ (e.g. a helper's own WEB_OUT_DIR).
 */
export async function runImportBench(options: SuiteOptions, appDir?: string): Promise<SuiteResult> {
  const directory = appDir ?? (await buildPages({ reuse: options.reuseBuild, app: true })).appDir;
  const server = await startStaticServer([{ prefix: '/', directory }]);
  const warnings: string[] = [];
  const sizes: SizeResult[] = [];
  let browser = 'unknown';
  try {
    for (const size of options.sizes) {
      console.log(`import: ${size.toLocaleString('en-US')} rows, ${options.runs} run(s)…`);
      const measured = await measureSize(server.origin, size, options, warnings);
      sizes.push(measured.result);
      browser = measured.browser;
    }
  } finally {
    await server.close();
  }
  return { suite: 'import', runs: options.runs, environment: environment(browser), sizes, warnings };
}

export const importSuite: Suite = {
  name: 'import',
  description: 'CSV import through the UI (worker, batched writes) vs a raw IndexedDB put of the same records',
  defaultSizes: [100_000],
  run: (options) => runImportBench(options),
};
