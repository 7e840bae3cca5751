/**
 * The import suite (`npm run bench -- import`): a generated Chatwoot CSV imported through the real UI
 * (file input → Preview → Start import), timed from the click on "Start import" until every row is
 * stored (the report shows) and listed (the contact count says so), beside a baseline measured in
 * the same run, each in a fresh browser profile: the same records written with plain IndexedDB puts
 * into a primary-key-only store (the notes measured Dexie's bulkPut at the same speed as raw puts, §2.1).
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
import { launchFreshProfile, measureHeapBytes, type BenchBrowser } from './lib/browser';
import { buildPages } from './lib/build';
import { measureWrite, rawPut, type RawWriteGlobals } from './lib/raw-write';
import { environment, metric, type SizeResult, type SuiteResult } from './lib/report';
import { startStaticServer } from './lib/static-server';
import { summarize } from './lib/stats';
import type { Suite, SuiteOptions } from './suites/types';

const TARGET_BASELINE_RATIO = 1.3;
/** Issue 20: no main-thread task over 50 ms during the import. */
const TARGET_LONGEST_TASK_MS = 50;
const TARGET_HEAP_1M_MB = 1536;
const BYTES_PER_MB = 1024 * 1024;
/**
 * The issue's file has two custom attributes besides Chatwoot's columns and labels: the demo
 * contacts' `plan` and `seats`, imported as new attributes (chosen in the mapping step, since an
 * unknown column defaults to Ignore). ~11 MB at 100k rows.
 */
const CUSTOM_ATTRIBUTE_COLUMNS = ['plan', 'seats'];
/** Rows generated per slice when writing the CSV file (keeps Node's memory flat at 1M rows). */
const GENERATE_SLICE = 20_000;
const IMPORT_TIMEOUT_MS = 30 * 60_000;
/**
 * `IMPORT_BENCH_MAP_PAUSE_MS=<ms>`: how long the simulated user stays on the mapping step after
 * choosing the mapping, before "Preview import" (default 0, an instant user). The dry run starts
 * when the mapping step shows (docs/import.md "Parsing"): with a pause, `previewMs` shows what of
 * it a user's mapping time hides.
 */
const MAP_PAUSE_ENV = 'IMPORT_BENCH_MAP_PAUSE_MS';
/** The write-floor figure needs every record in the page at once; past this it costs more than it tells. */
const FLOOR_MAX_SIZE = 200_000;

/** The raw write's globals (`indexedDB`, `performance`, `__benchRecords`) and the import runs' own. */
interface PageGlobals extends RawWriteGlobals {
  PerformanceObserver: new (
    callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void };
  document: { body: { innerText: string } | null };
  __benchLongest?: number;
  __benchTasks?: { at: number; duration: number }[];
  __benchFrames?: LongFrame[];
  __benchObserver?: { disconnect(): void };
  __benchFrameObserver?: { disconnect(): void };
}

/** A `long-animation-frame` entry over 50 ms, reduced to what attributes it (printed with --verbose). */
interface LongFrame {
  at: number;
  duration: number;
  render: number;
  layout: number;
  scripts: { invoker: string; fn: string; source: string; duration: number; layout: number }[];
}

async function writeCsv(size: number): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'wintook-import-bench-'));
  const path = join(dir, `contacts-${size}.csv`);
  const options = { customAttributeKeys: CUSTOM_ATTRIBUTE_COLUMNS };
  await writeFile(path, csvHeader(options));
  for (let start = 0; start < size; start += GENERATE_SLICE) {
    const contacts = generateContacts(Math.min(GENERATE_SLICE, size - start), {
      seed: 11,
      startIndex: start,
    });
    await writeFile(path, csvRows(contacts, options), { flag: 'a' });
  }
  return { dir, path };
}

/**
 * Variants of the write floor, measured in the same run to attribute the import's time, both with
 * one packed outbox row of created ids per batch (as the import writes since session 4):
 * - `floor`: the app's contact indexes now (schema v5: `serverId` only, which an imported contact
 *   does not have yet);
 * - `floorV4`: the indexes of schema versions 1–4 (`email`, `phone`, `identifier`, `serverId`),
 *   dropped in version 5 because nothing queried them (docs/data-model.md): what they cost.
 * Session 4's runs also measured packed rows with whole entries: ids only saved little
 * (docs/import.md "Performance").
 */
const FLOOR_VARIANTS = {
  floor: {
    indexes: ['serverId'],
    label: 'floor: IDB puts, app indexes (serverId), packed outbox row of created ids',
  },
  floorV4: {
    indexes: ['email', 'phone', 'identifier', 'serverId'],
    label: 'floor: schema v4 indexes (email, phone, identifier, serverId), same outbox row',
  },
} as const;
type FloorVariant = keyof typeof FLOOR_VARIANTS;

/**
 * The write floor of the app's own schema, to show where the time goes: the same records with
 * plain IndexedDB puts into a store with the given contact indexes plus, per transaction of the
 * import's batch size, one packed outbox row of the created ids, as the import writes them. No
 * parsing, no validation, no Dexie, no import record.
 */
async function floorPut(
  page: Page,
  batchRows: number,
  variant: { indexes: readonly string[] },
): Promise<number> {
  return page.evaluate(
    async ({ batchRows, indexes }) => {
      const w = globalThis as unknown as PageGlobals;
      const records = w.__benchRecords! as Record<string, unknown>[];
      type Store = {
        put(value: unknown): void;
        add(value: unknown): void;
        createIndex(name: string, keyPath: string): void;
      };
      type Db = {
        createObjectStore(name: string, options: { keyPath: string; autoIncrement?: boolean }): Store;
        transaction(
          stores: string[],
          mode: string,
        ): {
          objectStore(name: string): Store;
          oncomplete: (() => void) | null;
          onerror: (() => void) | null;
        };
        close(): void;
      };
      const db = await new Promise<Db>((resolve, reject) => {
        const request = w.indexedDB.open(`bench-floor-${Date.now()}`, 1);
        request.onupgradeneeded = () => {
          const created = request.result as Db;
          const contacts = created.createObjectStore('contacts', { keyPath: 'id' });
          for (const index of indexes) contacts.createIndex(index, index);
          created
            .createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true })
            .createIndex('entityId', 'entityId');
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
          const ids: unknown[] = [];
          for (const record of records.slice(from, from + batchRows)) {
            contacts.put(record);
            ids.push(record.id);
          }
          // One packed outbox row per transaction, as the import writes (outbox-expansion.ts).
          outbox.add({
            entity: '$bulk',
            entityId: '$bulk',
            op: 'rows',
            entries: ids,
            expanded: 0,
            changes: {},
            baseValues: {},
            idempotencyKey: String(from),
            attempts: 0,
            state: 'pending',
            lastError: null,
            createdAt: 0,
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error('floor transaction failed'));
        });
      }
      const ms = w.performance.now() - started;
      db.close();
      return ms;
    },
    { batchRows, indexes: [...variant.indexes] },
  );
}

interface ImportRun {
  /** "Preview import" → "Start import" offered: the dry run's reading, validating and planning. */
  previewMs: number;
  importMs: number;
  longestTaskMs: number;
  heapMB: number;
  /** From the report until no compact outbox row is left (the app expands them 3 s after the last change). */
  expansionMs: number;
}

const EXPANSION_TIMEOUT_MS = 10 * 60_000;
/** The app's database (src/renderer/src/data/store/name.ts, outside this Node project). */
const APP_DB_NAME = 'wintook-contacts';

/** Waits until the app's outbox holds no compact row (all expanded); returns ms waited. */
async function waitForExpansion(page: Page): Promise<number> {
  return page.evaluate(
    async ({ timeout, name }) => {
      const w = globalThis as unknown as PageGlobals & {
        setTimeout(callback: () => void, ms: number): number;
      };
      type Request = { result: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
      type Db = {
        transaction(
          store: string,
          mode: string,
        ): { objectStore(name: string): { index(name: string): { count(key: string): Request } } };
        close(): void;
      };
      const started = w.performance.now();
      const db = await new Promise<Db>((resolve, reject) => {
        const request = w.indexedDB.open(name);
        request.onsuccess = () => resolve(request.result as Db);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      try {
        for (;;) {
          const left = await new Promise<number>((resolve, reject) => {
            const request = db
              .transaction('outbox', 'readonly')
              .objectStore('outbox')
              .index('entityId')
              .count('$bulk');
            request.onsuccess = () => resolve(request.result as number);
            request.onerror = () => reject(new Error('count failed'));
          });
          const waited = w.performance.now() - started;
          if (left === 0 || waited > timeout) return left === 0 ? waited : Number.NaN;
          await new Promise<void>((resolve) => w.setTimeout(resolve, 250));
        }
      } finally {
        db.close();
      }
    },
    { timeout: EXPANSION_TIMEOUT_MS, name: APP_DB_NAME },
  );
}

async function importThroughUi(
  page: Page,
  context: Parameters<typeof measureHeapBytes>[0],
  origin: string,
  csvPath: string,
  size: number,
  verbose: boolean,
): Promise<ImportRun> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } })
        .document.body.dataset.appState === 'ready',
  );
  await page.getByTestId('import-file-input').setInputFiles(csvPath);
  for (const key of CUSTOM_ATTRIBUTE_COLUMNS)
    await page.getByLabel(`Import “${key}” as`).selectOption(`new:${key}`);
  const pause = Number(process.env[MAP_PAUSE_ENV] ?? 0);
  if (pause > 0) await page.waitForTimeout(pause);
  const previewStarted = Date.now();
  await page.getByRole('button', { name: 'Preview import' }).click();
  await page.getByRole('button', { name: 'Start import' }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  const previewMs = Date.now() - previewStarted;
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
    // Long animation frames say which callbacks (timers, messages, React's scheduler) and how much
    // rendering made each long task: the attribution of what is left over 50 ms.
    w.__benchFrames = [];
    type FrameEntry = {
      startTime: number;
      duration: number;
      renderStart: number;
      styleAndLayoutStart: number;
      scripts: {
        invoker: string;
        sourceFunctionName: string;
        sourceURL: string;
        sourceCharPosition: number;
        duration: number;
        forcedStyleAndLayoutDuration: number;
      }[];
    };
    const frames = new w.PerformanceObserver((list) => {
      for (const raw of list.getEntries()) {
        const entry = raw as unknown as FrameEntry;
        if (entry.duration < 50) continue;
        const end = entry.startTime + entry.duration;
        w.__benchFrames?.push({
          at: entry.startTime - origin,
          duration: entry.duration,
          render: entry.renderStart > 0 ? end - entry.renderStart : 0,
          layout: entry.styleAndLayoutStart > 0 ? end - entry.styleAndLayoutStart : 0,
          scripts: entry.scripts.map((s) => ({
            invoker: s.invoker,
            fn: s.sourceFunctionName,
            source: `${s.sourceURL.split('/').pop() ?? ''}:${s.sourceCharPosition}`,
            duration: s.duration,
            layout: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    });
    try {
      frames.observe({ type: 'long-animation-frame' });
      w.__benchFrameObserver = frames;
    } catch {
      // Not supported by this browser: the longtask figures stand alone.
    }
  });
  const started = Date.now();
  await page.getByRole('button', { name: 'Start import' }).click();
  const listed = `${size.toLocaleString('en-US')} contacts`;
  // Polled with two querySelector calls: a role query (accessible names over the whole DOM) or
  // `body.innerText` (a layout) every 50 ms ran on the main thread being measured and made long
  // tasks of their own while the grid filled.
  await page.waitForFunction(
    (text) => {
      const d = (
        globalThis as unknown as {
          document: {
            querySelector(s: string): { textContent: string | null } | null;
            querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>;
          };
        }
      ).document;
      const done = Array.from(d.querySelectorAll('dialog[open] button')).some(
        (button) => button.textContent?.trim() === 'Done',
      );
      return done && (d.querySelector('.screen-count')?.textContent ?? '').includes(text);
    },
    listed,
    { timeout: IMPORT_TIMEOUT_MS, polling: 50 },
  );
  const importMs = Date.now() - started;
  const { longestTaskMs, tasks, frames } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__benchObserver?.disconnect();
    w.__benchFrameObserver?.disconnect();
    return {
      longestTaskMs: w.__benchLongest ?? 0,
      tasks: w.__benchTasks ?? [],
      frames: w.__benchFrames ?? [],
    };
  });
  if (verbose) {
    console.log(
      `    main-thread tasks > 50 ms (ms after Start import: duration): ${tasks.map((t) => `${t.at.toFixed(0)}: ${t.duration.toFixed(0)}`).join(', ') || 'none'}`,
    );
    for (const frame of frames) {
      const scripts = frame.scripts
        .map(
          (s) =>
            `${s.invoker}${s.fn ? ` ${s.fn}` : ''} @${s.source} ${s.duration.toFixed(0)}${s.layout > 0 ? ` (layout ${s.layout.toFixed(0)})` : ''}`,
        )
        .join('; ');
      console.log(
        `    frame ${frame.at.toFixed(0)}: ${frame.duration.toFixed(0)} ms, render ${frame.render.toFixed(0)} (style+layout ${frame.layout.toFixed(0)}) — ${scripts || 'no script'}`,
      );
    }
  }
  await page.getByRole('button', { name: 'Done' }).waitFor();
  const heapMB = (await measureHeapBytes(context, page)) / BYTES_PER_MB;
  const expansionMs = await waitForExpansion(page);
  return { previewMs, importMs, longestTaskMs, heapMB, expansionMs };
}

/**
 * `IMPORT_BENCH_COMPARE_DIR=<dir>`: also import through another build of the app (e.g. the
 * previous commit's, served from its own origin, so its own IndexedDB) in every run, alternating
 * which goes first: a same-run pair for a change, on this machine whose load drifts by 2× within
 * minutes.
 */
const COMPARE_DIR_ENV = 'IMPORT_BENCH_COMPARE_DIR';

async function measureSize(
  origin: string,
  size: number,
  options: SuiteOptions,
  warnings: string[],
  compareOrigin: string | null,
): Promise<{ result: SizeResult; browser: string }> {
  const csv = await writeCsv(size);
  const samples: Record<
    | 'baseline'
    | FloorVariant
    | 'preview'
    | 'import'
    | 'longest'
    | 'heap'
    | 'expansion'
    | 'comparePreview'
    | 'compareImport'
    | 'compareLongest'
    | 'compareExpansion',
    number[]
  > = {
    baseline: [],
    floor: [],
    floorV4: [],
    preview: [],
    import: [],
    longest: [],
    heap: [],
    expansion: [],
    comparePreview: [],
    compareImport: [],
    compareLongest: [],
    compareExpansion: [],
  };
  const variants = Object.keys(FLOOR_VARIANTS) as FloorVariant[];
  let browserVersion = 'unknown';
  /**
   * Every measurement in a profile of its own. An origin's IndexedDB databases share one LevelDB
   * store in Chromium, and writes get slower as it fills: four 100k puts in one profile took
   * 7.8, 8.6, 9.9 and 9.0 s (2026-11-26). In one profile the baseline, measured first, had the
   * empty store and the import, measured after three other 100k writes, the fullest one.
   */
  const fresh = async <T>(body: (browser: BenchBrowser) => Promise<T>): Promise<T> => {
    const browser = await launchFreshProfile({ headed: options.headed });
    browserVersion = browser.version;
    try {
      return await body(browser);
    } finally {
      await browser.close();
    }
  };
  const putRecords = (measure: (page: Page) => Promise<number>) =>
    fresh((browser) => measureWrite(browser.page, `${origin}/`, size, measure));
  try {
    for (let run = 0; run < options.runs; run++) {
      try {
        samples.baseline.push(await putRecords(rawPut));
        if (size <= FLOOR_MAX_SIZE) {
          // A different variant goes first in each run: the machine's load drifts within a run.
          for (let k = 0; k < variants.length; k++) {
            const variant = variants[(k + run) % variants.length]!;
            samples[variant].push(
              await putRecords((page) => floorPut(page, IMPORT_BATCH_ROWS, FLOOR_VARIANTS[variant])),
            );
          }
        }
        const compare = async () => {
          if (compareOrigin === null) return;
          const other = await fresh((browser) =>
            importThroughUi(browser.page, browser.context, compareOrigin, csv.path, size, options.verbose),
          );
          samples.comparePreview.push(other.previewMs);
          samples.compareImport.push(other.importMs);
          samples.compareLongest.push(other.longestTaskMs);
          samples.compareExpansion.push(other.expansionMs);
          if (options.verbose)
            console.log(
              `  ${size} run ${run + 1}: compare build: preview ${other.previewMs} ms, import ${other.importMs} ms (${(other.importMs / samples.baseline.at(-1)!).toFixed(2)}×; with the preview ${((other.previewMs + other.importMs) / samples.baseline.at(-1)!).toFixed(2)}×), longest task ${other.longestTaskMs.toFixed(0)} ms, outbox expanded ${other.expansionMs.toFixed(0)} ms after`,
            );
        };
        if (run % 2 === 1) await compare();
        const measured = await fresh((browser) =>
          importThroughUi(browser.page, browser.context, origin, csv.path, size, options.verbose),
        );
        if (run % 2 === 0) await compare();
        samples.preview.push(measured.previewMs);
        samples.import.push(measured.importMs);
        samples.longest.push(measured.longestTaskMs);
        samples.heap.push(measured.heapMB);
        samples.expansion.push(measured.expansionMs);
        if (options.verbose) {
          const base = samples.baseline.at(-1)!;
          const floors =
            variants
              .flatMap((v) => {
                const ms = samples[v][run];
                return ms === undefined ? [] : [`${v} ${ms.toFixed(0)} ms (${(ms / base).toFixed(2)}×)`];
              })
              .join(', ') || 'no floor (over 200k rows)';
          console.log(
            `  ${size} run ${run + 1}: baseline ${base.toFixed(0)} ms, ${floors}, preview ${measured.previewMs} ms, import ${measured.importMs} ms (${(measured.importMs / base).toFixed(2)}×; with the preview ${((measured.previewMs + measured.importMs) / base).toFixed(2)}×), longest task ${measured.longestTaskMs.toFixed(0)} ms, heap ${measured.heapMB.toFixed(0)} MB, outbox expanded ${measured.expansionMs.toFixed(0)} ms after`,
          );
        }
      } catch (error) {
        warnings.push(
          `${size} run ${run + 1}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        );
      }
    }
  } finally {
    await rm(csv.dir, { recursive: true, force: true });
  }
  const baselineMedian = summarize(samples.baseline)?.median ?? null;
  const metrics = [
    metric('baselinePutMs', 'baseline: IDB put of the same records, PK-only store', 'ms', samples.baseline),
    ...variants.map((v) =>
      metric(`${v}Ms`, `${FLOOR_VARIANTS[v].label} (${IMPORT_BATCH_ROWS}-row txs)`, 'ms', samples[v], {
        baselineMedian,
      }),
    ),
    metric('previewMs', 'Preview import → Start import offered (dry run of the whole file)', 'ms', samples.preview, {
      baselineMedian,
    }),
    metric('importMs', 'Start import → every row stored and listed', 'ms', samples.import, {
      baselineMedian,
      target:
        baselineMedian === null
          ? null
          : { text: `≤ ${TARGET_BASELINE_RATIO}× baseline`, limit: baselineMedian * TARGET_BASELINE_RATIO },
    }),
    metric('longestTaskMs', 'longest main-thread task during import', 'ms', samples.longest, {
      target: { text: `≤ ${TARGET_LONGEST_TASK_MS} ms`, limit: TARGET_LONGEST_TASK_MS },
    }),
    metric('heapMB', 'JS heap after import (GC)', 'MB', samples.heap, {
      target: size >= 1_000_000 ? { text: `< ${TARGET_HEAP_1M_MB} MB`, limit: TARGET_HEAP_1M_MB } : null,
    }),
    metric(
      'expansionMs',
      'report → every compact outbox row expanded (3 s delay + background work)',
      'ms',
      samples.expansion,
    ),
    ...(compareOrigin === null
      ? []
      : [
          metric('comparePreviewMs', 'compare build: Preview import → Start import offered', 'ms', samples.comparePreview, {
            baselineMedian,
          }),
          metric(
            'compareImportMs',
            `compare build (${COMPARE_DIR_ENV}): Start import → stored and listed`,
            'ms',
            samples.compareImport,
            { baselineMedian },
          ),
          metric(
            'compareLongestTaskMs',
            'compare build: longest main-thread task during import',
            'ms',
            samples.compareLongest,
          ),
          metric(
            'compareExpansionMs',
            'compare build: report → outbox expanded',
            'ms',
            samples.compareExpansion,
          ),
        ]),
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
  const compareDir = process.env[COMPARE_DIR_ENV];
  const compareServer = compareDir ? await startStaticServer([{ prefix: '/', directory: compareDir }]) : null;
  const warnings: string[] = [];
  const sizes: SizeResult[] = [];
  let browser = 'unknown';
  try {
    for (const size of options.sizes) {
      console.log(`import: ${size.toLocaleString('en-US')} rows, ${options.runs} run(s)…`);
      const measured = await measureSize(
        server.origin,
        size,
        options,
        warnings,
        compareServer?.origin ?? null,
      );
      sizes.push(measured.result);
      browser = measured.browser;
    }
  } finally {
    await server.close();
    await compareServer?.close();
  }
  return { suite: 'import', runs: options.runs, environment: environment(browser), sizes, warnings };
}

export const importSuite: Suite = {
  name: 'import',
  description:
    'CSV import through the UI (worker, batched writes) vs a raw IndexedDB put of the same records',
  defaultSizes: [100_000],
  run: (options) => runImportBench(options),
};
