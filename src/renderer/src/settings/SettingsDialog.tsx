import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import type { LanguageSetting } from '../i18n/language';

const LANGUAGE_NAMES: Record<'en' | 'es', string> = { en: 'English', es: 'Español' };

export function SettingsDialog(props: {
  open: boolean;
  onClose: () => void;
  language: LanguageSetting;
  systemLanguage: 'en' | 'es';
  onLanguageChange: (language: LanguageSetting) => void;
}) {
  const { t } = useTranslation();
  const languageId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={t('settings.title')}
      footer={
        <button type="button" className="button primary" onClick={props.onClose}>
          {t('settings.done')}
        </button>
      }
    >
      <div className="field">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          value={props.language}
          onChange={(event) => props.onLanguageChange(event.target.value as LanguageSetting)}
        >
          <option value="system">{t('settings.languageSystem', { language: LANGUAGE_NAMES[props.systemLanguage] })}</option>
          <option value="en">{LANGUAGE_NAMES.en}</option>
          <option value="es">{LANGUAGE_NAMES.es}</option>
        </select>
        <p className="field-hint">{t('settings.languageHint')}</p>
      </div>
    </Dialog>
  );
}
