import { z } from 'zod';
import { create } from 'zustand';
import type { Contact } from '../../../shared/contact';
import {
  attributesFor,
  validateFilter,
  type FilterAttribute,
  type FilterPayload,
  type ValidFilter,
} from '../../../shared/filters';
import type { AttributeDefinition, Segment } from '../../../shared/records';
import { type Repository, compileWithFoldCache } from '../data/api';
import { samePayload } from './draft';

/**
 * The filter feature's state: the applied filter (its normalised payload and its compiled
 * predicate, which the contacts grid reads on every query), the selected segment, the saved
 * segments, the attribute catalogue and which of the feature's dialogs is open.
 */

export type FilterDialog =
  /** `payload`: conditions to start from (a segment being edited); the applied filter when absent. */
  | { kind: 'builder'; payload?: readonly unknown[] }
  | { kind: 'save' }
  | { kind: 'rename'; segmentId: string }
  | { kind: 'delete'; segmentId: string }
  | null;

interface FilterState {
  /** The applied filter compiled once; the grid compares references, so it changes only with the filter. */
  predicate: ((contact: Contact) => boolean) | null;
  setPredicate(predicate: ((contact: Contact) => boolean) | null): void;
  /** The applied filter, validated and normalised; null when none is. */
  applied: FilterPayload | null;
  /** The segment the applied filter came from (it may have been edited since: see `useSegmentEdited`). */
  segmentId: string | null;
  segments: Segment[];
  definitions: AttributeDefinition[];
  attributes: FilterAttribute[];
  dialog: FilterDialog;
  openDialog(dialog: FilterDialog): void;
}

export const useFilters = create<FilterState>()((set) => ({
  predicate: null,
  setPredicate: (predicate) => set({ predicate }),
  applied: null,
  segmentId: null,
  segments: [],
  definitions: [],
  attributes: attributesFor([]),
  dialog: null,
  openDialog: (dialog) => set({ dialog }),
}));

/** Whether a filter is applied: the header then says "N of M contacts" (`filters:count`). */
export function useFilterActive(): boolean {
  return useFilters((state) => state.applied !== null);
}

/** The selected segment, if any. */
export function useSelectedSegment(): Segment | null {
  return useFilters((state) => state.segments.find((segment) => segment.id === state.segmentId) ?? null);
}

/** A segment is selected and the applied filter no longer matches what it stores ("Update segment"). */
export function useSegmentEdited(): boolean {
  return useFilters((state) => {
    if (state.segmentId === null || state.applied === null) return false;
    const segment = state.segments.find((item) => item.id === state.segmentId);
    if (!segment) return false;
    const stored = validateFilter(segment.query.payload, state.attributes);
    return !stored.ok || !samePayload(stored.filter.payload, state.applied);
  });
}

// ---------------------------------------------------------------------------------------------
// Actions

/** The current filter and segment, kept per machine so they survive a restart. */
export const CURRENT_FILTER_SETTING = 'filters.current';
const currentFilterSchema = z.object({
  payload: z.array(z.unknown()).nullable(),
  segmentId: z.string().nullable(),
});

/**
 * Reads the attribute definitions, the segments and the filter applied when the app last closed,
 * and applies that filter. `keep()` says whether to still apply it when the reads are in.
 * Resolves to whether a filter is applied.
 */
async function restore(repository: Repository, keep: () => boolean): Promise<boolean> {
  const [definitions, segments, current] = await Promise.all([
    repository.attributeDefinitions.getAll(),
    repository.segments.getAll(),
    repository.settings.get(CURRENT_FILTER_SETTING, currentFilterSchema),
  ]);
  const filtered = () => useFilters.getState().predicate !== null;
  if (!keep()) return filtered();
  setDefinitions(definitions);
  useFilters.setState({ segments: sortSegments(segments) });
  if (!current?.payload) return filtered();
  const validation = validateFilter(current.payload, useFilters.getState().attributes);
  // A filter that no longer validates (its custom attribute was deleted) is not applied half.
  if (!validation.ok) return filtered();
  // Already applied: by the start (restoreFilters), or by the user meanwhile, which wins.
  if (useFilters.getState().applied !== null) return true;
  const segmentId =
    current.segmentId !== null && segments.some((segment) => segment.id === current.segmentId)
      ? current.segmentId
      : null;
  useFilters.setState({
    applied: validation.filter.payload,
    segmentId,
    predicate: compileWithFoldCache(validation.filter, Date.now()),
  });
  return true;
}

const restoredAtStart = new WeakMap<Repository, Promise<boolean>>();

/**
 * The start restores the last filter before the list is first drawn (main.tsx): restored only when
 * the filter feature mounts, the list was drawn unfiltered first, for a moment or — with the last
 * start's first rows on screen (app/firstRows.ts) — until every contact was read. Once per
 * repository; resolves to whether a filter is applied (the first-rows snapshot, the unfiltered
 * list's, is then not shown).
 */
export function restoreFilters(repository: Repository): Promise<boolean> {
  let restored = restoredAtStart.get(repository);
  if (!restored) {
    restored = restore(repository, () => true);
    restoredAtStart.set(repository, restored);
  }
  return restored;
}

function sortSegments(segments: Segment[]): Segment[] {
  return segments.slice().sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt);
}

function persist(repository: Repository): Promise<void> {
  const { applied, segmentId } = useFilters.getState();
  return repository.settings.set(CURRENT_FILTER_SETTING, { payload: applied, segmentId });
}

/** Compiles `filter` once and makes it the applied one; the grid re-lists on the new predicate. */
export function applyFilter(
  repository: Repository,
  filter: ValidFilter,
  segmentId: string | null,
): Promise<void> {
  const predicate = compileWithFoldCache(filter, Date.now());
  useFilters.setState({ applied: filter.payload, predicate, segmentId });
  return persist(repository);
}

export function clearFilter(repository: Repository): Promise<void> {
  useFilters.setState({ applied: null, predicate: null, segmentId: null });
  return persist(repository);
}

/** Applies a saved segment; false when its stored filter is not valid here (nothing is applied then). */
export function applySegment(repository: Repository, segment: Segment): Promise<boolean> {
  const validation = validateFilter(segment.query.payload, useFilters.getState().attributes);
  if (!validation.ok) return Promise.resolve(false);
  return applyFilter(repository, validation.filter, segment.id).then(() => true);
}

export async function saveSegment(repository: Repository, name: string): Promise<Segment | null> {
  const { applied } = useFilters.getState();
  if (applied === null) return null;
  const segment = await repository.segments.create({ name, query: { payload: applied } });
  useFilters.setState((state) => ({
    segmentId: segment.id,
    segments: sortSegments([...state.segments.filter((s) => s.id !== segment.id), segment]),
  }));
  await persist(repository);
  return segment;
}

export async function updateSelectedSegment(repository: Repository): Promise<void> {
  const { applied, segmentId } = useFilters.getState();
  if (applied === null || segmentId === null) return;
  const segment = await repository.segments.update(segmentId, { query: { payload: applied } });
  if (segment) replaceSegment(segment);
}

export async function renameSegment(repository: Repository, segmentId: string, name: string): Promise<void> {
  const segment = await repository.segments.update(segmentId, { name });
  if (segment) replaceSegment(segment);
}

export async function deleteSegment(repository: Repository, segmentId: string): Promise<void> {
  await repository.segments.remove(segmentId);
  forgetSegment(segmentId);
  await persist(repository);
}

function replaceSegment(segment: Segment): void {
  useFilters.setState((state) => ({
    segments: sortSegments([...state.segments.filter((s) => s.id !== segment.id), segment]),
  }));
}

/** A deleted segment: if it was selected, its filter goes with it. */
function forgetSegment(segmentId: string): void {
  useFilters.setState((state) => {
    const segments = state.segments.filter((segment) => segment.id !== segmentId);
    if (state.segmentId !== segmentId) return { segments };
    return { segments, segmentId: null, applied: null, predicate: null };
  });
}

function setDefinitions(definitions: AttributeDefinition[]): void {
  useFilters.setState({ definitions, attributes: attributesFor(definitions) });
}

/**
 * Loads segments and attribute definitions, restores the filter of the last session, and keeps
 * the lists current from the repository's change events (this window, other windows, sync).
 * Returns the unsubscribe function.
 */
export function startFilters(repository: Repository): { ready: Promise<void>; stop: () => void } {
  let stopped = false;
  const unsubscribe = repository.changes.subscribe((change) => {
    if (change.entity === 'attributeDefinition') {
      void repository.attributeDefinitions.getAll().then((definitions) => {
        if (!stopped) setDefinitions(definitions);
      });
    } else if (change.entity === 'segment') {
      for (const id of change.deleted) forgetSegment(id);
      for (const segment of change.put) {
        const state = useFilters.getState();
        const before = state.segments.find((item) => item.id === segment.id);
        replaceSegment(segment);
        // The selected segment changed elsewhere and was not being edited here: show its new filter.
        if (change.origin !== 'local' && before && state.segmentId === segment.id && state.applied) {
          const old = validateFilter(before.query.payload, state.attributes);
          if (old.ok && samePayload(old.filter.payload, state.applied))
            void applySegment(repository, segment);
        }
      }
      if (change.deleted.length > 0) void persist(repository);
    }
  });

  const ready = restore(repository, () => !stopped).then(() => undefined);

  return {
    ready,
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}
