import { useTranslation } from 'react-i18next';
import { ImportHistoryPanel } from '../import/ImportHistory';

/** Settings → Imports: every past import with its figures, its error report and undo. */
export function ImportsSection(props: { headingId: string }) {
  const { t } = useTranslation('settings');
  return (
    <div className="settings-section">
      <h3 id={props.headingId}>{t('sections.imports')}</h3>
      <p className="section-intro">{t('imports.intro')}</p>
      <ImportHistoryPanel />
    </div>
  );
}
