import { expect, type Page } from '@playwright/test';

/**
 * Test fixtures: contacts are put straight into the app's IndexedDB with the raw IndexedDB API,
 * as sync would deliver them, then the page reloads and the app loads them like any other start.
 */
export interface TestContact {
  id?: string;
  /** The server's id, as if the contact had been synced. */
  serverId?: number | null;
  name?: string;
  email?: string | null;
  phone?: string | null;
  identifier?: string | null;
  company?: string | null;
  city?: string | null;
  country?: string | null;
  countryCode?: string | null;
  labels?: string[];
  /** Chatwoot's `blocked`. */
  blocked?: boolean;
  createdAt?: number;
  lastActivityAt?: number | null;
}

let counter = 0;

export function makeContact(fields: TestContact & { customAttributes?: Record<string, string | number | boolean> }) {
  counter++;
  const now = Date.now();
  return {
    id: fields.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    serverId: fields.serverId ?? null,
    name: fields.name ?? '',
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    identifier: fields.identifier ?? null,
    company: fields.company ?? null,
    city: fields.city ?? null,
    country: fields.country ?? null,
    countryCode: fields.countryCode ?? null,
    description: null,
    socialProfiles: {},
    labels: fields.labels ?? [],
    customAttributes: fields.customAttributes ?? {},
    blocked: fields.blocked ?? false,
    createdAt: fields.createdAt ?? now - counter * 60_000,
    lastActivityAt: fields.lastActivityAt === undefined ? now - counter * 3_600_000 : fields.lastActivityAt,
    updatedAt: now,
    version: null,
    base: null,
  };
}

export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.appState === 'ready', null, { timeout: 30_000 });
}

/** Opens the app with exactly these contacts (and label colours) stored. */
export interface TestAttributeDefinition {
  key: string;
  displayName: string;
  type: 'text' | 'number' | 'link' | 'date' | 'list' | 'checkbox';
  listValues?: string[];
}

export async function openWithContacts(
  page: Page,
  contacts: (TestContact & { customAttributes?: Record<string, string | number | boolean> })[],
  labels: { title: string; color: string }[] = [],
  attributeDefinitions: TestAttributeDefinition[] = [],
): Promise<void> {
  await page.goto('/');
  await waitForApp(page);
  const records = contacts.map(makeContact);
  const labelRecords = labels.map((label, index) => ({
    id: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    title: label.title,
    color: label.color,
    description: '',
    serverId: null,
    createdAt: 0,
    updatedAt: 0,
  }));
  const definitionRecords = attributeDefinitions.map((definition, index) => ({
    id: `20000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    key: definition.key,
    displayName: definition.displayName,
    type: definition.type,
    listValues: definition.listValues ?? [],
    description: '',
    serverId: null,
    createdAt: 0,
    updatedAt: 0,
  }));
  await writeStored(page, { put: { contacts: records, labels: labelRecords, attributeDefinitions: definitionRecords } });
  await page.reload();
  await waitForApp(page);
  if (contacts.length > 0) await expect(gridRows(page).first()).toBeVisible();
}

export function gridRows(page: Page) {
  return page.locator('.ag-root .ag-row[row-index]');
}

/** The text of one column for the rows on screen, in displayed order. */
export async function columnTexts(page: Page, colId: string): Promise<string[]> {
  return page.evaluate((colId) => {
    const rows = [...document.querySelectorAll<HTMLElement>('.ag-root .ag-row[row-index]')].filter(
      (row) => row.getAttribute('row-index') !== null && !row.classList.contains('ag-row-loading'),
    );
    rows.sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')));
    return rows.map((row) => row.querySelector(`[col-id="${colId}"]`)?.textContent?.trim() ?? '');
  }, colId);
}

/** Every record of one IndexedDB table, read the way the app stores it. */
export async function storedRecords<T = Record<string, unknown>>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (table) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open('wintook-contacts');
        request.onsuccess = () => {
          const all = request.result.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            request.result.close();
          };
          all.onerror = () => reject(all.error);
        };
        request.onerror = () => reject(request.error);
      }),
    table,
  );
}

/** Drops a CSV on the window the way the OS does: dragenter, dragover, drop with a DataTransfer. */
export async function dropCsv(page: Page, name: string, content: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type: 'text/csv' }));
      return transfer;
    },
    { name, content },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

/** One stored setting (the `syncState` table's `setting:<key>` row), as the app saved it. */
export async function storedSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise<unknown>((resolve, reject) => {
        const request = indexedDB.open('wintook-contacts');
        request.onsuccess = () => {
          const get = request.result.transaction('syncState').objectStore('syncState').get(`setting:${key}`);
          get.onsuccess = () => {
            resolve((get.result as { value?: unknown } | undefined)?.value);
            request.result.close();
          };
          get.onerror = () => reject(get.error);
        };
        request.onerror = () => reject(request.error);
      }),
    key,
  );
}

/**
 * Writes straight into the app's IndexedDB, behind the app's back (as sync delivering rows, another
 * window, or a damaged disk would between two starts), in one transaction: `put` rows by table, then
 * `delete` keys by table. The app sees it at its next start.
 */
export async function writeStored(
  page: Page,
  change: { put?: Record<string, readonly unknown[]>; delete?: Record<string, readonly string[]> },
): Promise<void> {
  await page.evaluate(
    async ({ put, remove }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('wintook-contacts');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction([...new Set([...Object.keys(put), ...Object.keys(remove)])], 'readwrite');
        for (const [table, rows] of Object.entries(put)) for (const row of rows) tx.objectStore(table).put(row);
        for (const [table, keys] of Object.entries(remove)) for (const key of keys) tx.objectStore(table).delete(key);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { put: change.put ?? {}, remove: change.delete ?? {} },
  );
}
