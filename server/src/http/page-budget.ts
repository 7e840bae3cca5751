/**
 * A byte budget per list or feed page (issue 17): 1,000 contacts of ~1 KB are ~1 MB, but 100 contacts
 * with 900 KB of attributes made one page 92 MB and the server's memory 1.12 GB, and ~600 would pass
 * V8's longest string. A page ends at the record that crosses the budget: large records make shorter
 * pages, never a failed one (the first record always goes, and one record is at most a few hundred KB
 * under the attribute limits).
 */

/** 8 MiB of JSON: ~8,000 ordinary contacts, so no ordinary page (≤ 1,000 records) is ever cut. */
export const PAGE_BYTE_BUDGET = 8 * 1024 * 1024;

/** How many of `records`, from the first, fit in `budget` bytes of JSON (at least one when there is one). */
export function countWithinBudget(records: readonly unknown[], budget = PAGE_BYTE_BUDGET): number {
  return countFitting(records.length, (index) => Buffer.byteLength(JSON.stringify(records[index]) ?? 'null'), budget);
}

/** The same for records already written as JSON text. */
export function countTextsWithinBudget(texts: readonly string[], budget = PAGE_BYTE_BUDGET): number {
  return countFitting(texts.length, (index) => Buffer.byteLength(texts[index]!), budget);
}

function countFitting(count: number, bytesOf: (index: number) => number, budget: number): number {
  let used = 0;
  for (let index = 0; index < count; index += 1) {
    used += bytesOf(index);
    if (used > budget) return Math.max(index, 1);
  }
  return count;
}
