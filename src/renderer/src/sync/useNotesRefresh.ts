import { useEffect } from 'react';
import { STATE_KEYS, type ServerMode, requestNotesRefresh, type AppSync } from '../data/api';

/**
 * For the contact sidebar: against a stock Chatwoot server (no change feed), opening a contact asks
 * for its notes to be read and syncs, so notes written there by others show up (docs/sync.md
 * "Other records"). With the extension the feed already brings them: nothing to do.
 * Mount: `useNotesRefresh(appSync, contact.id)`.
 */
export function useNotesRefresh(appSync: AppSync | null, contactId: string | null): void {
  useEffect(() => {
    if (!appSync || !contactId || !appSync.connected()) return;
    void (async () => {
      if ((await appSync.sync.getState<ServerMode>(STATE_KEYS.mode)) !== 'strict') return;
      await requestNotesRefresh(appSync.sync, contactId);
      void appSync.engine.syncNow();
    })();
  }, [appSync, contactId]);
}
