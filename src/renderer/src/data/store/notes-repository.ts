import type { EntityTable } from 'dexie';
import type { Note, NoteAuthor } from '../../../../shared/records';
import type { ChangeEvent, ChangeOrigin } from './change-bus';
import type { RepositoryCore } from './records-repository';

/** Chatwoot's generic text limit on `notes.content` (reference/chatwoot/chatwoot-contacts-notes.md §5). */
export const NOTE_MAX_LENGTH = 20_000;

/**
 * The change event notes publish. Until `ChangeEvent` in change-bus.ts has this variant, it is
 * cast on the way in and narrowed with `isNoteEvent` on the way out.
 */
export interface NoteChangeEvent {
  entity: 'note';
  put: Note[];
  deleted: string[];
  origin: ChangeOrigin;
}

export function isNoteEvent(event: { entity: string }): event is NoteChangeEvent {
  return event.entity === 'note';
}

export interface NewNote {
  contactId: string;
  bodySlate: unknown;
  bodyMarkdown: string;
  author: NoteAuthor;
}

export interface NoteBodyPatch {
  bodySlate: unknown;
  bodyMarkdown: string;
}

export class InvalidNoteError extends Error {
  override readonly name = 'InvalidNoteError';
  readonly code: 'empty' | 'too-long';
  constructor(code: 'empty' | 'too-long') {
    super(code === 'empty' ? 'A note cannot be empty' : `A note holds at most ${NOTE_MAX_LENGTH} characters`);
    this.code = code;
  }
}

export interface NotesRepository {
  getAll(): Promise<Note[]>;
  get(id: string): Promise<Note | undefined>;
  /** A contact's notes, newest first (Chatwoot's `scope :latest`). */
  listForContact(contactId: string): Promise<Note[]>;
  create(note: NewNote, origin?: ChangeOrigin): Promise<Note>;
  /** Returns the stored note (unchanged when the body is the same); undefined if it is gone. */
  update(id: string, patch: NoteBodyPatch, origin?: ChangeOrigin): Promise<Note | undefined>;
  remove(id: string, origin?: ChangeOrigin): Promise<Note | undefined>;
}

function checkBody(markdown: string): void {
  if (markdown.trim() === '') throw new InvalidNoteError('empty');
  if (markdown.length > NOTE_MAX_LENGTH) throw new InvalidNoteError('too-long');
}

export function newestFirst(a: Note, b: Note): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Notes CRUD, written like `createRecordRepository`: each write stores the note and its outbox row
 * in one transaction and announces it after commit. The server keeps Markdown only, so the outbox
 * carries `bodyMarkdown` (and the contact and author on create); the Slate JSON stays local.
 * An empty note is refused before any transaction starts.
 */
export function createNotesRepository(core: RepositoryCore, notesTable: EntityTable<Note, 'id'>): NotesRepository {
  const table = notesTable;
  const event = (put: Note[], deleted: string[], origin: ChangeOrigin) =>
    ({ entity: 'note', put, deleted, origin }) satisfies ChangeEvent;

  return {
    getAll: () => table.toArray(),
    get: (id) => table.get(id),
    async listForContact(contactId) {
      const notes = await table.where('contactId').equals(contactId).toArray();
      return notes.sort(newestFirst);
    },

    async create(fields, origin = 'local') {
      checkBody(fields.bodyMarkdown);
      return core.write([table, core.outbox], async (events) => {
        const at = core.now();
        const note: Note = {
          id: core.newId(),
          contactId: fields.contactId,
          serverId: null,
          bodySlate: fields.bodySlate,
          bodyMarkdown: fields.bodyMarkdown,
          author: { ...fields.author },
          createdAt: at,
          updatedAt: at,
          version: null,
          base: null,
        };
        await table.add(note);
        if (core.outboxes(origin)) {
          await core.outbox.add(
            core.outboxEntry('note', note.id, 'create', { contactId: note.contactId, bodyMarkdown: note.bodyMarkdown, author: note.author }, {}),
          );
        }
        events.push(event([note], [], origin));
        return note;
      });
    },

    async update(id, patch, origin = 'local') {
      checkBody(patch.bodyMarkdown);
      return core.write([table, core.outbox], async (events) => {
        const current = await table.get(id);
        if (!current) return undefined;
        const sameSlate = JSON.stringify(current.bodySlate) === JSON.stringify(patch.bodySlate);
        if (current.bodyMarkdown === patch.bodyMarkdown && sameSlate) return current;
        const next: Note = { ...current, bodySlate: patch.bodySlate, bodyMarkdown: patch.bodyMarkdown, updatedAt: core.now() };
        await table.put(next);
        // Only Markdown syncs: a Slate-only change (same Markdown) needs no server round trip.
        if (core.outboxes(origin) && current.bodyMarkdown !== patch.bodyMarkdown) {
          await core.outbox.add(
            core.outboxEntry('note', id, 'update', { bodyMarkdown: patch.bodyMarkdown }, { bodyMarkdown: current.bodyMarkdown }),
          );
        }
        events.push(event([next], [], origin));
        return next;
      });
    },

    remove(id, origin = 'local') {
      return core.write([table, core.outbox], async (events) => {
        const current = await table.get(id);
        if (!current) return undefined;
        await table.delete(id);
        if (core.outboxes(origin)) {
          const { contactId, serverId, version, bodyMarkdown } = current;
          await core.outbox.add(core.outboxEntry('note', id, 'delete', {}, { contactId, serverId, version, bodyMarkdown }));
        }
        events.push(event([], [id], origin));
        return current;
      });
    },
  };
}
