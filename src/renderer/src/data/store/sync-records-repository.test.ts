import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NOTE_CONFLICT_PREFIX } from './sync-records-repository';
import { repositoryForEachTest, settle } from '../../../../../tests/support/db';

const t = repositoryForEachTest();

describe('sync records repository', () => {
  it('applies server labels with origin sync, without outbox rows; pending local fields win; deletions follow', async () => {
    const records = t.repository.sync.records;
    await records.applyServer('label', [{ serverId: 5, version: 1, fields: { title: 'vip', color: '#ff0000', description: '' } }], []);
    const [label] = await t.repository.labels.getAll();
    expect(label).toMatchObject({ title: 'vip', color: '#ff0000', serverId: 5 });
    expect(await t.db.outbox.count()).toBe(0);
    await settle();
    expect(t.events).toEqual([expect.objectContaining({ entity: 'label', origin: 'sync' })]);

    await t.repository.labels.recolor(label.id, '#00ff00');
    await records.applyServer('label', [{ serverId: 5, version: 2, fields: { title: 'gold', color: '#0000ff', description: 'd' } }], []);
    // The colour waits to be sent: ours stays; the title and description are the server's.
    expect(await t.db.labels.get(label.id)).toMatchObject({ title: 'gold', color: '#00ff00', description: 'd' });

    // Deleted on the server while recoloured here: kept, and queued as a create.
    await records.applyServer('label', [], [5]);
    expect(await t.db.labels.get(label.id)).toMatchObject({ serverId: null, color: '#00ff00' });
    expect((await t.db.outbox.toArray()).map((r) => [r.op, r.changes])).toEqual([['create', { title: 'gold', color: '#00ff00', description: 'd' }]]);
    await records.ack('label', label.id, (await t.db.outbox.toArray()).map((r) => r.seq), { serverId: 9, version: 1, fields: { title: 'gold', color: '#00ff00', description: 'd' } });
    // No local change: a server deletion deletes here.
    await records.applyServer('label', [], [9]);
    expect(await t.repository.labels.getAll()).toEqual([]);
  });

  it('links a pulled label to the unsynced local one with the same title, and folds a twin on acknowledgement', async () => {
    const records = t.repository.sync.records;
    const mine = await t.repository.labels.create({ title: 'vip', color: '#111111' });
    await records.applyServer('label', [{ serverId: 3, version: 1, fields: { title: 'vip', color: '#222222', description: '' } }], [], { naturalKey: (f) => `t:${String(f.title)}` });
    expect((await t.repository.labels.getAll()).map((l) => [l.id, l.serverId, l.color])).toEqual([[mine.id, 3, '#111111']]);

    // Without linking (a segment with another name), the pulled copy is a second record until the ack folds it.
    const segment = await t.repository.segments.create({ name: 'A', query: { payload: [] } });
    await records.applyServer('segment', [{ serverId: 4, version: 1, fields: { name: 'A (server)', query: { payload: [] } } }], []);
    expect(await t.repository.segments.getAll()).toHaveLength(2);
    const rows = (await t.db.outbox.toArray()).filter((r) => r.entity === 'segment');
    await records.ack('segment', segment.id, rows.map((r) => r.seq), { serverId: 4, version: 1, fields: { name: 'A (server)', query: { payload: [] } } });
    expect((await t.repository.segments.getAll()).map((s) => [s.id, s.serverId, s.name])).toEqual([[segment.id, 4, 'A (server)']]);
  });

  it('a note changed on both sides keeps the server’s text, records a conflict and drops the pending edit; Keep mine queues ours again', async () => {
    const records = t.repository.sync.records;
    const contact = await t.repository.contacts.create({ name: 'Ana' });
    await t.db.contacts.update(contact.id, { serverId: 70 });
    await records.applyServer('note', [{ serverId: 8, version: 1, fields: { bodyMarkdown: 'v1' }, contactServerId: 70, author: { id: 1, name: 'Agent' } }], []);
    const [note] = await t.repository.notes.listForContact(contact.id);
    expect(note).toMatchObject({ bodyMarkdown: 'v1', base: { bodyMarkdown: 'v1' }, author: { name: 'Agent' } });
    expect(note.bodySlate).not.toBeNull();

    // A server change with no local edit: taken.
    await records.applyServer('note', [{ serverId: 8, version: 2, fields: { bodyMarkdown: 'v2' }, contactServerId: 70 }], []);
    expect((await t.repository.notes.get(note.id))?.bodyMarkdown).toBe('v2');
    // A local edit and an unchanged server text: ours stays.
    await t.repository.notes.update(note.id, { bodySlate: null, bodyMarkdown: 'mine' });
    await records.applyServer('note', [{ serverId: 8, version: 2, fields: { bodyMarkdown: 'v2' }, contactServerId: 70 }], []);
    expect((await t.repository.notes.get(note.id))?.bodyMarkdown).toBe('mine');
    // Both changed.
    const result = await records.applyServer('note', [{ serverId: 8, version: 3, fields: { bodyMarkdown: 'theirs' }, contactServerId: 70 }], []);
    expect(result.conflicts).toBe(1);
    expect(await t.repository.notes.get(note.id)).toMatchObject({ bodyMarkdown: 'theirs', version: 3, base: { bodyMarkdown: 'theirs' } });
    expect(await t.db.outbox.filter((r) => r.entity === 'note').count()).toBe(0);
    const conflicts = await t.repository.sync.conflictsOf(contact.id);
    expect(conflicts).toMatchObject([{ field: `${NOTE_CONFLICT_PREFIX}${note.id}`, localValue: 'mine', serverValue: 'theirs' }]);

    await t.repository.sync.resolveConflict(conflicts[0].id, 'mine');
    expect((await t.repository.notes.get(note.id))?.bodyMarkdown).toBe('mine');
    expect((await t.db.outbox.toArray()).filter((r) => r.entity === 'note').map((r) => [r.op, r.changes])).toEqual([['update', { bodyMarkdown: 'mine' }]]);
    expect(await t.repository.sync.allConflicts()).toEqual([]);
  });

  it('ignores a note of a contact it does not have, and a stock list deletes only within its scope', async () => {
    const records = t.repository.sync.records;
    const a = await t.repository.contacts.create({ name: 'A' });
    const b = await t.repository.contacts.create({ name: 'B' });
    await t.db.contacts.update(a.id, { serverId: 1 });
    await t.db.contacts.update(b.id, { serverId: 2 });
    await records.applyServer('note', [{ serverId: 50, version: null, fields: { bodyMarkdown: 'x' }, contactServerId: 99 }], []);
    expect(await t.repository.notes.getAll()).toEqual([]);
    await records.applyServer(
      'note',
      [
        { serverId: 10, version: null, fields: { bodyMarkdown: 'a1' }, contactServerId: 1 },
        { serverId: 20, version: null, fields: { bodyMarkdown: 'b1' }, contactServerId: 2 },
      ],
      [],
    );
    // Contact A's list no longer has note 10: gone; B's note is outside the scope and stays.
    await records.applyServer('note', [], [], { complete: { scope: (n) => (n as { contactId: string }).contactId === a.id } });
    expect((await t.repository.notes.getAll()).map((n) => n.bodyMarkdown)).toEqual(['b1']);
    // The same with the list's contact named, so only its notes are read: B's note still stays.
    await records.applyServer('note', [{ serverId: 11, version: null, fields: { bodyMarkdown: 'a2' }, contactServerId: 1 }], []);
    await records.applyServer('note', [], [], { complete: { scope: (n) => (n as { contactId: string }).contactId === b.id, contactId: b.id } });
    expect((await t.repository.notes.getAll()).map((n) => n.bodyMarkdown)).toEqual(['a2']);
  });

  it('applies a large page of notes in one transaction: unknown contacts skipped, repeats and deletions within the page', async () => {
    const records = t.repository.sync.records;
    const contact = await t.repository.contacts.create({ name: 'A' });
    await t.db.contacts.update(contact.id, { serverId: 1 });
    const page = [
      // More than a hundred items that make no database request in a row (Dexie keeps its
      // transaction zone for about a hundred settled awaits): the page must still commit whole.
      ...Array.from({ length: 150 }, (_, i) => ({ serverId: 1000 + i, version: 1, fields: { bodyMarkdown: `orphan ${i}` }, contactServerId: 99 })),
      ...Array.from({ length: 300 }, (_, i) => ({ serverId: 100 + i, version: 1, fields: { bodyMarkdown: `note ${i}` }, contactServerId: 1 })),
      // Note 100 again, newer, in the same page: its last state is stored.
      { serverId: 100, version: 2, fields: { bodyMarkdown: 'note 0, edited' }, contactServerId: 1 },
    ];
    const result = await records.applyServer('note', page, [101]);
    expect(result).toMatchObject({ created: 300, deleted: 1 });
    const stored = await t.repository.notes.listForContact(contact.id);
    expect(stored).toHaveLength(299);
    expect(stored.find((n) => n.serverId === 100)).toMatchObject({ bodyMarkdown: 'note 0, edited', version: 2 });
    expect(stored.some((n) => n.serverId === 101)).toBe(false);
    expect(await t.db.notes.where('serverId').equals(399).count()).toBe(1);
    expect(await t.db.outbox.filter((r) => r.entity === 'note').count()).toBe(0);
    await settle();
    const noteEvents = t.events.filter((e) => e.entity === 'note');
    expect(noteEvents).toHaveLength(1);
    expect(noteEvents[0]).toMatchObject({ origin: 'sync', deleted: [expect.any(String)] });
    expect(noteEvents[0].put).toHaveLength(299);
  });
});
