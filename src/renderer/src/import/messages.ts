import type { TFunction } from 'i18next';
import type { ImportProblemRow } from '../../../shared/records';
import { VALIDATION_CODES, type ValidationCode } from '../../../shared/validation';

type Message = ImportProblemRow['messages'][number];

const VALIDATION = new Set<string>(VALIDATION_CODES);
/** Warnings about a value imported as it was (not left out): an unknown country, an unverified phone. */
const KEPT_AS_GIVEN = new Set<string>(['country-unknown', 'phone-unverified'] satisfies ValidationCode[]);

/** One row problem in the user's language: "Phone: this phone number already belongs to …". */
export function describeMessage(t: TFunction, message: Message, severity: 'error' | 'warning'): string {
  const params = { ...message.params };
  let name = typeof params.name === 'string' ? params.name : '';
  if (typeof params.line === 'number') name = t('import:lineRef', { name, line: params.line });
  const text = VALIDATION.has(message.code)
    ? t(`validation:${message.code}`, { ...params, name })
    : t(`import:rowCodes.${message.code}`, { ...params, name });
  const field = fieldLabel(t, message.field);
  if (severity === 'warning' && !KEPT_AS_GIVEN.has(message.code)) return t('import:leftOut', { field, reason: text });
  return field ? `${field}: ${text}` : text;
}

export function fieldLabel(t: TFunction, field: string): string {
  if (field === 'row' || field === 'contact') return '';
  if (field.startsWith('customAttributes.')) return field.slice('customAttributes.'.length);
  if (field.startsWith('socialProfiles.')) return t(`import:social.${field.slice('socialProfiles.'.length)}`);
  return t(`import:fields.${field}`);
}

export function describeRow(t: TFunction, row: Pick<ImportProblemRow, 'messages' | 'severity'>): string {
  return row.messages.map((message) => describeMessage(t, message, row.severity)).join('; ');
}

export interface SharedValue {
  field: string;
  value: string;
  holder: string;
  rows: number;
}

/** The values most rows had to leave out ("+15417543011, kept by Nancey Windibank: left out of 22 rows"). */
export function sharedValues(problems: readonly ImportProblemRow[], limit = 3): SharedValue[] {
  const byValue = new Map<string, SharedValue>();
  for (const row of problems) {
    if (row.severity !== 'warning') continue;
    for (const message of row.messages) {
      const value = message.params?.value;
      if (typeof value !== 'string') continue;
      const key = `${message.field}\u0000${value}`;
      const entry = byValue.get(key);
      if (entry) entry.rows++;
      else {
        const line = message.params?.line;
        const name = String(message.params?.name ?? '');
        byValue.set(key, { field: message.field, value, holder: typeof line === 'number' ? `${name}|${line}` : name, rows: 1 });
      }
    }
  }
  return [...byValue.values()].sort((a, b) => b.rows - a.rows).slice(0, limit);
}
