import type { GridApi, SortModelItem } from 'ag-grid-community';
import { z } from 'zod';
import type { Contact } from '../../../shared/contact';
import { isSortColumn, type SortState } from '../data/api';
import { i18n as appI18n } from '../i18n';
import { formatRelativeDate } from '../ui/time';
import { formatPhone } from '../../../shared/validation/normalize';
import { firstViewWidths, type TypicalColumn } from './columnLayout';

/** The grid's columns as the user left them: order, widths, visibility and sort, kept in settings. */
export const GRID_COLUMNS_SETTING = 'grid.columns';

export const columnStateSchema = z.array(
  z.object({
    colId: z.string(),
    width: z.number().optional(),
    hide: z.boolean().nullable().optional(),
    sort: z.enum(['asc', 'desc']).nullable().optional(),
    sortIndex: z.number().nullable().optional(),
    pinned: z.union([z.enum(['left', 'right']), z.boolean()]).nullable().optional(),
    flex: z.number().nullable().optional(),
  }),
);

export type StoredColumnState = z.infer<typeof columnStateSchema>;

export function sortFromModel(model: SortModelItem[]): SortState | null {
  const first = model[0];
  if (!first || !isSortColumn(first.colId)) return null;
  return { column: first.colId, direction: first.sort };
}

export function columnSortModel(api: GridApi<Contact>): SortModelItem[] {
  return api
    .getColumnState()
    .filter((column) => column.sort)
    .map((column) => ({ colId: column.colId, sort: column.sort as 'asc' | 'desc' }));
}

/** Back to the columns as shipped: typical widths for this grid's width (columnLayout.ts), newest activity first. */
export function resetColumns(api: GridApi<Contact>): void {
  api.resetColumnState();
  const range = api.getHorizontalPixelRange();
  const widths = firstViewWidths(typicalColumns(api), range.right - range.left, measureText);
  api.applyColumnState({
    state: [...[...widths].map(([colId, width]) => ({ colId, width, flex: null })), { colId: 'lastActivityAt', sort: 'desc' as const }],
    defaultState: { sort: null },
  });
}

/** Beside a cell's text: AG Grid's cell padding (16 px a side in Quartz) and a pixel of rounding. */
const CELL_EXTRA = 34;
/** Beside a header's word: the padding, the sort icon and its gap, the resize handle. */
const HEADER_EXTRA = 56;
/** Beside a label's title: the chip's dot, gap, padding and border (styles/contactsScreen.css `.label-chip`). */
const CHIP_EXTRA = 32;

/** The texts a usual contact shows in each visible column, in the UI language. */
function typicalColumns(api: GridApi<Contact>): TypicalColumn[] {
  const family = getComputedStyle(document.body).fontFamily;
  const cell = `13px ${family}`;
  const header = `600 13px ${family}`;
  const language = appI18n.language;
  // A date cell's text is the longest of its forms (short style, as the cells show them): minutes,
  // hours or a calendar date. September's name is the longest abbreviation in both languages.
  const now = Date.now();
  const dateForms = [
    formatRelativeDate(now - 59 * 60_000, now, language, 'short'),
    formatRelativeDate(now - 23 * 3_600_000, now, language, 'short'),
    formatRelativeDate(Date.UTC(2026, 8, 28, 12), now, language, 'short'),
  ];
  const dateSample = dateForms.reduce((widest, text) => (measureText(text, cell) > measureText(widest, cell) ? text : widest));
  const typical: Record<string, string> = {
    name: 'Mariana Fernández Gutiérr', // 25 characters
    email: 'mariana.fernandez@acmecorp.com', // 30 characters
    phone: formatPhone('+34612345678'),
    company: 'Industrias Ferrer SL',
    city: 'San Sebastián',
    country: new Intl.DisplayNames([language], { type: 'region' }).of('GB') ?? 'United Kingdom',
    lastActivityAt: dateSample,
    createdAt: dateSample,
  };
  return (api.getColumns() ?? [])
    .filter((column) => column.isVisible())
    .map((column): TypicalColumn => {
      const colId = column.getColId();
      const definition = column.getColDef();
      if (colId === 'select') return { colId, texts: [], fixed: definition.width ?? 48 };
      const headerWords = (definition.headerName ?? '').split(/\s+/).map((word) => ({ text: word, font: header, extra: HEADER_EXTRA }));
      const sample =
        colId === 'labels'
          ? { text: 'cliente-vip', font: `12px ${family}`, extra: CHIP_EXTRA + CELL_EXTRA }
          : Object.hasOwn(typical, colId)
            ? { text: typical[colId] ?? '', font: colId === 'name' ? header : cell, extra: CELL_EXTRA }
            : null;
      return { colId, texts: sample ? [sample, ...headerWords] : headerWords };
    });
}

let measuringContext: CanvasRenderingContext2D | null = null;
function measureText(text: string, font: string): number {
  measuringContext ??= document.createElement('canvas').getContext('2d');
  if (!measuringContext) return text.length * 8;
  measuringContext.font = font;
  return measuringContext.measureText(text).width;
}

/** The sort the grid's columns show now, as the index's sort. */
export function gridSort(api: GridApi<Contact>): SortState | null {
  return sortFromModel(columnSortModel(api));
}
