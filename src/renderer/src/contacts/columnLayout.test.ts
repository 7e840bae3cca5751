import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnWidth, firstViewWidths, type TypicalColumn } from './columnLayout';

/** A monospace stand-in for the canvas: 7 px a character, 8 in a bold font. */
const measure = (text: string, font: string) => [...text].length * (font.startsWith('600') ? 8 : 7);

const columns: TypicalColumn[] = [
  { colId: 'select', texts: [], fixed: 48 },
  { colId: 'name', texts: [{ text: 'Mariana Fernández Gutiérr', font: '600 13px sans', extra: 34 }, { text: 'Name', font: '600 13px sans', extra: 56 }] },
  { colId: 'email', texts: [{ text: 'mariana.fernandez@acmecorp.com', font: '13px sans', extra: 34 }] },
  { colId: 'labels', texts: [{ text: 'Etiquetas', font: '600 13px sans', extra: 56 }, { text: 'cliente-vip', font: '12px sans', extra: 66 }] },
];

describe('first view column widths', () => {
  it('gives each column its widest typical text plus what surrounds it', () => {
    expect(columnWidth(columns[1]!, measure)).toBe(25 * 8 + 34);
    expect(columnWidth(columns[3]!, measure)).toBe(Math.max(9 * 8 + 56, 11 * 7 + 66));
    expect(columnWidth(columns[0]!, measure)).toBe(48);
  });

  it('keeps the typical widths when the grid is narrower than them (the grid scrolls sideways)', () => {
    const widths = firstViewWidths(columns, 300, measure);
    expect(widths.get('name')).toBe(234);
    expect(widths.get('email')).toBe(30 * 7 + 34);
  });

  it('gives what is left over to Labels, so the columns fill the grid exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), (available) => {
        const widths = firstViewWidths(columns, available, measure);
        const total = [...widths.values()].reduce((sum, width) => sum + width, 0);
        const natural = columns.reduce((sum, column) => sum + columnWidth(column, measure), 0);
        expect(total).toBe(Math.max(natural, available));
        for (const column of columns.filter((c) => c.colId !== 'labels')) expect(widths.get(column.colId)).toBe(columnWidth(column, measure));
      }),
    );
  });
});
