import type { Contact } from '../../../shared/contact';
import { phoneDigits, searchKey, sortKey } from '../../../shared/text';

/**
 * The in-memory index of every contact: loaded once, kept current from the repository's change
 * events, and the only place sorting, search and label filtering run. An array pass over 100k
 * contacts costs a few milliseconds here, where a Dexie cursor filter costs ~1.5 s
 * (sync-and-performance-notes.md §2.1), and AG Grid's own client-side sort ~400 ms (§2.2).
 */

export const SORT_COLUMNS = ['name', 'email', 'phone', 'company', 'city', 'country', 'lastActivityAt', 'createdAt'] as const;
/** A standard column, or a custom attribute's column (`attr:<key>`). */
export type SortColumn = (typeof SORT_COLUMNS)[number] | `attr:${string}`;

export const ATTRIBUTE_COLUMN_PREFIX = 'attr:';

export function isSortColumn(colId: string): colId is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(colId) || colId.startsWith(ATTRIBUTE_COLUMN_PREFIX);
}
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: SortColumn;
  direction: SortDirection;
}

export interface ViewQuery {
  search: string;
  label: string | null;
  sort: SortState | null;
  /** An extra predicate (the filter builder's compiled filter); must be a stable reference per filter. */
  predicate?: ((contact: Contact) => boolean) | null;
  /** Contacts that match the search by something outside the index (their notes); a stable reference per result. */
  alsoMatching?: ReadonlySet<string> | null;
}

/** A computed list: the contacts to show, in order. */
export interface ContactView {
  rows: Contact[];
  version: number;
  predicate: ((contact: Contact) => boolean) | null;
}

type SortKeyOf = (contact: Contact) => string | number | null;

const TEXT_SORT: Record<'name' | 'email' | 'company' | 'city' | 'country', (c: Contact) => string | null> = {
  name: (c) => c.name,
  email: (c) => c.email,
  company: (c) => c.company,
  city: (c) => c.city,
  country: (c) => c.country ?? c.countryCode,
};

/** Custom attribute values sort by kind: numbers numerically, checkboxes false before true, text folded. */
function attributeSortKey(key: string): SortKeyOf {
  return (contact) => {
    const value = contact.customAttributes[key];
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    const folded = sortKey(value);
    return folded === '' ? null : folded;
  };
}

function sortKeyFor(column: SortColumn): SortKeyOf {
  if (column.startsWith(ATTRIBUTE_COLUMN_PREFIX)) return attributeSortKey(column.slice(ATTRIBUTE_COLUMN_PREFIX.length));
  switch (column) {
    case 'phone':
      return (c) => phoneDigits(c.phone);
    case 'lastActivityAt':
      return (c) => c.lastActivityAt;
    case 'createdAt':
      return (c) => c.createdAt;
    default: {
      const text = TEXT_SORT[column as keyof typeof TEXT_SORT];
      return (c) => {
        const key = sortKey(text(c));
        return key === '' ? null : key;
      };
    }
  }
}

interface SortedOrder {
  /** Positions into `contacts`: the non-empty ones ascending, then the empty ones. */
  order: Int32Array;
  nonEmpty: number;
  /** Each position's sort key (null: empty), kept so appended contacts merge in without a re-sort. */
  keys: (string | number | null)[];
}

type SortKey = string | number | null;

/** Key order, ties by position (load order), so equal values never shuffle between sorts. */
function compareAt(keys: readonly SortKey[], a: number, b: number): number {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka < kb ? -1 : ka > kb ? 1 : a - b;
}

/**
 * The order after contacts were appended at positions `from`…: the new ones' keys sorted and merged
 * into the old order (O(n + k log k)) instead of sorting all n again (an import's batch of 2,000 into
 * 100k: ~5 ms instead of a 100–400 ms re-sort on every refresh). Same result as a full sort.
 */
function mergeAppended(sorted: SortedOrder, contacts: readonly Contact[], from: number, keyOf: SortKeyOf): SortedOrder {
  const count = contacts.length;
  const keys = sorted.keys;
  const filled: number[] = [];
  const empty: number[] = [];
  for (let i = from; i < count; i++) {
    const key = keyOf(contacts[i]!);
    keys[i] = key;
    (key === null ? empty : filled).push(i);
  }
  filled.sort((a, b) => compareAt(keys, a, b));
  const old = sorted.order;
  const order = new Int32Array(count);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < sorted.nonEmpty && j < filled.length) {
    if (compareAt(keys, old[i]!, filled[j]!) <= 0) order[o++] = old[i++]!;
    else order[o++] = filled[j++]!;
  }
  while (i < sorted.nonEmpty) order[o++] = old[i++]!;
  while (j < filled.length) order[o++] = filled[j++]!;
  // Empties keep load order: the old ones, then the new ones.
  for (let e = sorted.nonEmpty; e < from; e++) order[o++] = old[e]!;
  for (const position of empty) order[o++] = position;
  return { order, nonEmpty: sorted.nonEmpty + filled.length, keys };
}

/** Folds a search query into tokens; a phone-like token ("612 345-678") loses its separators. */
export function searchTokens(query: string): string[] {
  const folded = searchKey(query.trim());
  if (!folded) return [];
  const compact = folded.replace(/[\s().-]+/g, '');
  if (/^\+?\d{3,}$/.test(compact)) return [compact.replace(/^\+/, '')];
  return folded.split(/\s+/).filter(Boolean);
}

/** What quick search looks at: name, email, phone, identifier and company, folded. */
export function searchHaystack(contact: Contact): string {
  return [
    searchKey(contact.name),
    contact.email ?? '',
    contact.phone ?? '',
    searchKey(contact.identifier),
    searchKey(contact.company),
  ].join('\n');
}

export class ContactIndex {
  private contacts: Contact[] = [];
  private positionById = new Map<string, number>();
  /** Search haystacks aligned with `contacts`; filled lazily (at idle after load, or on first search). */
  private haystacks: (string | undefined)[] = [];
  /**
   * Every haystack joined with "\n" (which no token contains), and where each one starts: one native
   * `indexOf` scan over the whole text finds a token in all contacts at once, ~10× faster than
   * 100k `includes` calls.
   */
  private joined: { text: string; starts: Int32Array } | null = null;
  private sortCache = new Map<SortColumn, SortedOrder>();
  private labelCountCache: Map<string, number> | null = null;
  private lastView: { key: string; view: ContactView; alsoMatching: ReadonlySet<string> | null } | null = null;
  private mask = new Uint8Array(0);
  private _version = 0;

  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.contacts.length;
  }

  load(contacts: Contact[]): void {
    this.contacts = contacts.slice();
    this.positionById = new Map();
    for (let i = 0; i < this.contacts.length; i++) this.positionById.set(this.contacts[i]!.id, i);
    this.haystacks = new Array(this.contacts.length);
    this.invalidate();
  }

  get(id: string): Contact | undefined {
    const position = this.positionById.get(id);
    return position === undefined ? undefined : this.contacts[position];
  }

  all(): readonly Contact[] {
    return this.contacts;
  }

  /** Applies stored changes (from this window, another window, sync or import). */
  applyChanges(put: readonly Contact[], deleted: readonly string[]): void {
    if (put.length === 0 && deleted.length === 0) return;
    // Only new contacts (an import's or a first sync's batch): keep the sort orders and label
    // counts, merging the newcomers in, rather than rebuilding them over the whole index.
    if (deleted.length === 0 && put.every((c) => !this.positionById.has(c.id)) && new Set(put.map((c) => c.id)).size === put.length) {
      this.appendNew(put);
      return;
    }
    for (const id of deleted) this.removeOne(id);
    for (const contact of put) {
      const position = this.positionById.get(contact.id);
      if (position === undefined) {
        this.positionById.set(contact.id, this.contacts.length);
        this.contacts.push(contact);
        this.haystacks.push(undefined);
      } else {
        this.contacts[position] = contact;
        this.haystacks[position] = undefined;
      }
    }
    this.invalidate();
  }

  private appendNew(put: readonly Contact[]): void {
    for (const contact of put) {
      this.positionById.set(contact.id, this.contacts.length);
      this.contacts.push(contact);
      this.haystacks.push(undefined);
    }
    // The sort orders are merged lazily, when a view or the idle preparation next asks for one
    // (`sortedOrder`): a burst of import batches then costs one merge of the shown column per
    // refresh instead of one merge of every cached column per batch (~40–90 ms each at 100k).
    if (this.labelCountCache) {
      for (const contact of put) for (const label of contact.labels) this.labelCountCache.set(label, (this.labelCountCache.get(label) ?? 0) + 1);
      // A new Map: callers compare by identity to know the counts changed.
      this.labelCountCache = new Map(this.labelCountCache);
    }
    this._version++;
    this.lastView = null;
    this.joined = null;
  }

  private removeOne(id: string): void {
    const position = this.positionById.get(id);
    if (position === undefined) return;
    const lastPosition = this.contacts.length - 1;
    const last = this.contacts[lastPosition]!;
    // Swap-remove keeps deletion O(1); order is the sort's job, never the array's.
    this.contacts[position] = last;
    this.haystacks[position] = this.haystacks[lastPosition];
    this.positionById.set(last.id, position);
    this.contacts.pop();
    this.haystacks.pop();
    this.positionById.delete(id);
  }

  private invalidate(): void {
    this._version++;
    this.sortCache.clear();
    this.labelCountCache = null;
    this.lastView = null;
    this.joined = null;
  }

  /** Label title → number of contacts carrying it. */
  labelCounts(): Map<string, number> {
    if (this.labelCountCache) return this.labelCountCache;
    const counts = new Map<string, number>();
    for (const contact of this.contacts) {
      for (const label of contact.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    this.labelCountCache = counts;
    return counts;
  }

  /**
   * Prepares search and the sort orders in slices, so a 100k index never blocks the main thread
   * for long; `timeLeft` returns the milliseconds left in the current idle period. Returns true
   * once search is ready (`sortsReady` is reported through the second callback).
   */
  prepareInIdle(timeLeft: () => number): 'search-pending' | 'sorts-pending' | 'done' {
    for (let i = 0; i < this.contacts.length; i++) {
      if (this.haystacks[i] === undefined) {
        this.haystacks[i] = searchHaystack(this.contacts[i]!);
        if ((i & 1023) === 0 && timeLeft() <= 1) return 'search-pending';
      }
    }
    if (!this.joined) this.joinHaystacks();
    for (const column of SORT_COLUMNS) {
      if (this.sortCache.get(column)?.order.length === this.contacts.length) continue;
      this.sortedOrder(column);
      if (timeLeft() <= 1) return 'sorts-pending';
    }
    return 'done';
  }

  private joinHaystacks(): { text: string; starts: Int32Array } {
    const count = this.contacts.length;
    const starts = new Int32Array(count + 1);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      let haystack = this.haystacks[i];
      if (haystack === undefined) {
        haystack = searchHaystack(this.contacts[i]!);
        this.haystacks[i] = haystack;
      }
      starts[i] = offset;
      offset += haystack.length + 1;
    }
    starts[count] = offset;
    this.joined = { text: (this.haystacks as string[]).join('\n') + '\n', starts };
    return this.joined;
  }

  /** Marks in `mask` (1 per position) the contacts whose haystack contains every token. */
  private markSearchMatches(tokens: string[], mask: Uint8Array): void {
    const { text, starts } = this.joined ?? this.joinHaystacks();
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      const want = t; // a position matches token t only if it matched tokens 0..t-1
      let from = 0;
      let position = 0;
      for (;;) {
        const at = text.indexOf(token, from);
        if (at < 0) break;
        // Find the contact this offset belongs to: starts is ascending, and matches come in order.
        if (starts[position + 1]! <= at) position = upperBound(starts, at) - 1;
        if (mask[position] === want) mask[position] = want + 1;
        from = starts[position + 1]!; // one hit per contact is enough
      }
    }
    const full = tokens.length;
    for (let i = 0; i < mask.length; i++) mask[i] = mask[i] === full ? 1 : 0;
  }

  private sortedOrder(column: SortColumn): SortedOrder {
    const cached = this.sortCache.get(column);
    if (cached && cached.order.length === this.contacts.length) return cached;
    const keyOf = sortKeyFor(column);
    if (cached) {
      // Only appends happened since (anything else clears the cache): merge the newcomers in.
      const merged = mergeAppended(cached, this.contacts, cached.order.length, keyOf);
      this.sortCache.set(column, merged);
      return merged;
    }
    const count = this.contacts.length;
    const keys: SortKey[] = new Array(count);
    let nonEmpty = 0;
    for (let i = 0; i < count; i++) {
      const key = keyOf(this.contacts[i]!);
      keys[i] = key;
      if (key !== null) nonEmpty++;
    }
    const filled = new Int32Array(nonEmpty);
    const order = new Int32Array(count);
    let f = 0;
    let e = nonEmpty;
    for (let i = 0; i < count; i++) {
      if (keys[i] === null) order[e++] = i;
      else filled[f++] = i;
    }
    filled.sort((a, b) => compareAt(keys, a, b));
    order.set(filled, 0);
    const sorted = { order, nonEmpty, keys };
    this.sortCache.set(column, sorted);
    return sorted;
  }

  /** The contacts to list for a query, in order. Empty values sort last in both directions. */
  view(query: ViewQuery): ContactView {
    const tokens = searchTokens(query.search);
    const key = `${this._version}\u0000${query.label ?? ''}\u0000${query.sort?.column ?? ''}\u0000${query.sort?.direction ?? ''}\u0000${tokens.join('\u0001')}`;
    const previous = this.lastView;
    if (
      previous &&
      previous.key === key &&
      previous.view.predicate === (query.predicate ?? null) &&
      previous.alsoMatching === (query.alsoMatching ?? null)
    )
      return previous.view;
    const view: ContactView = {
      rows: this.computeRows(query, tokens),
      version: this._version,
      predicate: query.predicate ?? null,
    };
    this.lastView = { key, view, alsoMatching: query.alsoMatching ?? null };
    return view;
  }

  private computeRows(query: ViewQuery, tokens: string[]): Contact[] {
    const { label } = query;
    const predicate = query.predicate ?? null;
    const contacts = this.contacts;
    const count = contacts.length;
    if (this.mask.length !== count) this.mask = new Uint8Array(count);
    const mask = this.mask;
    if (tokens.length > 0) {
      mask.fill(0);
      this.markSearchMatches(tokens, mask);
      for (const id of query.alsoMatching ?? []) {
        const position = this.positionById.get(id);
        if (position !== undefined) mask[position] = 1;
      }
    } else {
      mask.fill(1);
    }
    if (label !== null || predicate) {
      for (let i = 0; i < count; i++) {
        if (mask[i] === 0) continue;
        const contact = contacts[i]!;
        if ((label !== null && !contact.labels.includes(label)) || (predicate && !predicate(contact))) mask[i] = 0;
      }
    }
    const rows: Contact[] = [];
    if (!query.sort) {
      for (let i = 0; i < count; i++) if (mask[i] === 1) rows.push(contacts[i]!);
      return rows;
    }
    const { order, nonEmpty } = this.sortedOrder(query.sort.column);
    if (query.sort.direction === 'asc') {
      for (let i = 0; i < count; i++) {
        const position = order[i]!;
        if (mask[position] === 1) rows.push(contacts[position]!);
      }
    } else {
      for (let i = nonEmpty - 1; i >= 0; i--) {
        const position = order[i]!;
        if (mask[position] === 1) rows.push(contacts[position]!);
      }
      for (let i = nonEmpty; i < count; i++) {
        const position = order[i]!;
        if (mask[position] === 1) rows.push(contacts[position]!);
      }
    }
    return rows;
  }
}

/** The first index whose value is greater than `value`, in an ascending array. */
function upperBound(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
