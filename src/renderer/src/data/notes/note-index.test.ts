import { describe, expect, it } from 'vitest';
import type { Note } from '../../../../shared/records';
import { NoteIndex } from './note-index';

let ids = 0;
function note(contactId: string, bodyMarkdown: string, id = `n${++ids}`): Note {
  return { id, contactId, serverId: null, bodySlate: null, bodyMarkdown, author: { name: 'You' }, createdAt: 1, updatedAt: 1, version: null, base: null };
}

describe('NoteIndex', () => {
  it('counts notes per contact and follows puts, moves and deletes', () => {
    const index = new NoteIndex();
    const a1 = note('a', 'one');
    const a2 = note('a', 'two');
    const b1 = note('b', 'three');
    index.load([a1, a2, b1]);
    expect([index.count('a'), index.count('b'), index.count('c')]).toEqual([2, 1, 0]);
    const v = index.version;
    index.applyChanges([{ ...a2, contactId: 'b' }], []); // merged into b
    expect([index.count('a'), index.count('b')]).toEqual([1, 2]);
    index.applyChanges([], [a1.id, 'unknown']);
    expect(index.count('a')).toBe(0);
    expect(index.counts()).toEqual(new Map([['b', 2]]));
    expect(index.version).toBeGreaterThan(v);
  });

  it('searches the notes’ words, folded, without Markdown syntax', () => {
    const index = new NoteIndex();
    const n = note('a', '**Prefiere** llamar a [Muñoz](https://x.y)');
    index.load([n]);
    expect(index.matches('a', 'munoz prefiere')).toBe(true);
    expect(index.matches('a', 'PREFIERE')).toBe(true);
    expect(index.matches('a', 'https')).toBe(false);
    expect(index.matches('a', '**')).toBe(false);
    expect(index.matches('b', 'munoz')).toBe(false);
    index.applyChanges([note('c', 'llamar el lunes'), note('d', 'Muñoz otra vez')], []);
    expect(index.contactsMatching('MUNOZ')).toEqual(new Set(['a', 'd']));
    expect(index.contactsMatching('  ')).toEqual(new Set());
    index.applyChanges([{ ...n, bodyMarkdown: 'otra cosa' }], []);
    expect(index.matches('a', 'munoz')).toBe(false);
    expect(index.text('a')).toBe('otra cosa');
  });
});

describe('followNotes', () => {
  it('loads every note, applies changes made during the load, then follows events', async () => {
    const { followNotes } = await import('./note-index');
    const listeners: ((event: { entity: 'note'; put: Note[]; deleted: string[]; origin: 'local' }) => void)[] = [];
    const early = note('a', 'early');
    let release!: (notes: Note[]) => void;
    const service = {
      repository: { getAll: () => new Promise<Note[]>((resolve) => (release = resolve)) },
      subscribe: (listener: (typeof listeners)[number]) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    } as unknown as Parameters<typeof followNotes>[1];
    const index = new NoteIndex();
    let changes = 0;
    const { ready, stop } = followNotes(index, service, () => changes++);
    listeners[0]!({ entity: 'note', put: [note('b', 'during load')], deleted: [], origin: 'local' });
    release([early]);
    await ready;
    expect([index.count('a'), index.count('b')]).toEqual([1, 1]);
    listeners[0]!({ entity: 'note', put: [], deleted: [early.id], origin: 'local' });
    expect(index.count('a')).toBe(0);
    expect(changes).toBe(2);
    stop();
    expect(listeners).toHaveLength(0);
  });
});
