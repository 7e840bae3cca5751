import { DEFAULT_LABEL_COLOR } from '../../../shared/records';

/**
 * The label colours offered first. Each is a mid-tone that keeps at least 3:1 contrast against the
 * white panel (WCAG 1.4.11 for graphical objects), except Chatwoot's default blue (2.9:1), kept so
 * labels made in Chatwoot match a swatch. Names are i18n keys under `colors.` in `settings`.
 */
export const LABEL_PALETTE: readonly { name: string; color: string }[] = [
  { name: 'blue', color: DEFAULT_LABEL_COLOR },
  { name: 'indigo', color: '#4f46e5' },
  { name: 'violet', color: '#7c3aed' },
  { name: 'pink', color: '#db2777' },
  { name: 'red', color: '#dc2626' },
  { name: 'orange', color: '#ea580c' },
  { name: 'amber', color: '#b45309' },
  { name: 'lime', color: '#4d7c0f' },
  { name: 'green', color: '#15803d' },
  { name: 'teal', color: '#0f766e' },
  { name: 'cyan', color: '#0e7490' },
  { name: 'slate', color: '#64748b' },
];

/** The palette name of a colour, or null for a custom one. */
export function paletteName(color: string): string | null {
  const lower = color.toLowerCase();
  return LABEL_PALETTE.find((entry) => entry.color === lower)?.name ?? null;
}
