import type { Services } from '../app/services';
import type { ChangeEvent } from '../db/change-bus';
import {
  createNotesRepository,
  createStandaloneNotesCore,
  isNoteEvent,
  type NoteChangeEvent,
  type NotesRepository,
} from '../db/notes-repository';
import { openDb } from '../db/schema';

/** The notes repository and its change events, however the app provides them. */
export interface NotesService {
  repository: NotesRepository;
  subscribe(listener: (event: NoteChangeEvent) => void): () => void;
}

const services = new WeakMap<object, NotesService>();

/**
 * Uses `repository.notes` (and note events on `repository.changes`) once the lead has wired
 * `notes: createNotesRepository(core, db.notes)` into `createRepository`. Until then it opens its
 * own connection to the same database and publishes note events locally. Either way every write
 * goes through `createNotesRepository`: record and outbox row in one transaction.
 */
export function notesServiceOf(app: Pick<Services, 'repository'>): NotesService {
  const cached = services.get(app.repository);
  if (cached) return cached;
  const wired = (app.repository as unknown as { notes?: NotesRepository }).notes;
  let service: NotesService;
  if (wired) {
    service = {
      repository: wired,
      subscribe: (listener) =>
        app.repository.changes.subscribe((event) => {
          if (isNoteEvent(event as { entity: string })) listener(event as unknown as NoteChangeEvent);
        }),
    };
  } else {
    service = standaloneService();
  }
  services.set(app.repository, service);
  return service;
}

function standaloneService(): NotesService {
  const listeners = new Set<(event: NoteChangeEvent) => void>();
  const publish = (events: readonly ChangeEvent[]) => {
    for (const event of events) {
      if (!isNoteEvent(event as { entity: string })) continue;
      for (const listener of [...listeners]) listener(event as unknown as NoteChangeEvent);
    }
  };
  const ready = openDb().then((db) => createNotesRepository(createStandaloneNotesCore(db, publish), db.notes));
  const repository: NotesRepository = {
    getAll: () => ready.then((r) => r.getAll()),
    get: (id) => ready.then((r) => r.get(id)),
    listForContact: (contactId) => ready.then((r) => r.listForContact(contactId)),
    create: (note, origin) => ready.then((r) => r.create(note, origin)),
    update: (id, patch, origin) => ready.then((r) => r.update(id, patch, origin)),
    remove: (id, origin) => ready.then((r) => r.remove(id, origin)),
  };
  return {
    repository,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
