import { dirname } from 'node:path';
import { crashReporter, shell } from 'electron';
import log from 'electron-log/main';
import type { RendererErrorReport } from '../shared/host';
import { createLogger } from './logger';
import { rendererErrorLogText } from './renderer-errors';

const diagnosticsLog = createLogger('diagnostics');
const rendererLog = createLogger('renderer');

/**
 * What goes wrong ends up on this computer, never uploaded: main's uncaught errors and rejections
 * in electron-log's file (`errorHandler`), the renderer's through the bridge (`reportError`, below),
 * and native crashes of any process as minidumps from Electron's `crashReporter` in
 * `app.getPath('crashDumps')`. "Help → Show Logs Folder" opens the log's folder.
 *
 * Not `log.initialize()`: it injects electron-log's own preload, which puts a second object
 * (`__electronLog`) on the page beside `window.wintook` — the one bridge docs/security.md allows.
 */
export function startDiagnostics(): void {
  // Before `ready`, as Electron asks, so a crash during start-up is recorded too.
  crashReporter.start({ uploadToServer: false });
  // No dialog: an error in main is logged and the app carries on, as it does without the handler.
  log.errorHandler.startCatching({ showDialog: false });
}

export function logRendererError(report: RendererErrorReport): void {
  rendererLog.error(rendererErrorLogText(report));
}

/** The folder of main's log file (e.g. ~/.config/Wintook Contacts/logs, ~/Library/Logs/Wintook Contacts). */
export function logsFolder(): string {
  return dirname(log.transports.file.getFile().path);
}

export function showLogsFolder(): void {
  const folder = logsFolder();
  shell
    .openPath(folder)
    .then((problem) => {
      if (problem) diagnosticsLog.warn('Could not open the logs folder', problem);
    })
    .catch((error: unknown) => diagnosticsLog.warn('Could not open the logs folder', error));
}
