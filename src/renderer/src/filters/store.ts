import { create } from 'zustand';
import type { Contact } from '../../../shared/contact';

/** The applied filter as the contacts list uses it: a compiled predicate, or null for none. */
interface FilterState {
  predicate: ((contact: Contact) => boolean) | null;
  setPredicate(predicate: ((contact: Contact) => boolean) | null): void;
}

export const useFilters = create<FilterState>()((set) => ({
  predicate: null,
  setPredicate: (predicate) => set({ predicate }),
}));
