import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../../shared/contact';
import {
  completeContactFields,
  CONTACT_FIELD_KEYS,
  diffContactFields,
  normalizeContactPatch,
  sameValue,
} from './contact-fields';

/** A naive reference: JSON with sorted keys (undefined-valued keys drop out, as in JSON). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const stored = (overrides: Partial<Contact> = {}): Contact => ({
  ...emptyContactFields(),
  id: 'c1',
  serverId: null,
  createdAt: 1,
  lastActivityAt: null,
  updatedAt: 1,
  version: null,
  base: null,
  ...overrides,
});

describe('sameValue', () => {
  it('agrees with canonical JSON equality on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameValue(a, b)).toBe(canonical(a) === canonical(b));
      }),
    );
  });

  it('is true for a value and its deep copy with keys in another order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reordered = Object.fromEntries(Object.entries(structuredClone(value)).reverse());
        expect(sameValue(value, reordered)).toBe(true);
      }),
    );
  });

  it('tells arrays from objects, null from {}, and 1 from "1"', () => {
    expect(sameValue([], {})).toBe(false);
    expect(sameValue({ 0: 'a' }, ['a'])).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue(1, '1')).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(true);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
  });
});

describe('normalizeContactPatch', () => {
  it('keeps only contact fields and stores empty text as null (IndexedDB would index "")', () => {
    const patch = normalizeContactPatch({
      email: ' A@B.Es ',
      phone: '   ',
      identifier: '',
      countryCode: 'es',
      labels: ['X', 'x', ' y '],
      name: 'Ana',
      ...({ id: 'evil', serverId: 3, base: {} } as object),
    });
    expect(patch).toEqual({
      email: 'a@b.es',
      phone: null,
      identifier: null,
      countryCode: 'ES',
      labels: ['x', 'y'],
      name: 'Ana',
    });
  });

  it('completes a new contact with the model defaults', () => {
    expect(completeContactFields({ name: 'A' })).toEqual({ ...emptyContactFields(), name: 'A' });
    expect(Object.keys(completeContactFields({ name: 'A' })).sort()).toEqual([...CONTACT_FIELD_KEYS].sort());
  });
});

describe('diffContactFields', () => {
  it('reports exactly the fields whose stored value differs, with both values', () => {
    const current = stored({ name: 'A', city: 'Madrid', labels: ['a', 'b'] });
    const diff = diffContactFields(
      current,
      normalizeContactPatch({ name: 'A', city: 'Cádiz', labels: ['b', 'a'] }),
    );
    expect(diff).toEqual({ changes: { city: 'Cádiz' }, baseValues: { city: 'Madrid' }, changed: true });
  });

  it('applying the changes gives a contact with no further diff (property)', () => {
    const patchArb = fc.record(
      {
        name: fc.string(),
        email: fc.option(fc.emailAddress()),
        city: fc.option(fc.string()),
        labels: fc.array(fc.stringMatching(/^[A-Za-z]{1,4}$/), { maxLength: 4 }),
        customAttributes: fc.dictionary(
          fc.string({ minLength: 1 }),
          fc.oneof(fc.string(), fc.integer(), fc.boolean()),
        ),
        blocked: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(patchArb, patchArb, (first, second) => {
        const current = stored(normalizeContactPatch(first));
        const diff = diffContactFields(current, normalizeContactPatch(second));
        const next = { ...current, ...diff.changes };
        expect(diffContactFields(next, normalizeContactPatch(second)).changed).toBe(false);
        for (const key of Object.keys(diff.baseValues) as (keyof Contact)[]) {
          expect(diff.baseValues[key as keyof typeof diff.baseValues]).toEqual(current[key]);
        }
      }),
    );
  });
});
