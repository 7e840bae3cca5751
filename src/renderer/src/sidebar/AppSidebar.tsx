import { useTranslation } from 'react-i18next';
import { useUi } from '../ui/uiStore';
import { SegmentsNav } from '../filters/SegmentsNav';
import { clearFilter, useFilterActive, useSelectedSegment } from '../filters/store';
import { useServices } from '../ui/services';
import { useContactsView, useLoadingFirstRows } from '../contacts/store';
import { useLabelCatalogue } from '../labels/store';

/** The left sidebar: "Contacts" → "All contacts", and "Tagged with" each label with its count. */
export function AppSidebar() {
  const { t, i18n } = useTranslation();
  // Counts in the UI language, not the system's: "12.000" in Spanish on an English system (issue 19).
  const formatCount = (count: number) => count.toLocaleString(i18n.language);
  const totalCount = useContactsView((s) => s.totalCount);
  // While the start reads every contact (app/firstRows.ts) the counts are not known yet.
  const loading = useLoadingFirstRows();
  const selectedLabel = useContactsView((s) => s.label);
  const setLabel = useContactsView((s) => s.setLabel);
  const labels = useLabelCatalogue();
  const openDialog = useUi((s) => s.openDialog);
  const { repository } = useServices();
  const segment = useSelectedSegment();
  const filtered = useFilterActive();


  return (
    <nav className="app-sidebar" aria-label={t('nav.contacts')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span>{t('appName')}</span>
      </div>
      <h2 className="sidebar-heading">{t('nav.contacts')}</h2>
      <ul className="sidebar-list">
        <li>
          <button
            type="button"
            className="sidebar-item"
            aria-current={selectedLabel === null && !segment ? 'page' : undefined}
            onClick={() => {
              // "All contacts" means all of them: no label, no filter, no segment.
              setLabel(null);
              if (filtered) void clearFilter(repository);
            }}
          >
            <span className="sidebar-item-name">{t('nav.allContacts')}</span>
            <span className="sidebar-count">{loading ? '…' : formatCount(totalCount)}</span>
          </button>
        </li>
      </ul>
      <h2 className="sidebar-heading" id="tagged-with-heading">
        {t('nav.taggedWith')}
      </h2>
      {loading ? null : labels.length === 0 ? (
        <p className="sidebar-empty">{t('nav.noLabels')}</p>
      ) : (
        <ul className="sidebar-list" aria-labelledby="tagged-with-heading">
          {labels.map((label) => (
            <li key={label.title}>
              <button
                type="button"
                className="sidebar-item"
                aria-current={selectedLabel === label.title ? 'page' : undefined}
                aria-label={`${label.title}, ${t('nav.labelCount', { count: label.count })}`}
                onClick={() => setLabel(label.title)}
              >
                <span className="label-dot" style={{ backgroundColor: label.color }} aria-hidden="true" />
                <span className="sidebar-item-name">{label.title}</span>{' '}
                {/* The space keeps the visible text "vip 1" inside the name "vip, 1 contact" (axe: WCAG 2.5.3). */}
                <span className="sidebar-count" aria-hidden="true">
                  {formatCount(label.count)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <SegmentsNav />
      <div className="sidebar-footer">
        <button type="button" className="sidebar-item" onClick={() => openDialog('shortcuts')}>
          <span className="sidebar-item-name">{t('nav.shortcuts')}</span>
          <kbd>?</kbd>
        </button>
        <button type="button" className="sidebar-item" onClick={() => openDialog('settings')}>
          <span className="sidebar-item-name">{t('nav.settings')}</span>
        </button>
      </div>
    </nav>
  );
}
