import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, validateFilter } from '../../../../shared/filters';
import { makeContact, TEST_ATTRIBUTES, TEST_NOW } from '../../../../shared/filters/test-helpers';
import { cachedAttributeCount, compileWithFoldCache, MAX_CACHED_ATTRIBUTES } from './fold-cache';

function valid(payload: unknown[]) {
  const result = validateFilter(payload, TEST_ATTRIBUTES);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.filter;
}

const text = fc.constantFrom('', ' ', 'Ángel', 'angel', 'MUÑOZ', 'munoz ', 'Madrid', 'ñandú', 'x');

describe('compileWithFoldCache', () => {
  it('matches exactly what the uncached evaluator matches, however often a contact is seen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: text, city: text, plan: text }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(
          'contains',
          'does_not_contain',
          'equal_to',
          'not_equal_to',
          'is_present',
          'is_not_present',
        ),
        text.filter((value) => value.trim() !== ''),
        fc.constantFrom('and', 'or'),
        (people, operator, value, join) => {
          const payload = [
            { attribute_key: 'name', filter_operator: operator, values: [value], query_operator: join },
            {
              attribute_key: 'city',
              filter_operator: 'does_not_contain',
              values: ['mad'],
              query_operator: join,
            },
            { attribute_key: 'note', filter_operator: operator, values: [value], query_operator: null },
          ];
          const filter = valid(payload);
          const reference = compileFilter(filter, { now: TEST_NOW });
          const cached = compileWithFoldCache(filter, TEST_NOW);
          const contacts = people.map((person, index) =>
            makeContact({
              id: String(index),
              name: person.name,
              city: person.city,
              customAttributes: { note: person.plan },
            }),
          );
          for (let pass = 0; pass < 2; pass++) {
            for (const contact of contacts) expect(cached(contact)).toBe(reference(contact));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('folds a changed contact again: a new object is never served the old text', () => {
    const predicate = compileWithFoldCache(
      valid([
        { attribute_key: 'name', filter_operator: 'contains', values: ['angel'], query_operator: null },
      ]),
      TEST_NOW,
    );
    const before = makeContact({ name: 'Ángel Muñoz' });
    expect(predicate(before)).toBe(true);
    const after = { ...before, name: 'Bruno Díaz' };
    expect(predicate(after)).toBe(false);
    expect(predicate(before)).toBe(true);
  });
});

describe('cache bounds', () => {
  it('keeps the caches of the last few text attributes, not of every one ever filtered', () => {
    const keys = ['name', 'email', 'city', 'company', 'note'];
    for (const key of keys) {
      const predicate = compileWithFoldCache(
        valid([{ attribute_key: key, filter_operator: 'contains', values: ['a'], query_operator: null }]),
        TEST_NOW,
      );
      predicate(makeContact({ name: 'Ana' }));
    }
    expect(cachedAttributeCount()).toBe(MAX_CACHED_ATTRIBUTES);
    // A filter without text conditions keeps them (the next text filter is still fast).
    compileWithFoldCache(
      valid([{ attribute_key: 'labels', filter_operator: 'is_present', values: [], query_operator: null }]),
      TEST_NOW,
    );
    expect(cachedAttributeCount()).toBe(MAX_CACHED_ATTRIBUTES);
  });
});
