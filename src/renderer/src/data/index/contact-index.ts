import type { Contact } from '../../../../shared/contact';
import { contactCountryCode, countryByCode } from '../../../../shared/countries';
import { phoneDigits, searchKey, sortKey } from '../../../../shared/text';
import { ownValue } from '../../../../shared/own';

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

  /**
   * `reversedPrefix`: the first that many positions are listed backwards. A descending list of
   * everyone is the cached ascending order read that way (its non-empty part backwards, empties
   * after), so the default list (last activity, newest first) copies no 100k positions per refresh.
   */
  constructor(
    private readonly contacts: readonly Contact[],
    private readonly positions: Int32Array,
    readonly version: number,
    readonly predicate: ((contact: Contact) => boolean) | null,
    private readonly reversedPrefix = 0,
  ) {}

  private positionAt(listed: number): number {
    return listed < this.reversedPrefix ? this.positions[this.reversedPrefix - 1 - listed]! : this.positions[listed]!;
  }

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
    for (let i = from; i < to; i++) out[i - from] = this.contacts[this.positionAt(i)]!;
    return out;
  }

  at(position: number): Contact | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.positions.length) return undefined;
    return this.contacts[this.positionAt(position)];
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
  // By the English name of the country's code (the name Chatwoot sorts by), so a row keeping only
  // "España" sorts with "Spain"; a country kept as text by that text.
  country: (c) => {
    const code = contactCountryCode(c);
    return (code !== null ? countryByCode(code)?.en : undefined) ?? c.country;
  },
};

/** Custom attribute values sort by kind: numbers numerically, checkboxes false before true, text folded. */
function attributeSortKey(key: string): SortKeyOf {
  return (contact) => {
    const value = ownValue(contact.customAttributes, key);
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
 * The order with contacts at `positions` (none of them in `sorted`) merged in: the newcomers sorted
 * and each placed by a binary search that reads the keys of ~log n listed contacts, so the keys of
 * the listed ones are neither kept (they were ~21 MB over the 8 columns at 100k) nor computed again.
 * O(n + k log n) instead of sorting all n again (an import's batch of 2,000 into 100k: a few ms
 * instead of a 100–400 ms re-sort on every refresh). Same result as a full sort: non-empty keys by
 * (key, position), then the empty ones by position. Every listed contact's key must be the one it
 * was sorted by.
 */
function mergeIn(sorted: SortedOrder, contacts: readonly Contact[], positions: ArrayLike<number>, keyOf: SortKeyOf): SortedOrder {
  const filled: { position: number; key: string | number }[] = [];
  const empty: number[] = [];
  for (let k = 0; k < positions.length; k++) {
    const position = positions[k]!;
    const key = keyOf(contacts[position]!);
    if (key === null) empty.push(position);
    else filled.push({ position, key });
  }
  filled.sort((a, b) => compareKeys(a.key, a.position, b.key, b.position));
  empty.sort((a, b) => a - b);
  const old = sorted.order;
  const order = new Int32Array(old.length + positions.length);
  let o = 0;
  let i = 0; // next listed position to copy
  for (const { position, key } of filled) {
    // The first listed contact that sorts after this one.
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
  i = sorted.nonEmpty;
  // Empties in position order (appended ones all go last).
  for (const position of empty) {
    let low = i;
    let high = old.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (old[middle]! < position) low = middle + 1;
      else high = middle;
    }
    order.set(old.subarray(i, low), o);
    o += low - i;
    i = low;
    order[o++] = position;
  }
  order.set(old.subarray(i), o);
  return { order, nonEmpty: sorted.nonEmpty + filled.length };
}

/** The order after the contacts at `moved` (listed in it) changed their keys: taken out, merged in again. */
function reinsert(sorted: SortedOrder, contacts: readonly Contact[], moved: readonly number[], keyOf: SortKeyOf): SortedOrder {
  const isMoved = new Uint8Array(contacts.length);
  for (const position of moved) isMoved[position] = 1;
  const old = sorted.order;
  const rest = new Int32Array(old.length - moved.length);
  let r = 0;
  let nonEmpty = 0;
  for (let i = 0; i < old.length; i++) {
    const position = old[i]!;
    if (isMoved[position] === 1) continue;
    rest[r++] = position;
    if (i < sorted.nonEmpty) nonEmpty++;
  }
  return mergeIn({ order: rest, nonEmpty }, contacts, moved, keyOf);
}

/** The positions from…to−1. */
function range(from: number, to: number): Int32Array {
  const positions = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < positions.length; i++) positions[i] = from + i;
  return positions;
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

/**
 * Edited contacts whose haystacks a search checks one by one before the search text is rebuilt with
 * them: checking 4,096 haystacks costs well under a millisecond, a rebuild ~80 ms at 100k.
 */
const MAX_HAYSTACK_OVERRIDES = 4096;

/**
 * The search text: every haystack joined with "\n" (which no token contains), and where each
 * starts. It is kept in a few pieces: contacts appended since the last search (an import's or a
 * sync's batches) add a piece rather than a copy of the whole text (~11 MB at 100k, a large-object
 * allocation per keystroke during a sync); a piece is joined with the one before it once it is as
 * long, so there are O(log n) pieces and each character is copied O(log n) times.
 */
interface SearchText {
  /** Each ends with "\n", so no match spans two. */
  pieces: string[];
  /** Where each piece starts, as an offset into the whole text. */
  pieceOffsets: number[];
  /** `starts[i]`: offset of position i's haystack, for i ≤ covered (the last is the end); room to grow past that. */
  starts: Int32Array;
  /** How many positions the text covers. */
  covered: number;
}

/** Position's haystack as the search text has it. */
function haystackIn(text: SearchText, position: number): string {
  const start = text.starts[position]!;
  let piece = text.pieces.length - 1;
  while (text.pieceOffsets[piece]! > start) piece--;
  const base = text.pieceOffsets[piece]!;
  return text.pieces[piece]!.slice(start - base, text.starts[position + 1]! - 1 - base);
}

export class ContactIndex {
  /**
   * Replaced by a copy before any change other than an append once a view (or `all()`) has handed
   * it out, so the positions a view holds keep pointing at the contacts it listed. Not copied again
   * until the next view: a burst of updates costs one copy per refresh, not one per batch.
   */
  private contacts: Contact[] = [];
  private contactsShared = false;
  private positionById = new Map<string, number>();
  /**
   * Every contact's search haystack in a few long strings: one native `indexOf` scan per piece finds
   * a token in all contacts at once, ~10× faster than 100k `includes` calls. It covers the positions
   * before `covered`; contacts appended since are added on the next search. The haystacks live only
   * here (not 100k more strings beside it: ~11 MB at 100k), but for edited ones (`haystackOverrides`).
   */
  private searchText: SearchText | null = null;
  /**
   * Per-position haystacks while the search text is (re)built: filled at idle after a load, or
   * taken from the old text (slices) when an edit or a removal changed or moved some of them.
   * Null while the search text is current.
   */
  private haystacks: (string | undefined)[] | null = [];
  /**
   * Haystacks of contacts edited since the search text was built, by position, where they differ
   * from the text's: a search checks these instead of what the text says. An edit then costs one
   * haystack instead of rebuilding the text over every contact (~80 ms at 100k); past
   * MAX_HAYSTACK_OVERRIDES they are folded in by a rebuild.
   */
  private haystackOverrides = new Map<number, string>();
  private sortCache = new Map<SortColumn, SortedOrder>();
  private labelCountCache: Map<string, number> | null = null;
  private lastView: { key: string; view: ContactView; alsoMatching: ReadonlySet<string> | null } | null = null;
  /** Scratch space reused by every view: the match mask and the positions before they are copied out. */
  private mask = new Uint8Array(0);
  private scratch = new Int32Array(0);
  /**
   * The last search's text matches (before notes), kept while they are few: a query that extends it
   * (the user typed on) can only match a subset of them, so it checks those instead of the text.
   */
  /** Inverse sort orders by order (orders are replaced, never changed in place, so one stays valid for its order). */
  private ranks = new WeakMap<SortedOrder, Int32Array>();
  private lastMatches: { version: number; tokens: readonly string[]; positions: Int32Array } | null = null;
  private _version = 0;

  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.contacts.length;
  }

  load(contacts: Contact[]): void {
    this.contacts = contacts.slice();
    this.contactsShared = false;
    this.haystackOverrides.clear();
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
    this.contactsShared = true;
    return this.contacts;
  }

  /** Before changing a contact in place or moving one: a copy if a view holds the current array. */
  private ownContacts(): Contact[] {
    if (this.contactsShared) {
      this.contacts = this.contacts.slice();
      this.contactsShared = false;
    }
    return this.contacts;
  }

  /**
   * Applies stored changes (from this window, another window, sync or import). New contacts are
   * appended and known ones replaced where they are: the sort orders, the search text and the label
   * counts follow incrementally (a sync page of 500 at 100k: a few ms). Removals move contacts
   * (swap-remove) and rebuild the orders and the search text on next use.
   */
  applyChanges(put: readonly Contact[], deleted: readonly string[]): void {
    if (put.length === 0 && deleted.length === 0) return;
    if (deleted.length > 0) {
      this.applyWithRemovals(put, deleted);
      return;
    }
    const before = this.contacts.length;
    /** Position → the contact it held before this call, for known contacts (not this call's newcomers). */
    const replaced = new Map<number, Contact>();
    for (const contact of put) {
      const position = this.positionById.get(contact.id);
      if (position === undefined) {
        this.positionById.set(contact.id, this.contacts.length);
        // Appending never disturbs a view: its positions all come before.
        this.contacts.push(contact);
        this.haystacks?.push(undefined);
      } else if (position >= before) {
        this.contacts[position] = contact; // a newcomer of this same batch, listed nowhere yet
      } else {
        const contacts = this.ownContacts();
        if (!replaced.has(position)) replaced.set(position, contacts[position]!);
        contacts[position] = contact;
      }
    }
    this.updateLabelCounts(before, replaced);
    // The sort orders of the newcomers are merged lazily, when a view or the idle preparation next
    // asks for one (`sortedOrder`): a burst of import or sync batches then costs one merge of the
    // shown column per refresh instead of one merge of every cached column per batch (~40–90 ms
    // each at 100k). The search text likewise gets the newcomers' haystacks on the next search.
    if (replaced.size > 0) {
      this.replaceInSortOrders(replaced);
      this.replaceInSearchText(replaced);
    }
    this._version++;
    this.lastView = null;
  }

  private applyWithRemovals(put: readonly Contact[], deleted: readonly string[]): void {
    const contacts = this.ownContacts();
    const haystacks = this.detachSearchText();
    for (const id of deleted) this.removeOne(id, haystacks);
    for (const contact of put) {
      const position = this.positionById.get(contact.id);
      if (position === undefined) {
        this.positionById.set(contact.id, contacts.length);
        contacts.push(contact);
        haystacks.push(undefined);
      } else {
        contacts[position] = contact;
        haystacks[position] = undefined;
      }
    }
    this.invalidate();
  }

  /** Label counts after contacts were appended from `before` on and the ones in `replaced` changed. */
  private updateLabelCounts(before: number, replaced: ReadonlyMap<number, Contact>): void {
    if (!this.labelCountCache) return;
    // A new Map: callers compare by identity to know the counts changed.
    const counts = new Map(this.labelCountCache);
    const add = (labels: readonly string[], by: number) => {
      for (const label of labels) {
        const count = (counts.get(label) ?? 0) + by;
        if (count > 0) counts.set(label, count);
        else counts.delete(label);
      }
    };
    for (let i = before; i < this.contacts.length; i++) add(this.contacts[i]!.labels, 1);
    for (const [position, previous] of replaced) {
      add(previous.labels, -1);
      add(this.contacts[position]!.labels, 1);
    }
    this.labelCountCache = counts;
  }

  /** Every cached order in which a replaced contact's key changed gets it taken out and merged in again. */
  private replaceInSortOrders(replaced: ReadonlyMap<number, Contact>): void {
    for (const [column, sorted] of this.sortCache) {
      const keyOf = sortKeyFor(column);
      const moved: number[] = [];
      for (const [position, previous] of replaced) {
        // Positions past the order are appended ones not merged yet: the merge reads their key then.
        if (position < sorted.order.length && keyOf(previous) !== keyOf(this.contacts[position]!)) moved.push(position);
      }
      if (moved.length > 0) this.sortCache.set(column, reinsert(sorted, this.contacts, moved, keyOf));
    }
  }

  private replaceInSearchText(replaced: ReadonlyMap<number, Contact>): void {
    const haystacks = this.haystacks;
    if (haystacks) {
      for (const position of replaced.keys()) haystacks[position] = undefined;
      return;
    }
    const current = this.searchText;
    if (!current) return;
    for (const position of replaced.keys()) {
      // Past the text: appended since, added from the contact as it is on the next search.
      if (position >= current.covered) continue;
      const haystack = searchHaystack(this.contacts[position]!);
      if (haystack === haystackIn(current, position)) this.haystackOverrides.delete(position);
      else this.haystackOverrides.set(position, haystack);
    }
    if (this.haystackOverrides.size > MAX_HAYSTACK_OVERRIDES) this.detachSearchText();
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
      const { pieces, pieceOffsets, starts } = current;
      const covered = Math.min(current.covered, haystacks.length);
      let piece = 0;
      for (let i = 0; i < covered; i++) {
        const start = starts[i]!;
        while (piece + 1 < pieces.length && pieceOffsets[piece + 1]! <= start) piece++;
        const base = pieceOffsets[piece]!;
        haystacks[i] = pieces[piece]!.slice(start - base, starts[i + 1]! - 1 - base);
      }
      for (const [position, haystack] of this.haystackOverrides) haystacks[position] = haystack;
    }
    this.haystackOverrides.clear();
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
    if (!haystacks && this.searchText && this.searchText.covered === count) return this.searchText;
    const previous = haystacks ? null : this.searchText;
    const from = previous ? previous.covered : 0;
    // Filled past `from` in place: nothing reads a text's starts beyond what it covers.
    let starts = previous?.starts;
    if (!starts || starts.length < count + 1) {
      const grown = new Int32Array(count + 1 + (count >> 3) + 1024);
      if (previous) grown.set(previous.starts.subarray(0, from + 1));
      starts = grown;
    }
    let offset = previous ? starts[from]! : 0;
    const start = offset;
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
    const pieces = previous ? [...previous.pieces, tail] : [tail];
    const pieceOffsets = previous ? [...previous.pieceOffsets, start] : [0];
    while (pieces.length > 1 && pieces.at(-1)!.length >= pieces.at(-2)!.length) {
      const last = pieces.pop()!;
      pieceOffsets.pop();
      pieces[pieces.length - 1] += last;
    }
    this.searchText = { pieces, pieceOffsets, starts, covered: count };
    this.haystacks = null;
    return this.searchText;
  }

  /** Marks in `mask` (1 per position) the contacts whose haystack contains every token. */
  private markSearchMatches(tokens: string[], mask: Uint8Array): void {
    const text = this.currentSearchText();
    const previous = this.lastMatches;
    if (previous && previous.version === this._version && narrows(previous.tokens, tokens)) {
      this.markAmong(previous.positions, text, tokens, mask);
    } else {
      this.markInText(text, tokens, mask);
    }
    let matched = 0;
    for (let i = 0; i < mask.length; i++) matched += mask[i]!;
    if (matched > mask.length >> NARROWING_SHARE_SHIFT) {
      this.lastMatches = null;
      return;
    }
    const positions = new Int32Array(matched);
    for (let i = 0, n = 0; n < matched; i++) if (mask[i] === 1) positions[n++] = i;
    this.lastMatches = { version: this._version, tokens, positions };
  }

  /** `markInText` for a query that narrows the last one: only that one's matches can match it. */
  private markAmong(candidates: Int32Array, text: SearchText, tokens: readonly string[], mask: Uint8Array): void {
    for (let c = 0; c < candidates.length; c++) {
      const position = candidates[c]!;
      mask[position] = containsAll(this.haystackOverrides.get(position) ?? haystackIn(text, position), tokens) ? 1 : 0;
    }
  }

  /**
   * Scans the search text for one word only, the longest (usually the rarest), and checks the
   * query's other words in each hit's own haystack: one pass over the text (~11 MB at 100k) per
   * query rather than one per word.
   */
  private markInText(text: SearchText, tokens: readonly string[], mask: Uint8Array): void {
    const { pieces, pieceOffsets, starts, covered } = text;
    let lead = 0;
    for (let t = 1; t < tokens.length; t++) if (tokens[t]!.length > tokens[lead]!.length) lead = t;
    const token = tokens[lead]!;
    const others = tokens.filter((_, t) => t !== lead);
    let position = 0;
    for (let piece = 0; piece < pieces.length; piece++) {
      const pieceText = pieces[piece]!;
      const base = pieceOffsets[piece]!;
      let from = 0;
      for (;;) {
        const found = pieceText.indexOf(token, from);
        if (found < 0) break;
        const at = base + found;
        // Find the contact this offset belongs to: starts is ascending and matches come in order, so
        // it is usually one of the next few (a common letter at 100k: ~4 ms this way, ~15 ms with a
        // binary search per match); a rare token's far jumps fall back to the binary search.
        for (let step = 0; step < 8 && starts[position + 1]! <= at; step++) position++;
        if (starts[position + 1]! <= at) position = upperBound(starts, at, covered + 1) - 1;
        const end = starts[position + 1]! - base;
        if (others.length === 0 || containsAll(pieceText.slice(starts[position]! - base, end - 1), others)) mask[position] = 1;
        from = end; // one hit per contact is enough
      }
    }
    // Edited contacts: what their haystack says now, not what the text says.
    for (const [position, haystack] of this.haystackOverrides) mask[position] = containsAll(haystack, tokens) ? 1 : 0;
  }

  private sortedOrder(column: SortColumn): SortedOrder {
    const cached = this.sortCache.get(column);
    if (cached && cached.order.length === this.contacts.length) return cached;
    const keyOf = sortKeyFor(column);
    if (cached) {
      // Only appends happened since (updates re-placed their contacts at once; a removal clears the
      // cache): merge the newcomers in.
      const merged = mergeIn(cached, this.contacts, range(cached.order.length, this.contacts.length), keyOf);
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
    const { positions, reversedPrefix } = this.computePositions(query, tokens);
    this.contactsShared = true;
    const view = new PositionsView(this.contacts, positions, this._version, predicate, reversedPrefix);
    this.lastView = { key, view, alsoMatching: query.alsoMatching ?? null };
    return view;
  }

  /** Each position's place in a sort order (its inverse), built when a search first needs it. */
  private rankOf(sorted: SortedOrder): Int32Array {
    let rank = this.ranks.get(sorted);
    if (!rank) {
      rank = new Int32Array(sorted.order.length);
      for (let i = 0; i < sorted.order.length; i++) rank[sorted.order[i]!] = i;
      this.ranks.set(sorted, rank);
    }
    return rank;
  }

  /**
   * The positions of the contacts to list, in order: marked in a reused mask, gathered in a reused
   * scratch array, and copied out once at their exact count. A full ascending list is the cached sort
   * order itself. Nothing else is allocated, so typing at 100k leaves no garbage worth collecting.
   */
  private computePositions(query: ViewQuery, tokens: string[]): { positions: Int32Array; reversedPrefix: number } {
    const { label } = query;
    const predicate = query.predicate ?? null;
    const contacts = this.contacts;
    const count = contacts.length;
    if (tokens.length === 0 && label === null && !predicate && query.sort) {
      // Everyone, sorted: the cached order itself (sort orders are never changed in place — a merge
      // makes a new one — so a view may share one), read backwards for descending.
      const { order, nonEmpty } = this.sortedOrder(query.sort.column);
      return { positions: order, reversedPrefix: query.sort.direction === 'desc' ? nonEmpty : 0 };
    }
    if (this.mask.length < count) {
      // With room to grow: a burst of appends then reuses them instead of dropping ~0.5 MB per refresh.
      const capacity = count + (count >> 3) + 1024;
      this.mask = new Uint8Array(capacity);
      this.scratch = new Int32Array(capacity);
    }
    const mask = this.mask.subarray(0, count);
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
    const out = this.scratch;
    let n = 0;
    if (!query.sort) {
      for (let i = 0; i < count; i++) if (mask[i] === 1) out[n++] = i;
      return { positions: out.slice(0, n), reversedPrefix: 0 };
    }
    const sorted = this.sortedOrder(query.sort.column);
    const { order, nonEmpty } = sorted;
    if (tokens.length > 0) {
      // A search usually lists few: gathered from the mask (one sequential pass) and put in order by
      // each one's rank in the sort order, rather than walking the whole order (random reads of the
      // mask: ~10–30 ms at 1M).
      for (let i = 0; i < count; i++) if (mask[i] === 1) out[n++] = i;
      if (n <= count >> FEW_MATCHES_SHIFT) {
        const rank = this.rankOf(sorted);
        const key = (position: number) => {
          const r = rank[position]!;
          return query.sort!.direction === 'asc' || r >= nonEmpty ? r : nonEmpty - 1 - r;
        };
        const positions = out.slice(0, n);
        positions.sort((a, b) => key(a) - key(b));
        return { positions, reversedPrefix: 0 };
      }
      n = 0;
    }
    if (query.sort.direction === 'asc') {
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
    return { positions: out.slice(0, n), reversedPrefix: 0 };
  }
}

function containsAll(haystack: string, words: readonly string[]): boolean {
  for (let w = 0; w < words.length; w++) if (!haystack.includes(words[w]!)) return false;
  return true;
}

/** A search listing at most this share (1 / 2^n) of the contacts is put in order by rank, not by walking the order. */
const FEW_MATCHES_SHIFT = 4;

/**
 * A search whose matches are kept for the next one only while they are at most this share (1 / 2^n)
 * of the contacts: checking each of them costs more per contact than the text scan, and keeping
 * them costs an array of their size.
 */
const NARROWING_SHARE_SHIFT = 2;

/**
 * Whether every contact matching `next` also matches `previous`: each earlier word lies inside some
 * word of the new query ("mar" → "mari", "maria" → "maria gar"), so a haystack containing the new
 * words contains the old ones.
 */
function narrows(previous: readonly string[], next: readonly string[]): boolean {
  if (previous.length === 0) return false;
  return previous.every((word) => next.some((longer) => longer.includes(word)));
}

/** The first index whose value is greater than `value`, in an ascending array (its first `length` entries). */
function upperBound(values: Int32Array, value: number, length: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
