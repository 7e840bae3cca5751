import type { Contact, CustomAttributeValue } from '../../../../shared/contact';
import { sameList } from '../../../../shared/equality';

/**
 * The index's own copy of each contact, built to take little of the window's heap: at 1M contacts
 * the index's contacts were most of a 600–750 MB heap, and a major GC's main-thread pause grows with
 * the number of objects it marks (docs/benchmarks.md "The index's memory").
 *
 * The copy has the contact's values, with four differences nobody can tell apart by value:
 * - it is one object literal with every field in the object itself. A contact decoded from
 *   IndexedDB or a channel message kept some of its 20 fields in a separate property array, one
 *   more object per contact (one such array per contact in a heap snapshot at 100k);
 * - empty social profiles, labels and custom attributes are one shared frozen object or array, and
 *   each combination of labels is one shared frozen array;
 * - short values that repeat (company, city, country, country code, custom attribute texts) are one
 *   string each. Decoding gives every contact its own copy of "ES" or "Madrid";
 * - `base` is null. The server's snapshot for the three-way merge is read only by the store, inside
 *   its transactions, from the database (docs/architecture.md "Workers").
 *
 * Frozen shared values make a change in place throw instead of reaching other contacts. Contacts
 * are never changed in place: every write builds a new contact.
 */
export class ListedContacts {
  private strings = new Map<string, string>();
  private labelLists = new Map<string, readonly string[]>();

  /** Forgets the shared values (a new load): values of contacts removed since are not kept forever. */
  clear(): void {
    this.strings.clear();
    this.labelLists.clear();
  }

  copy(contact: Contact): Contact {
    return {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      identifier: contact.identifier,
      company: this.text(contact.company),
      city: this.text(contact.city),
      country: this.text(contact.country),
      countryCode: this.text(contact.countryCode),
      description: contact.description,
      socialProfiles: hasKeys(contact.socialProfiles) ? contact.socialProfiles : NO_PROFILES,
      labels: this.labels(contact.labels),
      customAttributes: hasKeys(contact.customAttributes) ? this.attributes(contact.customAttributes) : NO_ATTRIBUTES,
      blocked: contact.blocked,
      serverId: contact.serverId,
      createdAt: contact.createdAt,
      lastActivityAt: contact.lastActivityAt,
      updatedAt: contact.updatedAt,
      version: contact.version,
      base: null,
    };
  }

  /** How many distinct texts are kept to be shared (at most {@link SHARED_TEXTS_MAX}). */
  get sharedTexts(): number {
    return this.strings.size;
  }

  private text<T extends string | null>(value: T): T {
    if (value === null || value.length > SHARED_TEXT_MAX_LENGTH) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size < SHARED_TEXTS_MAX) this.strings.set(value, value);
    return value;
  }

  private labels(labels: string[]): string[] {
    if (labels.length === 0) return NO_LABELS;
    const key = labels.length === 1 ? labels[0]! : labels.join('\n');
    const shared = this.labelLists.get(key);
    if (shared !== undefined && sameList(shared, labels)) return shared as string[];
    const copy = Object.freeze(labels.map((label) => this.text(label)));
    // A title with a line break could give two lists one key: the first keeps it, the other is not shared.
    if (shared === undefined) this.labelLists.set(key, copy);
    return copy as string[];
  }

  private attributes(attributes: Record<string, CustomAttributeValue>): Record<string, CustomAttributeValue> {
    // A loop of assignments: `Object.fromEntries` over the entries took twice as long (75 against
    // 32 ms per 100k contacts in Node). Only `__proto__` needs defining: assigned, it would set the
    // object's prototype instead of the contact's value.
    const copy: Record<string, CustomAttributeValue> = {};
    for (const key in attributes) {
      if (!Object.hasOwn(attributes, key)) continue;
      const value = attributes[key]!;
      const shared = typeof value === 'string' ? this.text(value) : value;
      if (key === '__proto__') Object.defineProperty(copy, key, { value: shared, enumerable: true, writable: true, configurable: true });
      else copy[this.text(key)] = shared;
    }
    return copy;
  }
}

/** Texts longer than this are kept as they are: long values (notes-like attributes) seldom repeat. */
const SHARED_TEXT_MAX_LENGTH = 64;

/**
 * The table of shared texts stops growing here. Where most values differ (a company per contact),
 * an entry per value would cost memory and save none; the values that repeat (countries, labels,
 * plans, the big cities and companies) are among the first seen. ~1–2 MB of table at most.
 */
export const SHARED_TEXTS_MAX = 65_536;

const NO_PROFILES: Contact['socialProfiles'] = Object.freeze({});
const NO_LABELS = Object.freeze([]) as readonly string[] as string[];
const NO_ATTRIBUTES: Contact['customAttributes'] = Object.freeze({});

function hasKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}
