import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import { ContactIndex, searchTokens, type SortState } from './contact-index';

let nextId = 0;
function contact(fields: Partial<Contact>): Contact {
  nextId++;
  return {
    ...emptyContactFields(),
    id: `c${nextId}`,
    serverId: null,
    createdAt: 1_700_000_000_000 + nextId,
    lastActivityAt: null,
    updatedAt: 0,
    version: null,
    base: null,
    ...fields,
  };
}

function names(index: ContactIndex, sort: SortState | null, search = '', label: string | null = null): string[] {
  return index.view({ search, label, sort }).rows.map((c) => c.name);
}

describe('ContactIndex sorting', () => {
  it('sorts names ignoring case and accents, with ñ after n as in Spanish', () => {
    const index = new ContactIndex();
    index.load(['Nube', 'Ñandú', 'ángel', 'Angel', 'Óscar', 'bruno', 'Zoë', 'oliva'].map((name) => contact({ name })));
    const sorted = names(index, { column: 'name', direction: 'asc' });
    expect(sorted).toEqual(['ángel', 'Angel', 'bruno', 'Nube', 'Ñandú', 'oliva', 'Óscar', 'Zoë']);
    expect(names(index, { column: 'name', direction: 'desc' })).toEqual(['Zoë', 'Óscar', 'oliva', 'Ñandú', 'Nube', 'bruno', 'Angel', 'ángel']);
  });

  it('sorts countries by the English name of their code, so a row keeping only "España" sorts with "Spain"', () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'es-name', country: 'España', countryCode: null }),
      contact({ name: 'de', country: 'Germany', countryCode: 'DE' }),
      contact({ name: 'es', country: 'Spain', countryCode: 'ES' }),
      contact({ name: 'kept', country: 'Atlantis', countryCode: null }),
      contact({ name: 'pe', country: 'Peru', countryCode: 'PE' }),
      contact({ name: 'none' }),
    ]);
    expect(names(index, { column: 'country', direction: 'asc' })).toEqual(['kept', 'de', 'pe', 'es-name', 'es', 'none']);
  });

  it('puts empty values last in both directions', () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'Beto', company: null }),
      contact({ name: 'Ana', company: 'Zeta' }),
      contact({ name: 'Carla', company: '  ' }),
      contact({ name: 'Dani', company: 'acme' }),
    ]);
    expect(names(index, { column: 'company', direction: 'asc' })).toEqual(['Dani', 'Ana', 'Beto', 'Carla']);
    expect(names(index, { column: 'company', direction: 'desc' })).toEqual(['Ana', 'Dani', 'Beto', 'Carla']);
  });

  it('sorts by an attribute named "constructor" on the values contacts set, the others last (issue 17)', () => {
    const index = new ContactIndex();
    index.load([contact({ name: 'Unset' }), contact({ name: 'Zed', customAttributes: { constructor: 'zeta' } }), contact({ name: 'Al', customAttributes: { constructor: 'alfa' } })]);
    expect(names(index, { column: 'attr:constructor', direction: 'asc' })).toEqual(['Al', 'Zed', 'Unset']);
    expect(names(index, { column: 'attr:toString', direction: 'asc' })).toEqual(names(index, { column: 'attr:nothing', direction: 'asc' }));
  });

  it('sorts phone numbers numerically by their digits', () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'uk', phone: '+447911123456' }),
      contact({ name: 'us', phone: '+15417543010' }),
      contact({ name: 'none', phone: null }),
      contact({ name: 'es', phone: '+34612345678' }),
      contact({ name: 'de', phone: '+4915112345678' }),
    ]);
    // By digits: 15417543010 < 34612345678 < 447911123456 < 4915112345678 (numeric, not text order).
    expect(names(index, { column: 'phone', direction: 'asc' })).toEqual(['us', 'es', 'uk', 'de', 'none']);
    expect(names(index, { column: 'phone', direction: 'desc' })).toEqual(['de', 'uk', 'es', 'us', 'none']);
  });

  it('sorts dates chronologically with never-active contacts last', () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'old', lastActivityAt: 1000 }),
      contact({ name: 'never', lastActivityAt: null }),
      contact({ name: 'new', lastActivityAt: 3000 }),
      contact({ name: 'mid', lastActivityAt: 2000 }),
    ]);
    expect(names(index, { column: 'lastActivityAt', direction: 'asc' })).toEqual(['old', 'mid', 'new', 'never']);
    expect(names(index, { column: 'lastActivityAt', direction: 'desc' })).toEqual(['new', 'mid', 'old', 'never']);
  });

  it('keeps ties in a stable order', () => {
    const index = new ContactIndex();
    index.load([contact({ name: 'Ana', email: 'a1@x.io' }), contact({ name: 'ana', email: 'a2@x.io' }), contact({ name: 'ANA', email: 'a3@x.io' })]);
    const emails = index.view({ search: '', label: null, sort: { column: 'name', direction: 'asc' } }).rows.map((c) => c.email);
    expect(emails).toEqual(['a1@x.io', 'a2@x.io', 'a3@x.io']);
  });

  it('agrees with a reference sort on random names (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ maxLength: 6 }), { nil: null }), { maxLength: 40 }), (raw) => {
        const index = new ContactIndex();
        index.load(raw.map((name) => contact({ name: name ?? '', company: name })));
        const rows = index.view({ search: '', label: null, sort: { column: 'company', direction: 'asc' } }).rows;
        const seenEmpty = rows.findIndex((c) => !c.company?.trim());
        if (seenEmpty >= 0) expect(rows.slice(seenEmpty).every((c) => !c.company?.trim())).toBe(true);
        expect(rows).toHaveLength(raw.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ContactIndex search and labels', () => {
  const build = () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'José Muñoz', email: 'jose@acme.es', phone: '+34612345678', company: 'Acmé', labels: ['vip'] }),
      contact({ name: 'Ana García', email: 'ana@globex.com', identifier: 'CRM-42', labels: ['lead', 'vip'] }),
      contact({ name: 'Zoë Smith', email: 'zoe@initech.co.uk', phone: '+447911123456', company: 'Initech' }),
    ]);
    return index;
  };

  it('matches name, email, phone, identifier and company, ignoring case and accents', () => {
    const index = build();
    expect(names(index, null, 'munoz')).toEqual(['José Muñoz']);
    expect(names(index, null, 'JOSÉ')).toEqual(['José Muñoz']);
    expect(names(index, null, 'globex')).toEqual(['Ana García']);
    expect(names(index, null, 'crm-42')).toEqual(['Ana García']);
    expect(names(index, null, 'acme')).toEqual(['José Muñoz']);
    expect(names(index, null, 'zoe')).toEqual(['Zoë Smith']);
    expect(names(index, null, '612 345')).toEqual(['José Muñoz']);
    expect(names(index, null, '+44 7911')).toEqual(['Zoë Smith']);
    expect(names(index, null, 'nobody')).toEqual([]);
  });

  it('requires every word of the query', () => {
    const index = build();
    expect(names(index, null, 'ana vip')).toEqual([]);
    expect(names(index, null, 'ana garcia')).toEqual(['Ana García']);
  });

  it('narrows and widens correctly as the user types and deletes', () => {
    const index = build();
    expect(names(index, null, 'e')).toHaveLength(3);
    expect(names(index, null, 'ex')).toEqual(['Ana García']);
    expect(names(index, null, 'e')).toHaveLength(3);
    expect(names(index, null, 'exa')).toEqual([]);
    expect(names(index, null, 'ex')).toEqual(['Ana García']);
  });

  it('filters by label and combines with search', () => {
    const index = build();
    expect(names(index, null, '', 'vip')).toEqual(['José Muñoz', 'Ana García']);
    expect(names(index, null, 'ana', 'vip')).toEqual(['Ana García']);
    expect(names(index, null, '', 'nonexistent')).toEqual([]);
  });

  it('counts contacts per label', () => {
    expect([...build().labelCounts()].sort()).toEqual([
      ['lead', 1],
      ['vip', 2],
    ]);
  });

  it('folds phone-like queries into digits only', () => {
    expect(searchTokens(' (612) 345-678 ')).toEqual(['612345678']);
    expect(searchTokens('Ána  López')).toEqual(['ana', 'lopez']);
    expect(searchTokens('   ')).toEqual([]);
  });
});

describe('ContactIndex changes', () => {
  it('applies puts and deletes and invalidates cached views', () => {
    const index = new ContactIndex();
    const ana = contact({ name: 'Ana' });
    const beto = contact({ name: 'Beto' });
    const carla = contact({ name: 'Carla' });
    index.load([ana, beto, carla]);
    const asc: SortState = { column: 'name', direction: 'asc' };
    expect(names(index, asc)).toEqual(['Ana', 'Beto', 'Carla']);
    const version = index.version;
    index.applyChanges([{ ...beto, name: 'Zacarías' }, contact({ name: 'Bea' })], [ana.id]);
    expect(index.version).toBeGreaterThan(version);
    expect(names(index, asc)).toEqual(['Bea', 'Carla', 'Zacarías']);
    expect(index.get(ana.id)).toBeUndefined();
    expect(index.get(beto.id)?.name).toBe('Zacarías');
    expect(names(index, null, 'zaca')).toEqual(['Zacarías']);
    expect(index.size).toBe(3);
  });

  it('keeps the search haystacks aligned after swap-removal', () => {
    const index = new ContactIndex();
    const list = ['Ana', 'Beto', 'Carla', 'Dani'].map((name) => contact({ name }));
    index.load(list);
    expect(index.prepareInIdle(() => 50)).toBe('done');
    index.applyChanges([], [list[0]!.id]);
    expect(names(index, null, 'dani')).toEqual(['Dani']);
    expect(names(index, null, 'ana')).toEqual([]);
  });
});

describe('ContactIndex search agrees with a naive scan (property)', () => {
  const syllable = fc.constantFrom('an', 'Án', 'ñu', 'jo', 'sé', 'mu', 'OZ', 'ga', ' ', 'í', '+34', '61');
  const text = fc.array(syllable, { maxLength: 5 }).map((parts) => parts.join(''));
  it('finds exactly the contacts whose fields contain every folded word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: text, company: fc.option(text, { nil: null }), phone: fc.option(fc.constantFrom('+34612345678', '+15417543010'), { nil: null }) }), { maxLength: 30 }),
        text,
        (records, query) => {
          const index = new ContactIndex();
          const list = records.map((record) => contact(record));
          index.load(list);
          const tokens = searchTokens(query);
          const fold = (value: string | null) => (value ?? '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
          const expected = list
            .filter((c) => tokens.every((token) => [fold(c.name), fold(c.company), c.phone ?? ''].some((field) => field.includes(token))))
            .map((c) => c.id);
          const actual = index.view({ search: query, label: null, sort: null }).rows.map((c) => c.id);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ContactIndex search as the user types on (incremental narrowing, property)', () => {
  const syllable = fc.constantFrom('an', 'Án', 'ñu', 'jo', 'sé', 'mu', 'OZ', 'ga', 'í', 'li', 'ter', 'po', 'ka', 'we');
  const word = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
  const record = fc.record({
    name: fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
    company: fc.option(word, { nil: null }),
    labels: fc.subarray(['vip', 'lead']),
  });

  it('lists exactly what a fresh index lists at every prefix of a query, then after deleting back', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 60 }),
        fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
        fc.constantFrom<SortState | null>(null, { column: 'name', direction: 'asc' }, { column: 'name', direction: 'desc' }),
        fc.option(fc.constantFrom('vip', 'lead'), { nil: null }),
        (records, query, sort, label) => {
          const list = records.map((r) => contact(r));
          const typing = new ContactIndex();
          typing.load(list);
          const prefixes = [...query].map((_, i) => query.slice(0, i + 1));
          for (const search of [...prefixes, ...prefixes.slice(0, -1).reverse()]) {
            const fresh = new ContactIndex();
            fresh.load(list);
            expect(names(typing, sort, search, label)).toEqual(names(fresh, sort, search, label));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sees an edit made between two keystrokes (the narrowed search does not reuse matches from before it)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), word, fc.nat(), (records, query, pick) => {
        const list = records.map((r) => contact(r));
        const typing = new ContactIndex();
        typing.load(list);
        names(typing, null, query.slice(0, 1));
        const edited = { ...list[pick % list.length]!, name: `${query} edited` };
        typing.applyChanges([edited], []);
        const fresh = new ContactIndex();
        fresh.load(list.map((c) => (c.id === edited.id ? edited : c)));
        expect(names(typing, null, query)).toEqual(names(fresh, null, query));
      }),
      { numRuns: 200 },
    );
  });

  it('orders a search listing few contacts as the whole sorted list orders them, empty values last both ways', () => {
    const company = fc.option(fc.constantFrom('Acme', 'ácme', 'Zeta', 'beta', 'Ñu'), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: word, company }), { minLength: 16, maxLength: 80 }),
        fc.nat(),
        fc.constantFrom<SortState>({ column: 'company', direction: 'asc' }, { column: 'company', direction: 'desc' }),
        (records, pick, sort) => {
          const list = records.map((r) => contact(r));
          const index = new ContactIndex();
          index.load(list);
          // A whole name as the query: few matches, so the ordering by rank is the one used.
          const query = list[pick % list.length]!.name;
          const matching = new Set(index.view({ search: query, label: null, sort: null }).rows.map((c) => c.id));
          const expected = index.view({ search: '', label: null, sort }).rows.filter((c) => matching.has(c.id)).map((c) => c.id);
          expect(index.view({ search: query, label: null, sort }).rows.map((c) => c.id)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('narrows a common word to the contacts that also have the next one', () => {
    const index = new ContactIndex();
    const people = ['María García', 'María López', 'José García', ...Array.from({ length: 40 }, (_, i) => `Other ${i}`)];
    index.load(people.map((name) => contact({ name })));
    expect(names(index, { column: 'name', direction: 'asc' }, 'mar')).toEqual(['María García', 'María López']);
    expect(names(index, { column: 'name', direction: 'asc' }, 'maria gar')).toEqual(['María García']);
    expect(names(index, { column: 'name', direction: 'asc' }, 'maria')).toEqual(['María García', 'María López']);
    expect(names(index, { column: 'name', direction: 'asc' }, 'garcia')).toEqual(['José García', 'María García']);
  });
});

describe('ContactIndex custom attribute columns', () => {
  it('sorts numbers numerically, text folded, missing values last', () => {
    const index = new ContactIndex();
    index.load([
      contact({ name: 'ten', customAttributes: { seats: 10, plan: 'Pro' } }),
      contact({ name: 'none', customAttributes: {} }),
      contact({ name: 'nine', customAttributes: { seats: 9, plan: 'enterprise' } }),
      contact({ name: 'hundred', customAttributes: { seats: 100, plan: 'Ñu' } }),
    ]);
    expect(names(index, { column: 'attr:seats', direction: 'asc' })).toEqual(['nine', 'ten', 'hundred', 'none']);
    expect(names(index, { column: 'attr:seats', direction: 'desc' })).toEqual(['hundred', 'ten', 'nine', 'none']);
    expect(names(index, { column: 'attr:plan', direction: 'asc' })).toEqual(['nine', 'hundred', 'ten', 'none']);
  });
});

describe('ContactIndex appending new contacts (an import or first-sync batch)', () => {
  const word = fc.constantFrom('an', 'Án', 'ñu', 'jo', 'sé', 'Zoë', 'OZ', '', ' ');
  const record = fc.record({
    name: fc.array(word, { maxLength: 3 }).map((parts) => parts.join('')),
    company: fc.option(word, { nil: null }),
    city: fc.option(word, { nil: null }),
    lastActivityAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    labels: fc.subarray(['vip', 'lead', 'ñu']),
    customAttributes: fc.option(fc.record({ seats: fc.integer({ min: 0, max: 3 }) }), { nil: {} }),
  });
  const columns = ['name', 'company', 'city', 'lastActivityAt', 'createdAt', 'attr:seats'] as const;
  const ids = (index: ContactIndex, sort: SortState | null, label: string | null = null) => index.view({ search: '', label, sort }).rows.map((c) => c.id);

  it('lists, sorts and counts exactly as an index loaded with everything at once (property)', () => {
    fc.assert(
      // `peeks`: the columns a view sorts by between batches (the orders are merged in lazily, so
      // some columns catch up after one batch and others after several).
      fc.property(fc.array(record, { maxLength: 25 }), fc.array(fc.array(record, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...columns), { maxLength: 3 }), (first, batches, peeks) => {
        const loaded = first.map((r) => contact(r));
        const added = batches.map((batch) => batch.map((r) => contact(r)));
        const incremental = new ContactIndex();
        incremental.load(loaded);
        // Build every sort order and the label counts first, as the app has them when an import starts.
        for (const column of columns) ids(incremental, { column, direction: 'asc' });
        incremental.labelCounts();
        added.forEach((batch, i) => {
          incremental.applyChanges(batch, []);
          const peek = peeks[i];
          if (peek !== undefined) ids(incremental, { column: peek, direction: 'desc' });
        });
        const fresh = new ContactIndex();
        fresh.load([...loaded, ...added.flat()]);
        for (const column of columns) {
          for (const direction of ['asc', 'desc'] as const) {
            expect(ids(incremental, { column, direction })).toEqual(ids(fresh, { column, direction }));
          }
        }
        expect(ids(incremental, null, 'vip')).toEqual(ids(fresh, null, 'vip'));
        expect(new Map(incremental.labelCounts())).toEqual(fresh.labelCounts());
        expect(incremental.size).toBe(fresh.size);
      }),
      { numRuns: 300 },
    );
  });

  it('still handles a batch that updates a known contact the slow way', () => {
    const index = new ContactIndex();
    const ana = contact({ name: 'Ana', labels: ['vip'] });
    index.load([ana, contact({ name: 'Bea' })]);
    expect(names(index, { column: 'name', direction: 'asc' })).toEqual(['Ana', 'Bea']);
    expect(index.labelCounts().get('vip')).toBe(1);
    index.applyChanges([{ ...ana, name: 'Zoe', labels: [] }, contact({ name: 'Carla', labels: ['vip'] })], []);
    expect(names(index, { column: 'name', direction: 'asc' })).toEqual(['Bea', 'Carla', 'Zoe']);
    expect(index.labelCounts().get('vip')).toBe(1);
  });
});

describe('ContactIndex views (positions, read as needed)', () => {
  const asc: SortState = { column: 'name', direction: 'asc' };
  const desc: SortState = { column: 'name', direction: 'desc' };

  it('gives count, slice and at consistent with rows, as Array.prototype.slice reads its arguments', () => {
    const index = new ContactIndex();
    index.load(['Dora', 'Ana', 'Carla', 'Beto', 'Eva'].map((name) => contact({ name })));
    for (const sort of [asc, desc, null]) {
      const view = index.view({ search: '', label: null, sort });
      const rows = view.rows;
      expect(view.count).toBe(5);
      for (const [start, end] of [[0, 2], [1, undefined], [-2, undefined], [3, 100], [4, 2], [-100, -3], [0, 0], [2.7, 4.2]] as const) {
        expect(view.slice(start, end)).toEqual(rows.slice(start, end));
      }
      expect([0, 1, 2, 3, 4].map((i) => view.at(i))).toEqual(rows);
      expect([5, -1, 1.5, Number.NaN].map((i) => view.at(i))).toEqual([undefined, undefined, undefined, undefined]);
      expect(view.rows).toBe(rows); // built once
    }
    const some = index.view({ search: 'a', label: null, sort: asc });
    expect(some.count).toBe(4);
    expect(some.slice(1, 3).map((c) => c.name)).toEqual(['Carla', 'Dora']);
  });

  it('keeps listing what it listed after the index changes (edit, delete, append)', () => {
    const index = new ContactIndex();
    const list = ['Ana', 'Beto', 'Carla', 'Dora'].map((name) => contact({ name }));
    index.load(list);
    const all = index.view({ search: '', label: null, sort: asc });
    const searched = index.view({ search: 'a', label: null, sort: desc });
    const unsorted = index.view({ search: '', label: null, sort: null });
    const before = [all.slice(0), searched.slice(0), unsorted.slice(0)].map((rows) => rows.map((c) => c.name));
    index.applyChanges([{ ...list[1]!, name: 'Zoe' }], [list[0]!.id]);
    index.applyChanges([contact({ name: 'Aaron' }), contact({ name: 'Ada' })], []);
    expect([all.slice(0), searched.slice(0), unsorted.slice(0)].map((rows) => rows.map((c) => c.name))).toEqual(before);
    expect(all.at(0)?.name).toBe('Ana');
    expect(names(index, asc)).toEqual(['Aaron', 'Ada', 'Carla', 'Dora', 'Zoe']);
  });
});

/** A burst's idle folding of appended contacts' haystacks, cut off after `budget` haystacks (a short idle period). */
const foldStep = fc.record({ kind: fc.constant('fold' as const), budget: fc.nat({ max: 3 }) });
function foldAhead(index: ContactIndex, budget: number): void {
  let asked = 0;
  index.prepareSearchInIdle(() => (asked++ < budget ? 50 : 0));
}

describe('ContactIndex under any sequence of changes agrees with a naive model (property)', () => {
  const word = fc.constantFrom('an', 'Án', 'ñu', 'jo', 'sé', 'mu', 'OZ', 'ga', 'Zoë', '');
  const fields = fc.record({
    name: fc.array(word, { maxLength: 3 }).map((parts) => parts.join(' ').trim()),
    company: fc.option(word, { nil: null }),
    lastActivityAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  });
  type Step =
    | { kind: 'append'; records: { name: string; company: string | null; lastActivityAt: number | null }[] }
    | { kind: 'edit'; pick: number; record: { name: string; company: string | null; lastActivityAt: number | null } }
    | { kind: 'delete'; picks: number[] }
    | { kind: 'prepare' }
    | { kind: 'fold'; budget: number }
    | { kind: 'look'; query: string; column: 'name' | 'company' | 'lastActivityAt'; direction: 'asc' | 'desc' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), records: fc.array(fields, { maxLength: 4 }) }),
    fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), record: fields }),
    fc.record({ kind: fc.constant('delete' as const), picks: fc.array(fc.nat(), { maxLength: 3 }) }),
    fc.constant({ kind: 'prepare' as const }),
    foldStep,
    fc.record({
      kind: fc.constant('look' as const),
      query: fc.constantFrom('', 'an', 'a', 'ñu jo', 'oz', 'zoe', 'se mu', 'x'),
      column: fc.constantFrom('name' as const, 'company' as const, 'lastActivityAt' as const),
      direction: fc.constantFrom('asc' as const, 'desc' as const),
    }),
  );
  const fold = (value: string | null) => (value ?? '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

  it('searches and sorts the current contacts after appends, edits, deletions and idle preparation', () => {
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 12 }), fc.array(step, { maxLength: 14 }), (initial, steps) => {
        const index = new ContactIndex();
        const model = new Map<string, Contact>();
        const start = initial.map((r) => contact(r));
        for (const c of start) model.set(c.id, c);
        index.load(start);
        for (const s of steps) {
          const ids = [...model.keys()];
          if (s.kind === 'append') {
            const added = s.records.map((r) => contact(r));
            for (const c of added) model.set(c.id, c);
            index.applyChanges(added, []);
          } else if (s.kind === 'edit' && ids.length > 0) {
            const old = model.get(ids[s.pick % ids.length]!)!;
            const edited = { ...old, ...s.record };
            model.set(edited.id, edited);
            index.applyChanges([edited], []);
          } else if (s.kind === 'delete' && ids.length > 0) {
            const gone = [...new Set(s.picks.map((p) => ids[p % ids.length]!))];
            for (const id of gone) model.delete(id);
            index.applyChanges([], gone);
          } else if (s.kind === 'prepare') {
            index.prepareInIdle(() => 50);
          } else if (s.kind === 'fold') {
            foldAhead(index, s.budget);
          } else if (s.kind === 'look') {
            const view = index.view({ search: s.query, label: null, sort: { column: s.column, direction: s.direction } });
            const tokens = searchTokens(s.query);
            const expected = [...model.values()].filter((c) => tokens.every((t) => [fold(c.name), fold(c.company)].some((f) => f.includes(t))));
            expect(new Set(view.rows.map((c) => c.id))).toEqual(new Set(expected.map((c) => c.id)));
            expect(view.count).toBe(expected.length);
            // Sorted by the column's key, empties last in both directions (ties may be in any order).
            const keyOf = (c: Contact): string | number | null =>
              s.column === 'lastActivityAt' ? c.lastActivityAt : (fold(s.column === 'name' ? c.name : c.company).trim() || null);
            const keys = view.rows.map(keyOf);
            const filled = keys.filter((k) => k !== null);
            expect(keys.slice(filled.length).every((k) => k === null)).toBe(true);
            const sorted = [...filled].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
            expect(filled).toEqual(s.direction === 'asc' ? sorted : sorted.reverse());
          }
          expect(index.size).toBe(model.size);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('ContactIndex search finds matches at any distance from each other (property)', () => {
  it('marks exactly the matching contacts whether matches are adjacent or hundreds apart', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 10 }), fc.boolean(), (gaps, prepared) => {
        // `gaps[i]` non-matching contacts, then one whose company holds the token (twice, to test one hit per contact).
        const list: Contact[] = [];
        const expected: string[] = [];
        for (const gap of gaps) {
          for (let i = 0; i < gap; i++) list.push(contact({ name: `filler ${i}`, company: 'acme' }));
          const hit = contact({ name: 'hit', company: 'qz-corp qz' });
          list.push(hit);
          expected.push(hit.id);
        }
        const index = new ContactIndex();
        index.load(list);
        if (prepared) while (index.prepareInIdle(() => 50) !== 'done');
        expect(index.view({ search: 'qz', label: null, sort: null }).rows.map((c) => c.id)).toEqual(expected);
        expect(index.view({ search: 'qz acme', label: null, sort: null }).count).toBe(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('ContactIndex kept current in place agrees with an index built from scratch (property)', () => {
  const word = fc.constantFrom('an', 'Án', 'ñu', 'jo', 'sé', 'mu', 'OZ', 'Zoë', '', ' ');
  const fields = fc.record({
    name: fc.array(word, { maxLength: 3 }).map((parts) => parts.join(' ').trim()),
    company: fc.option(word, { nil: null }),
    city: fc.option(word, { nil: null }),
    lastActivityAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    labels: fc.subarray(['vip', 'lead', 'ñu']),
    customAttributes: fc.option(fc.record({ seats: fc.integer({ min: 0, max: 3 }) }), { nil: {} }),
  });
  type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never;
  // A batch as sync and import send them: new contacts, known ones changed (the same one twice,
  // or a newcomer of the same batch again), in any mix; or removals; or a look at the list.
  type Step =
    | { kind: 'batch'; items: { known: boolean; pick: number; record: Fields }[] }
    | { kind: 'delete'; picks: number[]; also: Fields[] }
    | { kind: 'prepare' }
    | { kind: 'fold'; budget: number }
    | { kind: 'look'; query: string; column: (typeof columns)[number]; direction: 'asc' | 'desc' };
  const columns = ['name', 'company', 'city', 'lastActivityAt', 'createdAt', 'attr:seats'] as const;
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('batch' as const), items: fc.array(fc.record({ known: fc.boolean(), pick: fc.nat(), record: fields }), { maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), picks: fc.array(fc.nat(), { maxLength: 2 }), also: fc.array(fields, { maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'prepare' as const }) },
    { weight: 2, arbitrary: foldStep },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('look' as const),
        query: fc.constantFrom('', 'an', 'ñu jo', 'oz', 'zoe', 'se mu'),
        column: fc.constantFrom(...columns),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
      }),
    },
  );
  const ids = (index: ContactIndex, search: string, sort: SortState | null, label: string | null = null) => index.view({ search, label, sort }).rows.map((c) => c.id);

  it('lists, searches, sorts and counts labels exactly as a fresh index over the same contacts', () => {
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 10 }), fc.array(step, { maxLength: 12 }), (initial, steps) => {
        const index = new ContactIndex();
        const model = new Map<string, Contact>();
        const start = initial.map((r) => contact(r));
        for (const c of start) model.set(c.id, c);
        index.load(start);
        // Every order, the search text and the label counts built, as the app has them after start-up.
        while (index.prepareInIdle(() => 50) !== 'done');
        index.labelCounts();
        const views: { view: ReturnType<ContactIndex['view']>; rows: Contact[] }[] = [];
        for (const s of steps) {
          const known = [...model.keys()];
          if (s.kind === 'batch') {
            const batch: Contact[] = [];
            for (const item of s.items) {
              const pool = [...known, ...batch.map((c) => c.id)];
              const base = item.known && pool.length > 0 ? (batch.find((c) => c.id === pool[item.pick % pool.length]) ?? model.get(pool[item.pick % pool.length]!)!) : null;
              const next = base ? { ...base, ...item.record } : contact(item.record);
              batch.push(next);
            }
            for (const c of batch) model.set(c.id, c);
            index.applyChanges(batch, []);
          } else if (s.kind === 'delete') {
            const gone = known.length > 0 ? [...new Set(s.picks.map((p) => known[p % known.length]!))] : [];
            const added = s.also.map((r) => contact(r));
            for (const id of gone) model.delete(id);
            for (const c of added) model.set(c.id, c);
            index.applyChanges(added, gone);
          } else if (s.kind === 'prepare') {
            index.prepareInIdle(() => 50);
          } else if (s.kind === 'fold') {
            foldAhead(index, s.budget);
          } else {
            const view = index.view({ search: s.query, label: null, sort: { column: s.column, direction: s.direction } });
            views.push({ view, rows: view.rows.slice() });
            const fresh = new ContactIndex();
            fresh.load([...index.all()]);
            expect(view.rows.map((c) => c.id)).toEqual(ids(fresh, s.query, { column: s.column, direction: s.direction }));
          }
          expect(new Set(index.all().map((c) => c.id))).toEqual(new Set(model.keys()));
          // The index keeps its own copies (listed-contact.ts), equal to what it was given.
          for (const c of index.all()) expect(c).toEqual(model.get(c.id));
        }
        const fresh = new ContactIndex();
        fresh.load([...index.all()]);
        for (const column of columns) {
          for (const direction of ['asc', 'desc'] as const) {
            expect(ids(index, '', { column, direction })).toEqual(ids(fresh, '', { column, direction }));
            expect(ids(index, 'an', { column, direction }, 'vip')).toEqual(ids(fresh, 'an', { column, direction }, 'vip'));
          }
        }
        for (const query of ['an', 'ñu', 'oz', 'zoe jo', 'mu']) expect(ids(index, query, null)).toEqual(ids(fresh, query, null));
        expect(new Map(index.labelCounts())).toEqual(new Map(fresh.labelCounts()));
        // Views taken along the way still list what they listed.
        for (const { view, rows } of views) expect(view.slice(0)).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps an earlier view listing the contact as it was when a later batch changes it in place', () => {
    const index = new ContactIndex();
    const ana = contact({ name: 'Ana', labels: ['vip'] });
    const bea = contact({ name: 'Bea' });
    index.load([ana, bea]);
    const before = index.view({ search: '', label: null, sort: { column: 'name', direction: 'asc' } });
    const all = index.all();
    index.applyChanges([{ ...ana, name: 'Zoe', labels: [] }, contact({ name: 'Carla', labels: ['vip'] })], []);
    expect(before.rows.map((c) => c.name)).toEqual(['Ana', 'Bea']);
    expect(before.at(0)?.name).toBe('Ana');
    expect(all.slice(0, 2).map((c) => c.name)).toEqual(['Ana', 'Bea']);
    expect(names(index, { column: 'name', direction: 'asc' })).toEqual(['Bea', 'Carla', 'Zoe']);
    expect(names(index, { column: 'name', direction: 'desc' }, 'zoe')).toEqual(['Zoe']);
    expect(names(index, null, 'ana')).toEqual([]);
    expect(index.labelCounts().get('vip')).toBe(1);
  });

  it('finds an edited contact by its new text and not its old, however many edits come before the text is rebuilt', () => {
    const index = new ContactIndex();
    const list = Array.from({ length: 5000 }, (_, i) => contact({ name: `persona ${i}`, company: 'acme' }));
    index.load(list);
    while (index.prepareInIdle(() => 50) !== 'done');
    expect(index.view({ search: 'acme', label: null, sort: null }).count).toBe(5000);
    // More edits than the index checks one by one: some are folded into a rebuilt text.
    const edited = list.map((c, i) => ({ ...c, company: i % 2 === 0 ? 'globex' : 'acme', name: `renamed ${i}` }));
    for (let i = 0; i < edited.length; i += 500) {
      index.applyChanges(edited.slice(i, i + 500), []);
      const changed = Math.min(i + 500, edited.length);
      const globex = Math.ceil(changed / 2);
      expect(index.view({ search: 'globex', label: null, sort: null }).count).toBe(globex);
      expect(index.view({ search: 'acme', label: null, sort: { column: 'name', direction: 'asc' } }).count).toBe(5000 - globex);
      expect(index.view({ search: 'persona', label: null, sort: null }).count).toBe(5000 - changed);
    }
    expect(index.view({ search: 'renamed 4999', label: null, sort: null }).rows.map((c) => c.id)).toEqual([list[4999]!.id]);
  });
});

describe('ContactIndex search text grown in pieces by appends between searches (property)', () => {
  const word = fc.constantFrom('an', 'na', 'ñu', 'jo', 'OZ', 'zoë', 'a', 'x');
  const record = fc.record({ name: fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')), company: fc.option(word, { nil: null }) });
  const queries = ['an', 'na', 'a', 'ñu', 'oz', 'zoe an', 'jox', 'aa', 'x'];
  const ids = (index: ContactIndex, search: string) => index.view({ search, label: null, sort: null }).rows.map((c) => c.id);

  it('finds exactly what a fresh index finds, after appends, then an edit and a removal', () => {
    fc.assert(
      fc.property(fc.array(fc.array(record, { maxLength: 12 }), { minLength: 1, maxLength: 10 }), fc.nat(), fc.nat(), record, (batches, editPick, removePick, edit) => {
        const index = new ContactIndex();
        index.load([]);
        batches.forEach((batch, i) => {
          index.applyChanges(batch.map((r) => contact(r)), []);
          ids(index, queries[i % queries.length]!); // a search between batches: the text grows by a piece
        });
        const check = () => {
          const fresh = new ContactIndex();
          fresh.load([...index.all()]);
          for (const query of queries) expect(ids(index, query)).toEqual(ids(fresh, query));
        };
        check();
        const all = index.all();
        if (all.length === 0) return;
        index.applyChanges([{ ...all[editPick % all.length]!, ...edit }], []);
        check();
        index.applyChanges([], [all[removePick % all.length]!.id]);
        check();
      }),
      { numRuns: 300 },
    );
  });
});
