import type { Contact } from '../../../../shared/contact';
import {
  detachSearchText,
  emptySearchState,
  foldAppended,
  prepareSearchText,
  replaceInSearchText,
  resetSearch,
  searchTokens,
} from './search-text';
import { emptySortOrders, isOrderCurrent, replaceInSortOrders, SORT_COLUMNS, sortedOrder } from './sort-orders';
import { ListedContacts } from './listed-contact';
import { computePositions, PositionsView, viewKey, type ContactView, type ViewQuery, type ViewScratch } from './view';

export { ATTRIBUTE_COLUMN_PREFIX, isSortColumn, SORT_COLUMNS } from './sort-orders';
export type { SortColumn, SortDirection, SortState } from './sort-orders';
export { searchHaystack, searchTokens } from './search-text';
export type { ContactView, ViewQuery } from './view';

/**
 * The in-memory index of every contact: loaded once, kept current from the repository's change
 * events, and the only place sorting, search and label filtering run. An array pass over 100k
 * contacts costs a few milliseconds here, where a Dexie cursor filter costs ~1.5 s
 * and AG Grid's own client-side sort ~400 ms (docs/architecture.md "The in-memory index and the grid").
 */

export class ContactIndex {
  /**
   * Replaced by a copy before any change other than an append once a view (or `all()`) has handed
   * it out, so the positions a view holds keep pointing at the contacts it listed. Not copied again
   * until the next view: a burst of updates costs one copy per refresh, not one per batch.
   */
  private contacts: Contact[] = [];
  private contactsShared = false;
  /** Makes the index's own compact copy of every contact it is given (listed-contact.ts). */
  private listed = new ListedContacts();
  private positionById = new Map<string, number>();
  /** Search text, haystacks and the last matches (search-text.ts). */
  private search = emptySearchState();
  /** Each column's cached order and its inverse (sort-orders.ts). */
  private sortOrders = emptySortOrders();
  private labelCountCache: Map<string, number> | null = null;
  private lastView: { key: string; view: ContactView; alsoMatching: ReadonlySet<string> | null } | null = null;
  private scratch: ViewScratch = { mask: new Uint8Array(0), positions: new Int32Array(0) };
  private _version = 0;

  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.contacts.length;
  }

  load(contacts: readonly Contact[]): void {
    this.listed.clear();
    this.contacts = contacts.map((contact) => this.listed.copy(contact));
    this.contactsShared = false;
    this.positionById = new Map();
    for (let i = 0; i < this.contacts.length; i++) this.positionById.set(this.contacts[i]!.id, i);
    resetSearch(this.search, this.contacts.length);
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
    for (const received of put) {
      const contact = this.listed.copy(received);
      const position = this.positionById.get(contact.id);
      if (position === undefined) {
        this.positionById.set(contact.id, this.contacts.length);
        // Appending never disturbs a view: its positions all come before.
        this.contacts.push(contact);
        this.search.haystacks?.push(undefined);
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
      replaceInSortOrders(this.sortOrders, this.contacts, replaced);
      replaceInSearchText(this.search, this.contacts, replaced);
    }
    this._version++;
    this.lastView = null;
  }

  private applyWithRemovals(put: readonly Contact[], deleted: readonly string[]): void {
    const contacts = this.ownContacts();
    const haystacks = detachSearchText(this.search, contacts.length);
    for (const id of deleted) this.removeOne(id, haystacks);
    for (const received of put) {
      const contact = this.listed.copy(received);
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
    this.sortOrders.byColumn.clear();
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
   * for long; `timeLeft` returns the milliseconds left in the current idle period. Says what is
   * left: the search text, then the sort orders, then nothing (`'done'`: call again after changes).
   */
  prepareInIdle(timeLeft: () => number): 'search-pending' | 'sorts-pending' | 'done' {
    if (!prepareSearchText(this.search, this.contacts, timeLeft)) return 'search-pending';
    for (const column of SORT_COLUMNS) {
      if (isOrderCurrent(this.sortOrders, column, this.contacts.length)) continue;
      sortedOrder(this.sortOrders, column, this.contacts);
      if (timeLeft() <= 1) return 'sorts-pending';
    }
    return 'done';
  }

  /**
   * Folds the search haystacks of contacts appended since the search text was built (search-text.ts
   * `foldAppended`): while a sync or an import appends, in idle time between its batches rather than
   * by the next search keystroke. Unlike `prepareInIdle`, never rebuilds the whole text. True when
   * nothing is left to fold.
   */
  prepareSearchInIdle(timeLeft: () => number): boolean {
    return foldAppended(this.search, this.contacts, timeLeft);
  }

  /** The contacts to list for a query, in order. Empty values sort last in both directions. */
  view(query: ViewQuery): ContactView {
    const tokens = searchTokens(query.search);
    const key = viewKey(this._version, query, tokens);
    const previous = this.lastView;
    if (
      previous &&
      previous.key === key &&
      previous.view.predicate === (query.predicate ?? null) &&
      previous.alsoMatching === (query.alsoMatching ?? null)
    )
      return previous.view;
    const predicate = query.predicate ?? null;
    const { positions, reversedPrefix } = computePositions(
      {
        contacts: this.contacts,
        positionById: this.positionById,
        version: this._version,
        sortOrders: this.sortOrders,
        search: this.search,
        scratch: this.scratch,
      },
      query,
      tokens,
    );
    this.contactsShared = true;
    const view = new PositionsView(this.contacts, positions, this._version, predicate, reversedPrefix);
    this.lastView = { key, view, alsoMatching: query.alsoMatching ?? null };
    return view;
  }
}
