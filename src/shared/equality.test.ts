import { describe, expect, it } from 'vitest';
import { sameJsonText, sameJsonValue, sameList, sameSet, sameValue } from './equality';

describe('equality', () => {
  it('sameValue ignores key order and undefined keys, and takes NaN as NaN', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: undefined }, {})).toBe(true);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameValue(Number.NaN, null)).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue('', null)).toBe(false);
  });

  it('sameJsonValue compares stable JSON; an absent field equals only an absent field', () => {
    expect(sameJsonValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJsonValue({ a: undefined }, {})).toBe(true);
    expect(sameJsonValue(undefined, undefined)).toBe(true);
    expect(sameJsonValue(undefined, null)).toBe(false);
    expect(sameJsonValue(Number.NaN, null)).toBe(true);
    expect(sameJsonValue(['a', 'b'], ['b', 'a'])).toBe(false);
  });

  it('sameJsonText counts key order', () => {
    expect(sameJsonText({ a: 1, b: 2 }, { a: 1, b: 2 })).toBe(true);
    expect(sameJsonText({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJsonText({ a: undefined }, {})).toBe(true);
  });

  it('sameSet ignores order, sameList does not', () => {
    expect(sameSet(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameSet(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(sameSet(['a'], ['a', 'a'])).toBe(false);
    expect(sameList(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});
