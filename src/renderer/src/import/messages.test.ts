import { describe, expect, it } from 'vitest';
import type { ImportProblemRow } from '../../../shared/records';
import { sharedValues } from './messages';

const warned = (line: number, value: string, holder: { name: string; line?: number }): ImportProblemRow => ({
  line,
  cells: [],
  severity: 'warning',
  messages: [{ field: 'phone', code: 'phone-taken', params: { id: 'x', ...holder, value } }],
});

describe('sharedValues', () => {
  it('names the values most rows had to leave out, with their holder, most first', () => {
    const rows = [
      warned(5, '+15417543011', { name: 'Nancey', line: 4 }),
      warned(6, '+15417543011', { name: 'Nancey', line: 4 }),
      warned(7, '+34600000000', { name: 'Ana' }),
      { line: 8, cells: [], severity: 'error', messages: [{ field: 'email', code: 'email-invalid' }] } satisfies ImportProblemRow,
    ];
    expect(sharedValues(rows)).toEqual([
      { field: 'phone', value: '+15417543011', holder: 'Nancey|4', rows: 2 },
      { field: 'phone', value: '+34600000000', holder: 'Ana', rows: 1 },
    ]);
    expect(sharedValues(rows, 1)).toHaveLength(1);
  });
});
