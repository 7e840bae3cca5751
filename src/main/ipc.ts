import { join } from 'node:path';
import { app, ipcMain, net, safeStorage, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcInvoke, type IpcInvokeName } from '../shared/ipc';
import { fail, ok } from '../shared/result';
import { createSyncHostCore, fetchHttp, type SyncHostCore } from '../shared/sync/sync-host';
import { parseNoteLinkUrl } from '../shared/url-policy';
import { logRendererError } from './diagnostics';
import { pickCsvFile, saveCsvFile } from './files';
import { dispatchInvoke, type InvokeHandlers } from './ipc-dispatch';
import { createLogger } from './logger';
import { pickLocale, toHostPlatform } from './policies';
import { createFileConnectionStore, EncryptionUnavailableError } from './sync-connection';

const log = createLogger('ipc');

/** Only the top frame of the app's page may call the host; subframes and gone frames may not. */
function senderUrlOf(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return null;
  return frame.url;
}

let syncHost: SyncHostCore | null = null;
/** Created on first use: `app.getPath` and `safeStorage` need the app to be ready. */
function sync(): SyncHostCore {
  syncHost ??= createSyncHostCore(
    createFileConnectionStore(join(app.getPath('userData'), 'sync-connection.json'), safeStorage),
    // net.fetch: Chromium's network stack (system proxy settings), redirects refused by fetchHttp.
    fetchHttp((input, init) => net.fetch(input as string, init)),
  );
  return syncHost;
}

/** What the handlers need from index.ts: the window (parent of the dialogs) and the opened-file inbox. */
export interface IpcHost {
  getWindow: () => BrowserWindow | null;
  /** The renderer listens for opened files now (`host:open-file-ready`). */
  openFilesReady: () => void;
  /** The renderer listens for contact links now (`host:open-contact-ready`). */
  openContactsReady: () => void;
}

const createHandlers = (ipcHost: IpcHost): InvokeHandlers => ({
  getInfo: async () =>
    ok({
      kind: 'electron',
      platform: toHostPlatform(process.platform),
      locale: pickLocale([...app.getPreferredSystemLanguages(), app.getLocale()]),
      appVersion: app.getVersion().slice(0, 64),
    }),
  openExternal: async (raw) => {
    const url = parseNoteLinkUrl(raw);
    if (!url) {
      log.warn('Refused to open a URL outside the policy');
      return fail('not-allowed', 'Only http, https and mailto links can be opened.');
    }
    try {
      await shell.openExternal(url.href);
      return ok(undefined);
    } catch (error) {
      log.warn('The system could not open a link', error);
      return fail('unavailable', 'The system could not open the link.');
    }
  },
  getServerConnection: () => sync().getConnection(),
  testServerConnection: (input) => sync().test(input),
  connectServer: async (input) => {
    try {
      return await sync().connect(input);
    } catch (error) {
      if (error instanceof EncryptionUnavailableError) return fail('unavailable', 'This system cannot keep the token encrypted.');
      throw error;
    }
  },
  disconnectServer: () => sync().disconnect(),
  syncRequest: (request) => sync().request(request),
  openFileReady: async () => {
    ipcHost.openFilesReady();
    return ok(undefined);
  },
  openContactReady: async () => {
    ipcHost.openContactsReady();
    return ok(undefined);
  },
  reportError: async (report) => {
    logRendererError(report);
    return ok(undefined);
  },
  pickCsvFile: async () => ok(await pickCsvFile(ipcHost.getWindow())),
  saveCsvFile: async (request) => {
    try {
      return ok({ saved: await saveCsvFile(ipcHost.getWindow(), request) });
    } catch (error) {
      log.warn('Could not save a CSV file', error);
      return fail('unavailable', 'The file could not be written.');
    }
  },
});

/** One `ipcMain.handle` per entry of the shared `ipcInvoke` table, all through `dispatchInvoke`. */
export function registerIpcHandlers(appUrl: string, ipcHost: IpcHost): void {
  const handlers = createHandlers(ipcHost);
  for (const name of Object.keys(ipcInvoke) as IpcInvokeName[]) {
    ipcMain.handle(ipcInvoke[name].channel, (event, ...args: unknown[]) =>
      dispatchInvoke(name, { senderUrl: senderUrlOf(event), args }, { appUrl, handlers, log }),
    );
  }
}
