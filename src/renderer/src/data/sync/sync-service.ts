import type { HostApi } from '../../../../shared/host';
import type { SyncRepository } from '../store/sync-repository';
import { createSyncEngine, STATE_KEYS, type SyncEngine, type SyncParticipant } from './engine';
import { createContactsParticipant } from './participants/contacts';
import { createHostTransport } from './transport';

/**
 * The app's one sync runner: an engine over the host transport that runs while a server is
 * connected, syncs on start, when the browser goes online, when the window regains focus or is
 * shown again, and after local edits (debounced). Between runs the engine's live pull watches the
 * server; it pauses while the window is hidden (live-pull.ts).
 * Mount once (app/bootstrap.ts): `createAppSync({ host, sync: repository.sync, engine: startSyncWorker(…), subscribe: repository.changes.subscribe })`;
 * the engine itself runs in the sync worker (sync.worker.ts), or here when no engine is given.
 */

/** Between two recounts of the changes waiting, while edits keep coming. */
const RECOUNT_PAUSE_MS = 1000;

/** After a local edit, wait this long for more before pushing: typing in a form is many edits. */
export const LOCAL_EDIT_DEBOUNCE_MS = 2000;

export interface AppSync {
  engine: SyncEngine;
  sync: SyncRepository;
  /** Whether a server is connected (the footer shows nothing to sync otherwise). */
  connected(): boolean;
  /** Re-read the host's connection (after Settings → Server connected or disconnected). */
  refreshConnection(): Promise<void>;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /**
   * Whether a local change was announced that no count of the outbox has seen yet. Between the
   * edit and that count the engine's figures are from before it: the footer must not say "Up to
   * date" then (issue 16 item 5).
   */
  uncountedEdits(): boolean;
  onUncountedEditsChange(listener: () => void): () => void;
  dispose(): void;
}

type ChangeSubscribe = (listener: (event: { origin: string }) => void) => () => void;

const connectionListeners = new Set<() => void>();

/** Settings → Server calls this after connecting or disconnecting; every AppSync re-reads the host. */
export function notifyConnectionChanged(): void {
  for (const listener of [...connectionListeners]) listener();
}

export interface AppSyncOptions {
  host: HostApi;
  /** The window's sync repository: connection bookkeeping here, and the UI's reads and writes (conflicts, Sync problems). */
  sync: SyncRepository;
  /**
   * An engine that runs elsewhere (the app's: `startSyncWorker`, data/sync/worker-client.ts). Without
   * one, an engine runs here over `sync` and `participants` (tests, and hosts without workers).
   */
  engine?: SyncEngine & { dispose?(): void };
  /** The engine's participants (`createSyncParticipants`); contacts only when not given. */
  participants?: readonly SyncParticipant[];
  subscribe?: ChangeSubscribe;
  win?: Pick<Window, 'addEventListener' | 'removeEventListener'> & {
    navigator: { onLine: boolean };
    /** `visibilitychange` is the document's event; without a document the window counts as shown. */
    document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  };
}

export function createAppSync(options: AppSyncOptions): AppSync {
  const { host, sync } = options;
  const engine = options.engine ?? createSyncEngine({ sync, transport: createHostTransport(host), participants: options.participants ?? [createContactsParticipant(sync)] });
  const win = options.win ?? window;
  let isConnected = false;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<(connected: boolean) => void>();

  async function refreshConnection(): Promise<void> {
    const result = await host.getServerConnection();
    const info = result.ok ? result.value : null;
    const now = info !== null && info.hasToken;
    const changed = now !== isConnected;
    isConnected = now;
    if (info && now) {
      // Another server or account: its feed cursor and mode mean nothing here; start over.
      const identity = `${info.baseUrl}#${info.accountId}`;
      if ((await sync.getState<string>(STATE_KEYS.connection)) !== identity) {
        for (const key of [STATE_KEYS.mode, STATE_KEYS.cursor, STATE_KEYS.lastReconcileAt]) await sync.setState(key, undefined);
        await sync.setState(STATE_KEYS.connection, identity);
      }
      // Connecting again (a new token after a 401) lifts the pause and syncs at once.
      await engine.resume();
      engine.setOnline(win.navigator.onLine);
      engine.setVisible(isVisible());
      engine.start();
    } else engine.stop();
    if (changed) for (const listener of [...listeners]) listener(now);
    // The footer shows counts only while connected; counting reads the whole outbox (100k rows
    // after an import), which at start-up would compete with loading the list.
    if (now) await engine.refresh();
  }

  const isVisible = () => win.document?.visibilityState !== 'hidden';
  const onOnline = () => engine.setOnline(true);
  const onOffline = () => engine.setOnline(false);
  const onVisibility = () => {
    if (isConnected) engine.setVisible(isVisible());
  };
  const onFocus = () => {
    if (isConnected) engine.wake();
  };
  win.addEventListener('online', onOnline);
  win.addEventListener('offline', onOffline);
  win.addEventListener('focus', onFocus);
  win.document?.addEventListener('visibilitychange', onVisibility);
  const connectionListener = () => void refreshConnection();
  connectionListeners.add(connectionListener);
  // Recounting reads the outbox: at most one count at a time and one queued behind it, whatever the
  // rate of change events (an import announces a batch every second or so; 100k pending rows take
  // a while to count), and none while no server is connected (the footer says "Not syncing").
  let counting = false;
  let countAgain = false;
  let recountTimer: ReturnType<typeof setTimeout> | null = null;
  // Local changes announced so far, and how many of them a finished count or run had seen.
  let announced = 0;
  let counted = 0;
  const uncountedListeners = new Set<() => void>();
  const seen = (upTo: number): void => {
    if (upTo <= counted) return;
    counted = upTo;
    for (const listener of [...uncountedListeners]) listener();
  };
  const recount = (): void => {
    if (counting) {
      countAgain = true;
      return;
    }
    counting = true;
    // The count starts after the change's transaction committed (its event came after), so it sees it.
    const upTo = announced;
    // A count that fails (the database closing with the window) leaves the footer's last figures.
    void engine.refresh().then(() => seen(upTo), () => undefined).finally(() => {
      counting = false;
      if (!countAgain) return;
      countAgain = false;
      recountTimer = setTimeout(recount, RECOUNT_PAUSE_MS);
    });
  };
  const unsubscribe = options.subscribe?.((event) => {
    if (event.origin === 'sync' || !isConnected) return;
    announced += 1;
    if (announced === counted + 1) for (const listener of [...uncountedListeners]) listener();
    recount();
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      const upTo = announced;
      // A run's final status counts the outbox after its push. (A run cut short by the database
      // closing with the window has nothing left to report.)
      void engine.syncNow().then(() => seen(upTo), () => undefined);
    }, LOCAL_EDIT_DEBOUNCE_MS);
  });
  void refreshConnection();

  return {
    engine,
    sync,
    connected: () => isConnected,
    refreshConnection,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    uncountedEdits: () => announced > counted,
    onUncountedEditsChange(listener) {
      uncountedListeners.add(listener);
      return () => uncountedListeners.delete(listener);
    },
    dispose() {
      engine.stop();
      options.engine?.dispose?.();
      if (debounce) clearTimeout(debounce);
      if (recountTimer) clearTimeout(recountTimer);
      win.removeEventListener('online', onOnline);
      win.removeEventListener('offline', onOffline);
      win.removeEventListener('focus', onFocus);
      win.document?.removeEventListener('visibilitychange', onVisibility);
      connectionListeners.delete(connectionListener);
      unsubscribe?.();
    },
  };
}
