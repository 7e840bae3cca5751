import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostPlatform } from '../../../shared/host';
import { matchesKeys } from '../../../shared/shortcuts';
import { formatRelativeDate } from '../ui/time';
import { useNow } from '../ui/useNow';
import { type AppSync } from '../data/api';
import { ConflictsDialog } from './ConflictsDialog';
import { statusView } from './statusText';
import { SyncProblemsDialog } from './SyncProblemsDialog';
import './sync.css';

/** Shortcut: sync now (issue 8). Handled here until it joins src/shared/shortcuts.ts. */
export const SYNC_NOW_KEYS = '$mod+Shift+S';

export function useSyncStatus(appSync: AppSync) {
  const status = useSyncExternalStore(
    (onChange) => appSync.engine.subscribe(onChange),
    () => appSync.engine.status(),
  );
  const connected = useSyncExternalStore(
    (onChange) => appSync.onConnectionChange(onChange),
    () => appSync.connected(),
  );
  const uncountedEdits = useSyncExternalStore(
    (onChange) => appSync.onUncountedEditsChange(onChange),
    () => appSync.uncountedEdits(),
  );
  return { status, connected, uncountedEdits };
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** The browser's own "is there a network" (`navigator.onLine`), kept current. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/**
 * The sync status in the window's footer: "Offline — 12 changes waiting", "Syncing… 40%" (with a
 * progress bar), "Up to date · 2 min ago", "Sync problem" (opens "Sync problems"), and beside it
 * "2 conflicts" (opens "Conflicts") while contacts have any. Clicking ⟳ syncs now, as `$mod+Shift+S`
 * does. Mount in the footer: `<SyncStatus appSync={appSync} platform={…} onOpenContact={…} />`.
 */
export function SyncStatus(props: { appSync: AppSync; platform: HostPlatform; onOpenContact(contactId: string): void }) {
  const { t, i18n } = useTranslation('sync');
  const { status, connected, uncountedEdits } = useSyncStatus(props.appSync);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [conflictsOpen, setConflictsOpen] = useState(false);
  const now = useNow(30_000);
  const online = useOnline();
  const view = statusView(status, connected, online, uncountedEdits);
  const { appSync, platform } = props;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!matchesKeys(event, SYNC_NOW_KEYS, platform)) return;
      event.preventDefault();
      if (appSync.connected()) void appSync.engine.syncNow();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [appSync, platform]);

  let text: string;
  switch (view.kind) {
    case 'disconnected':
      text = t('status.disconnected');
      break;
    case 'paused':
      text = t('status.paused');
      break;
    case 'problem':
      text = t('status.problem');
      break;
    case 'offline':
      text = view.waiting > 0 ? t('status.offline', { count: view.waiting }) : t('status.offlineNone');
      break;
    case 'syncing':
      text = view.percent === null ? t('status.syncing') : t('status.syncingProgress', { percent: view.percent });
      break;
    case 'waiting':
      text = t('status.waiting', { count: view.waiting });
      break;
    case 'up-to-date':
      // `now` ticks every 30 s, so a run that just ended is "in the future" of it: that would
      // print a calendar date ("Up to date · Nov 25, 2026") instead of "now".
      text = t('status.upToDate', { ago: formatRelativeDate(view.lastSyncedAt, Math.max(now, view.lastSyncedAt), i18n.language) });
      break;
  }
  const opensProblems = view.kind === 'problem' || view.kind === 'paused';

  // Only the message is the live region: the "Sync now" button and the dialog are not status
  // text (a dialog inside a live region would be read out whole as a status change).
  return (
    <div className={`sync-status sync-status-${view.kind}`}>
      <span className="sync-status-message" role="status" aria-live="polite">
        {view.kind === 'syncing' && view.percent !== null && (
          <progress className="sync-progress" max={100} value={view.percent} aria-label={t('status.progressLabel')} />
        )}
        {opensProblems ? (
          <button type="button" className="link-button sync-status-text" onClick={() => setProblemsOpen(true)}>
            {text}
          </button>
        ) : (
          <span className="sync-status-text">{text}</span>
        )}
      </span>
      {connected && status.conflicts > 0 && (
        <button type="button" className="link-button sync-conflicts" onClick={() => setConflictsOpen(true)}>
          {t('conflicts.button', { count: status.conflicts })}
        </button>
      )}
      {connected && view.kind !== 'syncing' && (
        <button type="button" className="icon-button sync-now" aria-label={t('status.syncNow')} title={t('status.syncNow')} onClick={() => void appSync.engine.syncNow()}>
          ⟳
        </button>
      )}
      <SyncProblemsDialog open={problemsOpen} onClose={() => setProblemsOpen(false)} appSync={appSync} paused={view.kind === 'paused'} />
      <ConflictsDialog open={conflictsOpen} onClose={() => setConflictsOpen(false)} appSync={appSync} onOpenContact={props.onOpenContact} />
    </div>
  );
}
