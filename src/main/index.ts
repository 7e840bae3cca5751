import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { registerIpcHandlers } from './ipc';
import { createLogger } from './logger';
import { installApplicationMenu } from './menu';
import { parseDemoArgument } from './policies';
import { hardenWebContents, installPermissionHandlers } from './security';
import { createMainWindow, focusWindow, type RendererSource } from './window';

const log = createLogger('app');

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

function openMainWindow(source: RendererSource): void {
  mainWindow = createMainWindow(source);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the profile (and IndexedDB); it focuses its window on 'second-instance'.
  app.quit();
} else {
  const { source, appUrl } = rendererSource();

  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  app
    .whenReady()
    .then(() => {
      installPermissionHandlers(session.defaultSession, appUrl);
      registerIpcHandlers(appUrl);
      installApplicationMenu(() => mainWindow);
      openMainWindow(source);
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
