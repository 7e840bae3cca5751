import { describe, expect, it } from 'vitest';
import type { Contact } from '../contact';
import { compileFilter, defaultFold, groupConditions, isChecked } from './evaluate';
import { attributesFor, foldText, type FilterAttributeDefinition } from './model';
import { compile, makeContact, TEST_ATTRIBUTES, TEST_NOW, where } from './test-helpers';
import { validateFilter } from './validate';

function matching(payload: unknown[], contacts: Record<string, Contact>, options = {}): string[] {
  const predicate = compile(payload, options);
  return Object.entries(contacts)
    .filter(([, contact]) => predicate(contact))
    .map(([name]) => name);
}

describe('text attributes', () => {
  const people = {
    angel: makeContact({ name: 'Ángel Muñoz', city: 'Málaga' }),
    plain: makeContact({ name: 'angel munoz', city: 'Madrid' }),
    other: makeContact({ name: 'Beatriz', city: null }),
    blank: makeContact({ name: '   ', city: '' }),
  };

  it('equal_to ignores case, accents, ñ and surrounding spaces', () => {
    expect(matching(where('name', 'equal_to', ['  ANGEL MUNOZ ']), people)).toEqual(['angel', 'plain']);
    expect(matching(where('name', 'equal_to', ['Ángel Muñoz']), people)).toEqual(['angel', 'plain']);
    expect(matching(where('name', 'equal_to', ['angel']), people)).toEqual([]);
  });

  it('equal_to matches any of its values, not only the first (Chatwoot uses values[0])', () => {
    expect(matching(where('name', 'equal_to', ['nobody', 'beatriz']), people)).toEqual(['other']);
    expect(matching(where('city', 'equal_to', ['malaga', 'madrid']), people)).toEqual(['angel', 'plain']);
  });

  it('not_equal_to matches empty fields (null, "", blank) and none of the values', () => {
    expect(matching(where('city', 'not_equal_to', ['Malaga']), people)).toEqual(['plain', 'other', 'blank']);
    expect(matching(where('city', 'not_equal_to', ['malaga', 'MADRID']), people)).toEqual(['other', 'blank']);
    expect(matching(where('name', 'not_equal_to', ['beatriz']), people)).toEqual(['angel', 'plain', 'blank']);
  });

  it('contains matches any value as a folded substring; empty fields never contain', () => {
    expect(matching(where('name', 'contains', ['ÁNG']), people)).toEqual(['angel', 'plain']);
    expect(matching(where('name', 'contains', ['zzz', 'triz']), people)).toEqual(['other']);
    expect(matching(where('city', 'contains', ['a']), people)).toEqual(['angel', 'plain']);
  });

  it('does_not_contain matches fields holding none of the values, empty fields included', () => {
    expect(matching(where('city', 'does_not_contain', ['mad']), people)).toEqual(['angel', 'other', 'blank']);
    expect(matching(where('city', 'does_not_contain', ['mad', 'mál']), people)).toEqual(['other', 'blank']);
  });

  it('is_present / is_not_present treat null, "" and white space as empty', () => {
    expect(matching(where('city', 'is_present'), people)).toEqual(['angel', 'plain']);
    expect(matching(where('city', 'is_not_present'), people)).toEqual(['other', 'blank']);
    expect(matching(where('name', 'is_not_present'), people)).toEqual(['blank']);
  });

  it('ñ folds to n both ways', () => {
    const contacts = { a: makeContact({ company: 'Peña SL' }), b: makeContact({ company: 'Pena SL' }) };
    expect(matching(where('company', 'equal_to', ['pena sl']), contacts)).toEqual(['a', 'b']);
    expect(matching(where('company', 'contains', ['PEÑA']), contacts)).toEqual(['a', 'b']);
  });

  it('decomposed (NFD) input compares equal to composed input', () => {
    const contacts = { nfd: makeContact({ name: 'A\u0301ngel' }) };
    expect(matching(where('name', 'equal_to', ['Ángel']), contacts)).toEqual(['nfd']);
  });

  it('email and identifier compare folded; phone values lose separators', () => {
    const contacts = {
      a: makeContact({ email: 'ana@example.com', identifier: 'ABC-1', phone: '+34612345678' }),
      b: makeContact({ email: null, identifier: null, phone: null }),
    };
    expect(matching(where('email', 'equal_to', ['ANA@example.COM']), contacts)).toEqual(['a']);
    expect(matching(where('identifier', 'equal_to', ['abc-1']), contacts)).toEqual(['a']);
    expect(matching(where('phone_number', 'equal_to', ['34 612 34 56 78']), contacts)).toEqual(['a']);
    expect(matching(where('phone_number', 'equal_to', ['+34 (612) 345-678']), contacts)).toEqual(['a']);
    expect(matching(where('phone_number', 'contains', ['612 34']), contacts)).toEqual(['a']);
    expect(matching(where('phone_number', 'not_equal_to', ['+34612345678']), contacts)).toEqual(['b']);
  });

  it('custom text and link attributes: missing, null and "" are empty; numbers compare as their text', () => {
    const contacts = {
      missing: makeContact({ customAttributes: {} }),
      nulled: makeContact({ customAttributes: { note: null, site: null } }),
      empty: makeContact({ customAttributes: { note: '', site: '' } }),
      text: makeContact({ customAttributes: { note: 'Llamar el LUNES', site: 'https://Example.com' } }),
      number: makeContact({ customAttributes: { note: 42 } }),
    };
    expect(matching(where('note', 'is_present'), contacts)).toEqual(['text', 'number']);
    expect(matching(where('note', 'is_not_present'), contacts)).toEqual(['missing', 'nulled', 'empty']);
    expect(matching(where('note', 'contains', ['lunes']), contacts)).toEqual(['text']);
    expect(matching(where('note', 'equal_to', ['42']), contacts)).toEqual(['number']);
    expect(matching(where('note', 'not_equal_to', ['42']), contacts)).toEqual(['missing', 'nulled', 'empty', 'text']);
    expect(matching(where('site', 'equal_to', ['https://example.com']), contacts)).toEqual(['text']);
    expect(matching(where('site', 'does_not_contain', ['example']), contacts)).toEqual(['missing', 'nulled', 'empty', 'number']);
  });
});

describe('country', () => {
  const contacts = {
    es: makeContact({ countryCode: 'ES' }),
    lower: makeContact({ countryCode: 'fr' }),
    none: makeContact({ countryCode: null }),
  };
  it('compares ISO codes case-insensitively, any of the values', () => {
    expect(matching(where('country_code', 'equal_to', ['es']), contacts)).toEqual(['es']);
    expect(matching(where('country_code', 'equal_to', ['ES', 'FR']), contacts)).toEqual(['es', 'lower']);
  });
  it('not_equal_to includes contacts without a country; presence', () => {
    expect(matching(where('country_code', 'not_equal_to', ['ES']), contacts)).toEqual(['lower', 'none']);
    expect(matching(where('country_code', 'is_present'), contacts)).toEqual(['es', 'lower']);
    expect(matching(where('country_code', 'is_not_present'), contacts)).toEqual(['none']);
  });

  const mixed = {
    coded: makeContact({ country: 'Spain', countryCode: 'ES' }),
    // Older rows and servers that keep only a name, in any language.
    named: makeContact({ country: 'España', countryCode: null }),
    peru: makeContact({ country: 'Peru', countryCode: 'PE' }),
    unknown: makeContact({ country: 'Españia', countryCode: null }),
    none: makeContact({ country: null, countryCode: null }),
  };
  it('Equal to Spain finds the contacts with code ES and those with only a Spanish or English name', () => {
    expect(matching(where('country_code', 'equal_to', ['ES']), mixed)).toEqual(['coded', 'named']);
    expect(matching(where('country_code', 'equal_to', ['España']), mixed)).toEqual(['coded', 'named']);
    expect(matching(where('country_code', 'not_equal_to', ['ES']), mixed)).toEqual(['peru', 'unknown', 'none']);
  });
  it('finds a country kept as text by that text, ignoring case and accents', () => {
    expect(matching(where('country_code', 'equal_to', ['espania']), mixed)).toEqual(['unknown']);
    expect(matching(where('country_code', 'equal_to', ['Españia', 'PE']), mixed)).toEqual(['peru', 'unknown']);
    expect(matching(where('country_code', 'is_present'), mixed)).toEqual(['coded', 'named', 'peru', 'unknown']);
  });
});

describe('labels', () => {
  const contacts = {
    vip: makeContact({ labels: ['vip'] }),
    both: makeContact({ labels: ['lead', 'vip'] }),
    lead: makeContact({ labels: ['lead'] }),
    none: makeContact({ labels: [] }),
  };
  it('equal_to = has any of the chosen labels (value case ignored)', () => {
    expect(matching(where('labels', 'equal_to', ['VIP']), contacts)).toEqual(['vip', 'both']);
    expect(matching(where('labels', 'equal_to', ['vip', 'lead']), contacts)).toEqual(['vip', 'both', 'lead']);
    expect(matching(where('labels', 'equal_to', ['other']), contacts)).toEqual([]);
  });
  it('not_equal_to = has none of them, contacts without labels included', () => {
    expect(matching(where('labels', 'not_equal_to', ['vip']), contacts)).toEqual(['lead', 'none']);
    expect(matching(where('labels', 'not_equal_to', ['vip', 'lead']), contacts)).toEqual(['none']);
  });
  it('is_present / is_not_present', () => {
    expect(matching(where('labels', 'is_present'), contacts)).toEqual(['vip', 'both', 'lead']);
    expect(matching(where('labels', 'is_not_present'), contacts)).toEqual(['none']);
  });
});

describe('standard dates', () => {
  const at = (iso: string): number => Date.parse(iso);
  const contacts = {
    lastMoment: makeContact({ createdAt: at('2025-03-01T23:59:59.999Z') }),
    nextDay: makeContact({ createdAt: at('2025-03-02T00:00:00.000Z') }),
    dayBefore: makeContact({ createdAt: at('2025-02-28T23:59:59.999Z') }),
    firstMoment: makeContact({ createdAt: at('2025-03-01T00:00:00.000Z') }),
  };

  it('"Is after D" = on D + 1 or later; "Is before D" = on D − 1 or earlier (UTC)', () => {
    expect(matching(where('created_at', 'is_greater_than', ['2025-03-01']), contacts)).toEqual(['nextDay']);
    expect(matching(where('created_at', 'is_less_than', ['2025-03-01']), contacts)).toEqual(['dayBefore']);
  });

  it('days are the user\'s calendar days: the same instant is a different day in Madrid', () => {
    // 2025-03-01T23:30Z is 2025-03-02 00:30 in Madrid (UTC+1 in winter).
    const late = { late: makeContact({ createdAt: at('2025-03-01T23:30:00Z') }) };
    expect(matching(where('created_at', 'is_greater_than', ['2025-03-01']), late, { timeZone: 'UTC' })).toEqual([]);
    expect(matching(where('created_at', 'is_greater_than', ['2025-03-01']), late, { timeZone: 'Europe/Madrid' })).toEqual(['late']);
    // 2025-03-01T04:00Z is still 2025-02-28 in Mexico City (UTC−6).
    const early = { early: makeContact({ createdAt: at('2025-03-01T04:00:00Z') }) };
    expect(matching(where('created_at', 'is_less_than', ['2025-03-01']), early, { timeZone: 'America/Mexico_City' })).toEqual(['early']);
    expect(matching(where('created_at', 'is_less_than', ['2025-03-01']), early, { timeZone: 'UTC' })).toEqual([]);
  });

  it('respects DST: local midnight of a summer day in Madrid is 22:00Z the day before', () => {
    const contacts2 = {
      justBefore: makeContact({ createdAt: at('2025-07-01T21:59:59.999Z') }),
      midnight: makeContact({ createdAt: at('2025-07-01T22:00:00Z') }),
    };
    expect(matching(where('created_at', 'is_greater_than', ['2025-07-01']), contacts2, { timeZone: 'Europe/Madrid' })).toEqual(['midnight']);
  });

  it('days_before N = strictly before (today − N), today in the user\'s time zone', () => {
    // TEST_NOW = 2025-06-15T12:00Z → today 2025-06-15; 3 days before → bound 2025-06-12.
    const recent = {
      on12: makeContact({ lastActivityAt: at('2025-06-12T00:00:00Z') }),
      on11: makeContact({ lastActivityAt: at('2025-06-11T23:59:59.999Z') }),
      never: makeContact({ lastActivityAt: null }),
    };
    expect(matching(where('last_activity_at', 'days_before', ['3']), recent)).toEqual(['on11']);
    expect(matching(where('last_activity_at', 'days_before', [3]), recent, { now: Date.parse('2025-06-16T00:00:00Z') })).toEqual(['on12', 'on11']);
    // In Tokyo it is already 2025-06-16 at 15:00Z on the 15th.
    const tokyoNow = Date.parse('2025-06-15T15:00:00Z');
    expect(matching(where('last_activity_at', 'days_before', ['3']), recent, { now: tokyoNow, timeZone: 'UTC' })).toEqual(['on11']);
    expect(matching(where('last_activity_at', 'days_before', ['3']), recent, { now: tokyoNow, timeZone: 'Asia/Tokyo' })).toEqual(['on12', 'on11']);
  });

  it('a null last activity is not present and never before or after anything', () => {
    const never = { never: makeContact({ lastActivityAt: null }), some: makeContact({ lastActivityAt: 0 }) };
    expect(matching(where('last_activity_at', 'is_not_present'), never)).toEqual(['never']);
    expect(matching(where('last_activity_at', 'is_present'), never)).toEqual(['some']);
    expect(matching(where('last_activity_at', 'is_less_than', ['2100-01-01']), never)).toEqual(['some']);
    expect(matching(where('last_activity_at', 'is_greater_than', ['1900-01-01']), never)).toEqual(['some']);
    expect(matching(where('created_at', 'is_present'), never)).toEqual(['never', 'some']);
  });
});

describe('custom date attributes', () => {
  const contacts = {
    day: makeContact({ customAttributes: { birthday: '2025-03-01' } }),
    time: makeContact({ customAttributes: { birthday: '2025-03-02T23:30:00-05:00' } }),
    bad: makeContact({ customAttributes: { birthday: '2025-02-30' } }),
    text: makeContact({ customAttributes: { birthday: 'soon' } }),
    empty: makeContact({ customAttributes: { birthday: '' } }),
    missing: makeContact({ customAttributes: {} }),
  };
  it('compare the written calendar day, with no time zone', () => {
    expect(matching(where('birthday', 'is_greater_than', ['2025-03-01']), contacts, { timeZone: 'Asia/Tokyo' })).toEqual(['time']);
    expect(matching(where('birthday', 'is_less_than', ['2025-03-02']), contacts)).toEqual(['day']);
  });
  it('unreadable, empty or missing dates are not present and match no comparison', () => {
    expect(matching(where('birthday', 'is_present'), contacts)).toEqual(['day', 'time']);
    expect(matching(where('birthday', 'is_not_present'), contacts)).toEqual(['bad', 'text', 'empty', 'missing']);
    expect(matching(where('birthday', 'is_less_than', ['9999-12-31']), contacts)).toEqual(['day', 'time']);
  });
  it('days_before counts from today in the user\'s time zone', () => {
    // Today 2025-03-04: 2 days before → strictly before 2025-03-02.
    const now = Date.parse('2025-03-04T10:00:00Z');
    expect(matching(where('birthday', 'days_before', ['2']), contacts, { now })).toEqual(['day']);
    expect(matching(where('birthday', 'days_before', ['1']), contacts, { now })).toEqual(['day', 'time']);
  });
});

describe('numbers', () => {
  const contacts = {
    ten: makeContact({ customAttributes: { score: 10 } }),
    tenText: makeContact({ customAttributes: { score: ' 10 ' } }),
    half: makeContact({ customAttributes: { score: '0,5' } }),
    negative: makeContact({ customAttributes: { score: -3 } }),
    junk: makeContact({ customAttributes: { score: 'ten' } }),
    empty: makeContact({ customAttributes: { score: '' } }),
    missing: makeContact({ customAttributes: {} }),
  };
  it('equal_to compares numerically, any of the values, numbers given as strings', () => {
    expect(matching(where('score', 'equal_to', ['10.0']), contacts)).toEqual(['ten', 'tenText']);
    expect(matching(where('score', 'equal_to', [10, '0.5']), contacts)).toEqual(['ten', 'tenText', 'half']);
  });
  it('not_equal_to includes contacts without a number', () => {
    expect(matching(where('score', 'not_equal_to', ['10']), contacts)).toEqual(['half', 'negative', 'junk', 'empty', 'missing']);
  });
  it('is_greater_than / is_less_than are strict and skip contacts without a number', () => {
    expect(matching(where('score', 'is_greater_than', ['0.5']), contacts)).toEqual(['ten', 'tenText']);
    expect(matching(where('score', 'is_less_than', ['0,5']), contacts)).toEqual(['negative']);
    expect(matching(where('score', 'is_less_than', ['100']), contacts)).toEqual(['ten', 'tenText', 'half', 'negative']);
  });
});

describe('checkbox and blocked', () => {
  const contacts = {
    checked: makeContact({ customAttributes: { vip: true }, blocked: true }),
    checkedText: makeContact({ customAttributes: { vip: 'TRUE' } }),
    unchecked: makeContact({ customAttributes: { vip: false } }),
    uncheckedText: makeContact({ customAttributes: { vip: 'false' } }),
    missing: makeContact({ customAttributes: {} }),
  };
  it('checkbox equal_to true/false; a missing checkbox is unchecked', () => {
    expect(matching(where('vip', 'equal_to', ['true']), contacts)).toEqual(['checked', 'checkedText']);
    expect(matching(where('vip', 'equal_to', ['False']), contacts)).toEqual(['unchecked', 'uncheckedText', 'missing']);
    expect(matching(where('vip', 'equal_to', [true, false]), contacts)).toHaveLength(5);
    expect(matching(where('vip', 'not_equal_to', ['true']), contacts)).toEqual(['unchecked', 'uncheckedText', 'missing']);
  });
  it('blocked', () => {
    expect(matching(where('blocked', 'equal_to', ['true']), contacts)).toEqual(['checked']);
    expect(matching(where('blocked', 'not_equal_to', ['true']), contacts)).toHaveLength(4);
  });
  it('isChecked', () => {
    expect([true, 'true', ' True ', false, 'false', 'yes', 1, null, undefined].map(isChecked)).toEqual([
      true, true, true, false, false, false, false, false, false,
    ]);
  });
});

describe('list attributes', () => {
  const contacts = {
    gold: makeContact({ customAttributes: { plan: 'Gold' } }),
    goldLower: makeContact({ customAttributes: { plan: 'gold' } }),
    nandu: makeContact({ customAttributes: { plan: 'Ñandú' } }),
    free: makeContact({ customAttributes: { plan: 'Free' } }),
    missing: makeContact({ customAttributes: {} }),
  };
  it('equal_to any of its values, case- and accent-insensitive', () => {
    expect(matching(where('plan', 'equal_to', ['GOLD']), contacts)).toEqual(['gold', 'goldLower']);
    expect(matching(where('plan', 'equal_to', ['nandu', 'free']), contacts)).toEqual(['nandu', 'free']);
  });
  it('not_equal_to none of them, missing included', () => {
    expect(matching(where('plan', 'not_equal_to', ['gold', 'free']), contacts)).toEqual(['nandu', 'missing']);
  });
});

describe('AND / OR precedence', () => {
  const a = { attribute_key: 'name', filter_operator: 'equal_to', values: ['a'] };
  const b = { attribute_key: 'city', filter_operator: 'equal_to', values: ['b'] };
  const c = { attribute_key: 'company', filter_operator: 'equal_to', values: ['c'] };
  const contacts = {
    onlyA: makeContact({ name: 'a' }),
    onlyB: makeContact({ city: 'b' }),
    onlyC: makeContact({ company: 'c' }),
    bc: makeContact({ city: 'b', company: 'c' }),
    ac: makeContact({ name: 'a', company: 'c' }),
  };

  it('A OR B AND C = A OR (B AND C)', () => {
    const payload = [
      { ...a, query_operator: 'or' },
      { ...b, query_operator: 'and' },
      { ...c, query_operator: null },
    ];
    expect(matching(payload, contacts)).toEqual(['onlyA', 'bc', 'ac']);
  });

  it('A AND B OR C = (A AND B) OR C', () => {
    const payload = [
      { ...a, query_operator: 'AND' },
      { ...b, query_operator: 'Or' },
      { ...c, query_operator: null },
    ];
    expect(matching(payload, contacts)).toEqual(['onlyC', 'bc', 'ac']);
  });

  it('a query operator on the last row is ignored', () => {
    expect(matching([{ ...a, query_operator: 'or' }], contacts)).toEqual(['onlyA', 'ac']);
  });

  it('groupConditions gives the OR groups, case-insensitively', () => {
    expect(groupConditions([{ query_operator: 'or' }, { query_operator: 'and' }, { query_operator: null }])).toEqual([[0], [1, 2]]);
    expect(groupConditions([{ query_operator: 'AND' }, { query_operator: 'OR' }, { query_operator: 'or' }, { query_operator: 'or' }])).toEqual([
      [0, 1],
      [2],
      [3],
    ]);
    expect(groupConditions([{ query_operator: 'or' }])).toEqual([[0]]);
    expect(groupConditions([])).toEqual([]);
    // An unreadable operator is shown joined (AND); validation marks the row.
    expect(groupConditions([{ query_operator: 'xor' }, {}])).toEqual([[0, 1]]);
  });
});

describe('fold hook', () => {
  it('is used for text and list attributes instead of folding the raw value', () => {
    const result = validateFilter(
      [
        { attribute_key: 'name', filter_operator: 'equal_to', values: ['cached'], query_operator: 'and' },
        { attribute_key: 'plan', filter_operator: 'equal_to', values: ['gold'], query_operator: null },
      ],
      TEST_ATTRIBUTES,
    );
    if (!result.ok) throw new Error('invalid');
    const seen: string[] = [];
    const predicate = compileFilter(result.filter, {
      now: TEST_NOW,
      fold: (_contact, attribute) => {
        seen.push(attribute.key);
        return attribute.key === 'name' ? 'cached' : 'gold';
      },
    });
    expect(predicate(makeContact({ name: 'Something else' }))).toBe(true);
    expect(seen.sort()).toEqual(['name', 'plan']);
  });

  it('receives the position the predicate was called with, for keys kept in parallel arrays', () => {
    const result = validateFilter(where('city', 'equal_to', ['madrid']), TEST_ATTRIBUTES);
    if (!result.ok) throw new Error('invalid');
    const foldedCities = ['madrid', 'malaga', ''];
    const predicate = compileFilter(result.filter, { now: TEST_NOW, fold: (_contact, _attribute, position) => foldedCities[position ?? -1] ?? '' });
    const contact = makeContact();
    expect([0, 1, 2].map((position) => predicate(contact, position))).toEqual([true, false, false]);
    expect(predicate(contact)).toBe(false);
  });

  it('defaultFold matches foldText of the raw value', () => {
    const contact = makeContact({ name: ' Ñandú ', customAttributes: { note: 7 } });
    const name = TEST_ATTRIBUTES.find((attribute) => attribute.key === 'name');
    const note = TEST_ATTRIBUTES.find((attribute) => attribute.key === 'note');
    if (!name || !note) throw new Error('missing attribute');
    expect(defaultFold(contact, name)).toBe('nandu');
    expect(defaultFold(contact, note)).toBe('7');
    expect(foldText('  ÁÉÍÓÚ ñ ')).toBe('aeiou n');
  });
});

describe('custom attributes named like Object.prototype members (issue 17)', () => {
  const inherited: readonly FilterAttributeDefinition[] = [
    { key: 'constructor', displayName: 'Constructor', type: 'text', listValues: [] },
    { key: 'toString', displayName: 'To string', type: 'checkbox', listValues: [] },
    { key: 'valueOf', displayName: 'Value of', type: 'number', listValues: [] },
  ];
  const attributes = attributesFor(inherited);
  const run = (payload: unknown, contact: Contact): boolean => {
    const result = validateFilter(payload, attributes);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return compileFilter(result.filter, { now: TEST_NOW, timeZone: 'UTC' })(contact);
  };
  it('a contact that never set them holds no value, not the inherited function', () => {
    const unset = makeContact({ customAttributes: {} });
    expect(run(where('constructor', 'is_present'), unset)).toBe(false);
    expect(run(where('constructor', 'contains', ['function']), unset)).toBe(false);
    expect(run(where('toString', 'equal_to', [true]), unset)).toBe(false);
    expect(run(where('valueOf', 'equal_to', [0]), unset)).toBe(false);
  });
  it('a contact that set them is matched on its own value', () => {
    const set = makeContact({ customAttributes: { constructor: 'Acme', toString: true, valueOf: 3 } });
    expect(run(where('constructor', 'equal_to', ['Acme']), set)).toBe(true);
    expect(run(where('toString', 'equal_to', [true]), set)).toBe(true);
    expect(run(where('valueOf', 'is_greater_than', [2]), set)).toBe(true);
  });
});
