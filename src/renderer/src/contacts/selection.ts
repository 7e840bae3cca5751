import { create } from 'zustand';

/** The contacts ticked in the grid, by id; kept across searches so a selection can be built up. */
interface SelectionState {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  set(ids: Iterable<string>): void;
  clear(): void;
  /** Set by Delete in the grid: the bulk bar asks to delete the ticked contacts; an empty selection drops it. */
  deleteAsked: boolean;
  askToDelete(): void;
  settleDelete(): void;
}

export const useSelection = create<SelectionState>()((set) => ({
  selected: new Set(),
  toggle: (id) =>
    set((state) => {
      const next = new Set(state.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { selected: next, deleteAsked: state.deleteAsked && next.size > 0 };
    }),
  set: (ids) =>
    set((state) => {
      const next = new Set(ids);
      return { selected: next, deleteAsked: state.deleteAsked && next.size > 0 };
    }),
  clear: () => set({ selected: new Set(), deleteAsked: false }),
  deleteAsked: false,
  askToDelete: () => set({ deleteAsked: true }),
  settleDelete: () => set({ deleteAsked: false }),
}));
