import type { HostApi } from '../../../../shared/host';
import { fail } from '../../../../shared/result';
import type { SyncEngine, SyncRunResult, SyncStatus } from './engine';
import { onWatchedContactsChange, watchedContacts } from './participants/messages';
import { fromWorkerSchema, type MessageEndpoint, type ToWorker } from './worker-protocol';

/**
 * The window's side of the sync worker (sync.worker.ts, worker-protocol.ts): a `SyncEngine` whose
 * runs happen in the worker. The window keeps what only it has: the host (it makes the worker's
 * server requests, so in Electron the token stays in main), the online/offline events, the list of
 * open sidebars (`watched`), and the UI's listeners. Status changes arrive as messages.
 */

export interface RemoteSyncEngine extends SyncEngine {
  /** Contacts whose sidebar is open: their conversations are pulled by the worker's runs. */
  setWatched(contactIds: readonly string[]): void;
  /** Stops the worker (or closes the channel); later calls answer as "not synced". */
  dispose(): void;
}

export interface RemoteEngineOptions {
  host: Pick<HostApi, 'syncRequest'>;
  /** The worker wrote these contacts' conversations (null: the inboxes): tell this window's listeners. */
  onMessagesChanged?(contactIds: readonly string[] | null): void;
}

const INITIAL_STATUS: SyncStatus = { phase: 'idle', waiting: 0, rejected: 0, conflicts: 0, progress: null, lastSyncedAt: null, retryAt: null, message: null };

interface Pending {
  resolve(result: SyncRunResult | null): void;
  reject(error: Error): void;
}

/**
 * Connects to the worker's side over `open()`'s endpoint, opened at the first message that needs
 * it (a window that never connects a server never starts the worker). `close` ends the endpoint.
 */
export function connectSyncEngine(
  open: () => MessageEndpoint,
  options: RemoteEngineOptions,
  close: (endpoint: MessageEndpoint) => void = () => undefined,
): RemoteSyncEngine & { lost(message: string): void; heard(): boolean } {
  let endpoint: MessageEndpoint | null = null;
  let disposed = false;
  let deadReason: string | null = null;
  let current = INITIAL_STATUS;
  let online = true;
  let visible = true;
  let watched: string[] = [];
  let nextCall = 0;
  let heard = false;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(status: SyncStatus) => void>();

  function emit(status: SyncStatus): void {
    current = status;
    for (const listener of [...listeners]) listener(current);
  }

  function connect(): MessageEndpoint | null {
    if (disposed || deadReason !== null) return null;
    if (endpoint) return endpoint;
    const opened = open();
    endpoint = opened;
    opened.onmessage = (event) => receive(event.data);
    // What the worker must know before its first run.
    if (!online) opened.postMessage({ type: 'online', online } satisfies ToWorker);
    if (!visible) opened.postMessage({ type: 'visible', visible } satisfies ToWorker);
    if (watched.length > 0) opened.postMessage({ type: 'watched', contactIds: watched } satisfies ToWorker);
    return opened;
  }

  function post(message: ToWorker, connectIfNeeded = true): boolean {
    const target = connectIfNeeded ? connect() : endpoint;
    if (!target || disposed || deadReason !== null) return false;
    target.postMessage(message);
    return true;
  }

  function receive(data: unknown): void {
    heard = true;
    const parsed = fromWorkerSchema.safeParse(data);
    if (!parsed.success) {
      if (typeof reportError === 'function') reportError(new TypeError('sync worker: unexpected message'));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'status':
        emit(message.status);
        return;
      case 'done': {
        const call = pending.get(message.id);
        pending.delete(message.id);
        call?.resolve(message.result);
        return;
      }
      case 'failed': {
        const call = pending.get(message.id);
        pending.delete(message.id);
        call?.reject(new Error(message.message));
        return;
      }
      case 'request': {
        const { id, request } = message;
        void options.host
          .syncRequest(request)
          .catch((error: unknown) => fail('unavailable', error instanceof Error ? error.message : String(error)))
          .then((result) => post({ type: 'answer', id, result }, false));
        return;
      }
      case 'messages-changed':
        options.onMessagesChanged?.(message.contactIds);
        return;
    }
  }

  /** What a run "returns" when there is no worker to run it: nothing synced, try again later. */
  const notRun = (): SyncRunResult => ({
    ok: false,
    failure: { kind: 'retry', status: 0, retryAfterMs: null, message: deadReason ?? 'Sync is stopped' },
    retryInMs: null,
    requests: 0,
    pushed: 0,
    pulled: 0,
  });

  function call(method: 'syncNow' | 'refresh' | 'resume', fullReconcile?: boolean): Promise<SyncRunResult | null> {
    const id = nextCall++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (!post({ type: 'call', id, method, ...(fullReconcile === undefined ? {} : { fullReconcile }) })) {
        pending.delete(id);
        resolve(method === 'syncNow' ? notRun() : null);
      }
    });
  }

  function endPending(): void {
    for (const [id, call] of pending) {
      pending.delete(id);
      call.resolve(null);
    }
  }

  return {
    async syncNow(runOptions = {}) {
      return (await call('syncNow', runOptions.fullReconcile)) ?? notRun();
    },
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      await call('refresh');
    },
    async resume() {
      await call('resume');
    },
    start() {
      // The engine's start runs at once when online (engine.ts `start`); saying so here spares the
      // footer an "Up to date" while the worker loads and opens its database (the run's own
      // statuses follow, and its end always reports the phase it ended in).
      if (post({ type: 'start' }) && online && current.phase !== 'paused') emit({ ...current, phase: 'syncing', progress: null });
    },
    stop() {
      // Nothing to stop in a worker that was never started.
      post({ type: 'stop' }, false);
    },
    setOnline(value) {
      online = value;
      // Shown at once, as the engine in the window did; the worker confirms with its own status.
      if (!value) emit({ ...current, phase: 'offline' });
      post({ type: 'online', online: value }, false);
    },
    setVisible(value) {
      visible = value;
      post({ type: 'visible', visible: value }, false);
    },
    wake() {
      // Nothing to wake in a worker that was never started.
      post({ type: 'wake' }, false);
    },
    setWatched(contactIds) {
      watched = [...contactIds];
      post({ type: 'watched', contactIds: watched }, false);
    },
    heard: () => heard,
    lost(message) {
      if (deadReason !== null || disposed) return;
      deadReason = message;
      endPending();
      emit({ ...current, phase: 'error', progress: null, message });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      endPending();
      if (endpoint) {
        endpoint.onmessage = null;
        close(endpoint);
      }
      endpoint = null;
    },
  };
}

/**
 * The app's engine in a dedicated worker. The worker has its own IndexedDB connection and announces
 * its writes on the change channel, so the contact index hears of them as of another window's.
 */
export function startSyncWorker(options: RemoteEngineOptions): RemoteSyncEngine {
  let worker: Worker | null = null;
  const remote = connectSyncEngine(
    () => {
      worker = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name: 'sync' });
      worker.onerror = (event) => {
        event.preventDefault();
        const message = event.message || 'The sync worker could not start';
        // Before its first message: the worker did not load (nothing will answer). After: an error
        // thrown in it, which the worker survives; it is reported like one of the window's.
        if (!remote.heard()) remote.lost(message);
        else if (typeof reportError === 'function') reportError(new Error(`sync worker: ${message}`));
      };
      return worker;
    },
    options,
    () => worker?.terminate(),
  );
  remote.setWatched(watchedContacts());
  const stopWatching = onWatchedContactsChange((contactIds) => remote.setWatched(contactIds));
  return {
    ...remote,
    dispose() {
      stopWatching();
      remote.dispose();
    },
  };
}
