import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/contact';
import type { UniquenessLookup, ValidationContext } from '../../../shared/validation';
import { KEPT_COUNTRY, draftOf, prepareSave, type Draft } from './contactDraft';

function stored(fields: Partial<Contact>): Contact {
  return {
    ...emptyContactFields(),
    id: 'c1',
    serverId: 7,
    createdAt: 0,
    lastActivityAt: null,
    updatedAt: 0,
    version: 1,
    base: null,
    ...fields,
  };
}

const context: ValidationContext = { defaultCountry: 'ES', selfId: 'c1' };

/** Opens the form on `contact`, lets `edit` change the draft, and saves. */
function save(contact: Contact, edit: (draft: Draft) => Draft, extra: ValidationContext = {}) {
  const initial = draftOf(contact, 'ES');
  return prepareSave(edit(structuredClone(initial)), initial, contact, { ...context, ...extra });
}

const withCity = (city: string) => (draft: Draft): Draft => ({ ...draft, text: { ...draft.text, city } });

describe('the contact form saves', () => {
  it('keeps the country of a contact that has only a name when the city is edited, and shows it selected', () => {
    const contact = stored({ name: 'José', country: 'España', countryCode: null });
    expect(draftOf(contact, 'ES').countryCode).toBe('ES');
    const result = save(contact, withCity('Sevilla'));
    expect(result).toEqual({ ok: true, fields: expect.objectContaining({ city: 'Sevilla', country: 'España', countryCode: null }) });
  });

  it('keeps a coded country and a country kept as text when another field is edited', () => {
    expect(save(stored({ name: 'Ana', country: 'Spain', countryCode: 'ES' }), withCity('Vigo'))).toMatchObject({
      ok: true,
      fields: { city: 'Vigo', country: 'Spain', countryCode: 'ES' },
    });
    const kept = stored({ name: 'Nuño', country: 'Españia', countryCode: null });
    expect(draftOf(kept, 'ES').countryCode).toBe(KEPT_COUNTRY);
    expect(save(kept, withCity('León'))).toMatchObject({ ok: true, fields: { city: 'León', country: 'Españia', countryCode: null } });
  });

  it('stores a picked country by its code and English name, whatever the UI language', () => {
    const result = save(stored({ name: 'Ana', country: 'España', countryCode: null }), (draft) => ({ ...draft, countryCode: 'DE' }));
    expect(result).toMatchObject({ ok: true, fields: { country: 'Germany', countryCode: 'DE' } });
  });

  it('clears the country only when the user picks "No country"', () => {
    const result = save(stored({ name: 'Ana', country: 'Españia', countryCode: null }), (draft) => ({ ...draft, countryCode: '' }));
    expect(result).toMatchObject({ ok: true, fields: { country: null, countryCode: null } });
  });

  it('is not blocked by an untouched value today’s rules refuse or find shared, and keeps it as stored', () => {
    const lookup: UniquenessLookup = {
      findByEmail: () => ({ id: 'c2', name: 'Other' }),
      findByPhone: () => undefined,
      findByIdentifier: () => undefined,
    };
    const contact = stored({ name: 'Old', email: 'shared@x.test', phone: '12', socialProfiles: { twitter: 'a b' } });
    const result = save(contact, withCity('Madrid'), { lookup });
    expect(result).toMatchObject({ ok: true, fields: { city: 'Madrid', email: 'shared@x.test', phone: '12', socialProfiles: { twitter: 'a b' } } });
  });

  it('reports a problem in a field the user changed', () => {
    const contact = stored({ name: 'Old', phone: '12' });
    const result = save(contact, (draft) => ({ ...draft, text: { ...draft.text, phone: '+34 6AB' } }));
    expect(result).toEqual({ ok: false, errors: [{ field: 'phone', code: 'phone-letters' }] });
  });

  it('keeps custom attributes the form does not show and a stored phone it would now write differently', () => {
    const contact = stored({ name: 'Ana', phone: '+447700900123', customAttributes: { legacy: 'x', plan: 'pro' } });
    const result = save(contact, withCity('Bilbao'), {
      attributeDefinitions: [{ key: 'plan', type: 'text' }],
    });
    expect(result).toMatchObject({ ok: true, fields: { phone: '+447700900123', customAttributes: { legacy: 'x', plan: 'pro' } } });
  });
});
