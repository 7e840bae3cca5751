import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact, type ContactFields } from '../../../../shared/contact';
import { ListedContacts, SHARED_TEXTS_MAX } from './listed-contact';

function contact(id: string, fields: Partial<ContactFields> = {}, base: ContactFields | null = null): Contact {
  return { ...emptyContactFields(), name: `Contact ${id}`, ...fields, id, serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 2, version: null, base };
}

/** A fresh copy of every string, as decoding a stored or posted contact gives one. */
function decoded<T>(value: T): T {
  return structuredClone(value);
}

describe('ListedContacts', () => {
  it('copies every value of the contact but its base, which is null', () => {
    const fields: Partial<ContactFields> = {
      email: 'ana@example.com',
      phone: '+34612345678',
      identifier: 'crm-1',
      company: 'Acme',
      city: 'Madrid',
      country: 'Spain',
      countryCode: 'ES',
      description: 'Prefers email',
      socialProfiles: { github: 'ana' },
      labels: ['vip', 'lead'],
      customAttributes: { plan: 'pro', seats: 4, trial: false, renewal: null },
      blocked: true,
    };
    const original = { ...contact('a', fields, { ...emptyContactFields(), name: 'Ana (server)' }), serverId: 9, version: 3, lastActivityAt: 5 };
    const copy = new ListedContacts().copy(original);
    expect(copy).toEqual({ ...original, base: null });
    expect(copy).not.toBe(original);
    expect(original.base?.name).toBe('Ana (server)');
  });

  it('gives equal short values, label lists and empty collections one shared instance', () => {
    const listed = new ListedContacts();
    const fields = { company: 'Acme', city: 'Madrid', countryCode: 'ES', labels: ['vip', 'lead'], customAttributes: { plan: 'pro' } };
    const [a, b] = [listed.copy(decoded(contact('a', fields))), listed.copy(decoded(contact('b', fields)))];
    expect(b.labels).toBe(a.labels);
    expect(Object.isFrozen(a.labels)).toBe(true);
    const [c, d] = [listed.copy(contact('c')), listed.copy(contact('d'))];
    expect(d.socialProfiles).toBe(c.socialProfiles);
    expect(d.labels).toBe(c.labels);
    expect(d.customAttributes).toBe(c.customAttributes);
    expect(() => (c.labels as string[]).push('x')).toThrow(TypeError);
    expect(c.labels).toEqual([]);
    // Strings are compared by value in JS: what sharing saves shows in the heap (docs/benchmarks.md), not here.
    expect([b.company, b.city, b.countryCode, b.customAttributes.plan]).toEqual(['Acme', 'Madrid', 'ES', 'pro']);
  });

  it('stops adding texts to share at its limit, and still copies every value', () => {
    const listed = new ListedContacts();
    for (let i = 0; i < SHARED_TEXTS_MAX + 10; i++) {
      const original = contact(`c${i}`, { company: `Company ${i}`, city: 'Madrid' });
      expect(listed.copy(original)).toEqual(original);
    }
    expect(listed.sharedTexts).toBe(SHARED_TEXTS_MAX);
    listed.clear();
    expect(listed.sharedTexts).toBe(0);
  });

  it('does not share a label list with another list that joins to the same text', () => {
    const listed = new ListedContacts();
    const one = listed.copy(contact('a', { labels: ['x\ny'] }));
    const two = listed.copy(contact('b', { labels: ['x', 'y'] }));
    expect(one.labels).toEqual(['x\ny']);
    expect(two.labels).toEqual(['x', 'y']);
  });

  it('keeps a custom attribute named __proto__ as the contact\'s own value', () => {
    const attributes = JSON.parse('{"__proto__": "sí", "plan": "pro"}') as Record<string, string>;
    const copy = new ListedContacts().copy(contact('a', { customAttributes: attributes }));
    expect(Object.hasOwn(copy.customAttributes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy.customAttributes)).toBe(Object.prototype);
    expect(copy.customAttributes).toEqual(attributes);
  });

  it('copies any contact to an equal one whatever came before it (property)', () => {
    const text = fc.option(fc.constantFrom('', 'Acme', 'Madrid', 'ES', 'x\ny', 'a'.repeat(70)), { nil: null });
    const record = fc.record({
      company: text,
      city: text,
      country: text,
      countryCode: text,
      labels: fc.uniqueArray(fc.constantFrom('vip', 'lead', 'x', 'y', 'x\ny'), { maxLength: 3 }),
      customAttributes: fc.dictionary(fc.constantFrom('plan', 'seats', '__proto__', 'constructor'), fc.oneof(fc.constantFrom('pro', 'basic'), fc.integer(), fc.boolean(), fc.constant(null))),
      socialProfiles: fc.constantFrom({}, { github: 'ana' }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), (records) => {
        const listed = new ListedContacts();
        records.forEach((fields, i) => {
          const original = decoded(contact(`c${i}`, fields as Partial<ContactFields>));
          expect(listed.copy(original)).toEqual(original);
        });
      }),
    );
  });
});
