import type { HostApi } from '../../src/shared/host';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { columnTexts, gridRows, openWithContacts } from './fixtures';

/** Settings → Imports: past imports with their figures, error report and undo (issue 4). */

const SMALL_CSV = [
  'name,email,phone_number',
  'Ana García,ana@example.com,',
  'Bruno Díaz,bruno@example.com,',
  'Carla Ruiz,not-an-email,',
  'Dora Pérez,dora@example.com,',
].join('\r\n');

interface Words {
  importButton: string;
  importDialog: string;
  preview: string;
  start: string;
  reportDialog: string;
  reportLabel: string;
  done: string;
  settings: string;
  importsTab: string;
}

const EN: Words = {
  importButton: 'Import',
  importDialog: 'Import “clientes.csv”',
  preview: 'Preview import',
  start: 'Start import',
  reportDialog: 'Import of “clientes.csv”',
  reportLabel: 'What the import did',
  done: 'Done',
  settings: 'Settings',
  importsTab: 'Imports',
};

const ES: Words = {
  importButton: 'Importar',
  importDialog: 'Importar «clientes.csv»',
  preview: 'Vista previa',
  start: 'Empezar a importar',
  reportDialog: 'Importación de «clientes.csv»',
  reportLabel: 'Lo que hizo la importación',
  done: 'Hecho',
  settings: 'Ajustes',
  importsTab: 'Importaciones',
};

/** Imports SMALL_CSV through the Import button and the file chooser, the way a person does. */
async function importSmallFile(page: Page, words: Words): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: words.importButton, exact: true }).click();
  await (await chooser).setFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(SMALL_CSV, 'utf8') });
  const dialog = page.getByRole('dialog', { name: words.importDialog });
  await dialog.getByRole('button', { name: words.preview }).click();
  await dialog.getByRole('button', { name: words.start }).click();
  const report = page.getByRole('dialog', { name: words.reportDialog });
  await expect(report.getByLabel(words.reportLabel)).toBeVisible({ timeout: 30_000 });
  await report.getByRole('button', { name: words.done }).click();
  await expect(report).toBeHidden();
}

async function openImportsTab(page: Page, words: Words) {
  await page.getByRole('button', { name: words.settings, exact: true }).click();
  const settings = page.getByRole('dialog', { name: words.settings });
  await settings.getByRole('tab', { name: words.importsTab }).click();
  await expect(settings.getByRole('heading', { name: words.importsTab })).toBeVisible();
  return settings;
}

test('Settings → Imports lists an import with its figures, downloads its error report and undoes it', async ({ page }, testInfo) => {
  await openWithContacts(page, [{ name: 'Ana G.', email: 'ana@example.com' }]);
  await importSmallFile(page, EN);
  await expect(gridRows(page)).toHaveCount(3);

  const settings = await openImportsTab(page, EN);
  const row = settings.getByRole('listitem', { name: 'clientes.csv' });
  await expect(row).toBeVisible();
  await expect(row.getByText('Finished')).toBeVisible();
  await expect(row.getByText('4 rows')).toBeVisible();
  const figures = row.getByRole('list', { name: 'What the import did' }).getByRole('listitem');
  await expect(figures).toHaveText(['Created 2', 'Updated 1', 'Merged 0', 'Skipped 0', 'Failed 1']);
  await page.screenshot({ path: testInfo.outputPath('settings-imports-en.png') });

  // The error report: the failed row as it was in the file, plus why.
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Download error report' }).click();
  const report = await download;
  expect(report.suggestedFilename()).toBe('clientes-errors.csv');
  const lines = readFileSync(await report.path(), 'utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('\ufeffname,email,phone_number,errors');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^Carla Ruiz,not-an-email,,.*email/i);

  // Undo from Settings asks first, then shows its progress and result on top; the list follows.
  await row.getByRole('button', { name: 'Undo import' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo import of “clientes.csv”?' });
  await expect(confirm.getByText('2 contacts will be removed.')).toBeVisible();
  await confirm.getByRole('button', { name: 'Undo import', exact: true }).click();
  const undone = page.getByText('Import undone: 2 contacts removed and 1 put back as they were.');
  await expect(undone).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('settings-imports-undone-en.png') });
  await page.getByRole('dialog', { name: 'Import of “clientes.csv”' }).getByRole('button', { name: 'Close' }).first().click();
  await expect(settings).toBeVisible();
  await expect(row.getByText('Undone')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Undo import' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Download error report' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('settings-imports-after-undo-en.png') });

  await settings.getByRole('button', { name: 'Done' }).click();
  await expect(gridRows(page)).toHaveCount(1);
  expect(await columnTexts(page, 'name')).toEqual(['Ana G.']);
});

test('Settings → Imports says so when there has been no import', async ({ page }, testInfo) => {
  await openWithContacts(page, []);
  const settings = await openImportsTab(page, EN);
  await expect(settings.getByText('No imports yet.')).toBeVisible();
  await expect(settings.getByRole('list', { name: 'Past imports' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('settings-imports-empty-en.png') });
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('Ajustes → Importaciones lists the import in Spanish', async ({ page }, testInfo) => {
    await openWithContacts(page, [{ name: 'Ana G.', email: 'ana@example.com' }]);
    await importSmallFile(page, ES);
    const settings = await openImportsTab(page, ES);
    const row = settings.getByRole('listitem', { name: 'clientes.csv' });
    await expect(row.getByText('4 filas')).toBeVisible();
    const figures = row.getByRole('list', { name: 'Lo que hizo la importación' }).getByRole('listitem');
    await expect(figures).toHaveText(['Creados 2', 'Actualizados 1', 'Fusionados 0', 'Omitidos 0', 'Con error 1']);
    await expect(row.getByRole('button', { name: 'Descargar informe de errores' })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Deshacer importación' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('settings-imports-es.png') });
  });
});

// ---- The renderer's side of Electron's file paths, with a stand-in bridge ------------------
// No Electron binary runs here (tests/electron skips), so these tests give the page a fake
// `window.wintook` before it loads: the app then takes the Electron paths (native pick and save
// dialogs, files opened with the app, File menu commands) and the tests see what it asks of main.

interface FakeBridgeState {
  picks: number;
  nextPick: unknown;
  saved: { suggestedName: string; content: string }[];
  saveAnswer: { ok: true; value: { saved: boolean } } | { ok: false; error: { code: string; message: string } };
  openFileListeners: ((file: unknown) => void)[];
  menuListeners: ((command: string) => void)[];
  readyCalls: number;
}

type FakeWindow = { fakeBridge: FakeBridgeState; wintook: unknown };

async function installFakeBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state: FakeBridgeState = {
      picks: 0,
      nextPick: null,
      saved: [],
      saveAnswer: { ok: true, value: { saved: true } },
      openFileListeners: [],
      menuListeners: [],
      readyCalls: 0,
    };
    const unavailable = async () => ({ ok: false, error: { code: 'unavailable', message: 'not in this test' } });
    const subscribe = <T,>(list: T[], listener: T) => {
      list.push(listener);
      return () => {
        const at = list.indexOf(listener);
        if (at >= 0) list.splice(at, 1);
      };
    };
    const page = globalThis as unknown as FakeWindow;
    page.fakeBridge = state;
    page.wintook = {
      getInfo: async () => ({ ok: true, value: { kind: 'electron', platform: 'linux', locale: 'en-US', appVersion: 'test' } }),
      openExternal: async () => ({ ok: true, value: undefined }),
      onMenuCommand: (listener: (command: string) => void) => subscribe(state.menuListeners, listener),
      onOpenFile: (listener: (file: unknown) => void) => {
        state.readyCalls++;
        return subscribe(state.openFileListeners, listener);
      },
      onOpenContact: () => () => undefined,
      reportError: async () => ({ ok: true, value: undefined }),
      pickCsvFile: async () => {
        state.picks++;
        return { ok: true, value: state.nextPick };
      },
      saveCsvFile: async (request: { suggestedName: string; content: string }) => {
        state.saved.push(request);
        return state.saveAnswer;
      },
      getServerConnection: async () => ({ ok: true, value: null }),
      testServerConnection: unavailable,
      connectServer: unavailable,
      disconnectServer: unavailable,
      syncRequest: unavailable,
      // Every member of the bridge, so a new one fails the typecheck here instead of crashing the page.
    } satisfies Record<keyof HostApi, unknown>;
  });
}

/** What main would send on `host:open-file`. */
async function openWithApp(page: Page, file: { kind: 'file'; name: string; text: string } | { kind: 'refused'; name: string; reason: string; size: number }) {
  await page.evaluate((file) => {
    const { fakeBridge } = globalThis as unknown as FakeWindow;
    const payload = file.kind === 'file' ? { kind: 'file', name: file.name, bytes: new TextEncoder().encode(file.text) } : file;
    for (const listener of fakeBridge.openFileListeners) listener(payload);
  }, file);
}

/** A native menu item: each subscriber called on its own, as separate IPC listeners would be. */
async function clickMenu(page: Page, command: string) {
  await page.evaluate((command) => {
    for (const listener of (globalThis as unknown as FakeWindow).fakeBridge.menuListeners) {
      try {
        listener(command);
      } catch {
        // Another subscriber's failure must not hide this one's (separate ipcRenderer listeners).
      }
    }
  }, command);
}

const bridge = (page: Page) => page.evaluate(() => (globalThis as unknown as FakeWindow).fakeBridge);

test.describe('with Electron’s bridge', () => {
  test('a file opened with the app starts the import; a refused one says why', async ({ page }) => {
    await installFakeBridge(page);
    await openWithContacts(page, []);
    expect((await bridge(page)).openFileListeners).toHaveLength(1);

    await openWithApp(page, { kind: 'refused', name: 'enorme.csv', reason: 'too-large', size: 600_000_000 });
    const tooLarge = page.getByText('The file is too large to import (600,000,000 bytes; at most 512 MB).');
    await expect(tooLarge).toBeVisible();
    await page.keyboard.press('Escape');
    // As a person would: the next file once the message has gone (a dialog's close event is async).
    await expect(tooLarge).toBeHidden();
    await openWithApp(page, { kind: 'refused', name: 'hoja.xlsx', reason: 'not-csv', size: 0 });
    const notCsv = page.getByText('Only CSV, TSV and TXT files can be imported.');
    await expect(notCsv).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(notCsv).toBeHidden();

    await openWithApp(page, { kind: 'file', name: 'clientes.csv', text: SMALL_CSV });
    const dialog = page.getByRole('dialog', { name: 'Import “clientes.csv”' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Import “email” as')).toHaveValue('field:email');
  });

  test('Import uses the native open dialog, not the file input; File → Import… and $mod+I too', async ({ page }) => {
    await installFakeBridge(page);
    await openWithContacts(page, []);
    let fileChoosers = 0;
    page.on('filechooser', () => fileChoosers++);

    // Cancelled: nothing happens.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(async () => (await bridge(page)).picks).toBe(1);
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.evaluate((text) => {
      (globalThis as unknown as FakeWindow).fakeBridge.nextPick = { kind: 'file', name: 'elegido.csv', bytes: new TextEncoder().encode(text) };
    }, SMALL_CSV);
    await clickMenu(page, 'import-csv');
    await expect(page.getByRole('dialog', { name: 'Import “elegido.csv”' })).toBeVisible();
    expect((await bridge(page)).picks).toBe(2);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.keyboard.press('Control+I');
    await expect(page.getByRole('dialog', { name: 'Import “elegido.csv”' })).toBeVisible();
    expect((await bridge(page)).picks).toBe(3);
    expect(fileChoosers).toBe(0);
  });

  test('Export and error reports go to the native save dialog; a cancelled save keeps the dialog', async ({ page }) => {
    await installFakeBridge(page);
    await openWithContacts(page, [{ name: 'Ana G.', email: 'ana@example.com' }]);
    let downloads = 0;
    page.on('download', () => downloads++);

    await clickMenu(page, 'export-csv');
    const exportDialog = page.getByRole('dialog', { name: 'Export contacts' });
    await page.evaluate(() => {
      (globalThis as unknown as FakeWindow).fakeBridge.saveAnswer = { ok: true, value: { saved: false } };
    });
    await exportDialog.getByRole('button', { name: 'Export 1 contact' }).click();
    await expect.poll(async () => (await bridge(page)).saved.length).toBe(1);
    await expect(exportDialog).toBeVisible(); // cancelled in the save dialog: still here

    await page.evaluate(() => {
      (globalThis as unknown as FakeWindow).fakeBridge.saveAnswer = { ok: false, error: { code: 'unavailable', message: 'disk full' } };
    });
    await exportDialog.getByRole('button', { name: 'Export 1 contact' }).click();
    await expect(exportDialog.getByRole('alert')).toHaveText(/The file could not be saved/);

    await page.evaluate(() => {
      (globalThis as unknown as FakeWindow).fakeBridge.saveAnswer = { ok: true, value: { saved: true } };
    });
    await exportDialog.getByRole('button', { name: 'Export 1 contact' }).click();
    await expect(exportDialog).toBeHidden();
    const saved = (await bridge(page)).saved;
    expect(saved).toHaveLength(3);
    expect(saved[2]!.suggestedName).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(saved[2]!.content.split('\r\n')).toEqual([
      '\ufeffname,email,identifier,phone_number,company,city,country,labels',
      'Ana G.,ana@example.com,,,,,,',
      '',
    ]);

    // An error report from Settings → Imports: also the save dialog, under a safe name.
    await openWithApp(page, { kind: 'file', name: 'clientes: "VIP".csv', text: SMALL_CSV });
    const importDialog = page.getByRole('dialog', { name: 'Import “clientes: "VIP".csv”' });
    await importDialog.getByRole('button', { name: 'Preview import' }).click();
    await importDialog.getByRole('button', { name: 'Start import' }).click();
    const report = page.getByRole('dialog', { name: 'Import of “clientes: "VIP".csv”' });
    await report.getByRole('button', { name: 'Done' }).click({ timeout: 30_000 });
    const settings = await openImportsTab(page, EN);
    await settings.getByRole('listitem', { name: 'clientes: "VIP".csv' }).getByRole('button', { name: 'Download error report' }).click();
    await expect.poll(async () => (await bridge(page)).saved.length).toBe(4);
    const errors = (await bridge(page)).saved[3]!;
    expect(errors.suggestedName).toBe('clientes_ _VIP_-errors.csv');
    expect(errors.content.startsWith('\ufeffname,email,phone_number,errors\r\nCarla Ruiz,not-an-email,')).toBe(true);
    expect(downloads).toBe(0);
  });
});
