import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { createChangeBus, type ChangeEvent } from '../store/change-bus';
import { createNotesRepository, type NoteChangeEvent } from '../store/notes-repository';
import { createRepositoryCore } from '../store/records-repository';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';
import { notesServiceOf } from './notes-service';

describe('notesServiceOf', () => {
  it('uses repository.notes once wired, with note events taken from repository.changes', async () => {
    const db = freshDb();
    const bus = createChangeBus({ channelName: null });
    const notes = createNotesRepository(createRepositoryCore(db, (events) => bus.publish(events), deterministicOptions()), db.notes);
    const repository = { notes, changes: { subscribe: bus.subscribe } } as unknown as Services['repository'];
    const service = notesServiceOf({ repository });
    expect(service.repository).toBe(notes);
    expect(notesServiceOf({ repository })).toBe(service);

    const seen: NoteChangeEvent[] = [];
    const stop = service.subscribe((event) => seen.push(event));
    bus.publish([{ entity: 'label', put: [], deleted: ['x'], origin: 'local' } as ChangeEvent]);
    const created = await service.repository.create({ contactId: 'c', bodyMarkdown: 'hi', bodySlate: null, author: { name: 'You' } });
    expect(seen).toEqual([{ entity: 'note', put: [created], deleted: [], origin: 'local' }]);
    stop();
    db.close();
  });
});
