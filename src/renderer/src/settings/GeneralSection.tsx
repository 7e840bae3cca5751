import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { APPEARANCE_SETTING, appearanceSettingSchema, useAppearance } from '../ui/appearance';
import type { LanguageSetting } from '../i18n/language';
import { StorageHealth } from './StorageHealth';

const LANGUAGE_NAMES: Record<'en' | 'es', string> = { en: 'English', es: 'Español' };

/** Settings → General: the interface language, the appearance, and records the app had to set aside (if any). */
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
      <AppearanceField />
      <StorageHealth />
    </div>
  );
}

/** System, Light or Dark: shown at once, stored with the other settings. */
function AppearanceField() {
  const { t } = useTranslation('settings');
  const { repository } = useServices();
  const setting = useAppearance((s) => s.setting);
  const choose = useAppearance((s) => s.choose);
  const fieldId = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={fieldId}>{t('appearance.label')}</label>
      <select
        id={fieldId}
        className="select-input"
        value={setting}
        aria-describedby={hintId}
        onChange={(event) => {
          const next = appearanceSettingSchema.safeParse(event.target.value);
          if (!next.success) return;
          choose(next.data);
          void repository.settings.set(APPEARANCE_SETTING, next.data);
        }}
      >
        <option value="system">{t('appearance.system')}</option>
        <option value="light">{t('appearance.light')}</option>
        <option value="dark">{t('appearance.dark')}</option>
      </select>
      <p id={hintId} className="field-hint">
        {t('appearance.hint')}
      </p>
    </div>
  );
}
