import { create } from 'zustand';
import { type SortState } from '../data/api';

/** What the contacts screen shows: the search, the label picked in the sidebar, the sort. */
export interface ContactsViewState {
  search: string;
  label: string | null;
  sort: SortState | null;
  /** Bumped whenever the index changes, so subscribers recompute. */
  indexVersion: number;
  /** How many contacts the current view lists (set by the grid after computing the view). */
  listedCount: number;
  totalCount: number;
  /**
   * The last index change came in a burst (an import's or a sync's batches, shown every 500 ms)
   * rather than from the user or the start-up load: the grid then draws its first rows in steps.
   */
  inBurst: boolean;
  /**
   * Starting: only the last start's first rows are in the index (issue 20), listed in this sort, and
   * every contact is still being read. The count says so, and nothing acts on the list until it is whole.
   */
  loadingSort: SortState | null;
  /** Quick search also looks in the contacts' notes. */
  includeNotes: boolean;
  /** Bumped whenever any note changes (the Notes column and note search follow it). */
  notesVersion: number;
  setIncludeNotes(includeNotes: boolean): void;
  notesChanged(): void;
  /** Label title → how many contacts carry it. */
  labelCounts: ReadonlyMap<string, number>;
  setSearch(search: string): void;
  setLabel(label: string | null): void;
  setSort(sort: SortState | null): void;
  indexChanged(version: number, totalCount: number, labelCounts: ReadonlyMap<string, number>, inBurst?: boolean): void;
  setListedCount(count: number): void;
  setLoadingSort(sort: SortState | null): void;
}

export const useContactsView = create<ContactsViewState>()((set) => ({
  search: '',
  label: null,
  sort: { column: 'lastActivityAt', direction: 'desc' },
  indexVersion: 0,
  listedCount: 0,
  totalCount: 0,
  inBurst: false,
  loadingSort: null,
  labelCounts: new Map(),
  includeNotes: false,
  notesVersion: 0,
  setIncludeNotes: (includeNotes) => set({ includeNotes }),
  notesChanged: () => set((state) => ({ notesVersion: state.notesVersion + 1 })),
  setSearch: (search) => set({ search }),
  setLabel: (label) => set({ label }),
  setSort: (sort) => set({ sort }),
  indexChanged: (indexVersion, totalCount, labelCounts, inBurst = false) => set({ indexVersion, totalCount, labelCounts, inBurst }),
  setListedCount: (listedCount) => set({ listedCount }),
  setLoadingSort: (loadingSort) => set({ loadingSort }),
}));

/** Whether the index holds only the first rows of the last start, while every contact is read. */
export function useLoadingFirstRows(): boolean {
  return useContactsView((s) => s.loadingSort !== null);
}
