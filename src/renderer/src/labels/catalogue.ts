import type { Label } from '../../../shared/records';

/** The dot of a label contacts carry that has no definition (no colour chosen yet). */
export const UNDEFINED_LABEL_COLOR = '#9aa5b1';

/** One label as every screen lists it. */
export interface CatalogueLabel {
  title: string;
  color: string;
  /** Contacts carrying it now. */
  count: number;
  /** Its definition (Settings → Labels, synced as a label record), or null when only contacts carry it. */
  definition: Label | null;
}

/**
 * The one label catalogue (issue 16): every defined label, plus every title a contact carries,
 * sorted by title. Labels reach contacts by paths that write no definition — an import, a sync
 * page, a bulk "Add label", the contact form — and Chatwoot's own contact labels are tags that need
 * no definition either, so the catalogue is derived from both sources rather than fed by each path:
 * a path added later cannot forget to feed it. The filter builder, Settings → Labels, the label
 * picker and the sidebar all list this.
 */
export function labelCatalogue(definitions: readonly Label[], counts: ReadonlyMap<string, number>): CatalogueLabel[] {
  const byTitle = new Map<string, CatalogueLabel>();
  for (const definition of definitions)
    byTitle.set(definition.title, { title: definition.title, color: definition.color, count: counts.get(definition.title) ?? 0, definition });
  for (const [title, count] of counts) {
    if (count > 0 && !byTitle.has(title)) byTitle.set(title, { title, color: UNDEFINED_LABEL_COLOR, count, definition: null });
  }
  return [...byTitle.values()].sort((a, b) => a.title.localeCompare(b.title));
}

export interface LabelOption {
  value: string;
  label: string;
  color: string;
}

/**
 * Filter → Labels → Value: the catalogue, plus any value a stored filter names that no contact
 * carries any more, so it can still be unticked.
 */
export function labelFilterOptions(catalogue: readonly CatalogueLabel[], chosen: readonly string[]): LabelOption[] {
  const options = catalogue.map((label) => ({ value: label.title, label: label.title, color: label.color }));
  const listed = new Set(options.map((option) => option.value));
  for (const value of chosen) {
    if (listed.has(value)) continue;
    listed.add(value);
    options.push({ value, label: value, color: UNDEFINED_LABEL_COLOR });
  }
  return options.sort((a, b) => a.label.localeCompare(b.label));
}

/** The label picker's completions: catalogue titles not yet chosen that contain what was typed, most used first. */
export function labelSuggestions(catalogue: readonly CatalogueLabel[], chosen: readonly string[], typed: string, limit: number): string[] {
  const taken = new Set(chosen);
  return catalogue
    .filter((label) => !taken.has(label.title) && (typed === '' || label.title.includes(typed)))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map((label) => label.title);
}
