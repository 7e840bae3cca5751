import type { Contact } from '../../../shared/contact';
import { useFilters } from '../filters/store';
import type { ContactIndex } from './contactIndex';
import { useContactsView } from './store';

/** The contacts listed right now (search, label, filter and sort as on screen), in order. */
export function currentRows(index: ContactIndex): Contact[] {
  const { search, label, sort } = useContactsView.getState();
  return index.view({ search, label, sort, predicate: useFilters.getState().predicate }).rows;
}
