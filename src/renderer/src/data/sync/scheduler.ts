import type { SyncRepository } from '../store/sync-repository';
import { createLivePull } from './live-pull';
import { STATE_KEYS, type ServerMode } from './participant';
import type { SyncRunResult, SyncStatus } from './status';
import type { SyncTransport } from './transport';

/**
 * The window came back (focus, shown again): a run at once, unless one ended this recently. Focus
 * flips fast when the user moves between windows; each run costs a request or two.
 */
export const WAKE_MIN_GAP_MS = 2_000;

export interface SchedulerDeps {
  sync: SyncRepository;
  transport: SyncTransport;
  now(): number;
  random(): number;
  syncNow(): Promise<SyncRunResult>;
  /** Whether a run is under way, when the last one ended, and whether it went well. */
  runs(): { running: boolean; lastEndedAt: number; lastOk: boolean };
  /** Back online: the back-off starts over. */
  resetFailures(): void;
  emit(patch: Partial<SyncStatus>): void;
}

/** When runs happen on their own: at start, after each failure's back-off, when live pull hears of a change, on wake. */
export interface Scheduler {
  start(): void;
  stop(): void;
  setOnline(online: boolean): void;
  setVisible(visible: boolean): void;
  wake(): void;
  online(): boolean;
  /** A run ended, whatever started it (the scheduler, an edit, the user): after a good one the server is watched. */
  runEnded(result: SyncRunResult): void;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  let online = true;
  let visible = true;

  function schedule(delay: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!started || !online) return;
      void deps.syncNow().then(
        (result) => {
          if (started && !result.ok && result.retryInMs !== null) schedule(result.retryInMs);
        },
        (error: unknown) => runThrew(deps, error),
      );
    }, delay);
  }

  function wake(): void {
    // A run under way arms live pull when it ends; one that just ended has seen the server, so
    // only live pull (disarmed while hidden) needs arming again.
    const runs = deps.runs();
    if (!started || !online || !visible || runs.running) return;
    if (deps.now() - runs.lastEndedAt >= WAKE_MIN_GAP_MS) schedule(0);
    else if (runs.lastOk) live.arm();
  }

  const live = createLivePull({
    transport: deps.transport,
    mode: async () => deps.sync.getState<ServerMode>(STATE_KEYS.mode),
    cursor: async () => (await deps.sync.getState<string>(STATE_KEYS.cursor)) ?? '',
    pullNow: () => {
      if (started && online && visible) schedule(0);
    },
    retryIn: (delay) => {
      if (started && online) schedule(delay);
    },
    now: deps.now,
    random: deps.random,
  });

  return {
    start() {
      started = true;
      schedule(0);
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      live.disarm();
    },
    setOnline(value) {
      online = value;
      if (!value) {
        live.disarm();
        deps.emit({ phase: 'offline' });
      }
      // Back online: a run within seconds, whatever the back-off said (RxDB skips retryTime on reconnect).
      else if (started) {
        deps.resetFailures();
        schedule(0);
      }
    },
    setVisible(value) {
      if (value === visible) return;
      visible = value;
      if (!value) live.disarm();
      // Shown again: what changed while hidden arrives now (the run arms live pull again).
      else wake();
    },
    wake,
    online: () => online,
    runEnded(result) {
      if (result.ok && started && online && visible) live.arm();
    },
  };
}

/**
 * A scheduled run that threw instead of returning a result: not a server problem but a local one
 * (the database closed under it, a bug). Nobody awaits a scheduled run, so it is said here: in the
 * status, and to the host's error log where there is one. No retry is scheduled: what broke is not
 * the server, and the next edit, wake or start asks for a run again.
 */
function runThrew(deps: Pick<SchedulerDeps, 'emit'>, error: unknown): void {
  deps.emit({
    phase: 'error',
    progress: null,
    message: error instanceof Error ? error.message : String(error),
  });
  if (typeof reportError === 'function') reportError(error);
}
