import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from './fieldError';

/** Turns a field error into its message in the current language. */
export function useFieldErrorText(): (error: FieldError | null | undefined) => string {
  const { t } = useTranslation('settings');
  return useCallback(
    (error) => {
      if (!error) return '';
      return error.ns === 'validation'
        ? t(error.code, { ns: 'validation', ...error.params })
        : t(`errors.${error.code}`, { ...error.params });
    },
    [t],
  );
}
