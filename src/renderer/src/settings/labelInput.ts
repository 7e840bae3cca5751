import type { Label } from '../../../shared/records';
import { characterCount, isValidLabel, normalizeLabel } from '../../../shared/validation';
import { settingsError, validationError, type FieldError } from './fieldError';

/** Chatwoot's `labels.title` column is a string; the shared contact rules cap labels at 255 too. */
export const LABEL_TITLE_MAX = 255;

export type LabelTitleCheck = { ok: true; title: string } | { ok: false; error: FieldError };

/**
 * What a typed label title will be stored as, or why it cannot be: normalised the way the contact
 * form and the import normalise labels (trimmed, lower-cased, inner spaces → "-"), then checked
 * against Chatwoot's title rule and against the other labels (`exceptId` is the one being renamed).
 */
export function checkLabelTitle(raw: string, labels: readonly Label[], exceptId?: string): LabelTitleCheck {
  const title = normalizeLabel(raw);
  if (title === '') return { ok: false, error: settingsError('label-required') };
  if (characterCount(title) > LABEL_TITLE_MAX)
    return { ok: false, error: validationError('too-long', { max: LABEL_TITLE_MAX }) };
  if (!isValidLabel(title)) return { ok: false, error: validationError('label-invalid', { label: title }) };
  if (labels.some((label) => label.title === title && label.id !== exceptId))
    return { ok: false, error: settingsError('label-taken', { title }) };
  return { ok: true, title };
}

/**
 * Label titles contacts carry that have no definition (a deleted label, or one that arrived on a
 * contact from sync or import): they show grey in the sidebar, and Settings offers to define them.
 */
export function undefinedLabelTitles(
  counts: ReadonlyMap<string, number>,
  labels: readonly Label[],
): { title: string; count: number }[] {
  const defined = new Set(labels.map((label) => label.title));
  return [...counts]
    .filter(([title, count]) => count > 0 && !defined.has(title))
    .map(([title, count]) => ({ title, count }))
    .sort((a, b) => a.title.localeCompare(b.title));
}
