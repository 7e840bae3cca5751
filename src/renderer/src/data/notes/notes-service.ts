import type { Repository } from '../store/repository';
import { isNoteEvent, type NoteChangeEvent, type NotesRepository } from '../store/notes-repository';

/** The notes repository and its change events. */
export interface NotesService {
  repository: NotesRepository;
  subscribe(listener: (event: NoteChangeEvent) => void): () => void;
}

const services = new WeakMap<object, NotesService>();

/**
 * `repository.notes` with only the note events of `repository.changes`. Every write goes through
 * `createNotesRepository`: record and outbox row in one transaction.
 */
export function notesServiceOf(app: { repository: Repository }): NotesService {
  const cached = services.get(app.repository);
  if (cached) return cached;
  const service: NotesService = {
    repository: app.repository.notes,
    subscribe: (listener) =>
      app.repository.changes.subscribe((event) => {
        if (isNoteEvent(event)) listener(event);
      }),
  };
  services.set(app.repository, service);
  return service;
}
