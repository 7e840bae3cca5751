import type { Contact } from '../../../../shared/contact';
import { contactCountryCode, countryByCode } from '../../../../shared/countries';
import { phoneDigits, sortKey } from '../../../../shared/text';
import { ownValue } from '../../../../shared/own';

/**
 * The index's sort orders: each column's key (folded text, digits, a time or an attribute value)
 * and its cached order of positions, merged rather than re-sorted as contacts arrive or change.
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

export interface SortedOrder {
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
    // The first listed contact that sorts after this one, searched from the last one placed: first
    // in steps that double (i, i+1, i+3, i+7…), then by halves. The newcomers are sorted, so the
    // keys read are O(log gap) per newcomer, not O(log n): a sync's burst of 10,000 into 90,000 read
    // ~17 keys each from the start of the order (~60–90 ms per refresh), ~4 this way.
    const before = (listed: number) => {
      const at = old[listed]!;
      return compareKeys(keyOf(contacts[at]!)!, at, key, position) < 0;
    };
    let low = i;
    let high = i;
    for (let step = 1; high < sorted.nonEmpty && before(high); step *= 2) {
      low = high + 1;
      high = i + step * 2 - 1;
    }
    high = Math.min(high, sorted.nonEmpty);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(middle)) low = middle + 1;
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

/** The cached order of each column, and each order's inverse once a search needed it. */
export interface SortOrders {
  byColumn: Map<SortColumn, SortedOrder>;
  /** Inverse sort orders by order (orders are replaced, never changed in place, so one stays valid for its order). */
  ranks: WeakMap<SortedOrder, Int32Array>;
}

export function emptySortOrders(): SortOrders {
  return { byColumn: new Map(), ranks: new WeakMap() };
}

/** Whether the column's cached order lists every one of `count` contacts. */
export function isOrderCurrent(orders: SortOrders, column: SortColumn, count: number): boolean {
  return orders.byColumn.get(column)?.order.length === count;
}

/** The column's order over every contact: the cached one, with appended contacts merged in, or sorted anew. */
export function sortedOrder(orders: SortOrders, column: SortColumn, contacts: readonly Contact[]): SortedOrder {
  const cached = orders.byColumn.get(column);
  if (cached && cached.order.length === contacts.length) return cached;
  const keyOf = sortKeyFor(column);
  if (cached) {
    // Only appends happened since (updates re-placed their contacts at once; a removal clears the
    // cache): merge the newcomers in.
    const merged = mergeIn(cached, contacts, range(cached.order.length, contacts.length), keyOf);
    orders.byColumn.set(column, merged);
    return merged;
  }
  const sorted = sortAll(contacts, keyOf);
  orders.byColumn.set(column, sorted);
  return sorted;
}

function sortAll(contacts: readonly Contact[], keyOf: SortKeyOf): SortedOrder {
  const count = contacts.length;
  // The keys live only while sorting: keeping them (for merges) cost ~21 MB at 100k.
  const keys: SortKey[] = new Array(count);
  let nonEmpty = 0;
  for (let i = 0; i < count; i++) {
    const key = keyOf(contacts[i]!);
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
  return { order, nonEmpty };
}

/** Every cached order in which a replaced contact's key changed gets it taken out and merged in again. */
export function replaceInSortOrders(orders: SortOrders, contacts: readonly Contact[], replaced: ReadonlyMap<number, Contact>): void {
  for (const [column, sorted] of orders.byColumn) {
    const keyOf = sortKeyFor(column);
    const moved: number[] = [];
    for (const [position, previous] of replaced) {
      // Positions past the order are appended ones not merged yet: the merge reads their key then.
      if (position < sorted.order.length && keyOf(previous) !== keyOf(contacts[position]!)) moved.push(position);
    }
    if (moved.length > 0) orders.byColumn.set(column, reinsert(sorted, contacts, moved, keyOf));
  }
}

/** Each position's place in a sort order (its inverse), built when a search first needs it. */
export function rankOf(orders: SortOrders, sorted: SortedOrder): Int32Array {
  let rank = orders.ranks.get(sorted);
  if (!rank) {
    rank = new Int32Array(sorted.order.length);
    for (let i = 0; i < sorted.order.length; i++) rank[sorted.order[i]!] = i;
    orders.ranks.set(sorted, rank);
  }
  return rank;
}
