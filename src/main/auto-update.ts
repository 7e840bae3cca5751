import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { autoUpdater } from 'electron-updater';
import { createLogger } from './logger';
import {
  createUpdateFlow,
  describeRestartPrompt,
  describeUpdateMessage,
  updateAvailability,
  updateText,
  type UpdateChecker,
  type UpdateFlow,
} from './updater';

const log = createLogger('updater');

/**
 * electron-updater wired to the flow in updater.ts. The feed is the `publish` entry of
 * electron-builder.yml (a generic provider whose URL is set when the app is built), which
 * electron-builder writes into the package as `app-update.yml`; docs/release.md says how.
 */
function electronUpdaterChecker(): UpdateChecker {
  autoUpdater.logger = createLogger('electron-updater');
  // The flow decides when to download (right after a check that finds an update) and when to
  // install: on the user's "Restart Now", or when the app quits.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  // Without an 'error' listener an EventEmitter throws; the flow logs each failure once already.
  autoUpdater.on('error', (error: Error) => log.debug('electron-updater reported an error', error.message));
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      if (!result) return null;
      return {
        available: result.isUpdateAvailable,
        version: result.updateInfo.version,
        download: result.isUpdateAvailable ? autoUpdater.downloadUpdate() : null,
      };
    },
    quitAndInstall: () => autoUpdater.quitAndInstall(),
  };
}

async function showMessageBox(window: BrowserWindow | null, options: MessageBoxOptions) {
  return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}

/**
 * Starts the silent checks and returns the flow behind "Check for Updates…", or null where
 * updates are off (an unpackaged run, WINTOOK_UPDATES=off); the reason is logged.
 */
export function startAutoUpdates(getWindow: () => BrowserWindow | null): UpdateFlow | null {
  const availability = updateAvailability({ isPackaged: app.isPackaged, env: process.env, platform: process.platform });
  if (!availability.enabled) {
    log.info(`Updates are off: ${availability.reason}`);
    return null;
  }
  const text = updateText(app.getLocale());
  const flow = createUpdateFlow({
    checker: electronUpdaterChecker(),
    log,
    currentVersion: app.getVersion(),
    ui: {
      async askToRestart(version) {
        const { response } = await showMessageBox(getWindow(), { type: 'info', ...describeRestartPrompt(version, text) });
        return response === 0 ? 'restart' : 'later';
      },
      tell(message) {
        const { message: title, detail } = describeUpdateMessage(message, text);
        showMessageBox(getWindow(), {
          type: message.kind === 'failed' ? 'warning' : 'info',
          message: title,
          detail,
          buttons: [text.ok],
        }).catch((error: unknown) => log.warn('Could not show an update message', error));
      },
    },
  });
  flow.start();
  return flow;
}
