import { describe, expect, it } from 'vitest';
import { readFirstRowsSnapshot, writeFirstRowsSnapshot, type SnapshotStorage } from './first-rows-snapshot';

function memoryStorage(): SnapshotStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('first rows snapshot', () => {
  it('reads back what was written, per database', () => {
    const storage = memoryStorage();
    writeFirstRowsSnapshot(storage, 'a', { sort: { column: 'name', direction: 'asc' }, ids: ['1', '2'] });
    expect(readFirstRowsSnapshot(storage, 'a')).toEqual({ sort: { column: 'name', direction: 'asc' }, ids: ['1', '2'] });
    expect(readFirstRowsSnapshot(storage, 'b')).toBeNull();
  });

  it('is null when empty, malformed or unreadable, so the start reads everything first', () => {
    const storage = memoryStorage();
    writeFirstRowsSnapshot(storage, 'a', { sort: { column: 'name', direction: 'asc' }, ids: [] });
    expect(readFirstRowsSnapshot(storage, 'a')).toBeNull();
    for (const text of ['{', '[]', '{"sort":{"column":"nope","direction":"asc"},"ids":["1"]}', '{"sort":{"column":"name","direction":"up"},"ids":["1"]}', '{"sort":{"column":"name","direction":"asc"},"ids":[1]}']) {
      storage.items.set('wintook:first-rows:a', text);
      expect(readFirstRowsSnapshot(storage, 'a')).toBeNull();
    }
    const throwing: SnapshotStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readFirstRowsSnapshot(throwing, 'a')).toBeNull();
    expect(readFirstRowsSnapshot(undefined, 'a')).toBeNull();
    expect(() => writeFirstRowsSnapshot(throwing, 'a', { sort: { column: 'name', direction: 'asc' }, ids: ['1'] })).not.toThrow();
  });

  it('does not write an unchanged snapshot again', () => {
    const storage = memoryStorage();
    let writes = 0;
    const counting: SnapshotStorage = { getItem: storage.getItem, setItem: (key, value) => (writes++, storage.setItem(key, value)) };
    const snapshot = { sort: { column: 'lastActivityAt', direction: 'desc' }, ids: ['1'] } as const;
    writeFirstRowsSnapshot(counting, 'a', { ...snapshot, ids: [...snapshot.ids] });
    writeFirstRowsSnapshot(counting, 'a', { ...snapshot, ids: [...snapshot.ids] });
    expect(writes).toBe(1);
  });
});
