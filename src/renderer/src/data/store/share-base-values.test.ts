import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactFields } from '../../../../shared/contact';
import { generateContacts } from '../../../../shared/demo/contacts';
import { shareBaseValues } from './contact-fields';

describe('shareBaseValues', () => {
  it('shares the equal values of a cloned contact’s base and changes nothing observable (property)', () => {
    const contacts = generateContacts(50, { seed: 4 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 49 }), fc.constantFrom('same', 'city', 'labels', 'attributes'), (i, edit) => {
        const original = contacts[i]!;
        const { id: _i, serverId: _s, createdAt: _c, lastActivityAt: _l, updatedAt: _u, version: _v, base: _b, ...fields } = original;
        const base: ContactFields = structuredClone(fields);
        if (edit === 'city') base.city = `${original.city ?? ''}x`;
        if (edit === 'labels') base.labels = [...original.labels, 'other'];
        if (edit === 'attributes') base.customAttributes = { ...original.customAttributes, plan: 'changed' };
        const received: Contact = structuredClone({ ...original, base });
        const before = structuredClone(received);
        shareBaseValues(received);
        expect(received).toEqual(before);
        expect(received.base!.labels === received.labels).toBe(edit !== 'labels');
        expect(received.base!.customAttributes === received.customAttributes).toBe(edit !== 'attributes');
        expect(received.base!.socialProfiles).toBe(received.socialProfiles);
      }),
    );
  });

  it('leaves a contact without base alone', () => {
    const contact = { ...generateContacts(1, { seed: 1 })[0]!, base: null };
    shareBaseValues(contact);
    expect(contact.base).toBeNull();
  });
});
