import type { SyncFailure } from '../../../../shared/sync/errors';
import type { SyncRepository } from '../store/sync-repository';
import type { SyncParticipant } from './participant';

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'paused' | 'error';

export interface SyncStatus {
  phase: SyncPhase;
  /** Outbox rows not yet on the server (rejected ones excluded). */
  waiting: number;
  rejected: number;
  conflicts: number;
  /** During a pull: records read so far and the expected total (null when unknown). */
  progress: { done: number; total: number | null } | null;
  lastSyncedAt: number | null;
  /** When the next automatic try is due, after a failure. */
  retryAt: number | null;
  /** The last failure, in the server's words. */
  message: string | null;
}

export interface SyncRunResult {
  ok: boolean;
  failure: SyncFailure | null;
  /** After a failure: wait this long before the next try (back-off or Retry-After). */
  retryInMs: number | null;
  requests: number;
  pushed: number;
  pulled: number;
}

/** The engine's status and who listens to it. */
export interface StatusBoard {
  current(): SyncStatus;
  emit(patch: Partial<SyncStatus>): void;
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export function createStatusBoard(): StatusBoard {
  const listeners = new Set<(status: SyncStatus) => void>();
  let current: SyncStatus = {
    phase: 'idle',
    waiting: 0,
    rejected: 0,
    conflicts: 0,
    progress: null,
    lastSyncedAt: null,
    retryAt: null,
    message: null,
  };
  return {
    current: () => current,
    emit(patch) {
      current = { ...current, ...patch };
      for (const listener of [...listeners]) listener(current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Every participant's waiting and refused rows, and the conflicts waiting for the user. */
export async function countAll(
  sync: SyncRepository,
  participants: readonly SyncParticipant[],
): Promise<Pick<SyncStatus, 'waiting' | 'rejected' | 'conflicts'>> {
  let waiting = 0;
  let rejected = 0;
  for (const participant of participants) {
    const more = await participant.counts?.();
    if (more) {
      waiting += more.waiting;
      rejected += more.rejected;
    }
  }
  const conflicts = (await sync.allConflicts()).length;
  return { waiting, rejected, conflicts };
}

/**
 * The phase a run leaves. Gone offline while the run was under way (it may still have ended
 * well): the machine is offline now, and that is what the status says.
 */
export function phaseAfter(result: SyncRunResult, online: boolean): SyncPhase {
  if (result.failure?.kind === 'unauthorized') return 'paused';
  if (!online || result.failure?.kind === 'network') return 'offline';
  return result.ok ? 'idle' : 'error';
}
