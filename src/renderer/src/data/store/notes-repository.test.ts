import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { documentToMarkdown, markdownToDocument } from '../../../../shared/notes';
import type { ChangeEvent } from './change-bus';
import { createNotesRepository, InvalidNoteError, isNoteEvent, NOTE_MAX_LENGTH, type NewNote } from './notes-repository';
import { createRepositoryCore } from './repository';
import type { WintookDb } from './schema';
import { deterministicOptions, freshDb } from '../../../../../tests/support/db';

const CONTACT = '00000000-0000-4000-8000-00000000aaaa';
const OTHER = '00000000-0000-4000-8000-00000000bbbb';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function setup() {
  const db = freshDb();
  const options = deterministicOptions();
  const events: ChangeEvent[] = [];
  const core = createRepositoryCore(db, (published) => events.push(...published), options);
  const notes = createNotesRepository(core, db.notes);
  cleanups.push(() => db.close());
  return { db, notes, events, clock: options.clock };
}

function note(markdown: string, contactId = CONTACT): NewNote {
  return { contactId, bodyMarkdown: markdown, bodySlate: markdownToDocument(markdown), author: { name: 'You' } };
}

const outbox = (db: WintookDb) => db.outbox.orderBy('seq').toArray();

describe('notes repository', () => {
  it('create stores the note and one create outbox row, then announces it after commit', async () => {
    const { db, notes, events } = setup();
    const created = await notes.create(note('**Prefers** email'));
    expect(await db.notes.get(created.id)).toEqual(created);
    expect(created).toMatchObject({ contactId: CONTACT, serverId: null, version: null, base: null, author: { name: 'You' } });
    const rows = await outbox(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      entity: 'note',
      entityId: created.id,
      op: 'create',
      changes: { contactId: CONTACT, bodyMarkdown: '**Prefers** email', author: { name: 'You' } },
      state: 'pending',
    });
    expect(events).toHaveLength(1);
    expect(isNoteEvent(events[0]!)).toBe(true);
    expect(events[0]).toMatchObject({ entity: 'note', put: [created], deleted: [], origin: 'local' });
  });

  it('refuses an empty or whitespace-only note, and one over the server’s limit, writing nothing', async () => {
    const { db, notes, events } = setup();
    for (const markdown of ['', '  \n\t ']) await expect(notes.create(note(markdown))).rejects.toBeInstanceOf(InvalidNoteError);
    await expect(notes.create(note('x'.repeat(NOTE_MAX_LENGTH + 1)))).rejects.toMatchObject({ code: 'too-long' });
    expect(await db.notes.count()).toBe(0);
    expect(await outbox(db)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('lists a contact’s notes newest first, and only that contact’s', async () => {
    const { notes } = setup();
    const first = await notes.create(note('first'));
    await notes.create(note('elsewhere', OTHER));
    const second = await notes.create(note('second'));
    expect((await notes.listForContact(CONTACT)).map((n) => n.id)).toEqual([second.id, first.id]);
  });

  it('update writes the new body with an update row carrying the old Markdown as base', async () => {
    const { db, notes, events } = setup();
    const created = await notes.create(note('old'));
    const markdown = documentToMarkdown(markdownToDocument('new *text*'));
    const updated = await notes.update(created.id, { bodyMarkdown: markdown, bodySlate: markdownToDocument(markdown) });
    expect(updated).toMatchObject({ bodyMarkdown: 'new _text_', createdAt: created.createdAt });
    expect(updated!.updatedAt).toBeGreaterThan(created.updatedAt);
    expect((await outbox(db))[1]).toMatchObject({ op: 'update', changes: { bodyMarkdown: 'new _text_' }, baseValues: { bodyMarkdown: 'old' } });
    expect(events.at(-1)).toMatchObject({ entity: 'note', put: [updated] });
  });

  it('update with the same body changes nothing and writes no row; a gone note gives undefined', async () => {
    const { db, notes, events } = setup();
    const created = await notes.create(note('same'));
    expect(await notes.update(created.id, { bodyMarkdown: 'same', bodySlate: created.bodySlate })).toEqual(created);
    expect(await outbox(db)).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(await notes.update('00000000-0000-4000-8000-00000000dead', { bodyMarkdown: 'x', bodySlate: [] })).toBeUndefined();
    await expect(notes.update(created.id, { bodyMarkdown: ' ', bodySlate: [] })).rejects.toMatchObject({ code: 'empty' });
  });

  it('remove deletes the note with a delete row that still addresses the server copy', async () => {
    const { db, notes, events } = setup();
    const created = await notes.create(note('bye'));
    await db.notes.update(created.id, { serverId: 42 });
    const removed = await notes.remove(created.id);
    expect(removed).toMatchObject({ id: created.id, serverId: 42 });
    expect(await db.notes.get(created.id)).toBeUndefined();
    expect((await outbox(db))[1]).toMatchObject({ op: 'delete', entityId: created.id, baseValues: { contactId: CONTACT, serverId: 42, bodyMarkdown: 'bye' } });
    expect(events.at(-1)).toMatchObject({ entity: 'note', put: [], deleted: [created.id] });
    expect(await notes.remove(created.id)).toBeUndefined();
  });

  it('sync writes are stored and announced but not outboxed', async () => {
    const { db, notes, events } = setup();
    const created = await notes.create(note('from server'), 'sync');
    await notes.update(created.id, { bodyMarkdown: 'edited on server', bodySlate: [] }, 'sync');
    await notes.remove(created.id, 'sync');
    expect(await outbox(db)).toEqual([]);
    expect(events.map((e) => e.origin)).toEqual(['sync', 'sync', 'sync']);
  });

  it('an aborted transaction leaves neither the note nor its outbox row, and announces nothing', async () => {
    const { db, notes, events } = setup();
    await expect(
      db.transaction('rw', [db.notes, db.outbox], async () => {
        await notes.create(note('doomed'));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.notes.count()).toBe(0);
    expect(await outbox(db)).toEqual([]);
    expect(events).toEqual([]);
  });
});
