import type { Contact } from '../../../../shared/contact';
import {
  compileFilter,
  defaultFold,
  type ContactPredicate,
  type FoldField,
  type ValidFilter,
} from '../../../../shared/filters';

/**
 * Folded text fields (case, accents), remembered per contact object between filters. Folding is
 * most of what a text condition costs: "Name contains …" over 100k demo contacts took ~50 ms folding
 * every name and ~10 ms reading them from here (Node, this 2-core VM under load; medians 3–5× apart).
 * Contacts are immutable (the index swaps in a new object on every change), so a WeakMap keyed by
 * the object can never serve a stale value, and entries go with the contacts they belong to.
 * Each attribute's cache costs ~80 bytes per contact (8 MB at 100k), so only the attributes of the
 * last few filters are kept: people go back and forth between a few filters, and the cache must
 * survive a filter without text conditions in between.
 */
export const MAX_CACHED_ATTRIBUTES = 3;
/** Attribute key → its cache; Map order is least recently used first. */
const caches = new Map<string, WeakMap<Contact, string>>();

function touch(key: string): WeakMap<Contact, string> {
  const cache = caches.get(key) ?? new WeakMap<Contact, string>();
  caches.delete(key);
  caches.set(key, cache);
  while (caches.size > MAX_CACHED_ATTRIBUTES) caches.delete(caches.keys().next().value as string);
  return cache;
}

function cachedFold(keys: ReadonlySet<string>): FoldField {
  const byKey = new Map([...keys].map((key) => [key, touch(key)]));
  return (contact, attribute) => {
    const cache = byKey.get(attribute.key);
    if (!cache) return defaultFold(contact, attribute);
    let folded = cache.get(contact);
    if (folded === undefined) {
      folded = defaultFold(contact, attribute);
      cache.set(contact, folded);
    }
    return folded;
  };
}

/** How many attributes have a cache (for tests). */
export function cachedAttributeCount(): number {
  return caches.size;
}

/** `compileFilter` with the fold cache, for the filter applied in the app. */
export function compileWithFoldCache(filter: ValidFilter, now: number): ContactPredicate {
  const textKeys = new Set(
    filter.conditions
      .filter(
        (condition) => condition.attribute.dataType === 'text' || condition.attribute.dataType === 'list',
      )
      .map((condition) => condition.attribute.key),
  );
  return compileFilter(filter, { now, fold: cachedFold(textKeys) });
}
