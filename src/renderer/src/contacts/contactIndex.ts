import type { Contact } from '../../../shared/contact';
import { phoneDigits, searchKey, sortKey } from '../../../shared/text';

/**
 * The in-memory index of every contact: loaded once, kept current from the repository's change
 * events, and the only place sorting, search and label filtering run. An array pass over 100k
 * contacts costs a few milliseconds here, where a Dexie cursor filter costs ~1.5 s
 * (sync-and-performance-notes.md §2.1), and AG Grid's own client-side sort ~400 ms (§2.2).
 */

export const SORT_COLUMNS = ['name', 'email', 'phone', 'company', 'city', 'country', 'lastActivityAt', 'createdAt'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
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
}

/** A computed list: the contacts to show, in order. */
export interface ContactView {
  rows: Contact[];
  version: number;
}

type SortKeyOf = (contact: Contact) => string | number | null;

const TEXT_SORT: Record<'name' | 'email' | 'company' | 'city' | 'country', (c: Contact) => string | null> = {
  name: (c) => c.name,
  email: (c) => c.email,
  company: (c) => c.company,
  city: (c) => c.city,
  country: (c) => c.country ?? c.countryCode,
};

function sortKeyFor(column: SortColumn): SortKeyOf {
  switch (column) {
    case 'phone':
      return (c) => phoneDigits(c.phone);
    case 'lastActivityAt':
      return (c) => c.lastActivityAt;
    case 'createdAt':
      return (c) => c.createdAt;
    default: {
      const text = TEXT_SORT[column];
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
  private sortCache = new Map<SortColumn, SortedOrder>();
  private labelCountCache: Map<string, number> | null = null;
  private lastView: { key: string; query: ViewQuery; view: ContactView } | null = null;
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
   * Builds search haystacks in slices so a 100k index never blocks the main thread for long;
   * `deadline` returns the milliseconds left in the current idle period.
   */
  prepareSearch(deadline: () => number): boolean {
    for (let i = 0; i < this.contacts.length; i++) {
      if (this.haystacks[i] === undefined) {
        this.haystacks[i] = searchHaystack(this.contacts[i]!);
        if ((i & 1023) === 0 && deadline() <= 1) return false;
      }
    }
    return true;
  }

  private haystackAt(position: number): string {
    let haystack = this.haystacks[position];
    if (haystack === undefined) {
      haystack = searchHaystack(this.contacts[position]!);
      this.haystacks[position] = haystack;
    }
    return haystack;
  }

  private sortedOrder(column: SortColumn): SortedOrder {
    const cached = this.sortCache.get(column);
    if (cached) return cached;
    const keyOf = sortKeyFor(column);
    const count = this.contacts.length;
    const keys: (string | number | null)[] = new Array(count);
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
    // Ties keep load order, so equal names do not shuffle between sorts.
    filled.sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    order.set(filled, 0);
    const sorted = { order, nonEmpty };
    this.sortCache.set(column, sorted);
    return sorted;
  }

  /** The contacts to list for a query, in order. Empty values sort last in both directions. */
  view(query: ViewQuery): ContactView {
    const key = `${this._version}\u0000${query.label ?? ''}\u0000${query.sort?.column ?? ''}\u0000${query.sort?.direction ?? ''}`;
    const tokens = searchTokens(query.search);
    const previous = this.lastView;
    // Typing one more letter narrows the previous result: filter that instead of everything.
    if (
      previous &&
      previous.key === key &&
      previous.query.predicate === query.predicate &&
      previous.query.search === query.search
    ) {
      return previous.view;
    }
    let rows: Contact[];
    if (
      previous &&
      previous.key === key &&
      previous.query.predicate === query.predicate &&
      tokens.length > 0 &&
      isNarrowing(searchTokens(previous.query.search), tokens)
    ) {
      rows = previous.view.rows.filter((contact) => this.matchesTokens(this.positionById.get(contact.id)!, tokens));
    } else {
      rows = this.computeRows(query, tokens);
    }
    const view = { rows, version: this._version };
    this.lastView = { key, query, view };
    return view;
  }

  private matchesTokens(position: number, tokens: string[]): boolean {
    const haystack = this.haystackAt(position);
    for (const token of tokens) if (!haystack.includes(token)) return false;
    return true;
  }

  private computeRows(query: ViewQuery, tokens: string[]): Contact[] {
    const { label, predicate } = query;
    const contacts = this.contacts;
    const accepts = (position: number): boolean => {
      const contact = contacts[position]!;
      if (label !== null && !contact.labels.includes(label)) return false;
      if (tokens.length > 0 && !this.matchesTokens(position, tokens)) return false;
      if (predicate && !predicate(contact)) return false;
      return true;
    };
    const rows: Contact[] = [];
    if (!query.sort) {
      for (let i = 0; i < contacts.length; i++) if (accepts(i)) rows.push(contacts[i]!);
      return rows;
    }
    const { order, nonEmpty } = this.sortedOrder(query.sort.column);
    if (query.sort.direction === 'asc') {
      for (let i = 0; i < order.length; i++) if (accepts(order[i]!)) rows.push(contacts[order[i]!]!);
    } else {
      for (let i = nonEmpty - 1; i >= 0; i--) if (accepts(order[i]!)) rows.push(contacts[order[i]!]!);
      for (let i = nonEmpty; i < order.length; i++) if (accepts(order[i]!)) rows.push(contacts[order[i]!]!);
    }
    return rows;
  }
}

/** Whether every new token contains one of the old ones, so the new result is a subset of the old. */
function isNarrowing(previous: string[], next: string[]): boolean {
  if (previous.length === 0) return false;
  return previous.every((old) => next.some((token) => token.includes(old)));
}
