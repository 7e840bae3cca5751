import { create } from 'zustand';

export type ContactForm = { mode: 'create' } | { mode: 'edit'; id: string };

/** Which contact the sidebar shows, and whether the contact form is open. */
interface ContactUiState {
  openId: string | null;
  form: ContactForm | null;
  mergeFor: string | null;
  openContact(id: string | null): void;
  openForm(form: ContactForm | null): void;
  openMerge(id: string | null): void;
}

export const useContactUi = create<ContactUiState>()((set) => ({
  openId: null,
  form: null,
  mergeFor: null,
  openContact: (openId) => set({ openId }),
  openForm: (form) => set({ form }),
  openMerge: (mergeFor) => set({ mergeFor }),
}));
