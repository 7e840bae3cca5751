import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuCommand } from '../../../shared/host';
import { assertNever } from '../../../shared/result';
import { ContactFormDialog } from '../contacts/ContactFormDialog';
import { ContactsScreen } from '../contacts/ContactsScreen';
import { useContactUi } from '../contacts/contactUi';
import { useContactLinks } from '../contacts/useContactLinks';
import { currentRows } from '../contacts/currentView';
import { MergeDialog } from '../contacts/MergeDialog';
import { useSelection } from '../contacts/selection';
import { Toasts, useToasts } from '../ui/toasts';
import { SyncStatus } from '../sync/SyncStatus';
import { FilterRoot } from '../filters/FilterRoot';
import { ImportRoot } from '../import/ImportRoot';
import { useContactsView, useLoadingFirstRows } from '../contacts/store';
import { changeLanguage } from '../i18n';
import { LANGUAGE_SETTING, resolveLanguage, type LanguageSetting } from '../i18n/language';
import { SettingsDialog } from '../settings/SettingsDialog';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog';
import { useGlobalShortcuts } from '../shortcuts/useGlobalShortcuts';
import { AppSidebar } from '../sidebar/AppSidebar';
import { useServices } from '../ui/services';
import { useUi } from '../ui/uiStore';

const NO_SHORTCUTS = {};

export function App(props: { initialLanguage: LanguageSetting }) {
  const services = useServices();
  const { t } = useTranslation();
  const { hostInfo, host } = services;
  const dialog = useUi((s) => s.dialog);
  const openDialog = useUi((s) => s.openDialog);
  const focusSearch = useUi((s) => s.focusSearch);
  const setSearch = useContactsView((s) => s.setSearch);
  const openContact = useContactUi((s) => s.openContact);
  const [language, setLanguage] = useState<LanguageSetting>(props.initialLanguage);
  const [seeding, setSeeding] = useState<{ done: number; total: number } | null>(null);

  // Only the last start's first rows are in (app/firstRows.ts): the shortcuts, the filters and
  // import/export wait until every contact is read, so nothing acts on the partial list.
  const loading = useLoadingFirstRows();
  const handlers = useMemo(
    () => ({
      'focus-search': focusSearch,
      // Esc closes the open contact first, then clears the search.
      'clear-search': () => {
        if (useContactUi.getState().openId) useContactUi.getState().openContact(null);
        else setSearch('');
      },
      'show-shortcuts': () => openDialog(useUi.getState().dialog === 'shortcuts' ? null : 'shortcuts'),
      'open-settings': () => openDialog('settings'),
      'new-contact': () => useContactUi.getState().openForm({ mode: 'create' }),
      'select-all': () => useSelection.getState().set(currentRows(services.index, services.notes).map((contact) => contact.id)),
      // The toast's Undo from anywhere: Tab may be far from it (it pauses while focused, too).
      'toast-action': () => void useToasts.getState().runLatestAction(),
    }),
    [focusSearch, openDialog, setSearch, services.index, services.notes],
  );
  useGlobalShortcuts(hostInfo.platform, loading ? NO_SHORTCUTS : handlers);
  useContactLinks();

  useEffect(() => {
    const seed = (count: number) => {
      setSeeding({ done: 0, total: count });
      void import('../demo/seed').then(({ seedDemoContacts }) => seedDemoContacts(services, count, {
        seed: Date.now() % 2_147_483_647,
        onProgress: (done, total) => setSeeding({ done, total }),
      })).finally(() => setSeeding(null));
    };
    return host.onMenuCommand((command: MenuCommand) => {
      switch (command) {
        case 'focus-search':
        case 'show-shortcuts':
        case 'open-settings':
        case 'new-contact':
          handlers[command]();
          return;
        case 'import-csv':
        case 'export-csv':
          return; // ImportRoot handles them
        case 'seed-demo-10k':
          seed(10_000);
          return;
        case 'seed-demo-100k':
          seed(100_000);
          return;
        default:
          assertNever(command);
      }
    });
  }, [host, handlers, services]);

  const onLanguageChange = (next: LanguageSetting) => {
    setLanguage(next);
    void services.repository.settings.set(LANGUAGE_SETTING, next);
    void changeLanguage(resolveLanguage(next, hostInfo.locale));
  };

  return (
    <div className="app-shell">
      <AppSidebar />
      <ContactsScreen />
      {seeding && (
        <div className="toast" role="status">
          {t('seeding', { done: seeding.done, total: seeding.total })}
          <progress max={seeding.total} value={seeding.done} />
        </div>
      )}
      <footer className="app-footer">
        <SyncStatus appSync={services.appSync} platform={hostInfo.platform} onOpenContact={openContact} />
      </footer>
      <ContactFormDialog />
      <MergeDialog />
      <Toasts />
      {!loading && <FilterRoot />}
      {!loading && <ImportRoot />}
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => openDialog(null)} platform={hostInfo.platform} />
      <SettingsDialog
        open={dialog === 'settings'}
        onClose={() => openDialog(null)}
        language={language}
        systemLanguage={resolveLanguage('system', hostInfo.locale)}
        onLanguageChange={onLanguageChange}
      />
    </div>
  );
}
