import { parseContactReference, type ContactLinkEvent } from '../../../shared/deep-link';
import { saveCsvRequestSchema, type HostApi, type HostInfo, type HostPlatform } from '../../../shared/host';
import { fail, ok } from '../../../shared/result';
import { createSyncHostCore, fetchHttp, type ConnectionStore, type StoredConnection } from '../../../shared/sync/sync-host';
import { parseNoteLinkUrl } from '../../../shared/url-policy';

/**
 * The HostApi for a plain browser, where there is no main process: the whole UI runs and is
 * tested this way (`npm run web`, Playwright in Chromium). There is no native menu, so menu
 * commands never arrive; every one of them also has a keyboard shortcut or a button.
 */

/** Set by scripts/web.mjs from package.json; builds without it report a placeholder. */
const APP_VERSION_FALLBACK = '0.0.0-web';

interface NavigatorWithClientHints {
  userAgentData?: { platform?: string };
  platform?: string;
}

/** `navigator.userAgentData.platform` ("macOS", "Windows", "Linux") or the older `navigator.platform`. */
export function platformFromNavigator(navigatorLike: NavigatorWithClientHints): HostPlatform {
  const name = (navigatorLike.userAgentData?.platform || navigatorLike.platform || '').toLowerCase();
  if (name.startsWith('mac') || name === 'iphone' || name === 'ipad') return 'mac';
  if (name.startsWith('win')) return 'windows';
  // Android and ChromeOS report Linux in navigator.platform; they are not desktop Linux.
  if (name.startsWith('linux') && !name.includes('android')) return 'linux';
  return 'other';
}

function appVersion(): string {
  const fromEnv: unknown = import.meta.env.VITE_APP_VERSION;
  return typeof fromEnv === 'string' && fromEnv.length > 0 && fromEnv.length <= 64
    ? fromEnv
    : APP_VERSION_FALLBACK;
}

export interface WebHostEnvironment {
  navigator: NavigatorWithClientHints & { language?: string };
  open: (url: string, target: string, features: string) => unknown;
  /** Where the sync connection is kept (localStorage); absent: in memory only. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  /** Saves a file the browser's way (a download); absent: {@link downloadFile}. */
  download?: (fileName: string, content: string) => void;
  /** The page's address: `?contact=<id>` opens that contact, as `wintook://contact/<id>` does in Electron. */
  location?: Pick<Location, 'search'>;
}

/**
 * A download of text as a file: a Blob and a temporary `<a download>`. The browser decides where it
 * goes (its download folder, or a save dialog if the user asked for one).
 */
export function downloadFile(fileName: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click handler returns; revoke on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The key of the sync connection in the web host's storage. */
export const SERVER_CONNECTION_KEY = 'wintook:server-connection';

/**
 * The web host is a development and test host: there is no process to hide the token from the
 * page, so it is kept in memory and in localStorage. The Electron host keeps it in main, encrypted.
 */
export function webConnectionStore(storage: WebHostEnvironment['storage']): ConnectionStore {
  let memory: StoredConnection | null = null;
  return {
    async load() {
      if (memory || !storage) return memory;
      try {
        const raw: unknown = JSON.parse(storage.getItem(SERVER_CONNECTION_KEY) ?? 'null');
        const value = raw as Partial<StoredConnection> | null;
        if (value && typeof value.origin === 'string' && typeof value.accountId === 'number' && typeof value.token === 'string') {
          memory = { origin: value.origin, accountId: value.accountId, token: value.token };
        }
      } catch {
        memory = null;
      }
      return memory;
    },
    async save(connection) {
      memory = connection;
      storage?.setItem(SERVER_CONNECTION_KEY, JSON.stringify(connection));
    },
    async clear() {
      memory = null;
      storage?.removeItem(SERVER_CONNECTION_KEY);
    },
  };
}

export function createWebHost(
  environment: WebHostEnvironment = {
    navigator,
    open: (url, target, features) => window.open(url, target, features),
    storage: typeof localStorage === 'undefined' ? undefined : localStorage,
    fetch: (...args) => fetch(...args),
    location: window.location,
  },
): HostApi {
  // Read once: the page was opened with this link. Held until a listener takes it.
  const contactParameter = new URLSearchParams(environment.location?.search ?? '').get('contact');
  let pendingContact: ContactLinkEvent | null =
    contactParameter === null ? null : (parseContactReference(contactParameter) ?? { kind: 'invalid' });
  const sync = createSyncHostCore(
    webConnectionStore(environment.storage),
    fetchHttp(environment.fetch ?? ((...args) => fetch(...args))),
  );
  return {
    getInfo: async () => {
      const info: HostInfo = {
        kind: 'web',
        platform: platformFromNavigator(environment.navigator),
        locale: environment.navigator.language || 'en-US',
        appVersion: appVersion(),
      };
      return ok(info);
    },
    openExternal: async (raw) => {
      const url = parseNoteLinkUrl(raw);
      if (!url) return fail('not-allowed', 'Only http, https and mailto links can be opened.');
      // With `noopener` window.open returns null even on success, so there is nothing to check.
      environment.open(url.href, '_blank', 'noopener,noreferrer');
      return ok(undefined);
    },
    onMenuCommand: () => () => {},
    // Nothing opens files with a web page: files come from the file input and drops.
    onOpenFile: () => () => {},
    onOpenContact: (listener) => {
      let subscribed = true;
      // After the caller's effect returns, and only if it still listens (React's StrictMode
      // subscribes, unsubscribes and subscribes again): the link goes to exactly one listener.
      queueMicrotask(() => {
        if (!subscribed || !pendingContact) return;
        const link = pendingContact;
        pendingContact = null;
        listener(link);
      });
      return () => {
        subscribed = false;
      };
    },
    // The browser's console already shows what the page did not handle; there is no log file.
    reportError: async () => ok(undefined),
    // No pickCsvFile: the renderer's <input type="file"> is the browser's open dialog.
    saveCsvFile: async (request) => {
      // The same check main makes, so a name that fails in Electron fails here too.
      const parsed = saveCsvRequestSchema.safeParse(request);
      if (!parsed.success) return fail('invalid-request', 'Invalid arguments for saveCsvFile.');
      (environment.download ?? downloadFile)(parsed.data.suggestedName, parsed.data.content);
      return ok({ saved: true });
    },
    getServerConnection: () => sync.getConnection(),
    testServerConnection: (input) => sync.test(input),
    connectServer: (input) => sync.connect(input),
    disconnectServer: () => sync.disconnect(),
    syncRequest: (request) => sync.request(request),
  };
}
