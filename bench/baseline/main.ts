/**
 * The raw-read baseline: how long plain Dexie takes, from navigation start, to read every stored
 * contact with `toArray()`. The app's cold start to first rows is reported as a ratio of it.
 *
 * It opens the app's database without declaring a schema (Dexie 4's dynamic mode), so it reads
 * whatever the app stored, whatever its version. `?seed=N` instead stores N demo contacts under a
 * minimal schema, so the harness can be checked without the app (`npm run bench -- --baseline-only`).
 */
import Dexie from 'dexie';
import type { BaselineResult, BaselineSeedResult, BenchWindow } from '../lib/page-types';

const DATABASE_NAME = 'wintook-contacts';
const page = globalThis as unknown as BenchWindow;

function show(text: string): void {
  const status = page.document.querySelector('#status');
  if (status) status.textContent = text;
}

async function readAll(): Promise<BaselineResult> {
  const db = new Dexie(DATABASE_NAME);
  try {
    await db.open();
    const openedAtMs = performance.now();
    const rows = await db.table('contacts').toArray();
    const resolvedAt = performance.now();
    // Keep the rows alive so that a heap measurement taken now includes them, as the app's does.
    page.__baselineRows = rows;
    return {
      ok: true,
      rows: rows.length,
      toArrayFromNavigationMs: resolvedAt,
      toArrayMs: resolvedAt - openedAtMs,
      openedAtMs,
    };
  } finally {
    db.close();
  }
}

async function seed(count: number): Promise<BaselineSeedResult> {
  const { seedDemoContacts } = await import('./seed');
  const started = performance.now();
  const rows = await seedDemoContacts(DATABASE_NAME, count);
  return { ok: true, rows, ms: performance.now() - started };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const seedParameter = new URLSearchParams(page.location.search).get('seed');
if (seedParameter !== null) {
  seed(Number(seedParameter)).then(
    (result) => {
      page.__baselineSeed = result;
      show(JSON.stringify(result));
    },
    (error: unknown) => {
      page.__baselineSeed = { ok: false, error: errorText(error) };
      show(errorText(error));
    },
  );
} else {
  readAll().then(
    (result) => {
      page.__baseline = result;
      show(JSON.stringify(result));
    },
    (error: unknown) => {
      page.__baseline = { ok: false, error: errorText(error) };
      show(errorText(error));
    },
  );
}
