import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/contact';
import { mergeContactFields } from '../../../shared/merge';
import { lostInMerge } from './mergeSummary';

function contact(fields: Partial<Contact>): Contact {
  return { ...emptyContactFields(), id: 'x', serverId: null, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null, ...fields };
}

describe('lostInMerge', () => {
  it('lists the other contact’s values the result does not keep, and none it fills in', () => {
    const base = contact({ id: 'a', name: 'Ana', email: 'ana@x.es', city: null, customAttributes: { plan: 'gold' }, socialProfiles: { github: 'ana' } });
    const other = contact({
      id: 'b',
      name: 'A. García',
      email: 'agarcia@old.es',
      city: 'Lima',
      labels: ['lead'],
      customAttributes: { plan: 'free', seats: 3 },
      socialProfiles: { github: 'agarcia', twitter: 'ag' },
    });
    expect(lostInMerge(mergeContactFields(base, other), other)).toEqual([
      { kind: 'field', field: 'name', value: 'A. García' },
      { kind: 'field', field: 'email', value: 'agarcia@old.es' },
      { kind: 'social', network: 'github', value: 'agarcia' },
      { kind: 'attribute', key: 'plan', value: 'free' },
    ]);
  });

  it('loses nothing when the other contact only fills gaps or repeats the same values', () => {
    const base = contact({ name: 'Ana', email: 'ana@x.es' });
    const other = contact({ name: 'Ana', email: 'ana@x.es', phone: '+34612345678', labels: ['vip'] });
    expect(lostInMerge(mergeContactFields(base, other), other)).toEqual([]);
  });

  it('reads custom attribute keys as data: a key named like an Object property is still compared', () => {
    const base = contact({ customAttributes: {} });
    const other = contact({ customAttributes: { constructor: 'x' } });
    const merged = { ...mergeContactFields(base, other), customAttributes: {} };
    expect(lostInMerge(merged, other)).toEqual([{ kind: 'attribute', key: 'constructor', value: 'x' }]);
  });
});
