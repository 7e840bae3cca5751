/**
 * The equality tests of stored and synced values, in one place. Pure, no imports: the renderer's
 * boot script (label-change.ts), the sync merge and the server all use it.
 *
 * They differ on purpose, and each caller picks the one whose edge cases it needs:
 * - `sameValue`: structural; object key order ignored; a key whose value is `undefined` counts as
 *   absent (as after IndexedDB or JSON); NaN equals NaN. What a stored contact field is compared by.
 * - `sameJsonValue`: equal as stable JSON (key order ignored, undefined object keys dropped), with a
 *   top-level `undefined` (an absent field) equal only to itself; NaN and ±Infinity are JSON `null`.
 *   What the sync merge and the server-copy applies compare by.
 * - `sameJsonText`: equal as `JSON.stringify` text, so object key order counts. What plain record
 *   updates (attribute definitions, segments) and the server's contact PATCH compare by.
 * - `sameSet`: the same members in any order (labels are a set); duplicates are not counted.
 * - `sameList`: the same members in the same order.
 */

export function sameValue(a: unknown, b: unknown): boolean {
  // === so that 0 and -0 are the same number; NaN is the one value not equal to itself.
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((k) => left[k] !== undefined);
  const rightKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((k) => Object.prototype.hasOwnProperty.call(right, k) && sameValue(left[k], right[k]));
}

export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

export function sameJsonText(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
