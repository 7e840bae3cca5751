import type { Contact } from '../../../shared/contact';
import { useFilters } from '../filters/store';
import { type NoteIndex, type ContactIndex, type SortState, type ViewQuery } from '../data/api';
import { useContactsView } from './store';

let noteMatches: { search: string; version: number; ids: ReadonlySet<string> } | null = null;

/** Contacts whose notes match the search, when "include notes" is on; memoised per search and notes version. */
function notesMatching(notes: NoteIndex | undefined): ReadonlySet<string> | null {
  const { search, includeNotes, notesVersion } = useContactsView.getState();
  if (!includeNotes || !notes || search.trim() === '') return null;
  if (!noteMatches || noteMatches.search !== search || noteMatches.version !== notesVersion) {
    noteMatches = { search, version: notesVersion, ids: notes.contactsMatching(search) };
  }
  return noteMatches.ids;
}

/** The query of what the list shows now: search, label, filter, notes, and the given or current sort. */
export function currentQuery(notes?: NoteIndex, sort?: SortState | null): ViewQuery {
  const state = useContactsView.getState();
  return {
    search: state.search,
    label: state.label,
    sort: sort === undefined ? state.sort : sort,
    predicate: useFilters.getState().predicate,
    alsoMatching: notesMatching(notes),
  };
}

/** The contacts listed right now (search, label, filter, notes and sort as on screen), in order. */
export function currentRows(index: ContactIndex, notes?: NoteIndex): Contact[] {
  return index.view(currentQuery(notes)).rows;
}
