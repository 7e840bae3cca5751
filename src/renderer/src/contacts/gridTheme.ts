import { colorSchemeVariable, themeQuartz } from 'ag-grid-community';

export const ROW_HEIGHT = 40;
export const HEADER_HEIGHT = 40;

/**
 * Light and dark: `colorSchemeVariable` switches on `data-ag-theme-mode` (set on <html> by
 * ui/appearance.ts), each mode with the colours of styles/base.css (`--panel`, `--text`, `--border`,
 * `--surface-subtle`, `--accent`) so the grid sits on the page's own surfaces.
 */
export const theme = themeQuartz
  .withPart(colorSchemeVariable)
  .withParams({
    fontFamily: 'inherit',
    fontSize: 13,
    headerFontWeight: 600,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    wrapperBorderRadius: 0,
    wrapperBorder: false,
  })
  .withParams(
    { accentColor: '#2f6fde', backgroundColor: '#ffffff', foregroundColor: '#1d2530', borderColor: '#e2e6eb', chromeBackgroundColor: '#fbfbfc', browserColorScheme: 'light' },
    'light',
  )
  .withParams(
    { accentColor: '#7aa7ff', backgroundColor: '#1d2127', foregroundColor: '#e6e9ee', borderColor: '#343a43', chromeBackgroundColor: '#191c21', browserColorScheme: 'dark' },
    'dark',
  );
