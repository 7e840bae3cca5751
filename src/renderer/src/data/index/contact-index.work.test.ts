import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import type * as Text from '../../../../shared/text';

/*
 * What a burst of sync or import batches costs the index, counted in folded keys and haystacks
 * (issue 8: a first sync of 100k must not stall the list). Re-sorting a column folds every
 * contact's key; rebuilding the search text every contact's haystack: at 100k that is 100–400 ms
 * per refresh, which a batch of a few hundred contacts must not trigger.
 */
const work = vi.hoisted(() => ({ sortKeys: 0, searchKeys: 0 }));
vi.mock('../../../../shared/text', async (importOriginal) => {
  const text = await importOriginal<typeof Text>();
  return {
    ...text,
    sortKey: (value: string | null | undefined) => {
      work.sortKeys++;
      return text.sortKey(value);
    },
    searchKey: (value: string | null | undefined) => {
      work.searchKeys++;
      return text.searchKey(value);
    },
  };
});
const { ContactIndex } = await import('./contact-index');

const N = 4000;
let nextId = 0;
function contact(fields: Partial<Contact>): Contact {
  nextId++;
  return { ...emptyContactFields(), id: `c${nextId}`, serverId: null, createdAt: nextId, lastActivityAt: null, updatedAt: 0, version: null, base: null, ...fields };
}

function preparedIndex() {
  const index = new ContactIndex();
  const list = Array.from({ length: N }, (_, i) => contact({ name: `Persona ${i}`, company: `Empresa ${i % 97}`, city: 'Madrid', labels: i % 3 ? [] : ['vip'] }));
  index.load(list);
  while (index.prepareInIdle(() => 50) !== 'done');
  index.labelCounts();
  index.view({ search: '', label: null, sort: { column: 'name', direction: 'asc' } });
  index.view({ search: 'persona', label: null, sort: null });
  return { index, list };
}

describe('ContactIndex work per batch', () => {
  beforeEach(() => {
    work.sortKeys = 0;
    work.searchKeys = 0;
  });

  it('re-sorts nothing and folds only the changed contacts for a batch that changes known contacts', () => {
    const { index, list } = preparedIndex();
    work.sortKeys = 0;
    work.searchKeys = 0;
    // A sync page: 20 contacts renamed, 20 relabelled, 20 new.
    const batch = [
      ...list.slice(0, 20).map((c, i) => ({ ...c, name: `Zacarías ${i}` })),
      ...list.slice(100, 120).map((c) => ({ ...c, labels: ['lead'] })),
      ...Array.from({ length: 20 }, (_, i) => contact({ name: `Nuevo ${i}` })),
    ];
    index.applyChanges(batch, []);
    const rows = index.view({ search: '', label: null, sort: { column: 'name', direction: 'asc' } }).rows;
    expect(rows.at(-1)?.name).toBe('Zacarías 9');
    expect(index.view({ search: 'zacarias', label: null, sort: null }).count).toBe(20);
    expect(index.view({ search: 'persona', label: 'lead', sort: null }).count).toBe(20);
    expect(index.labelCounts().get('lead')).toBe(20);
    // A full re-sort of one column alone would fold N keys; a rebuilt text N × 3 haystack fields.
    expect(work.sortKeys).toBeLessThan(N / 4);
    expect(work.searchKeys).toBeLessThan(N / 4);
  });

  it('folds the haystacks of appended contacts in idle time, so the next search folds none', () => {
    const { index } = preparedIndex();
    for (let batch = 0; batch < 4; batch++) index.applyChanges(Array.from({ length: 250 }, (_, i) => contact({ name: `Recién ${batch}-${i}` })), []);
    work.searchKeys = 0;
    // Two short idle periods, then one long enough.
    for (const haystacks of [100, 300]) {
      let asked = 0;
      expect(index.prepareSearchInIdle(() => (asked++ < haystacks ? 50 : 0))).toBe(false);
    }
    expect(index.prepareSearchInIdle(() => 50)).toBe(true);
    // Name, identifier and company per haystack: each of the 1,000 newcomers folded once.
    const folded = work.searchKeys;
    expect(folded).toBe(3 * 1000);
    expect(index.view({ search: 'recien', label: null, sort: null }).count).toBe(1000);
    expect(work.searchKeys - folded).toBe(1); // the query itself
  });

  it('folds for search from the first contacts of a first sync, and leaves a whole rebuild after a removal to the next search', () => {
    const index = new ContactIndex();
    index.load([]);
    while (index.prepareInIdle(() => 50) !== 'done');
    index.applyChanges(Array.from({ length: 100 }, (_, i) => contact({ name: `Primero ${i}` })), []);
    work.searchKeys = 0;
    expect(index.prepareSearchInIdle(() => 50)).toBe(true);
    expect(work.searchKeys).toBe(3 * 100);

    const { index: full, list } = preparedIndex();
    full.applyChanges([contact({ name: 'Nueva' })], [list[0]!.id]);
    work.searchKeys = 0;
    expect(full.prepareSearchInIdle(() => 50)).toBe(true);
    expect(work.searchKeys).toBe(0);
    expect(full.view({ search: 'nueva', label: null, sort: null }).count).toBe(1);
  });

  it('merges a batch of new contacts into the shown order without folding the listed ones again', () => {
    const { index } = preparedIndex();
    work.sortKeys = 0;
    index.applyChanges(Array.from({ length: 50 }, (_, i) => contact({ name: `Aaron ${i}` })), []);
    expect(index.view({ search: '', label: null, sort: { column: 'name', direction: 'desc' } }).at(N + 49)?.name).toBe('Aaron 0');
    expect(work.sortKeys).toBeLessThan(N / 4);
  });
});
