import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from './contact';
import { mergeContactFields } from './merge';

const contact = (fields: Partial<Contact>): Contact => ({
  ...emptyContactFields(),
  id: 'x',
  serverId: null,
  createdAt: 0,
  lastActivityAt: null,
  updatedAt: 0,
  version: null,
  base: null,
  ...fields,
});

describe('mergeContactFields', () => {
  it("keeps the base's values, fills its empty ones from the other and unites labels", () => {
    const base = contact({ name: 'Ana García', email: 'ana@x.io', phone: null, company: '', labels: ['vip'], customAttributes: { plan: 'pro', seats: null } });
    const other = contact({ name: 'A. García', email: 'other@x.io', phone: '+34612345678', company: 'Acme', labels: ['lead', 'vip'], customAttributes: { plan: 'free', seats: 4, tier: 'gold' }, socialProfiles: { github: 'ana' } });
    const merged = mergeContactFields(base, other);
    expect(merged.name).toBe('Ana García');
    expect(merged.email).toBe('ana@x.io');
    expect(merged.phone).toBe('+34612345678');
    expect(merged.company).toBe('Acme');
    expect(merged.labels).toEqual(['vip', 'lead']);
    expect(merged.customAttributes).toEqual({ plan: 'pro', seats: 4, tier: 'gold' });
    expect(merged.socialProfiles).toEqual({ github: 'ana' });
  });

  it('moves country name and code together', () => {
    const merged = mergeContactFields(contact({ country: null, countryCode: null }), contact({ country: 'España', countryCode: 'ES' }));
    expect([merged.country, merged.countryCode]).toEqual(['España', 'ES']);
    const kept = mergeContactFields(contact({ country: 'México', countryCode: null }), contact({ country: 'España', countryCode: 'ES' }));
    expect([kept.country, kept.countryCode]).toEqual(['México', null]);
  });

  it('does not mutate its inputs', () => {
    const base = contact({ labels: ['a'], customAttributes: { k: null } });
    const other = contact({ labels: ['b'], customAttributes: { k: 1 } });
    mergeContactFields(base, other);
    expect(base.labels).toEqual(['a']);
    expect(base.customAttributes).toEqual({ k: null });
  });
});
