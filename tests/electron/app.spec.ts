import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { HostApi } from '../../src/shared/host';
import { findElectronBinary, NO_ELECTRON_REASON } from './electron-binary';

const root = resolve(import.meta.dirname, '..', '..');
const mainEntry = join(root, 'out', 'main', 'index.js');
const electronBinary = findElectronBinary(root);
/**
 * The renderer's global object as these tests see it. This file is type-checked with Node's
 * libraries (tsconfig.node.json), without the DOM, so code run in the page names what it uses;
 * each `page.evaluate` body is sent to the page on its own, so each casts `globalThis` itself.
 */
interface PageGlobal {
  wintook?: HostApi;
  received?: string[];
  location: { href: string };
  open: (url: string) => unknown;
  require?: unknown;
  process?: unknown;
  module?: unknown;
  Buffer?: unknown;
  ipcRenderer?: unknown;
}

const HOST_API_KEYS: readonly (keyof HostApi)[] = [
  'getInfo',
  'openExternal',
  'onMenuCommand',
  'onOpenFile',
  'onOpenContact',
  'reportError',
  'pickCsvFile',
  'saveCsvFile',
  'getServerConnection',
  'testServerConnection',
  'connectServer',
  'disconnectServer',
  'syncRequest',
];

// Conditional on purpose: this suite runs wherever an Electron binary exists and says why it did not.
test.skip(!electronBinary, NO_ELECTRON_REASON);

let app: ElectronApplication;
let page: Page;
let profile: string;

test.beforeEach(async () => {
  // A fresh profile per test: its own IndexedDB, window state and single-instance lock.
  profile = mkdtempSync(join(tmpdir(), 'wintook-electron-'));
  const rootUser = process.getuid?.() === 0;
  app = await electron.launch({
    executablePath: electronBinary!,
    args: [mainEntry, `--user-data-dir=${profile}`, ...(rootUser ? ['--no-sandbox'] : [])],
    // The built renderer, never a dev server, whatever the calling shell has set.
    env: { ...process.env, ELECTRON_RENDERER_URL: '', WINTOOK_DEV: '1', LANG: 'en_US.UTF-8' },
    timeout: 30_000,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterEach(async () => {
  await app?.close().catch(() => undefined);
  rmSync(profile, { recursive: true, force: true });
});

test('opens one window on the built renderer, sandboxed and isolated', async () => {
  await expect(page).toHaveTitle('Wintook Contacts');
  expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  const globals = await page.evaluate(() => {
    const renderer = globalThis as unknown as PageGlobal;
    return {
      require: typeof renderer.require,
      process: typeof renderer.process,
      module: typeof renderer.module,
      buffer: typeof renderer.Buffer,
      ipcRenderer: typeof renderer.ipcRenderer,
    };
  });
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    buffer: 'undefined',
    ipcRenderer: 'undefined',
  });

  // With contextIsolation the preload runs in its own world: the page tampering with its own
  // built-ins cannot reach the bridge's validation.
  const info = await page.evaluate(async () => {
    const originalIsArray = Array.isArray;
    Array.isArray = (() => {
      throw new Error('tampered by the page');
    }) as unknown as typeof Array.isArray;
    try {
      return await (globalThis as unknown as PageGlobal).wintook!.getInfo();
    } finally {
      Array.isArray = originalIsArray;
    }
  });
  expect(info).toMatchObject({
    ok: true,
    value: { kind: 'electron', platform: expect.any(String), locale: expect.any(String) },
  });
});

test('window.wintook exposes exactly the HostApi', async () => {
  const keys = await page.evaluate(() =>
    Object.keys((globalThis as unknown as PageGlobal).wintook ?? {}).sort(),
  );
  expect(keys).toEqual([...HOST_API_KEYS].sort());
  const kinds = await page.evaluate(() =>
    Object.values((globalThis as unknown as PageGlobal).wintook ?? {}).map((value) => typeof value),
  );
  expect(kinds).toEqual(HOST_API_KEYS.map(() => 'function'));
});

test('openExternal refuses anything but http(s) and bad arguments, with result envelopes', async () => {
  const results = await page.evaluate(async () => {
    const bridge = (globalThis as unknown as PageGlobal).wintook!;
    const call = bridge.openExternal as (...args: unknown[]) => Promise<unknown>;
    return [
      await bridge.openExternal('javascript:alert(1)'),
      await bridge.openExternal('file:///etc/passwd'),
      await call(42),
      await call(),
    ];
  });
  expect(results).toEqual([
    { ok: false, error: { code: 'not-allowed', message: expect.any(String) } },
    { ok: false, error: { code: 'not-allowed', message: expect.any(String) } },
    { ok: false, error: { code: 'invalid-request', message: expect.any(String) } },
    { ok: false, error: { code: 'invalid-request', message: expect.any(String) } },
  ]);
});

test('menu items reach the renderer through onMenuCommand; malformed payloads do not', async () => {
  await page.evaluate(() => {
    const renderer = globalThis as unknown as PageGlobal;
    const received: string[] = [];
    renderer.received = received;
    renderer.wintook!.onMenuCommand((command) => received.push(command));
  });
  await app.evaluate(({ BrowserWindow, Menu }) => {
    Menu.getApplicationMenu()?.getMenuItemById('focus-search')?.click();
    Menu.getApplicationMenu()?.getMenuItemById('seed-demo-10k')?.click();
    BrowserWindow.getAllWindows()[0]!.webContents.send('menu:command', 'rm -rf /');
    BrowserWindow.getAllWindows()[0]!.webContents.send('menu:command', { command: 'focus-search' });
  });
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobal).received))
    .toEqual(['focus-search', 'seed-demo-10k']);
});

test('navigation away and new windows are refused', async () => {
  const appUrl = page.url();
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobal).location.href = 'https://example.com/';
  });
  await page.evaluate(() => (globalThis as unknown as PageGlobal).open('file:///etc/passwd'));
  // A round trip through main after both requests: by then each has been decided.
  await page.evaluate(() => (globalThis as unknown as PageGlobal).wintook!.getInfo());
  expect(page.url()).toBe(appUrl);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('--demo=N reaches the renderer as ?demo=N', async () => {
  await app.close();
  app = await electron.launch({
    executablePath: electronBinary!,
    args: [
      mainEntry,
      `--user-data-dir=${profile}`,
      '--demo=25',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  });
  page = await app.firstWindow();
  expect(new URL(page.url()).searchParams.get('demo')).toBe('25');
});

// ---- Files: open-with, the native open and save dialogs (issue 4) ---------------------------

const SMALL_CSV = 'name,email\r\nAna García,ana@example.com\r\nBruno Díaz,bruno@example.com\r\n';

async function relaunch(extraArgs: string[]): Promise<void> {
  await app.close();
  app = await electron.launch({
    executablePath: electronBinary!,
    args: [mainEntry, `--user-data-dir=${profile}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...extraArgs],
    env: { ...process.env, ELECTRON_RENDERER_URL: '', LANG: 'en_US.UTF-8' },
    timeout: 30_000,
  });
  page = await app.firstWindow();
}

test('a CSV given on the command line (open-with, first launch) starts the import with it', async () => {
  const file = join(profile, 'clientes.csv');
  writeFileSync(file, SMALL_CSV);
  await relaunch([file]);
  await expect(page.getByRole('dialog', { name: 'Import “clientes.csv”' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('dialog', { name: 'Import “clientes.csv”' }).getByLabel('Import “email” as')).toHaveValue('field:email');
});

test('a second launch with a file hands it to the running window; a non-CSV is refused with a message', async () => {
  const file = join(profile, 'segunda.csv');
  writeFileSync(file, SMALL_CSV);
  await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.appState === 'ready');
  // What Electron emits in the first instance when a second one starts with arguments.
  await app.evaluate(({ app: electronApp }, args) => {
    electronApp.emit('second-instance', {}, [process.execPath, ...args], process.cwd());
  }, [mainEntry, '--demo=5', file]);
  await expect(page.getByRole('dialog', { name: 'Import “segunda.csv”' })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Escape');

  const xlsx = join(profile, 'hoja.xlsx');
  writeFileSync(xlsx, 'PK');
  await app.evaluate(({ app: electronApp }, path) => {
    electronApp.emit('open-file', { preventDefault: () => undefined }, path);
  }, xlsx);
  await expect(page.getByText('Only CSV, TSV and TXT files can be imported.')).toBeVisible();
});

test('a file over 512 MB is refused by main without reading it', async () => {
  const file = join(profile, 'enorme.csv');
  closeSync(openSync(file, 'w'));
  truncateSync(file, 512 * 1024 * 1024 + 1); // sparse: no disk space used
  await relaunch([file]);
  await expect(page.getByText(/The file is too large to import \(536,870,913 bytes; at most 512 MB\)/)).toBeVisible({ timeout: 30_000 });
});

test('File → Import… and Export… use the native dialogs (stubbed in main)', async () => {
  const picked = join(profile, 'elegido.csv');
  const saved = join(profile, 'exportado');
  writeFileSync(picked, SMALL_CSV);
  await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.appState === 'ready');
  await app.evaluate(({ dialog }, paths) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [paths.picked] })) as typeof dialog.showOpenDialog;
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: paths.saved })) as typeof dialog.showSaveDialog;
  }, { picked, saved });

  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('import-csv')?.click());
  const importDialog = page.getByRole('dialog', { name: 'Import “elegido.csv”' });
  await importDialog.getByRole('button', { name: 'Preview import' }).click();
  await importDialog.getByRole('button', { name: 'Start import' }).click();
  const report = page.getByRole('dialog', { name: 'Import of “elegido.csv”' });
  await report.getByRole('button', { name: 'Done' }).click({ timeout: 30_000 });

  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('export-csv')?.click());
  await page.getByRole('dialog', { name: 'Export contacts' }).getByRole('button', { name: 'Export 2 contacts' }).click();
  await expect(page.getByRole('dialog', { name: 'Export contacts' })).toBeHidden();
  // Typed without an extension in the dialog: main adds .csv.
  const csv = readFileSync(`${saved}.csv`, 'utf8');
  expect(csv.startsWith('\ufeffname,email,identifier,phone_number,company,city,country,labels\r\n')).toBe(true);
  expect(csv).toContain('Bruno Díaz,bruno@example.com');
});

// ---- Contact links and error reports (issue 21) ---------------------------------------------

const waitForReady = () =>
  page.waitForFunction(
    () => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.appState === 'ready',
  );

test('a wintook:// link on the command line, a second launch or open-url reaches the renderer parsed', async () => {
  await relaunch(['wintook://contact/43']);
  await expect(page.getByText('No contact with the help desk’s id 43 is on this computer yet.', { exact: false })).toBeVisible({
    timeout: 30_000,
  });
  await waitForReady();
  await app.evaluate(({ app: electronApp }, args) => {
    electronApp.emit('second-instance', {}, [process.execPath, ...args], process.cwd());
  }, [mainEntry, 'wintook://contact/<img src=x onerror=alert(1)>']);
  await expect(page.getByText('This link does not name a contact.', { exact: false })).toBeVisible();
  await app.evaluate(({ app: electronApp }) => {
    electronApp.emit('open-url', { preventDefault: () => undefined }, 'wintook://contact/44');
  });
  await expect(page.getByText('No contact with the help desk’s id 44 is on this computer yet.', { exact: false })).toBeVisible();
});

test('an error the renderer does not handle is written to main’s log file', async () => {
  await waitForReady();
  const logs = await app.evaluate(({ app: electronApp }) => electronApp.getPath('logs'));
  await page.evaluate(() => {
    void Promise.reject(new Error('unhandled in the page for the log test'));
  });
  await expect
    .poll(() => {
      try {
        return readFileSync(join(logs, 'main.log'), 'utf8');
      } catch {
        return '';
      }
    })
    .toContain('unhandled-rejection in the renderer: "Error: unhandled in the page for the log test"');
});

test('Help offers the logs folder, and no update check in an unpackaged run', async () => {
  const items = await app.evaluate(({ Menu }) => {
    const menu = Menu.getApplicationMenu();
    return { logs: Boolean(menu?.getMenuItemById('show-logs-folder')), updates: Boolean(menu?.getMenuItemById('check-for-updates')) };
  });
  expect(items).toEqual({ logs: true, updates: false });
});

