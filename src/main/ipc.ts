import { join } from 'node:path';
import { app, dialog, ipcMain, net, safeStorage, shell, type BrowserWindow, type IpcMainInvokeEvent, type MessageBoxOptions } from 'electron';
import { ipcInvoke, type IpcInvokeName } from '../shared/ipc';
import { fail, ok } from '../shared/result';
import { createSyncHostCore, fetchHttp, type SyncHostCore } from '../shared/sync/sync-host';
import { parseNoteLinkUrl } from '../shared/url-policy';
import { logRendererError } from './diagnostics';
import { pickCsvFile, saveCsvFile } from './files';
import { dispatchInvoke, type InvokeHandlers } from './ipc-dispatch';
import { createLogger } from './logger';
import { pickLocale, toHostPlatform } from './policies';
import { consentDialog, serverConsent, tokenNotStoredDialog, tokenStorageFor, type ConsentAction } from './server-consent';
import { createFileConnectionStore, createTrustedServers, EncryptionUnavailableError } from './sync-connection';
import type { ServerConnectionInput } from '../shared/sync/connection';
import type { Result } from '../shared/result';

const log = createLogger('ipc');

/** Only the top frame of the app's page may call the host; subframes and gone frames may not. */
function senderUrlOf(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return null;
  return frame.url;
}

/** Where the token may be kept, asked each time: a keyring can be unlocked while the app runs. */
function tokenStorage() {
  const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  return tokenStorageFor(process.platform, safeStorage.isEncryptionAvailable(), linuxBackend);
}

let syncHost: SyncHostCore | null = null;
/** Created on first use: `app.getPath` and `safeStorage` need the app to be ready. */
function sync(): SyncHostCore {
  syncHost ??= createSyncHostCore(
    createFileConnectionStore(join(app.getPath('userData'), 'sync-connection.json'), safeStorage, tokenStorage),
    // net.fetch: Chromium's network stack (system proxy settings), redirects refused by fetchHttp.
    fetchHttp((input, init) => net.fetch(input as string, init)),
  );
  return syncHost;
}

let trusted: ReturnType<typeof createTrustedServers> | null = null;
const trustedServers = () => (trusted ??= createTrustedServers(join(app.getPath('userData'), 'trusted-servers.json')));
/** One question at a time: a renderer asking again and again does not stack dialogs. */
let asking = false;

/**
 * Main contacts a server the renderer names only when the user agreed to that origin, in main's
 * own dialog, now or before (issue 17: a compromised renderer could otherwise probe the internal
 * network through "Test connection", or repoint sync). The connected server counts as agreed to.
 */
async function askConsent(input: ServerConnectionInput, action: ConsentAction, parent: BrowserWindow | null): Promise<Result<void>> {
  const agreed = await trustedServers().load();
  const current = await sync().getConnection();
  if (current.ok && current.value) agreed.add(current.value.baseUrl);
  const consent = serverConsent(input.baseUrl, agreed);
  if (consent.kind === 'invalid') return fail('invalid-request', 'The server URL must start with http:// or https://.');
  if (consent.kind === 'allowed') return ok(undefined);
  if (asking) return fail('not-allowed', 'Another server question is open.');
  asking = true;
  try {
    const { confirmId, ...options } = consentDialog(consent, action, app.getLocale());
    const { response } = await showMessageBox(parent, options);
    if (response !== confirmId) {
      log.info(`The user declined to ${action} a server`);
      return fail('not-allowed', 'The server was not contacted: not confirmed.');
    }
    await trustedServers().add(consent.origin);
    return ok(undefined);
  } finally {
    asking = false;
  }
}

function showMessageBox(parent: BrowserWindow | null, options: MessageBoxOptions) {
  return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
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
  testServerConnection: async (input) => {
    const consent = await askConsent(input, 'test', ipcHost.getWindow());
    return consent.ok ? sync().test(input) : consent;
  },
  connectServer: async (input) => {
    const consent = await askConsent(input, 'connect', ipcHost.getWindow());
    if (!consent.ok) return consent;
    try {
      const connected = await sync().connect(input);
      if (connected.ok && connected.value.outcome === 'ok' && tokenStorage() === 'session-only') {
        log.warn('No OS encryption for the token: kept for this session only');
        await showMessageBox(ipcHost.getWindow(), tokenNotStoredDialog(app.getLocale()));
      }
      return connected;
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
