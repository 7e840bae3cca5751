import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageSetting } from '../i18n/language';
import { StorageHealth } from './StorageHealth';

const LANGUAGE_NAMES: Record<'en' | 'es', string> = { en: 'English', es: 'Español' };

/** Settings → General: the interface language, and records the app had to set aside (if any). */
export function GeneralSection(props: {
  headingId: string;
  language: LanguageSetting;
  systemLanguage: 'en' | 'es';
  onLanguageChange: (language: LanguageSetting) => void;
}) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('settings');
  const languageId = useId();
  const hintId = useId();
  return (
    <div className="settings-section">
      <h3 id={props.headingId}>{ts('sections.general')}</h3>
      <div className="field">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          className="select-input"
          value={props.language}
          aria-describedby={hintId}
          onChange={(event) => props.onLanguageChange(event.target.value as LanguageSetting)}
        >
          <option value="system">{t('settings.languageSystem', { language: LANGUAGE_NAMES[props.systemLanguage] })}</option>
          <option value="en">{LANGUAGE_NAMES.en}</option>
          <option value="es">{LANGUAGE_NAMES.es}</option>
        </select>
        <p id={hintId} className="field-hint">
          {t('settings.languageHint')}
        </p>
      </div>
      <StorageHealth />
    </div>
  );
}
