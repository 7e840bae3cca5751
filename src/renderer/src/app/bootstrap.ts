import type { Contact } from '../../../shared/contact';
import type { HostApi, HostInfo } from '../../../shared/host';
import { ContactIndex } from '../data/index/contact-index';
import { currentQuery } from '../contacts/currentView';
import { useContactsView } from '../contacts/store';
import { openDb, type OpenDbOptions } from '../data/store/schema';
import { expandBulkOutbox } from '../data/store/outbox-expansion';
import { labelOpsGate, labelOpsSettled } from '../data/store/label-ops';
import { createRepository } from '../data/store/repository';
import { useLabels } from '../labels/store';
import { followNotes, NoteIndex } from '../data/notes/note-index';
import { notesServiceOf } from '../data/notes/notes-service';
import { createSyncParticipants } from '../data/sync/participants/index';
import { createAppSync } from '../data/sync/sync-service';
import { startSyncWorker } from '../data/sync/worker-client';
import { connectAttributeDefinitions } from '../settings/attributesStore';
import type { Services } from '../ui/services';
import { replayChangesDuringLoad } from './firstRows';

/** How often a burst of imported or synced changes refreshes the list and the label counts. */
const BURST_REFRESH_MS = 500;
/**
 * Quiet time after the last contact change before compact outbox rows (a bulk label change, an
 * import's batches) are unpacked into per-record rows (data/store/outbox-expansion.ts): long enough not to
 * compete with an import's or a bulk action's own writes, short enough that sync and the "changes
 * waiting" count see ordinary rows seconds later. The sync engine also expands before it reads.
 */
const OUTBOX_EXPANSION_DELAY_MS = 3000;
/** Longest slice of idle time spent folding a burst's newcomers for search (~1,000 haystacks). */
const FOLD_SLICE_MS = 5;

const FALLBACK_INFO: HostInfo = { kind: 'web', platform: 'other', locale: navigator.language || 'en', appVersion: '' };

export async function hostInfoOf(host: HostApi): Promise<HostInfo> {
  const result = await host.getInfo();
  return result.ok ? result.value : FALLBACK_INFO;
}

/**
 * Opens the store, loads every contact into the in-memory index and keeps the index and the
 * stores current from the repository's change events (this window's writes, other windows', sync's).
 */
export async function createServices(host: HostApi, hostInfo: HostInfo, options: OpenDbOptions = {}): Promise<Services> {
  const db = await openDb(undefined, options);
  const repository = createRepository(db);
  // Label ops a closed or reloaded window left unfolded (data/store/label-ops.ts) are written into their
  // rows now (one count of an empty table when there are none); the early read already applied them.
  labelOpsGate(db).check();
  const index = new ContactIndex();
  const notes = new NoteIndex();
  // The engine runs in a worker (data/sync/sync.worker.ts): a page of the feed is parsed, merged and
  // written there; this window only makes its requests through the host and updates the index.
  const engine =
    typeof Worker === 'function'
      ? startSyncWorker({ host, onMessagesChanged: (contactIds) => repository.messages.announce(contactIds) })
      : undefined;
  const appSync = createAppSync({
    host,
    sync: repository.sync,
    engine,
    participants: engine ? undefined : createSyncParticipants(db, repository),
    subscribe: repository.changes.subscribe,
  });
  const services: Services = {
    host,
    hostInfo,
    repository,
    index,
    notes,
    appSync,
    showPendingChanges: () => {
      if (pendingRefresh === undefined) return;
      window.clearTimeout(pendingRefresh);
      showIndex(true);
    },
  };

  // The user's own edits show at once. Bursts (an import's batches, a sync's pages) are applied to
  // the index as they come but shown at most every BURST_REFRESH_MS: each refresh re-sorts and
  // recounts 100k+ contacts, which per 2,000-row batch kept the main thread busy for seconds.
  let pendingRefresh: number | undefined;
  const showIndex = (inBurst: boolean) => {
    pendingRefresh = undefined;
    useContactsView.getState().indexChanged(index.version, index.size, index.labelCounts(), inBurst);
  };
  // During a burst the newcomers' search haystacks are folded in idle time between its batches;
  // otherwise the next search keystroke folded every contact that arrived since the last one (during
  // a first sync the largest share of a keystroke's script, docs/benchmarks.md "The list during a burst").
  let folding = false;
  const foldWhenIdle = () => {
    if (folding || typeof requestIdleCallback !== 'function') return;
    folding = true;
    // Short slices: an idle period lasts up to 50 ms, and a keystroke arriving meanwhile waits for the slice.
    inIdleSlices((timeLeft) => index.prepareSearchInIdle(timeLeft), () => (folding = false), FOLD_SLICE_MS);
  };
  let pendingExpansion: number | undefined;
  const expandLater = () => {
    window.clearTimeout(pendingExpansion);
    pendingExpansion = window.setTimeout(() => {
      pendingExpansion = undefined;
      // Safe to run any time and to repeat (each transaction re-reads its progress); a failure
      // leaves the compact rows for the next run or for sync to expand.
      // After any label-op fold (data/store/label-ops.ts): contact writes wait for the fold, the outbox
      // expansion does not, and the two compete for the same IndexedDB backend.
      labelOpsSettled(db)
        .then(() => expandBulkOutbox(db))
        .catch((error: unknown) => reportError(error));
    }, OUTBOX_EXPANSION_DELAY_MS);
  };
  // Not at start-up: rows a crash or a closed window left packed are expanded by the next sync run
  // (it expands before it reads) or after the next change; unpacking 100k rows while the list loads
  // would compete with it.
  repository.changes.subscribe((change) => {
    if (change.entity === 'contact') {
      if (change.origin !== 'sync') expandLater();
      index.applyChanges(change.put, change.deleted);
      if (change.origin === 'local') {
        window.clearTimeout(pendingRefresh);
        showIndex(false);
      } else {
        pendingRefresh ??= window.setTimeout(() => {
          // Two tasks instead of one: the list's view over the whole index (an O(n) pass, with
          // the newcomers merged into the shown sort order) is computed here and cached by the
          // index; the stores, the grid and React take it in the next task. One task did both in
          // 40–120 ms at 100k contacts on this loaded machine (docs/import.md "Performance").
          index.view(currentQuery(notes));
          pendingRefresh = window.setTimeout(() => {
            showIndex(true);
            foldWhenIdle();
          }, 0);
        }, BURST_REFRESH_MS);
      }
    } else if (change.entity === 'label') {
      void repository.labels.getAll().then((labels) => useLabels.getState().setLabels(labels));
    }
  });
  return services;
}

export async function loadContacts(services: Services, earlyContacts?: Promise<Contact[] | null>): Promise<void> {
  const [contacts, labels] = await Promise.all([
    earlyContacts?.then((early) => early ?? services.repository.contacts.getAll()) ?? services.repository.contacts.getAll(),
    services.repository.labels.getAll(),
    connectAttributeDefinitions(services.repository),
  ]);
  // Where a start's time goes (docs/architecture.md "Startup"): reading every contact, then indexing them.
  performance.mark('wintook:contacts-read');
  // A malformed row (labels not a list…) is set aside rather than stopping the app (issue 17).
  services.index.load(await services.repository.quarantine.setAsideMalformedContacts(contacts));
  const hadFirstRows = replayChangesDuringLoad(services.index);
  performance.mark('wintook:index-loaded');
  // Notes are not needed for the first rows: their index fills in the background.
  void followNotes(services.notes, notesServiceOf(services), () => useContactsView.getState().notesChanged()).ready;
  useLabels.getState().setLabels(labels);
  const { index, notes } = services;
  if (!hadFirstRows) {
    useContactsView.getState().indexChanged(index.version, index.size, index.labelCounts());
    return;
  }
  // One update: the loading state ends with the whole count, never the first rows' count, on screen.
  useContactsView.setState({
    indexVersion: index.version,
    totalCount: index.size,
    labelCounts: index.labelCounts(),
    inBurst: false,
    loadingSort: null,
    listedCount: index.view(currentQuery(notes)).count,
  });
}

/**
 * Builds the search text and every column's sort order in idle time after the first rows are on
 * screen; `onReady` fires once nothing is left to build, so the first search and the first sort of
 * any column are as fast as the later ones.
 */
export function prepareIndexWhenIdle(services: Services, onReady: () => void): void {
  inIdleSlices((timeLeft) => services.index.prepareInIdle(timeLeft) === 'done', onReady);
}

/**
 * Runs `work` in idle periods until it says it is done, then `onDone`. `work` gets the milliseconds
 * left of its slice: the idle period, or at most `sliceMs` of it.
 */
function inIdleSlices(work: (timeLeft: () => number) => boolean, onDone: () => void, sliceMs = Number.POSITIVE_INFINITY): void {
  const step = (deadline: IdleDeadline) => {
    const until = performance.now() + sliceMs;
    if (work(() => Math.min(deadline.timeRemaining(), until - performance.now()))) onDone();
    else requestIdleCallback(step);
  };
  requestIdleCallback(step);
}
