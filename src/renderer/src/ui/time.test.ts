import { describe, expect, it } from 'vitest';
import { formatRelativeDate } from './time';

const now = Date.UTC(2026, 11, 7, 12);
const minutes = (count: number) => now - count * 60_000;

describe('formatRelativeDate', () => {
  it('says how long ago in full by default, as the panel and notes show it', () => {
    expect(formatRelativeDate(minutes(14), now, 'es')).toBe('hace 14 minutos');
    expect(formatRelativeDate(minutes(14), now, 'en')).toBe('14 minutes ago');
  });

  it('has a short form for the list, which fits a column at laptop widths', () => {
    expect(formatRelativeDate(minutes(14), now, 'es', 'short')).toBe('hace 14 min');
    expect(formatRelativeDate(minutes(23 * 60), now, 'es', 'short')).toBe('hace 23 h');
    expect(formatRelativeDate(minutes(14), now, 'en', 'short')).toBe('14 min. ago');
  });

  it('shows a calendar date after a week and for a future date, whatever the style', () => {
    const september = Date.UTC(2026, 8, 28, 12);
    expect(formatRelativeDate(september, now, 'es', 'short')).toBe(formatRelativeDate(september, now, 'es'));
    expect(formatRelativeDate(september, now, 'es')).toMatch(/28 sept 2026/);
    expect(formatRelativeDate(now + 60_000, now, 'en', 'short')).toMatch(/Dec 7, 2026/);
  });
});
