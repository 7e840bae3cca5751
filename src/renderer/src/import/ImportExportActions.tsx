import { useTranslation } from 'react-i18next';
import { useImport } from './importStore';

/** Header actions of the import/export feature: Import (file picker), Export, and past imports. */
export function ImportExportActions() {
  const { t } = useTranslation('import');
  const requestPick = useImport((s) => s.requestPick);
  const setExportOpen = useImport((s) => s.setExportOpen);
  const setHistoryOpen = useImport((s) => s.setHistoryOpen);
  return (
    <>
      <button type="button" className="button" onClick={requestPick} aria-keyshortcuts="Control+I Meta+I">
        {t('import')}
      </button>
      <button type="button" className="button" onClick={() => setExportOpen(true)}>
        {t('export')}
      </button>
      <button type="button" className="button subtle" onClick={() => setHistoryOpen(true)}>
        {t('history')}
      </button>
    </>
  );
}
