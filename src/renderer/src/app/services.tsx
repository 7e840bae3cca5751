import { createContext, useContext, type ReactNode } from 'react';
import type { HostApi, HostInfo } from '../../../shared/host';
import type { ContactIndex } from '../contacts/contactIndex';
import type { Repository } from '../db/repository';
import type { NoteIndex } from '../notes/noteIndex';
import type { AppSync } from '../sync/sync-service';

/** What the app's features share: the host bridge, the repository and the in-memory index. */
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

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider(props: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={props.services}>{props.children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
