import { type SyncStatus } from '../data/api';

/** Which footer message the status calls for (issue 8, "What a user sees"). Pure, for tests. */
export type StatusView =
  | { kind: 'disconnected' }
  | { kind: 'paused' }
  | { kind: 'problem' }
  | { kind: 'offline'; waiting: number }
  | { kind: 'syncing'; percent: number | null }
  | { kind: 'waiting'; waiting: number }
  | { kind: 'up-to-date'; lastSyncedAt: number };

/**
 * `online` is the browser's own view (`navigator.onLine`): a run that was already under way when
 * the network went away can still end well and report `idle`, and the footer must not then say
 * "Up to date" while the machine is offline (seen in the two-profile e2e, sync-two-profiles.spec.ts).
 *
 * "Up to date" only when the outbox is empty and a run has ended well (issue 16 item 5):
 * `uncountedEdits` (AppSync) is a local change no count has seen yet — at least one change is
 * waiting then, whatever the last figures said; and before any run has ended (`lastSyncedAt`
 * null) the first one is about to start.
 */
export function statusView(status: SyncStatus, connected: boolean, online = true, uncountedEdits = false): StatusView {
  if (!connected) return { kind: 'disconnected' };
  if (status.phase === 'paused') return { kind: 'paused' };
  const waiting = uncountedEdits ? Math.max(1, status.waiting) : status.waiting;
  if (!online) return { kind: 'offline', waiting };
  if (status.phase === 'syncing') {
    const progress = status.progress;
    const percent = progress && progress.total ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null;
    return { kind: 'syncing', percent };
  }
  if (status.phase === 'offline') return { kind: 'offline', waiting };
  // A refused change or an error that keeps coming back is a problem the user can open.
  if (status.rejected > 0 || status.phase === 'error') return { kind: 'problem' };
  if (waiting > 0) return { kind: 'waiting', waiting };
  if (status.lastSyncedAt === null) return { kind: 'syncing', percent: null };
  return { kind: 'up-to-date', lastSyncedAt: status.lastSyncedAt };
}
