import { mkdtempSync, rmSync } from 'node:fs';
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

const HOST_API_KEYS: readonly (keyof HostApi)[] = ['getInfo', 'onMenuCommand', 'openExternal'];

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
  expect(kinds).toEqual(['function', 'function', 'function']);
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
