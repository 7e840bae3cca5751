import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_ES } from '@ag-grid-community/locale';

const AG_GRID_LOCALES: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map([
  ['en', AG_GRID_LOCALE_EN],
  ['es', AG_GRID_LOCALE_ES],
]);

/**
 * AG Grid's texts (what screen readers hear on headers, loading rows) for a UI language: AG Grid's
 * own translation of every key, then ours where they differ (`agGridLocale` in common.json: the tú
 * of Chatwoot's Spanish UI, key names as printed on keys).
 */
export function gridLocaleText(language: string, ours: Readonly<Record<string, string>>): Record<string, string> {
  return { ...(AG_GRID_LOCALES.get(language) ?? AG_GRID_LOCALE_EN), ...ours };
}
