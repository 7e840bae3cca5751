import type { GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contact';
import { FilterActions } from '../filters/FilterActions';
import { FilterBar } from '../filters/FilterBar';
import { ImportExportActions } from '../import/ImportExportActions';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { ContactPanel } from './ContactPanel';
import { useContactUi } from './contactUi';
import { ContactsGrid, resetColumns } from './ContactsGrid';
import { SearchBox } from './SearchBox';
import { useContactsView } from './store';

export function ContactsScreen() {
  const { t } = useTranslation();
  const [api, setApi] = useState<GridApi<Contact> | null>(null);
  const totalCount = useContactsView((s) => s.totalCount);
  const listedCount = useContactsView((s) => s.listedCount);
  const search = useContactsView((s) => s.search);
  const label = useContactsView((s) => s.label);
  const setSearch = useContactsView((s) => s.setSearch);
  const setLabel = useContactsView((s) => s.setLabel);

  const focusGrid = () => {
    if (!api || api.getDisplayedRowCount() === 0) return;
    api.ensureIndexVisible(0);
    const first = api.getAllDisplayedColumns()[0];
    if (first) api.setFocusedCell(0, first);
  };

  if (totalCount === 0) {
    return (
      <main className="contacts-screen">
        <header className="screen-header">
          <h1>{t('contacts.title')}</h1>
          <div className="screen-actions">
            <ImportExportActions />
            <NewContactButton />
          </div>
        </header>
        <section className="empty-state" aria-labelledby="empty-title">
          <div className="empty-illustration" aria-hidden="true" />
          <h2 id="empty-title">{t('contacts.emptyTitle')}</h2>
          <p>{t('contacts.emptyBody')}</p>
          <NewContactButton />
        </section>
        <ContactPanel />
      </main>
    );
  }

  const noMatches = listedCount === 0 && (search !== '' || label !== null);
  return (
    <main className="contacts-screen">
      <header className="screen-header">
        <div className="screen-title">
          <h1>{label === null ? t('contacts.title') : t('contacts.taggedTitle', { label })}</h1>
          <p className="screen-count" role="status">
            {t('contacts.count', { count: listedCount })}
          </p>
        </div>
        <div className="screen-actions">
          <BulkBar />
          <SearchBox onLeaveDown={focusGrid} />
          <FilterActions />
          <ColumnsMenu api={api} onReset={() => api && resetColumns(api)} />
          <ImportExportActions />
          <NewContactButton />
        </div>
      </header>
      <FilterBar />
      <div className="grid-area">
        <ContactsGrid onApi={setApi} />
        <ContactPanel />
        {noMatches && (
          <section className="no-matches" aria-live="polite">
            <h2>{search ? t('contacts.noMatchesTitle', { search }) : t('contacts.noMatchesLabelTitle', { label })}</h2>
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
            </div>
          </section>
        )}
      </div>
    </main>
  );
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
