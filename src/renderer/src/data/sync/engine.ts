import type { SyncRepository } from '../store/sync-repository';
import { STATE_KEYS, type SyncParticipant } from './participant';
import { runOnce } from './run';
import { createScheduler } from './scheduler';
import { countAll, createStatusBoard, phaseAfter, type SyncRunResult, type SyncStatus } from './status';
import type { SyncTransport } from './transport';

/**
 * The offline-first sync engine (issue 8; docs/sync.md): a runner of participants, one per kind of
 * record (contacts first, participants/contacts.ts). One `syncNow()` pushes every participant's
 * outbox, then pulls, then pushes what arrived meanwhile (run.ts). It never throws for a server or
 * network problem: it returns what went wrong and when to try again, and the status (status.ts)
 * says it to the user. The scheduler (scheduler.ts) decides when runs happen on their own.
 */

export {
  STATE_KEYS,
  SyncStop,
  type FeedApplied,
  type FeedChange,
  type ServerMode,
  type SyncContext,
  type SyncParticipant,
} from './participant';
export { WAKE_MIN_GAP_MS } from './scheduler';
export type { SyncPhase, SyncRunResult, SyncStatus } from './status';
export { CHATWOOT_PAGE_SIZE } from './participants/contacts-pull';
export { PUSH_CONCURRENCY } from './participants/contacts-push';

/**
 * 5,000 changes a page, the server's maximum: ~2.5 MB of JSON (a fifth of that compressed), parsed
 * and applied in one IndexedDB transaction in the sync worker; the window only relays its text
 * (`rawBody`). A first sync of 100k contacts is 38 feed pages (42 requests in all) against 93 with
 * 2,000 a page, and took 0.82× as long in a same-run A/B (docs/sync.md "Performance"). A server
 * that allows fewer (max_limit) answers with fewer and a cursor, which the feed follows.
 */
export const FEED_PAGE_SIZE = 5000;
/** Against stock Chatwoot, a full scan (the only way to see edits and deletions) at most this often. */
export const RECONCILE_INTERVAL_MS = 15 * 60 * 1000;

export interface SyncEngineOptions {
  sync: SyncRepository;
  transport: SyncTransport;
  /**
   * The kinds of record synced, in the order they push and pull: contacts first
   * (`createContactsParticipant`), then the records that hang from them (participants/index.ts).
   */
  participants: readonly SyncParticipant[];
  now?: () => number;
  /** [0, 1); seeded in tests. */
  random?: () => number;
  feedPageSize?: number;
  reconcileIntervalMs?: number;
}

export interface SyncEngine {
  syncNow(options?: { fullReconcile?: boolean }): Promise<SyncRunResult>;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Recount the outbox and conflicts (after a local edit) and tell subscribers. */
  refresh(): Promise<void>;
  /** After the user signed in again: lift the 401 pause. */
  resume(): Promise<void>;
  /**
   * Runs `syncNow` now and again after each failure's back-off; `online` false waits for
   * `setOnline(true)`. Between runs, live pull (live-pull.ts) asks for a run when the server changes.
   */
  start(): void;
  stop(): void;
  setOnline(online: boolean): void;
  /** The window is shown (true) or hidden: live pull pauses while hidden and runs at once when shown. */
  setVisible(visible: boolean): void;
  /** The window regained focus: a run at once (at most one per `WAKE_MIN_GAP_MS`). */
  wake(): void;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { sync, transport, participants } = options;
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const board = createStatusBoard();
  let running: Promise<SyncRunResult> | null = null;
  let consecutiveFailures = 0;
  let lastRunEndedAt = Number.NEGATIVE_INFINITY;
  let lastRunOk = false;

  const runDeps = {
    sync,
    transport,
    participants,
    now,
    random,
    feedPageSize: options.feedPageSize ?? FEED_PAGE_SIZE,
    reconcileIntervalMs: options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS,
    emit: board.emit,
    consecutiveFailures: () => consecutiveFailures,
  };

  /** One run's result, told to the status and the scheduler. */
  async function runAndReport(fullReconcile: boolean): Promise<SyncRunResult> {
    const result = await runOnce(runDeps, fullReconcile);
    lastRunOk = result.ok;
    consecutiveFailures = result.ok ? 0 : consecutiveFailures + 1;
    board.emit({
      phase: phaseAfter(result, scheduler.online()),
      progress: null,
      ...(await countAll(sync, participants)),
      lastSyncedAt: (await sync.getState<number>(STATE_KEYS.lastSyncedAt)) ?? null,
      retryAt: result.retryInMs === null ? null : now() + result.retryInMs,
      message: result.failure?.message ?? null,
    });
    scheduler.runEnded(result);
    return result;
  }

  function syncNow(runOptions: { fullReconcile?: boolean } = {}): Promise<SyncRunResult> {
    if (running) return running;
    running = (async () => {
      try {
        return await runAndReport(runOptions.fullReconcile ?? false);
      } finally {
        running = null;
        lastRunEndedAt = now();
      }
    })();
    return running;
  }

  const scheduler = createScheduler({
    sync,
    transport,
    now,
    random,
    syncNow,
    runs: () => ({ running: running !== null, lastEndedAt: lastRunEndedAt, lastOk: lastRunOk }),
    resetFailures: () => (consecutiveFailures = 0),
    emit: board.emit,
  });

  return {
    syncNow,
    status: board.current,
    subscribe: board.subscribe,
    async refresh() {
      board.emit(await countAll(sync, participants));
    },
    async resume() {
      await sync.setState(STATE_KEYS.paused, false);
      board.emit({ phase: 'idle', message: null });
    },
    start: scheduler.start,
    stop: scheduler.stop,
    setOnline: scheduler.setOnline,
    setVisible: scheduler.setVisible,
    wake: scheduler.wake,
  };
}
