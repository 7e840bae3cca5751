import { z } from 'zod';

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export type LanguageSetting = Language | 'system';

/** Where the user's language choice is kept (settings store), and its shape. */
export const LANGUAGE_SETTING = 'ui.language';
export const languageSettingSchema = z.enum(['system', ...SUPPORTED_LANGUAGES]);

/** The UI language: the user's setting, else the system locale when we have it, else English. */
export function resolveLanguage(setting: LanguageSetting | undefined, systemLocale: string): Language {
  if (setting && setting !== 'system') return setting;
  const primary = systemLocale.toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : 'en';
}
