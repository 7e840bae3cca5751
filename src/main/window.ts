import { join } from 'node:path';
import { app, BrowserWindow, screen } from 'electron';
import { createLogger } from './logger';
import { forwardRendererErrors } from './renderer-log';
import { fitWindowState, type DisplayArea } from './policies';
import { readSavedWindowState, WINDOW_STATE_FILE_NAME, writeWindowState } from './window-state';

const log = createLogger('window');

/** What main loads into the window: the dev server in development, the built file otherwise. */
export type RendererSource =
  { kind: 'url'; url: string } | { kind: 'file'; path: string; query: Record<string, string> };

function windowStateFile(): string {
  return join(app.getPath('userData'), WINDOW_STATE_FILE_NAME);
}

/** Work areas with the primary display first: fitWindowState falls back to `displays[0]`. */
function displayAreas(): DisplayArea[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return [primary, ...others].map((display) => display.workArea);
}

export function createMainWindow(source: RendererSource): BrowserWindow {
  const state = fitWindowState(readSavedWindowState(windowStateFile()), displayAreas());
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'Wintook Contacts',
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
  if (state.isMaximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.on('close', () => {
    const bounds = window.getNormalBounds();
    try {
      writeWindowState(windowStateFile(), { ...bounds, isMaximized: window.isMaximized() });
    } catch (error) {
      log.warn('Could not remember the window state', error);
    }
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('The renderer process is gone', details.reason, details.exitCode);
  });
  forwardRendererErrors(window.webContents, createLogger('renderer'));

  const loading =
    source.kind === 'url'
      ? window.loadURL(source.url)
      : window.loadFile(source.path, { query: source.query });
  loading.catch((error: unknown) => log.error('Could not load the renderer', error));
  return window;
}

/** A second launch, or a click on the dock icon: bring the existing window forward. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
