/** The largest demo the start option accepts: the 1M-row benchmarks seed through other means. */
export const MAX_DEMO_CONTACTS = 1_000_000;

/** `?demo=N` (or `--demo=N` in Electron): how many demo contacts to seed into an empty store. */
export function demoCountFromUrl(search: string): number | null {
  const raw = new URLSearchParams(search).get('demo');
  if (raw === null) return null;
  const count = Number(raw);
  if (!Number.isInteger(count) || count <= 0 || count > MAX_DEMO_CONTACTS) return null;
  return count;
}
