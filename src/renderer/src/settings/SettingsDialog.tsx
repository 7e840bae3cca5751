import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import type { LanguageSetting } from '../i18n/language';
import { AttributesSection } from './AttributesSection';
import { GeneralSection } from './GeneralSection';
import { ImportsSection } from './ImportsSection';
import { LabelsSection } from './LabelsSection';
import { ServerSection } from './ServerSection';
import { host } from '../host';
import './settings.css';
import './attributesSettings.css';
import './pastImports.css';

export const SETTINGS_SECTIONS = ['general', 'labels', 'attributes', 'imports', 'server'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/**
 * The settings window: a vertical tab list of sections on the left (arrow keys, Home and End move
 * between them, as the WAI-ARIA tabs pattern has it) and the chosen section on the right. The
 * section stays chosen while the app runs, so reopening Settings returns where the user was.
 */
export function SettingsDialog(props: {
  open: boolean;
  onClose: () => void;
  language: LanguageSetting;
  systemLanguage: 'en' | 'es';
  onLanguageChange: (language: LanguageSetting) => void;
}) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('settings');
  const { t: tsync } = useTranslation('sync');
  const [section, setSection] = useState<SettingsSection>('general');
  const tabRefs = useRef(new Map<SettingsSection, HTMLButtonElement>());
  const baseId = useId();
  const tabId = (id: SettingsSection) => `${baseId}-tab-${id}`;
  const panelId = `${baseId}-panel`;
  const headingId = `${baseId}-heading`;

  const onTabKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = SETTINGS_SECTIONS.indexOf(section);
    const last = SETTINGS_SECTIONS.length - 1;
    const next =
      event.key === 'ArrowDown' ? (at + 1) % SETTINGS_SECTIONS.length
      : event.key === 'ArrowUp' ? (at + last) % SETTINGS_SECTIONS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const id = SETTINGS_SECTIONS[next] ?? 'general';
    setSection(id);
    tabRefs.current.get(id)?.focus();
  };

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={t('settings.title')}
      className="settings-dialog"
      footer={
        <button type="button" className="button primary" onClick={props.onClose}>
          {t('settings.done')}
        </button>
      }
    >
      <div className="settings-layout">
        <div
          className="settings-tabs"
          role="tablist"
          aria-orientation="vertical"
          aria-label={ts('sectionsLabel')}
          onKeyDown={onTabKeyDown}
        >
          {SETTINGS_SECTIONS.map((id) => (
            <button
              key={id}
              ref={(element) => {
                if (element) tabRefs.current.set(id, element);
                else tabRefs.current.delete(id);
              }}
              id={tabId(id)}
              type="button"
              role="tab"
              className="settings-tab"
              aria-selected={section === id}
              aria-controls={panelId}
              tabIndex={section === id ? 0 : -1}
              onClick={() => setSection(id)}
            >
              {id === 'server' ? tsync('section') : ts(`sections.${id}`)}
            </button>
          ))}
        </div>
        <div id={panelId} className="settings-panel" role="tabpanel" aria-labelledby={tabId(section)}>
          {section === 'general' && (
            <GeneralSection
              headingId={headingId}
              language={props.language}
              systemLanguage={props.systemLanguage}
              onLanguageChange={props.onLanguageChange}
            />
          )}
          {section === 'labels' && <LabelsSection headingId={headingId} />}
          {section === 'attributes' && <AttributesSection headingId={headingId} />}
          {section === 'imports' && <ImportsSection headingId={headingId} />}
          {section === 'server' && <ServerSection headingId={headingId} host={host} />}
        </div>
      </div>
    </Dialog>
  );
}
