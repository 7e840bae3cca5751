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
