import { create } from 'zustand';
import type { AttributeDefinition } from '../../../shared/records';
import { type Repository } from '../data/api';

/**
 * The custom attribute definitions, for every screen that shows or edits custom attributes (the
 * settings screen, the contact form, the filter builder). Sorted by display name.
 */
interface AttributeDefinitionsState {
  definitions: AttributeDefinition[];
  /** False until the first read from the database has landed. */
  loaded: boolean;
  setDefinitions(definitions: readonly AttributeDefinition[]): void;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortDefinitions(definitions: readonly AttributeDefinition[]): AttributeDefinition[] {
  return [...definitions].sort(
    (a, b) => collator.compare(a.displayName, b.displayName) || collator.compare(a.key, b.key),
  );
}

export const useAttributeDefinitions = create<AttributeDefinitionsState>()((set) => ({
  definitions: [],
  loaded: false,
  setDefinitions: (definitions) => set({ definitions: sortDefinitions(definitions), loaded: true }),
}));

type DefinitionsSource = Pick<Repository, 'attributeDefinitions'>;

// Reads can finish out of order (a slow first load after a quick re-read on a change): only the
// latest one started may write the store, so an older snapshot never overwrites a newer one.
let latestRead = 0;

/** Reads every definition into the store. */
export async function loadAttributeDefinitions(repository: DefinitionsSource): Promise<void> {
  const read = ++latestRead;
  const definitions = await repository.attributeDefinitions.getAll();
  if (read === latestRead) useAttributeDefinitions.getState().setDefinitions(definitions);
}

/**
 * Keeps the store current: re-reads the (small) table after every committed change to it, from
 * this window, another window or sync. A re-read started after the commit cannot miss it, which
 * applying the event's records to a list still being loaded could. Returns the unsubscribe.
 */
export function followAttributeDefinitions(repository: Pick<Repository, 'attributeDefinitions' | 'changes'>): () => void {
  return repository.changes.subscribe((change) => {
    if (change.entity === 'attributeDefinition') void loadAttributeDefinitions(repository);
  });
}

const connected = new WeakMap<object, Promise<void>>();

/**
 * Startup: follow changes first, then load, so no change between the two is missed. Idempotent
 * per repository (the app calls it at startup; the screens that need definitions call it too, so
 * they work whoever mounts first). Resolves once the first load has landed.
 */
export function connectAttributeDefinitions(
  repository: Pick<Repository, 'attributeDefinitions' | 'changes'>,
): Promise<void> {
  let loaded = connected.get(repository);
  if (!loaded) {
    followAttributeDefinitions(repository);
    loaded = loadAttributeDefinitions(repository);
    connected.set(repository, loaded);
  }
  return loaded;
}
