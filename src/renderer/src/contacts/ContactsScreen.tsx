import type { GridApi } from 'ag-grid-community';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { FilterActions } from '../filters/FilterActions';
import { FilterBar } from '../filters/FilterBar';
import { clearFilter, useFilterActive, useSelectedSegment } from '../filters/store';
import { useServices } from '../ui/services';
import { ImportExportActions } from '../import/ImportExportActions';
import { useSyncStatus } from '../sync/SyncStatus';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { ContactPanel, preloadNotes } from './ContactPanel';
import { useContactUi } from './contactUi';
import { ContactsGrid } from './ContactsGrid';
import { resetColumns } from './columnState';
import { SearchBox } from './SearchBox';
import { useContactsView, useLoadingFirstRows } from './store';

export function ContactsScreen() {
  const { t } = useTranslation();
  const [api, setApi] = useState<GridApi<Contact> | null>(null);
  // Only what changes rarely is read here: a search keystroke re-renders ListedCount and
  // NoMatches, not the whole screen (the grid updates itself from the store, outside React).
  // Whether the list is empty, not the count: an import's refreshes (every 500 ms) then re-render
  // only the count, not the whole screen (docs/import.md "Performance").
  const empty = useContactsView((s) => s.totalCount === 0);
  // Only the last start's first rows are in (app/firstRows.ts): they are shown, but nothing acts on
  // the partial list (search, sort, filters, selection, export) until every contact is read.
  const loading = useLoadingFirstRows();
  const gridMounted = useGridMount(empty);
  const label = useContactsView((s) => s.label);
  const segment = useSelectedSegment();
  // The view's own name as its title (issue 19): a segment's name, a label's, else "Contacts".
  const viewTitle = segment ? segment.name : label !== null ? t('contacts.taggedTitle', { label }) : t('contacts.title');
  useEffect(() => {
    document.title = `${viewTitle} · ${t('appName')}`;
  }, [viewTitle, t]);

  // The notes editor's code, fetched once the first rows are up, so opening a contact later never
  // waits for it (nor needs the network, in the web host).
  useEffect(() => {
    const id = requestIdleCallback(preloadNotes, { timeout: 10_000 });
    return () => cancelIdleCallback(id);
  }, []);

  const focusGrid = () => {
    if (!api || api.getDisplayedRowCount() === 0) return;
    api.ensureIndexVisible(0);
    const first = api.getAllDisplayedColumns()[0];
    if (first) api.setFocusedCell(0, first);
  };

  // The grid is mounted from the start, hidden behind the empty state while there is nothing to
  // list: mounting AG Grid costs 300–600 ms of main thread, and paying it when an import's first
  // batch arrives was the longest task of a 100k import (docs/import.md "Performance"). The grid
  // keeps its place in the tree, so the first contacts only fill it.
  return (
    <main className="contacts-screen">
      <header className="screen-header">
        {empty ? (
          <h1>{t('contacts.title')}</h1>
        ) : (
          <div className="screen-title">
            <h1>{viewTitle}</h1>
            <ListedCount />
          </div>
        )}
        <div className="screen-actions" inert={loading}>
          <ImportExportActions />
          <NewContactButton />
        </div>
        {!empty && (
          <div className="screen-toolbar" inert={loading}>
            <SearchBox onLeaveDown={focusGrid} />
            <BulkBar />
            <FilterActions />
            <ColumnsMenu api={api} onReset={() => api && resetColumns(api)} />
          </div>
        )}
      </header>
      {empty ? (
        <EmptyState />
      ) : (
        <FilterBar />
      )}
      {/* While empty: laid out at full size (AG Grid measures itself once, at mount) but not painted,
          out of the tab order and the accessibility tree (visibility: hidden, inert). */}
      <div className="grid-area" style={empty ? HIDDEN : undefined} inert={empty || loading} aria-busy={loading}>
        {gridMounted && <ContactsGrid onApi={setApi} />}
        {!empty && <ContactPanel />}
        {!empty && <NoMatches />}
      </div>
      {empty && <ContactPanel />}
    </main>
  );
}

const HIDDEN = { position: 'absolute', inset: 0, visibility: 'hidden', pointerEvents: 'none' } as const;

/**
 * Whether the grid is mounted yet. With contacts to list it mounts with the screen (the first rows
 * come first). On an empty list it mounts a task after the screen's first render: mounting AG Grid
 * is about half of that render's main-thread work, and one task doing both took 100–170 ms on a
 * first start (e.g. the first sync's), where nothing waits for the hidden grid.
 */
function useGridMount(empty: boolean): boolean {
  const [mounted, setMounted] = useState(!empty);
  useEffect(() => {
    if (mounted) return;
    const timer = window.setTimeout(() => setMounted(true), 0);
    return () => window.clearTimeout(timer);
  }, [mounted]);
  // Contacts arriving before that task mount it at once.
  return mounted || !empty;
}

function NewContactButton() {
  const { t } = useTranslation('contact');
  const openForm = useContactUi((s) => s.openForm);
  return (
    <button type="button" className="button primary" onClick={() => openForm({ mode: 'create' })}>
      {t('newContact')}
    </button>
  );
}

/** "N contacts", or "N of M contacts" while a filter is applied; "Loading contacts…" until all are read. */
function ListedCount() {
  const { t } = useTranslation();
  const listedCount = useContactsView((s) => s.listedCount);
  const totalCount = useContactsView((s) => s.totalCount);
  const filtered = useFilterActive();
  const loading = useLoadingFirstRows();
  let text = filtered ? t('contacts.countOf', { count: listedCount, total: totalCount }) : t('contacts.count', { count: listedCount });
  if (loading) text = t('loading');
  return (
    <p className="screen-count" role="status">
      {text}
    </p>
  );
}

/** What to say when the search or the label lists nothing. */
function NoMatches() {
  const { t } = useTranslation();
  const listedCount = useContactsView((s) => s.listedCount);
  const search = useContactsView((s) => s.search);
  const label = useContactsView((s) => s.label);
  const setSearch = useContactsView((s) => s.setSearch);
  const setLabel = useContactsView((s) => s.setLabel);
  const filtered = useFilterActive();
  const { repository } = useServices();
  if (listedCount !== 0 || (search === '' && label === null && !filtered)) return null;
  let title = t('contacts.noMatchesFilterTitle');
  if (search) title = t('contacts.noMatchesTitle', { search });
  else if (label !== null) title = t('contacts.noMatchesLabelTitle', { label });
  return (
    <section className="no-matches" aria-live="polite">
      <h2>{title}</h2>
      {search && <p>{t('contacts.noMatchesBody')}</p>}
      <div className="no-matches-actions">
        {search && (
          <button type="button" className="button" onClick={() => setSearch('')}>
            {t('contacts.clearSearch')}
          </button>
        )}
        {label !== null && (
          <button type="button" className="button" onClick={() => setLabel(null)}>
            {t('contacts.showAll')}
          </button>
        )}
        {filtered && (
          <button type="button" className="button" onClick={() => void clearFilter(repository)}>
            {t('contacts.clearFilters')}
          </button>
        )}
      </div>
    </section>
  );
}

/**
 * Nothing listed yet. While a connected server's first sync runs, the contacts are on their way:
 * saying "No contacts yet" (and "once you connect a server") then would be false. Its own
 * component, so a sync's progress re-renders only this, and only while the list is empty.
 */
function EmptyState() {
  const { t } = useTranslation();
  const { appSync } = useServices();
  const { status, connected } = useSyncStatus(appSync);
  const arriving = connected && status.phase === 'syncing';
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <div className="empty-illustration" aria-hidden="true" />
      <h2 id="empty-title">{t(arriving ? 'contacts.arrivingTitle' : 'contacts.emptyTitle')}</h2>
      <p>{t(arriving ? 'contacts.arrivingBody' : 'contacts.emptyBody')}</p>
      <NewContactButton />
    </section>
  );
}
