import { create } from 'zustand';

/** The contacts ticked in the grid, by id; kept across searches so a selection can be built up. */
interface SelectionState {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  set(ids: Iterable<string>): void;
  clear(): void;
}

export const useSelection = create<SelectionState>()((set) => ({
  selected: new Set(),
  toggle: (id) =>
    set((state) => {
      const next = new Set(state.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { selected: next };
    }),
  set: (ids) => set({ selected: new Set(ids) }),
  clear: () => set({ selected: new Set() }),
}));
