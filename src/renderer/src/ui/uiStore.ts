import { create } from 'zustand';

/** Which app-wide dialog is open; one at a time. */
export type AppDialog = 'shortcuts' | 'settings' | null;

interface UiState {
  dialog: AppDialog;
  openDialog(dialog: AppDialog): void;
  /** Incremented to ask the search box to take focus (from a shortcut or the menu). */
  searchFocusRequest: number;
  focusSearch(): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  openDialog: (dialog) => set({ dialog }),
  searchFocusRequest: 0,
  focusSearch: () => set((state) => ({ searchFocusRequest: state.searchFocusRequest + 1 })),
}));
