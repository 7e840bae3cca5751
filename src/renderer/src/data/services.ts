import type { HostApi, HostInfo } from '../../../shared/host';
import type { ContactIndex } from './index/contact-index';
import type { NoteIndex } from './notes/note-index';
import type { Repository } from './store/repository';
import type { AppSync } from './sync/sync-service';

/**
 * What the features reach the data floor through: the host bridge, the repository, the in-memory
 * indexes and the sync engine. Built once by the composition root (app/bootstrap.ts) and handed to
 * the React tree by ui/services.tsx.
 */
export interface Services {
  host: HostApi;
  hostInfo: HostInfo;
  repository: Repository;
  index: ContactIndex;
  /** Note counts and note text per contact, for the Notes column and note search. */
  notes: NoteIndex;
  /** The sync engine, started when a server is connected (Settings → Server). */
  appSync: AppSync;
  /**
   * Shows the index's pending burst changes now instead of at the next burst refresh (up to
   * 500 ms later): when an import ends, so its report and the list's count agree.
   */
  showPendingChanges(): void;
}
