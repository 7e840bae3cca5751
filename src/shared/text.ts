/**
 * Text folding for sorting, searching and filtering, the way a Spanish or English speaker expects.
 *
 * `sortKey` is compared with plain `<` (code units), which is ~10× faster than `Intl.Collator` over
 * 100k names; it ignores case and accents ("Ángel" beside "Angel") but keeps ñ as its own letter
 * right after n ("Ñandú" after "Nube"), as Spanish alphabetical order does.
 * `searchKey` folds ñ to n as well: someone typing "munoz" expects to find "Muñoz".
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const N_TILDE = /n\u0303/g;
/** Sorts after every other letter sequence starting with n and before "o". */
const N_TILDE_SORT = 'n\uffff';

const asciiOnly = /^[\x20-\x7e]*$/;

export function sortKey(text: string | null | undefined): string {
  if (!text) return '';
  const lower = text.toLowerCase().trim();
  if (asciiOnly.test(lower)) return lower;
  return lower.normalize('NFD').replace(N_TILDE, N_TILDE_SORT).replace(COMBINING_MARKS, '').normalize('NFC');
}

export function searchKey(text: string | null | undefined): string {
  if (!text) return '';
  const lower = text.toLowerCase();
  if (asciiOnly.test(lower)) return lower;
  return lower.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** Compares two sort keys; empty keys are handled by the caller (they go last in both directions). */
export function compareSortKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The digits of a phone number as a number, for numeric sorting; null when it has none. */
export function phoneDigits(phone: string | null | undefined): number | null {
  if (!phone) return null;
  const digits = phone.replace(/\D+/g, '');
  if (digits.length === 0) return null;
  return Number(digits.slice(0, 15));
}
