import { z } from 'zod';
import { create } from 'zustand';

/**
 * Light or dark (issue 19). "system" follows `prefers-color-scheme`, live; the other two override
 * it. The choice is one attribute on <html>: `data-theme` picks the CSS `color-scheme`, which every
 * `light-dark()` colour of styles/base.css follows, and `data-ag-theme-mode` switches AG Grid's theme
 * (its `colorSchemeVariable` part, ContactsGrid.tsx). Without JavaScript yet (the boot screen)
 * `color-scheme: light dark` already follows the system.
 */
export const APPEARANCE_SETTING = 'ui.appearance';
export const appearanceSettingSchema = z.enum(['system', 'light', 'dark']);
export type AppearanceSetting = z.infer<typeof appearanceSettingSchema>;
export type Scheme = 'light' | 'dark';

export function resolveScheme(setting: AppearanceSetting, systemPrefersDark: boolean): Scheme {
  if (setting !== 'system') return setting;
  return systemPrefersDark ? 'dark' : 'light';
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function paint(setting: AppearanceSetting): void {
  const scheme = resolveScheme(setting, window.matchMedia(DARK_QUERY).matches);
  const root = document.documentElement;
  root.dataset.theme = scheme;
  root.dataset.agThemeMode = scheme;
}

interface AppearanceState {
  setting: AppearanceSetting;
  /** Shows the choice at once; the caller stores it. */
  choose(setting: AppearanceSetting): void;
}

export const useAppearance = create<AppearanceState>()((set) => ({
  setting: 'system',
  choose: (setting) => {
    set({ setting });
    paint(setting);
  },
}));

/** Applies the stored choice before the first render and follows the system while it is "system". */
export function startAppearance(setting: AppearanceSetting): void {
  useAppearance.getState().choose(setting);
  window.matchMedia(DARK_QUERY).addEventListener('change', () => paint(useAppearance.getState().setting));
}
