/**
 * Whether a stored value has the shape of a `Contact`, checked field by field with `typeof` (no
 * schema library: it runs over every contact at start, 100k of them in a few milliseconds). A row
 * written by a bug, an old version or a hand-edited profile must not stop the app (issue 17): the
 * caller sets such rows aside. Missing optional fields (older rows) are fine; wrong types are not.
 */

const NULLABLE_TEXT = ['email', 'phone', 'identifier', 'company', 'city', 'country', 'countryCode', 'description'] as const;
const NULLABLE_NUMBER = ['serverId', 'lastActivityAt', 'version'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldsProblem(value: Record<string, unknown>, where: string): string | null {
  if (typeof value.name !== 'string') return `${where}name`;
  for (const field of NULLABLE_TEXT) {
    const text = value[field];
    if (text !== undefined && text !== null && typeof text !== 'string') return `${where}${field}`;
  }
  if (!Array.isArray(value.labels)) return `${where}labels`;
  if (!value.labels.every((label) => typeof label === 'string')) return `${where}labels`;
  if (value.customAttributes !== undefined) {
    if (!isRecord(value.customAttributes)) return `${where}customAttributes`;
    for (const attribute of Object.values(value.customAttributes)) {
      if (attribute !== null && typeof attribute !== 'string' && typeof attribute !== 'number' && typeof attribute !== 'boolean') {
        return `${where}customAttributes`;
      }
    }
  }
  if (value.socialProfiles !== undefined && !isRecord(value.socialProfiles)) return `${where}socialProfiles`;
  if (value.blocked !== undefined && typeof value.blocked !== 'boolean') return `${where}blocked`;
  return null;
}

/** What `contactShapeProblem` names when the record is not even an object. */
export const RECORD = '(record)';

/**
 * Null when `value` can be used as a contact; otherwise the first field that cannot (`labels`,
 * `base.customAttributes`, or {@link RECORD}), for Settings and logs.
 */
export function contactShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return RECORD;
  if (typeof value.id !== 'string' || value.id === '') return 'id';
  const fields = fieldsProblem(value, '');
  if (fields) return fields;
  if (typeof value.createdAt !== 'number') return 'createdAt';
  if (typeof value.updatedAt !== 'number') return 'updatedAt';
  for (const field of NULLABLE_NUMBER) {
    const number = value[field];
    if (number !== undefined && number !== null && typeof number !== 'number') return field;
  }
  if (value.base !== undefined && value.base !== null) {
    if (!isRecord(value.base)) return 'base';
    return fieldsProblem(value.base, 'base.');
  }
  return null;
}
