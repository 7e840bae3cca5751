/**
 * The list's columns on first view (issue 19): each column as wide as a typical value of it needs
 * (a 25-character name, a 30-character email, a formatted phone…), measured in the grid's font,
 * rather than AG Grid's equal flex shares, which cut names and emails at 1366 px. Nothing is hidden:
 * when the columns are wider than the grid it scrolls sideways, and Labels and Last activity come
 * right after Phone so they are on screen at 1280 px. When they fit, what is left over widens
 * Labels. A saved layout (the user's widths, order and choices) is applied instead of this.
 */

/** A column's typical content: the text a usual value shows, and what surrounds it in the cell. */
export interface TypicalColumn {
  colId: string;
  /**
   * Texts whose widest (with its `extra`: cell padding, a label chip's dot and border, a header's
   * sort icon) decides the column's width: a sample value, each word of the header.
   */
  texts: readonly { text: string; font: string; extra: number }[];
  /** A column of fixed width (the selection checkbox): this, whatever the texts. */
  fixed?: number;
}

/** Gets what is left over once everything shown has its typical width. */
export const WIDENED_COLUMN = 'labels';

export function columnWidth(column: TypicalColumn, measure: (text: string, font: string) => number): number {
  if (column.fixed !== undefined) return column.fixed;
  return Math.ceil(Math.max(0, ...column.texts.map(({ text, font, extra }) => measure(text, font) + extra)));
}

/**
 * Widths for the visible columns of a grid `available` pixels wide. Pure: `measure` gives a text's
 * width in a CSS font (a canvas in the app, a stub in tests).
 */
export function firstViewWidths(
  columns: readonly TypicalColumn[],
  available: number,
  measure: (text: string, font: string) => number,
): Map<string, number> {
  const widths = new Map(columns.map((column) => [column.colId, columnWidth(column, measure)] as const));
  const spare = Math.floor(available - [...widths.values()].reduce((sum, width) => sum + width, 0));
  const widened = widths.get(WIDENED_COLUMN);
  if (spare > 0 && widened !== undefined) widths.set(WIDENED_COLUMN, widened + spare);
  return widths;
}
