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

/**
 * A computed list: the contacts to show, in order. It holds their positions in the index (one
 * Int32Array), not an array of contacts: a search keystroke at 100k then leaves no 100k-element
 * array behind for the garbage collector, and the grid reads only the rows it draws (`slice`).
 */
export interface ContactView {
  /** Every listed contact, in order: built on first read, then kept. */
  readonly rows: Contact[];
  /** How many contacts are listed. */
  readonly count: number;
  /** The listed contacts from `start` up to (not including) `end`, as `Array.prototype.slice`. */
  slice(start: number, end?: number): Contact[];
  /** The contact listed at `position` (0-based), or undefined past the end. */
  at(position: number): Contact | undefined;
  version: number;
  predicate: ((contact: Contact) => boolean) | null;
}

/**
 * A view over positions into an array of contacts the index never changes afterwards (appends go
 * past the positions a view holds; any other change gives the index a new array first).
 */
class PositionsView implements ContactView {
  private materialized: Contact[] | null = null;

  constructor(
    private readonly contacts: readonly Contact[],
    private readonly positions: Int32Array,
    readonly version: number,
    readonly predicate: ((contact: Contact) => boolean) | null,
  ) {}

  get count(): number {
    return this.positions.length;
  }

  get rows(): Contact[] {
    if (!this.materialized) this.materialized = this.slice(0);
    return this.materialized;
  }

  slice(start: number, end?: number): Contact[] {
    const count = this.positions.length;
    const from = clampIndex(start, count);
    const to = end === undefined ? count : clampIndex(end, count);
    const out: Contact[] = new Array(Math.max(0, to - from));
    for (let i = from; i < to; i++) out[i - from] = this.contacts[this.positions[i]!]!;
    return out;
  }

  at(position: number): Contact | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.positions.length) return undefined;
    return this.contacts[this.positions[position]!];
  }
}

/** `Array.prototype.slice`'s reading of a start or end index. */
function clampIndex(index: number, length: number): number {
  const integer = Math.trunc(index) || 0;
  return integer < 0 ? Math.max(length + integer, 0) : Math.min(integer, length);
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
}

type SortKey = string | number | null;

/** Key order, ties by position (load order), so equal values never shuffle between sorts. */
function compareKeys(ka: string | number, a: number, kb: string | number, b: number): number {
  return ka < kb ? -1 : ka > kb ? 1 : a - b;
}

/**
 * The order after contacts were appended at positions `from`…: the new ones sorted and merged into
 * the old order, each placed by a binary search that reads the keys of ~log n old contacts, so the
 * keys of the old ones are neither kept (they were ~21 MB over the 8 columns at 100k) nor computed
 * again. O(n + k log n) instead of sorting all n again (an import's batch of 2,000 into 100k: a few
 * ms instead of a 100–400 ms re-sort on every refresh). Same result as a full sort.
 */
function mergeAppended(sorted: SortedOrder, contacts: readonly Contact[], from: number, keyOf: SortKeyOf): SortedOrder {
  const count = contacts.length;
  const filled: number[] = [];
  const empty: number[] = [];
  /** The newcomers' keys, by position − from. */
  const added: SortKey[] = new Array(count - from);
  for (let i = from; i < count; i++) {
    const key = keyOf(contacts[i]!);
    added[i - from] = key;
    (key === null ? empty : filled).push(i);
  }
  filled.sort((a, b) => compareKeys(added[a - from]!, a, added[b - from]!, b));
  const old = sorted.order;
  const order = new Int32Array(count);
  let o = 0;
  let i = 0; // next old position to copy
  for (const position of filled) {
    const key = added[position - from]!;
    // The first old contact that sorts after this one (every old position is smaller, so ties stay before).
    let low = i;
    let high = sorted.nonEmpty;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = old[middle]!;
      if (compareKeys(keyOf(contacts[at]!)!, at, key, position) < 0) low = middle + 1;
      else high = middle;
    }
    order.set(old.subarray(i, low), o);
    o += low - i;
    i = low;
    order[o++] = position;
  }
  order.set(old.subarray(i, sorted.nonEmpty), o);
  o += sorted.nonEmpty - i;
  // Empties keep load order: the old ones, then the new ones.
  order.set(old.subarray(sorted.nonEmpty, from), o);
  o += from - sorted.nonEmpty;
  for (const position of empty) order[o++] = position;
  return { order, nonEmpty: sorted.nonEmpty + filled.length };
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

/** The search text: every haystack joined with "\n" (which no token contains), and where each starts. */
interface SearchText {
  text: string;
  /** `starts[i]`: offset of position i's haystack; one more entry than positions covered (the end). */
  starts: Int32Array;
}

export class ContactIndex {
  /**
   * Replaced by a copy before any change other than an append, so the positions a view holds keep
   * pointing at the contacts it listed.
   */
  private contacts: Contact[] = [];
  private positionById = new Map<string, number>();
  /**
   * Every contact's search haystack in one string: one native `indexOf` scan finds a token in all
   * contacts at once, ~10× faster than 100k `includes` calls. It covers the positions before
   * `starts.length - 1`; contacts appended since are added on the next search. The haystacks live
   * only here (one string, not 100k more strings beside it: ~11 MB at 100k).
   */
  private searchText: SearchText | null = null;
  /**
   * Per-position haystacks while the search text is (re)built: filled at idle after a load, or
   * taken from the old text (slices) when an edit or a removal changed or moved some of them.
   * Null while the search text is current.
   */
  private haystacks: (string | undefined)[] | null = [];
  private sortCache = new Map<SortColumn, SortedOrder>();
  private labelCountCache: Map<string, number> | null = null;
  private lastView: { key: string; view: ContactView; alsoMatching: ReadonlySet<string> | null } | null = null;
  /** Scratch space reused by every view: the match mask and the positions before they are copied out. */
  private mask = new Uint8Array(0);
  private scratch = new Int32Array(0);
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
    this.searchText = null;
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
    // Earlier views keep the old array (their positions point into it).
    this.contacts = this.contacts.slice();
    const haystacks = this.detachSearchText();
    for (const id of deleted) this.removeOne(id, haystacks);
    for (const contact of put) {
      const position = this.positionById.get(contact.id);
      if (position === undefined) {
        this.positionById.set(contact.id, this.contacts.length);
        this.contacts.push(contact);
        haystacks.push(undefined);
      } else {
        this.contacts[position] = contact;
        haystacks[position] = undefined;
      }
    }
    this.invalidate();
  }

  private appendNew(put: readonly Contact[]): void {
    for (const contact of put) {
      this.positionById.set(contact.id, this.contacts.length);
      this.contacts.push(contact);
      this.haystacks?.push(undefined);
    }
    // The sort orders are merged lazily, when a view or the idle preparation next asks for one
    // (`sortedOrder`): a burst of import batches then costs one merge of the shown column per
    // refresh instead of one merge of every cached column per batch (~40–90 ms each at 100k).
    // The search text likewise gets the newcomers' haystacks on the next search.
    if (this.labelCountCache) {
      for (const contact of put) for (const label of contact.labels) this.labelCountCache.set(label, (this.labelCountCache.get(label) ?? 0) + 1);
      // A new Map: callers compare by identity to know the counts changed.
      this.labelCountCache = new Map(this.labelCountCache);
    }
    this._version++;
    this.lastView = null;
  }

  /**
   * The per-position haystacks, for a change that moves or replaces some: taken out of the search
   * text as slices of it (no folding again), which it then gives up; built again on the next search.
   */
  private detachSearchText(): (string | undefined)[] {
    if (this.haystacks) return this.haystacks;
    const haystacks: (string | undefined)[] = new Array(this.contacts.length);
    const current = this.searchText;
    if (current) {
      const { text, starts } = current;
      const covered = Math.min(starts.length - 1, haystacks.length);
      for (let i = 0; i < covered; i++) haystacks[i] = text.slice(starts[i]!, starts[i + 1]! - 1);
    }
    this.searchText = null;
    this.haystacks = haystacks;
    return haystacks;
  }

  private removeOne(id: string, haystacks: (string | undefined)[]): void {
    const position = this.positionById.get(id);
    if (position === undefined) return;
    const lastPosition = this.contacts.length - 1;
    const last = this.contacts[lastPosition]!;
    // Swap-remove keeps deletion O(1); order is the sort's job, never the array's.
    this.contacts[position] = last;
    haystacks[position] = haystacks[lastPosition];
    this.positionById.set(last.id, position);
    this.contacts.pop();
    haystacks.pop();
    this.positionById.delete(id);
  }

  private invalidate(): void {
    this._version++;
    this.sortCache.clear();
    this.labelCountCache = null;
    this.lastView = null;
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
    const haystacks = this.haystacks;
    if (haystacks) {
      for (let i = 0; i < this.contacts.length; i++) {
        if (haystacks[i] === undefined) {
          haystacks[i] = searchHaystack(this.contacts[i]!);
          if ((i & 1023) === 0 && timeLeft() <= 1) return 'search-pending';
        }
      }
    }
    this.currentSearchText();
    for (const column of SORT_COLUMNS) {
      if (this.sortCache.get(column)?.order.length === this.contacts.length) continue;
      this.sortedOrder(column);
      if (timeLeft() <= 1) return 'sorts-pending';
    }
    return 'done';
  }

  /** The search text covering every contact: joined from the haystacks, or extended by appended contacts. */
  private currentSearchText(): SearchText {
    const count = this.contacts.length;
    const haystacks = this.haystacks;
    if (!haystacks && this.searchText && this.searchText.starts.length === count + 1) return this.searchText;
    const previous = haystacks ? null : this.searchText;
    const from = previous ? previous.starts.length - 1 : 0;
    const starts = new Int32Array(count + 1);
    if (previous) starts.set(previous.starts.subarray(0, from));
    let offset = previous ? previous.starts[from]! : 0;
    const added: string[] = new Array(count - from);
    for (let i = from; i < count; i++) {
      let haystack = haystacks?.[i];
      if (haystack === undefined) haystack = searchHaystack(this.contacts[i]!);
      added[i - from] = haystack;
      starts[i] = offset;
      offset += haystack.length + 1;
    }
    starts[count] = offset;
    const tail = added.length > 0 ? added.join('\n') + '\n' : '';
    this.searchText = { text: previous ? previous.text + tail : tail, starts };
    this.haystacks = null;
    return this.searchText;
  }

  /** Marks in `mask` (1 per position) the contacts whose haystack contains every token. */
  private markSearchMatches(tokens: string[], mask: Uint8Array): void {
    const { text, starts } = this.currentSearchText();
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      const want = t; // a position matches token t only if it matched tokens 0..t-1
      let from = 0;
      let position = 0;
      for (;;) {
        const at = text.indexOf(token, from);
        if (at < 0) break;
        // Find the contact this offset belongs to: starts is ascending and matches come in order, so
        // it is usually one of the next few (a common letter at 100k: ~4 ms this way, ~15 ms with a
        // binary search per match); a rare token's far jumps fall back to the binary search.
        for (let step = 0; step < 8 && starts[position + 1]! <= at; step++) position++;
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
    // The keys live only while sorting: keeping them (for merges) cost ~21 MB at 100k.
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
    filled.sort((a, b) => compareKeys(keys[a]!, a, keys[b]!, b));
    order.set(filled, 0);
    const sorted = { order, nonEmpty };
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
    const predicate = query.predicate ?? null;
    const view = new PositionsView(this.contacts, this.computePositions(query, tokens), this._version, predicate);
    this.lastView = { key, view, alsoMatching: query.alsoMatching ?? null };
    return view;
  }

  /**
   * The positions of the contacts to list, in order: marked in a reused mask, gathered in a reused
   * scratch array, and copied out once at their exact count. A full ascending list is the cached sort
   * order itself. Nothing else is allocated, so typing at 100k leaves no garbage worth collecting.
   */
  private computePositions(query: ViewQuery, tokens: string[]): Int32Array {
    const { label } = query;
    const predicate = query.predicate ?? null;
    const contacts = this.contacts;
    const count = contacts.length;
    if (this.mask.length !== count) {
      this.mask = new Uint8Array(count);
      this.scratch = new Int32Array(count);
    }
    const mask = this.mask;
    let everyone = false;
    if (tokens.length > 0) {
      mask.fill(0);
      this.markSearchMatches(tokens, mask);
      for (const id of query.alsoMatching ?? []) {
        const position = this.positionById.get(id);
        if (position !== undefined) mask[position] = 1;
      }
    } else {
      mask.fill(1);
      everyone = true;
    }
    if (label !== null || predicate) {
      everyone = false;
      for (let i = 0; i < count; i++) {
        if (mask[i] === 0) continue;
        const contact = contacts[i]!;
        if ((label !== null && !contact.labels.includes(label)) || (predicate && !predicate(contact))) mask[i] = 0;
      }
    }
    const out = this.scratch;
    let n = 0;
    if (!query.sort) {
      for (let i = 0; i < count; i++) if (mask[i] === 1) out[n++] = i;
      return out.slice(0, n);
    }
    const { order, nonEmpty } = this.sortedOrder(query.sort.column);
    if (query.sort.direction === 'asc') {
      // Sort orders are never changed in place (a merge makes a new one), so a view may share one.
      if (everyone) return order;
      for (let i = 0; i < count; i++) {
        const position = order[i]!;
        if (mask[position] === 1) out[n++] = position;
      }
    } else {
      for (let i = nonEmpty - 1; i >= 0; i--) {
        const position = order[i]!;
        if (mask[position] === 1) out[n++] = position;
      }
      for (let i = nonEmpty; i < count; i++) {
        const position = order[i]!;
        if (mask[position] === 1) out[n++] = position;
      }
    }
    return out.slice(0, n);
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
