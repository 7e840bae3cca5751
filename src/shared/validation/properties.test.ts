import fc from 'fast-check';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { SOCIAL_NETWORKS } from '../contact';
import { VALIDATION_CODES } from './codes';
import { validateContactFields } from './contact';
import type { ContactInput } from './contact';
import { normalizeEmail, normalizeLabel, normalizePhone, normalizeSlowly, normalizeText } from './normalize';

/** UTF-16 units (lone surrogates included), astral code points, and the characters the rules are about. */
const hostileCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint)),
  fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\r',
    '\u0000',
    '\u0085',
    '\u00a0',
    '\u200b',
    '\u200c',
    '\u200d',
    '\u202e',
    '\u2066',
    '\ufeff',
    '\u0301',
  ),
  fc.constantFrom(
    'a',
    'A',
    'é',
    'Ñ',
    '\u212a',
    '\u0430',
    '😀',
    '👩',
    '@',
    '.',
    '-',
    '_',
    '+',
    '(',
    '/',
    ':',
    '0',
    '6',
    '9',
    '٣',
  ),
);
const hostileString = fc.string({ unit: hostileCharacter, maxLength: 40 });
const countries = getCountries();
const country = fc.option(fc.constantFrom<CountryCode>(...countries), { nil: undefined });

const RUNS = { numRuns: 1000 };

describe('normalisation properties', () => {
  it('normalizeEmail is idempotent', () => {
    fc.assert(
      fc.property(hostileString, (raw) => {
        const once = normalizeEmail(raw);
        expect(normalizeEmail(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('normalizeText is idempotent, one-line and multi-line', () => {
    fc.assert(
      fc.property(hostileString, fc.boolean(), (raw, multiline) => {
        const once = normalizeText(raw, { multiline });
        expect(normalizeText(once, { multiline })).toBe(once);
        if (!multiline) expect(once).not.toMatch(/[\p{Cc}\u200b\u202e\u2066\ufeff]|^\s|\s$|\s\s/u);
      }),
      RUNS,
    );
  });

  it('normalizeText’s fast path for plain text gives what the full normalisation gives', () => {
    // Mostly Latin-1 and spaces (what the fast path takes), with the hostile characters mixed in.
    const latin1 = fc.integer({ min: 0x20, max: 0xff }).map((unit) => String.fromCharCode(unit));
    const text = fc.string({ unit: fc.oneof({ arbitrary: latin1, weight: 8 }, { arbitrary: hostileCharacter, weight: 1 }), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.boolean(), (raw, multiline) => {
        expect(normalizeText(raw, { multiline })).toBe(raw === '' ? '' : normalizeSlowly(raw, { multiline }));
      }),
      { numRuns: 5000 },
    );
  });

  it('normalizeLabel is idempotent', () => {
    fc.assert(
      fc.property(hostileString, (raw) => {
        const once = normalizeLabel(raw);
        expect(normalizeLabel(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('an E.164 result re-normalises to itself, whatever the default country', () => {
    // Real numbers: each country's example mobile with its last digits replaced, written nationally
    // or internationally, with random separators.
    const exampleCountries = countries.filter((code) => code in examples);
    const phoneInput = fc.record({
      country: fc.constantFrom(...exampleCountries),
      tail: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 3 }),
      international: fc.boolean(),
      separator: fc.constantFrom('', ' ', '-', '.'),
      otherCountry: country,
    });
    let parsed = 0;
    fc.assert(
      fc.property(phoneInput, ({ country: home, tail, international, separator, otherCountry }) => {
        const example = (examples as Record<string, string>)[home] ?? '';
        const digits = example.slice(0, example.length - tail.length) + tail.join('');
        const raw =
          (international ? `+${getCountryCallingCode(home)}${separator}` : '') +
          digits.replace(/(\d{3})(?=\d)/g, `$1${separator}`);
        const result = normalizePhone(raw, international ? otherCountry : home);
        if (!result.ok) return;
        parsed++;
        expect(result.e164).toMatch(/^\+[1-9]\d{1,14}$/);
        expect(normalizePhone(result.e164, otherCountry)).toEqual(result);
      }),
      RUNS,
    );
    // The property must actually be exercised, not pass because nothing parsed.
    expect(parsed).toBeGreaterThan(200);
  });

  it('normalizePhone never throws, and any success is E.164', () => {
    fc.assert(
      fc.property(hostileString, country, (raw, home) => {
        const result = normalizePhone(raw, home);
        if (result.ok) expect(result.e164).toMatch(/^\+[1-9]\d{1,14}$/);
      }),
      RUNS,
    );
  });
});

describe('validateContactFields properties', () => {
  const hostileContact: fc.Arbitrary<ContactInput> = fc.record(
    {
      name: hostileString,
      email: fc.oneof(hostileString, fc.emailAddress()),
      phone: fc.oneof(hostileString, fc.stringMatching(/^\+?[0-9 ]{6,15}$/)),
      identifier: hostileString,
      company: hostileString,
      city: hostileString,
      country: hostileString,
      countryCode: fc.oneof(hostileString, fc.constantFrom('es', 'US', 'xx')),
      description: fc.string({ unit: hostileCharacter, maxLength: 200 }),
      socialProfiles: fc.dictionary(
        fc.oneof(fc.constantFrom(...SOCIAL_NETWORKS), hostileString),
        hostileString,
        { maxKeys: 3 },
      ),
      labels: fc.array(hostileString, { maxLength: 4 }),
      customAttributes: fc.dictionary(
        hostileString,
        fc.oneof(hostileString, fc.double(), fc.boolean(), fc.constant(null)),
        { maxKeys: 3 },
      ),
      blocked: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const codes: ReadonlySet<string> = new Set(VALIDATION_CODES);

  it('never throws on arbitrary unicode and reports only known codes', () => {
    fc.assert(
      fc.property(hostileContact, country, (input, home) => {
        const result = validateContactFields(input, { defaultCountry: home });
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(codes.has(error.code), error.code).toBe(true);
        }
      }),
      RUNS,
    );
  });

  /** Mostly valid contacts, dressed in the noise people paste: invisible characters, odd case, padding. */
  const noise = fc.constantFrom('', ' ', '\u200b', '\u202e', '\t', '\ufeff');
  const padded = (inner: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.tuple(noise, inner, noise).map(([a, b, c]) => a + b + c);
  const exampleCountries = countries.filter((code) => code in examples);
  const plausibleContact = fc
    .record(
      {
        name: padded(fc.string({ unit: 'grapheme', maxLength: 30 })),
        email: padded(fc.emailAddress().map((email) => email.replace(/[a-z]/, (c) => c.toUpperCase()))),
        phone: fc
          .constantFrom(...exampleCountries)
          .map((code) => ({ code, number: (examples as Record<string, string>)[code] ?? '' })),
        identifier: padded(fc.string({ unit: 'grapheme-ascii', maxLength: 20 })),
        description: fc.string({ unit: 'grapheme', maxLength: 200 }),
        socialProfiles: fc.dictionary(
          fc.constantFrom(...SOCIAL_NETWORKS),
          fc.oneof(fc.stringMatching(/^@?[a-z0-9._-]{1,20}$/), fc.webUrl()),
          { maxKeys: 3 },
        ),
        labels: fc.array(padded(fc.stringMatching(/^[A-Za-zñ0-9][A-Za-zñ0-9 _-]{1,15}$/)), { maxLength: 4 }),
        customAttributes: fc.dictionary(
          fc.stringMatching(/^[a-z][a-z_]{2,10}$/),
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 20 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.boolean(),
            fc.constant(null),
          ),
          { maxKeys: 3 },
        ),
        blocked: fc.boolean(),
      },
      { requiredKeys: ['phone'] },
    )
    .map(({ phone, ...rest }) => ({
      input: { ...rest, phone: phone.number, countryCode: phone.code.toLowerCase() } as ContactInput,
      home: phone.code,
    }));

  it('a valid result validates to itself (normalisation is idempotent end to end)', () => {
    let valid = 0;
    fc.assert(
      fc.property(plausibleContact, fc.boolean(), ({ input, home }, withDefault) => {
        const context = withDefault ? { defaultCountry: home } : {};
        const result = validateContactFields(input, context);
        if (!result.ok) return;
        valid++;
        expect(validateContactFields(result.value, context)).toEqual(result);
      }),
      RUNS,
    );
    // The property must be exercised: most of these contacts are valid.
    expect(valid).toBeGreaterThan(500);
  });
});
