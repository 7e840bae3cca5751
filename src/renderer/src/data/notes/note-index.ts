import { markdownText } from '../../../../shared/notes';
import type { Note } from '../../../../shared/records';
import type { NotesService } from './notes-service';
import { searchKey } from '../../../../shared/text';

/**
 * Per contact: how many notes it has (the grid's "Notes" column) and the folded words of those
 * notes (quick search with "include notes" on). Loaded once from `getAll`, then kept current from
 * note change events, like the contact index. Text comes from the Markdown (what the server has
 * too), folded with `searchKey` so "munoz" finds "Muñoz" as it does in the contact index.
 */
export class NoteIndex {
  /** note id → its contact and folded text */
  private readonly notes = new Map<string, { contactId: string; text: string }>();
  /** contact id → note ids */
  private readonly byContact = new Map<string, Set<string>>();
  /** contact id → joined folded text, built on first use after a change */
  private readonly textCache = new Map<string, string>();
  private currentVersion = 0;

  /** Bumps on every change, for memoised consumers (grid column, search results). */
  get version(): number {
    return this.currentVersion;
  }

  load(notes: readonly Note[]): void {
    this.notes.clear();
    this.byContact.clear();
    this.textCache.clear();
    this.applyChanges(notes, []);
  }

  applyChanges(put: readonly Note[], deleted: readonly string[]): void {
    for (const id of deleted) this.forget(id);
    for (const note of put) {
      this.forget(note.id);
      this.notes.set(note.id, { contactId: note.contactId, text: searchKey(markdownText(note.bodyMarkdown)) });
      let ids = this.byContact.get(note.contactId);
      if (!ids) this.byContact.set(note.contactId, (ids = new Set()));
      ids.add(note.id);
      this.textCache.delete(note.contactId);
    }
    if (put.length > 0 || deleted.length > 0) this.currentVersion++;
  }

  count(contactId: string): number {
    return this.byContact.get(contactId)?.size ?? 0;
  }

  /** Note counts for every contact that has notes. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [contactId, ids] of this.byContact) counts.set(contactId, ids.size);
    return counts;
  }

  /** The folded text of all the contact's notes, one note per line; '' when it has none. */
  text(contactId: string): string {
    const cached = this.textCache.get(contactId);
    if (cached !== undefined) return cached;
    const ids = this.byContact.get(contactId);
    const text = ids ? [...ids].map((id) => this.notes.get(id)!.text).join('\n') : '';
    this.textCache.set(contactId, text);
    return text;
  }

  /** Whether the contact's notes contain every word of a query (folded like the contact search). */
  matches(contactId: string, query: string): boolean {
    const words = searchKey(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return false;
    const text = this.text(contactId);
    return text !== '' && words.every((word) => text.includes(word));
  }

  /**
   * The contacts whose notes contain every word of `query`: quick search ORs this set with its own
   * matches when "include notes" is on. Walks only contacts that have notes.
   */
  contactsMatching(query: string): Set<string> {
    const matching = new Set<string>();
    if (searchKey(query).trim() === '') return matching;
    for (const contactId of this.byContact.keys()) if (this.matches(contactId, query)) matching.add(contactId);
    return matching;
  }

  private forget(noteId: string): void {
    const previous = this.notes.get(noteId);
    if (!previous) return;
    this.notes.delete(noteId);
    const ids = this.byContact.get(previous.contactId);
    ids?.delete(noteId);
    if (ids && ids.size === 0) this.byContact.delete(previous.contactId);
    this.textCache.delete(previous.contactId);
  }
}

/**
 * Fills `index` from every stored note and keeps it current from note change events; `onChange`
 * runs after each change (refresh the grid's Notes column, re-run a search that includes notes).
 * Returns the unsubscribe function.
 */
export function followNotes(index: NoteIndex, notes: NotesService, onChange: () => void): { ready: Promise<void>; stop: () => void } {
  const pending: { put: Note[]; deleted: string[] }[] = [];
  let loaded = false;
  const stop = notes.subscribe((event) => {
    if (!loaded) {
      pending.push({ put: event.put, deleted: event.deleted });
      return;
    }
    index.applyChanges(event.put, event.deleted);
    onChange();
  });
  const ready = notes.repository.getAll().then((all) => {
    index.load(all);
    // Changes that committed while the load was reading are applied on top of it.
    for (const change of pending) index.applyChanges(change.put, change.deleted);
    loaded = true;
    onChange();
  });
  return { ready, stop };
}
