import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { contactLinkEventOf, contactLinksFromArgv, MAX_LINKS_PER_LAUNCH, type ContactLinkEvent } from '../shared/deep-link';
import { ipcEvents } from '../shared/ipc';
import { startAutoUpdates } from './auto-update';
import { showLogsFolder, startDiagnostics } from './diagnostics';
import { nodeFileAccess } from './files';
import { createHeldInbox } from './held-inbox';
import { registerIpcHandlers } from './ipc';
import { createLogger } from './logger';
import { installApplicationMenu } from './menu';
import { createOpenFileInbox, filePathsFromArgv, readImportFile } from './open-file';
import { parseDemoArgument, urlForLog } from './policies';
import { hardenWebContents, installPermissionHandlers } from './security';
import { createMainWindow, focusWindow, type RendererSource } from './window';

const log = createLogger('app');

startDiagnostics();

// Every renderer sandboxed, even one created without saying so.
app.enableSandbox();

/**
 * Where the renderer comes from. electron-vite sets ELECTRON_RENDERER_URL in development; a
 * packaged app ignores it, so an environment variable cannot point it at another page.
 * `--demo=N` becomes `?demo=N`: the renderer seeds N demo contacts into an empty store.
 */
function rendererSource(): { source: RendererSource; appUrl: string } {
  const demo = parseDemoArgument(process.argv);
  const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  if (devServer) {
    const url = new URL(devServer);
    if (demo !== null) url.searchParams.set('demo', String(demo));
    return { source: { kind: 'url', url: url.href }, appUrl: url.href };
  }
  const path = join(import.meta.dirname, '../renderer/index.html');
  return {
    source: { kind: 'file', path, query: demo === null ? {} : { demo: String(demo) } },
    appUrl: pathToFileURL(path).href,
  };
}

let mainWindow: BrowserWindow | null = null;

/** Sends to the window, brought forward; false (logged) when there is no window to show it. */
function sendToWindow(channel: string, payload: unknown, what: string): boolean {
  const window = mainWindow;
  if (!window || window.isDestroyed()) {
    log.warn(`${what} came with no window to show it`);
    return false;
  }
  focusWindow(window);
  window.webContents.send(channel, payload);
  return true;
}

/**
 * Files opened with the app wait here until the renderer listens (it says so on
 * `host:open-file-ready`); then each is checked, read and sent to the window, brought forward.
 * One at a time, in the order they came.
 */
let delivery: Promise<void> = Promise.resolve();
const openedFiles = createOpenFileInbox((path) => {
  delivery = delivery
    .then(async () => {
      const opened = await readImportFile(path, nodeFileAccess);
      if (!sendToWindow(ipcEvents.openFile.channel, opened, 'A file opened with the app')) return;
      log.info('Opened a file with the app:', opened.kind === 'file' ? `${opened.bytes.byteLength} bytes` : opened.reason);
    })
    .catch((error: unknown) => log.error('Could not hand an opened file to the window', error));
});

/**
 * `wintook://contact/<id>` links, parsed and validated here (src/shared/deep-link.ts) so only a
 * well-formed contact reference, or the word that a link named none, crosses to the renderer.
 * Held like opened files until the renderer listens (`host:open-contact-ready`).
 */
const contactLinks = createHeldInbox<ContactLinkEvent>((link) => {
  if (sendToWindow(ipcEvents.openContact.channel, link, 'A contact link')) log.info(`Opened a ${link.kind} contact link`);
}, MAX_LINKS_PER_LAUNCH);

/** Windows and Linux hand the link over as an argument (to the first launch or a second instance). */
function contactLinksFrom(argv: readonly string[]): void {
  for (const link of contactLinksFromArgv(argv)) contactLinks.add(link);
}

function openFilesFrom(argv: readonly string[], workingDirectory: string): void {
  for (const path of filePathsFromArgv({ argv, workingDirectory, defaultApp: Boolean(process.defaultApp) })) {
    openedFiles.add(path);
  }
}

function openMainWindow(source: RendererSource): void {
  openedFiles.setReady(false);
  contactLinks.setReady(false);
  const window = createMainWindow(source);
  mainWindow = window;
  // A reload starts a new page that has not subscribed yet: hold files and links until it does.
  window.webContents.on('did-start-loading', () => {
    openedFiles.setReady(false);
    contactLinks.setReady(false);
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    openedFiles.setReady(false);
    contactLinks.setReady(false);
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the profile (and IndexedDB); it focuses its window on 'second-instance'.
  app.quit();
} else {
  const { source, appUrl } = rendererSource();

  // The first launch's own arguments: `wintook-contacts clientes.csv`, or open-with on Windows/Linux.
  openFilesFrom(process.argv, process.cwd());
  contactLinksFrom(process.argv);

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) focusWindow(mainWindow);
    openFilesFrom(argv, workingDirectory);
    contactLinksFrom(argv);
  });
  // macOS: a `wintook://` link (CFBundleURLTypes, from electron-builder's `protocols`), possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = contactLinkEventOf(url);
    if (link.kind === 'invalid') log.warn('A link that names no contact', urlForLog(url));
    contactLinks.add(link);
    if (app.isReady() && (!mainWindow || mainWindow.isDestroyed())) openMainWindow(source);
  });
  // macOS: Finder's open-with and double-clicks, possibly before 'ready' (then it is held).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openedFiles.add(path);
    if (app.isReady() && (!mainWindow || mainWindow.isDestroyed())) openMainWindow(source);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  app
    .whenReady()
    .then(() => {
      installPermissionHandlers(session.defaultSession, appUrl);
      registerIpcHandlers(appUrl, {
        getWindow: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
        openFilesReady: () => openedFiles.setReady(true),
        openContactsReady: () => contactLinks.setReady(true),
      });
      openMainWindow(source);
      const updates = startAutoUpdates(() => mainWindow);
      installApplicationMenu(() => mainWindow, {
        checkForUpdates: updates ? () => void updates.check('menu') : null,
        showLogsFolder,
      });
      log.info(
        `Started ${app.getName()} ${app.getVersion()}`,
        source.kind === 'url' ? 'from the dev server' : 'from the built renderer',
      );
    })
    .catch((error: unknown) => {
      log.error('Startup failed', error);
      app.exit(1);
    });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) openMainWindow(source);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
