import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryCodes } from '../validation';
import {
  allCountries,
  contactCountryCode,
  contactCountryKey,
  contactCountryName,
  countryFilterKey,
  foldCountry,
  readCountry,
  resolveCountry,
} from '.';

describe('resolveCountry', () => {
  it.each([
    ['España', 'ES'],
    ['Spain', 'ES'],
    ['ES', 'ES'],
    ['es', 'ES'],
    ['ESP', 'ES'],
    ['espana', 'ES'],
    ['  ESPAÑA ', 'ES'],
    ['United States', 'US'],
    ['Estados Unidos', 'US'],
    ['EE. UU.', 'US'],
    ['EEUU', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['us', 'US'],
    ['Reino Unido', 'GB'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['GBR', 'GB'],
    ['Perú', 'PE'],
    ['PERU', 'PE'],
    ['México', 'MX'],
    ['Mexico', 'MX'],
    ['Alemania', 'DE'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['Países Bajos', 'NL'],
    ['Holanda', 'NL'],
    ['Côte d’Ivoire', 'CI'],
    ["Cote d'Ivoire", 'CI'],
    ['Costa de Marfil', 'CI'],
    ['Myanmar', 'MM'],
    ['Birmania', 'MM'],
    // "Congo" alone is the Spanish name of the Republic of the Congo, not CLDR's "Congo - Kinshasa".
    ['Congo', 'CG'],
    ['República Democrática del Congo', 'CD'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ['Turquía', 'TR'],
    ['República Checa', 'CZ'],
    ['Czechia', 'CZ'],
    ['Korea, Republic of', 'KR'],
    ['Corea del Sur', 'KR'],
    ['Russian Federation', 'RU'],
    ['Viet Nam', 'VN'],
    ['Kosovo', 'XK'],
  ])('%j is %s', (text, code) => {
    expect(resolveCountry(text)?.code).toBe(code);
  });

  it.each(['Españia', 'Atlantis', 'Narnia', 'E5', 'XX', 'ZZZ', '', '   ', '.', 'España y Portugal', 'constructor', '__proto__'])(
    '%j is no country',
    (text) => {
      expect(resolveCountry(text)).toBeUndefined();
    },
  );

  it('lists the 249 ISO 3166-1 countries and XK once each, with distinct alpha-3 codes', () => {
    const codes = allCountries().map((country) => country.code);
    const alpha3 = allCountries().map((country) => country.alpha3);
    expect(new Set(codes).size).toBe(250);
    expect(new Set(alpha3).size).toBe(250);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code)) && alpha3.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect(codes).toContain('XK');
    expect([...codes].sort()).toEqual([...countryCodes()].sort());
  });

  it('finds every country by its code, alpha-3 code and both names: no name shadows another country', () => {
    for (const country of allCountries()) {
      for (const text of [country.code, country.alpha3, country.en, country.es]) {
        expect(resolveCountry(text)?.code, `${text}`).toBe(country.code);
      }
    }
  });

  it('ignores case, accents, spaces and punctuation (property)', () => {
    const noisy = fc.record({
      country: fc.constantFrom(...allCountries()),
      language: fc.constantFrom('en' as const, 'es' as const),
      upper: fc.boolean(),
      pad: fc.constantFrom('', ' ', '  ', '\t'),
    });
    fc.assert(
      fc.property(noisy, ({ country, language, upper, pad }) => {
        const name = country[language].normalize('NFD').replace(/\p{M}/gu, '');
        const text = `${pad}${upper ? name.toUpperCase() : name.toLowerCase()}${pad}`;
        expect(resolveCountry(text)?.code).toBe(country.code);
      }),
    );
  });
});

describe('readCountry (a contact\u2019s two country inputs)', () => {
  it('a code wins over the name, and a known name gives its code', () => {
    expect(readCountry('Alemania', 'es')).toEqual({ kind: 'known', country: expect.objectContaining({ code: 'ES' }) });
    expect(readCountry('Reino Unido', null)).toEqual({ kind: 'known', country: expect.objectContaining({ code: 'GB', en: 'United Kingdom' }) });
  });

  it('keeps an unknown name as text and reports a code field that holds no country', () => {
    expect(readCountry('Españia', null)).toEqual({ kind: 'unknown', text: 'Españia' });
    expect(readCountry('Spain', 'XX')).toEqual({ kind: 'bad-code', text: 'XX' });
    expect(readCountry(null, null)).toEqual({ kind: 'none' });
  });
});

describe('a contact\u2019s country in the UI and in filters', () => {
  it('shows a known country in the UI language from its code, whatever language its name is stored in', () => {
    const stored = { country: 'España', countryCode: null };
    expect(contactCountryCode(stored)).toBe('ES');
    expect(contactCountryName(stored, 'en')).toBe('Spain');
    expect(contactCountryName({ country: 'Spain', countryCode: 'ES' }, 'es')).toBe('España');
  });

  it('shows an unknown country as the text kept', () => {
    expect(contactCountryName({ country: 'Atlantis', countryCode: null }, 'es')).toBe('Atlantis');
    expect(contactCountryName({ country: null, countryCode: null }, 'es')).toBe('');
  });

  it('a filter value names the same key as the contacts it should find', () => {
    expect(countryFilterKey('Spain')).toBe(contactCountryKey({ country: 'España', countryCode: null }));
    expect(countryFilterKey('ES')).toBe(contactCountryKey({ country: 'Spain', countryCode: 'ES' }));
    expect(countryFilterKey('atlántis')).toBe(contactCountryKey({ country: 'Atlantis', countryCode: null }));
    expect(contactCountryKey({ country: null, countryCode: null })).toBe('');
  });

  it('an unknown text never shares a key with a code (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), (text) => {
        const key = contactCountryKey({ country: text, countryCode: null });
        if (resolveCountry(text) === undefined) expect(key).toBe(foldCountry(text));
        expect(key === key.toUpperCase() && /^[A-Z]{2}$/.test(key)).toBe(resolveCountry(text) !== undefined);
      }),
    );
  });
});
