/**
 * Dates as people read them: relative while recent ("3 days ago", "hace 3 días"), the date in the
 * user's locale after that, and the exact date and time on hover. The list's cells use the short
 * forms ("14 min. ago", "hace 14 min"): a column shows them whole at laptop widths, where "hace 14
 * minutos" was cut (issue 19); the panel and notes, with room, keep the long ones.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Older than this shows a calendar date: "3 weeks ago" is vaguer than "2 Nov 2026". */
const RELATIVE_LIMIT = 7 * DAY;

export type RelativeStyle = 'long' | 'short';

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string, style: RelativeStyle): Intl.RelativeTimeFormat {
  const key = `${locale}|${style}`;
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style });
    relativeFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, kind: 'date' | 'exact'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    format =
      kind === 'date'
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
        : new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' });
    dateFormats.set(key, format);
  }
  return format;
}

export function formatRelativeDate(epochMs: number, now: number, locale: string, style: RelativeStyle = 'long'): string {
  const elapsed = now - epochMs;
  if (elapsed < 0 || elapsed >= RELATIVE_LIMIT) return dateFormat(locale, 'date').format(epochMs);
  const rtf = relativeFormat(locale, style);
  if (elapsed < MINUTE) return rtf.format(0, 'second');
  if (elapsed < HOUR) return rtf.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return rtf.format(-Math.floor(elapsed / HOUR), 'hour');
  return rtf.format(-Math.floor(elapsed / DAY), 'day');
}

export function formatExactDate(epochMs: number, locale: string): string {
  return dateFormat(locale, 'exact').format(epochMs);
}
