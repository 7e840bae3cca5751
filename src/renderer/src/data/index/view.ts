import type { Contact } from '../../../../shared/contact';
import { markSearchMatches, type SearchState } from './search-text';
import { rankOf, sortedOrder, type SortOrders, type SortState } from './sort-orders';

/**
 * The view query: which positions a search, a label and a filter leave, in the chosen sort order,
 * gathered in scratch space the index reuses, and the view that reads contacts through them.
 */

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
export class PositionsView implements ContactView {
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

/** A search listing at most this share (1 / 2^n) of the contacts is put in order by rank, not by walking the order. */
const FEW_MATCHES_SHIFT = 4;

/** Scratch space reused by every view: the match mask and the positions before they are copied out. */
export interface ViewScratch {
  mask: Uint8Array;
  positions: Int32Array;
}

/** What computing a view reads from the index (and the scratch it reuses). */
export interface ViewContext {
  contacts: readonly Contact[];
  positionById: ReadonlyMap<string, number>;
  version: number;
  sortOrders: SortOrders;
  search: SearchState;
  scratch: ViewScratch;
}

/** The key under which a view is reused while nothing it depends on changed (besides predicate and notes matches). */
export function viewKey(version: number, query: ViewQuery, tokens: readonly string[]): string {
  return `${version}\u0000${query.label ?? ''}\u0000${query.sort?.column ?? ''}\u0000${query.sort?.direction ?? ''}\u0000${tokens.join('\u0001')}`;
}

/**
 * The positions of the contacts to list, in order: marked in a reused mask, gathered in a reused
 * scratch array, and copied out once at their exact count. A full ascending list is the cached sort
 * order itself. Nothing else is allocated, so typing at 100k leaves no garbage worth collecting.
 */
export function computePositions(ctx: ViewContext, query: ViewQuery, tokens: string[]): { positions: Int32Array; reversedPrefix: number } {
  const { label } = query;
  const predicate = query.predicate ?? null;
  const { contacts, scratch } = ctx;
  const count = contacts.length;
  if (tokens.length === 0 && label === null && !predicate && query.sort) {
    // Everyone, sorted: the cached order itself (sort orders are never changed in place — a merge
    // makes a new one — so a view may share one), read backwards for descending.
    const { order, nonEmpty } = sortedOrder(ctx.sortOrders, query.sort.column, contacts);
    return { positions: order, reversedPrefix: query.sort.direction === 'desc' ? nonEmpty : 0 };
  }
  if (scratch.mask.length < count) {
    // With room to grow: a burst of appends then reuses them instead of dropping ~0.5 MB per refresh.
    const capacity = count + (count >> 3) + 1024;
    scratch.mask = new Uint8Array(capacity);
    scratch.positions = new Int32Array(capacity);
  }
  const mask = scratch.mask.subarray(0, count);
  if (tokens.length > 0) {
    mask.fill(0);
    markSearchMatches(ctx.search, contacts, ctx.version, tokens, mask);
    for (const id of query.alsoMatching ?? []) {
      const position = ctx.positionById.get(id);
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
  const out = scratch.positions;
  let n = 0;
  if (!query.sort) {
    for (let i = 0; i < count; i++) if (mask[i] === 1) out[n++] = i;
    return { positions: out.slice(0, n), reversedPrefix: 0 };
  }
  const sorted = sortedOrder(ctx.sortOrders, query.sort.column, contacts);
  const { order, nonEmpty } = sorted;
  const { direction } = query.sort;
  if (tokens.length > 0) {
    // A search usually lists few: gathered from the mask (one sequential pass) and put in order by
    // each one's rank in the sort order, rather than walking the whole order (random reads of the
    // mask: ~10–30 ms at 1M).
    for (let i = 0; i < count; i++) if (mask[i] === 1) out[n++] = i;
    if (n <= count >> FEW_MATCHES_SHIFT) {
      const rank = rankOf(ctx.sortOrders, sorted);
      const key = (position: number) => {
        const r = rank[position]!;
        return direction === 'asc' || r >= nonEmpty ? r : nonEmpty - 1 - r;
      };
      const positions = out.slice(0, n);
      positions.sort((a, b) => key(a) - key(b));
      return { positions, reversedPrefix: 0 };
    }
    n = 0;
  }
  if (direction === 'asc') {
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
