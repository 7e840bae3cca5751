import { describe, expect, it } from 'vitest';
import { contactDisplayName, emptyContactFields } from '../contact';
import type { ContactFields } from '../contact';
import { DESCRIPTION_MAX, TEXT_MAX, normalizeSocialProfile, validateContactFields } from './contact';
import type { ContactInput, ContactRef, FieldError, UniquenessLookup } from './contact';

interface Stored {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  identifier: string | null;
}

/** The lookup the renderer's in-memory index gives: exact matches on stored (normalised) values. */
function lookupOver(contacts: Stored[]): UniquenessLookup & { calls: string[] } {
  const calls: string[] = [];
  const find = (
    field: 'email' | 'phone' | 'identifier',
    value: string,
    excludeId?: string,
  ): ContactRef | undefined => {
    calls.push(`${field}:${value}`);
    const match = contacts.find((contact) => contact[field] === value && contact.id !== excludeId);
    return match && { id: match.id, name: contactDisplayName(match) };
  };
  return {
    calls,
    findByEmail: (email, excludeId) => find('email', email, excludeId),
    findByPhone: (phone, excludeId) => find('phone', phone, excludeId),
    findByIdentifier: (identifier, excludeId) => find('identifier', identifier, excludeId),
  };
}

const ana: Stored = {
  id: 'c-ana',
  name: 'Ana García',
  email: 'ana@example.com',
  phone: '+34612345678',
  identifier: 'CRM-001',
};
const nameless: Stored = {
  id: 'c-2',
  name: '',
  email: 'info@shop.example',
  phone: '+15417543010',
  identifier: null,
};

function errorsOf(
  input: ContactInput,
  context: Parameters<typeof validateContactFields>[1] = {},
): FieldError[] {
  const result = validateContactFields(input, context);
  return result.ok ? [] : result.errors;
}

function valueOf(
  input: ContactInput,
  context: Parameters<typeof validateContactFields>[1] = {},
): ContactFields {
  const result = validateContactFields(input, context);
  if (!result.ok) throw new Error(`expected a valid contact, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('validateContactFields: the normalised value', () => {
  it('normalises every field of a well-formed contact', () => {
    const value = valueOf(
      {
        name: '  Ana   García ',
        email: ' Ana.Garcia@Example.COM ',
        phone: '612 345 678',
        identifier: ' CRM-9 ',
        company: 'Acme\u202e ',
        city: 'Madrid',
        country: 'España',
        countryCode: 'es',
        description: 'Line 1\r\nLine 2 ',
        socialProfiles: { twitter: '@ana', linkedin: 'https://www.linkedin.com/in/ana', github: '' },
        labels: ['VIP', ' vip ', 'Lead  2024'],
        customAttributes: { plan: 'gold', seats: 3, newsletter: true, empty: '' },
        blocked: true,
      },
      { defaultCountry: 'ES' },
    );
    expect(value).toEqual({
      name: 'Ana García',
      email: 'ana.garcia@example.com',
      phone: '+34612345678',
      identifier: 'CRM-9',
      company: 'Acme',
      city: 'Madrid',
      // The code is kept; the name beside it is the English one, whatever language it came in.
      country: 'Spain',
      countryCode: 'ES',
      description: 'Line 1\nLine 2',
      socialProfiles: { twitter: 'ana', linkedin: 'https://www.linkedin.com/in/ana' },
      labels: ['vip', 'lead-2024'],
      customAttributes: { plan: 'gold', seats: 3, newsletter: true },
      blocked: true,
    } satisfies ContactFields);
  });

  it('fills missing fields with their empty value', () => {
    expect(valueOf({ name: 'Ana' })).toEqual({ ...emptyContactFields(), name: 'Ana' });
  });

  it('turns blank optional fields into null', () => {
    const value = valueOf({ name: 'Ana', email: '  ', phone: '\t', company: '\u200b', identifier: '' });
    expect(value).toMatchObject({ email: null, phone: null, company: null, identifier: null });
  });

  it('parses national phone numbers with the default country, else the contact’s own country', () => {
    expect(valueOf({ phone: '612 345 678' }, { defaultCountry: 'ES' }).phone).toBe('+34612345678');
    expect(valueOf({ phone: '(541) 754-3010' }, { defaultCountry: 'US' }).phone).toBe('+15417543010');
    expect(valueOf({ phone: '612 345 678', countryCode: 'ES' }).phone).toBe('+34612345678');
    expect(valueOf({ phone: '+1 541-754-3010' }).phone).toBe('+15417543010');
    expect(valueOf({ phone: '0034612345678' }, { defaultCountry: 'ES' }).phone).toBe('+34612345678');
  });

  it('checks custom attributes against their definitions when given', () => {
    const definitions = [
      { key: 'plan', type: 'list', listValues: ['Free', 'Gold'] },
      { key: 'signed_on', type: 'date' },
    ] as const;
    const result = validateContactFields(
      { name: 'Ana', customAttributes: { plan: 'gold', signed_on: '2025-02-30' } },
      { attributeDefinitions: definitions },
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'customAttributes.signed_on', code: 'date-invalid' }],
    });
    expect(
      valueOf({ name: 'Ana', customAttributes: { plan: 'GOLD' } }, { attributeDefinitions: definitions })
        .customAttributes,
    ).toEqual({ plan: 'Gold' });
  });
});

describe('validateContactFields: required and lengths', () => {
  it('needs at least one of name, email or phone', () => {
    expect(errorsOf({})).toEqual([{ field: 'contact', code: 'required-one-of' }]);
    expect(errorsOf({ name: ' \u200b\u202e ', email: ' ', phone: '', company: 'Acme' })).toEqual([
      { field: 'contact', code: 'required-one-of' },
    ]);
    expect(errorsOf({ email: 'ana@example.com' })).toEqual([]);
    expect(errorsOf({ phone: '+34612345678' })).toEqual([]);
    expect(errorsOf({ name: 'Ana' })).toEqual([]);
  });

  it('does not also ask for a name when an email was given but is wrong', () => {
    expect(errorsOf({ email: 'not an email' })).toEqual([{ field: 'email', code: 'email-invalid' }]);
    expect(errorsOf({ phone: '+34 612 ABC 678' })).toEqual([{ field: 'phone', code: 'phone-letters' }]);
  });

  it('caps text fields at 255 characters and the description at 20,000, counting code points', () => {
    expect(errorsOf({ name: 'a'.repeat(TEXT_MAX) })).toEqual([]);
    expect(errorsOf({ name: '😀'.repeat(TEXT_MAX) })).toEqual([]);
    expect(errorsOf({ name: 'a'.repeat(TEXT_MAX + 1) })).toEqual([
      { field: 'name', code: 'too-long', params: { max: 255 } },
    ]);
    expect(errorsOf({ name: 'Ana', description: 'd'.repeat(DESCRIPTION_MAX) })).toEqual([]);
    expect(errorsOf({ name: 'Ana', description: 'd'.repeat(DESCRIPTION_MAX + 1) })).toEqual([
      { field: 'description', code: 'too-long', params: { max: 20_000 } },
    ]);
    for (const field of ['company', 'city', 'country', 'identifier'] as const) {
      expect(errorsOf({ name: 'Ana', [field]: 'x'.repeat(256) })).toEqual([
        { field, code: 'too-long', params: { max: 255 } },
      ]);
    }
  });

  it('measures the length after trimming and stripping invisible characters', () => {
    expect(errorsOf({ name: `  ${'a'.repeat(TEXT_MAX)}\u200b\u200b  ` })).toEqual([]);
  });

  it('reports a 10,000-character name as too long, without throwing', () => {
    expect(() => validateContactFields({ name: 'Ñ'.repeat(10_000) })).not.toThrow();
    expect(errorsOf({ name: 'Ñ'.repeat(10_000) })).toEqual([
      { field: 'name', code: 'too-long', params: { max: 255 } },
    ]);
    expect(errorsOf({ email: `${'a'.repeat(10_000)}@example.com` })).toEqual([
      { field: 'email', code: 'too-long', params: { max: 255 } },
    ]);
    expect(errorsOf({ phone: '6'.repeat(10_000) }, { defaultCountry: 'ES' })).toEqual([
      { field: 'phone', code: 'phone-too-long' },
    ]);
  });
});

describe('validateContactFields: hostile input', () => {
  it('rejects emails with spaces inside, and trims those around', () => {
    expect(errorsOf({ email: 'ana garcia@example.com' })).toEqual([
      { field: 'email', code: 'email-invalid' },
    ]);
    expect(errorsOf({ email: 'ana@example.com ' })).toEqual([]);
  });

  it('rejects confusable (non-ASCII) emails: Cyrillic а in the domain or the local part', () => {
    expect(errorsOf({ email: 'ana@ex\u0430mple.com' })).toEqual([
      { field: 'email', code: 'email-non-ascii' },
    ]);
    expect(errorsOf({ email: '\u0430na@example.com' })).toEqual([
      { field: 'email', code: 'email-non-ascii' },
    ]);
    expect(errorsOf({ email: 'ana@\u212Aexample.com' })).toEqual([
      { field: 'email', code: 'email-non-ascii' },
    ]);
  });

  it('strips the RTL override (U+202E) and other invisible characters from names', () => {
    expect(valueOf({ name: 'Ana\u202Enaicraf' }).name).toBe('Ananaicraf');
    expect(valueOf({ name: '\u200bAna\u200b García\ufeff' }).name).toBe('Ana García');
  });

  it('turns control characters in one-line fields into a space', () => {
    expect(valueOf({ name: 'Ana\u0000García\r\n\u001b[31m' }).name).toBe('Ana García [31m');
  });

  it('rejects values of the wrong type instead of throwing', () => {
    const hostile = {
      name: 42,
      email: {},
      phone: [],
      blocked: 'yes',
      labels: 'vip',
      socialProfiles: 'x',
      customAttributes: [],
    } as unknown as ContactInput;
    expect(() => validateContactFields(hostile)).not.toThrow();
    expect(errorsOf(hostile).map((error) => `${error.field}:${error.code}`)).toEqual([
      'name:value-invalid',
      'email:value-invalid',
      'phone:value-invalid',
      'socialProfiles:value-invalid',
      'labels:value-invalid',
      'customAttributes:value-invalid',
      'blocked:value-invalid',
      'contact:required-one-of',
    ]);
  });

  it('rejects a country code field holding no country, naming the value', () => {
    expect(errorsOf({ name: 'Ana', countryCode: 'XX' })).toEqual([
      { field: 'countryCode', code: 'country-invalid', params: { country: 'XX' } },
    ]);
    // Cyrillic "С": looks like ES's C, is not.
    expect(errorsOf({ name: 'Ana', countryCode: 'E\u0421' })).toEqual([
      { field: 'countryCode', code: 'country-invalid', params: { country: 'E\u0421' } },
    ]);
  });

  it('reads an alpha-3 code or a name put in the country code field', () => {
    expect(valueOf({ name: 'Ana', countryCode: 'esp' })).toMatchObject({ countryCode: 'ES', country: 'Spain' });
    expect(valueOf({ name: 'Ana', countryCode: 'Spain' })).toMatchObject({ countryCode: 'ES', country: 'Spain' });
  });
});

describe('validateContactFields: uniqueness', () => {
  const lookup = lookupOver([ana, nameless]);

  it('finds an email taken case-insensitively and names its owner', () => {
    expect(errorsOf({ email: 'ANA@Example.COM' }, { lookup })).toEqual([
      { field: 'email', code: 'email-taken', params: { id: 'c-ana', name: 'Ana García' } },
    ]);
  });

  it('finds a phone taken whatever its formatting', () => {
    expect(errorsOf({ phone: '612 345 678' }, { lookup, defaultCountry: 'ES' })).toEqual([
      { field: 'phone', code: 'phone-taken', params: { id: 'c-ana', name: 'Ana García' } },
    ]);
    expect(errorsOf({ phone: '(541) 754-3010' }, { lookup, defaultCountry: 'US' })).toEqual([
      { field: 'phone', code: 'phone-taken', params: { id: 'c-2', name: 'info@shop.example' } },
    ]);
  });

  it('compares identifiers case-sensitively', () => {
    expect(errorsOf({ name: 'Eva', identifier: 'CRM-001' }, { lookup })).toEqual([
      { field: 'identifier', code: 'identifier-taken', params: { id: 'c-ana', name: 'Ana García' } },
    ]);
    expect(errorsOf({ name: 'Eva', identifier: 'crm-001' }, { lookup })).toEqual([]);
  });

  it('does not clash with the contact being edited', () => {
    expect(errorsOf({ ...ana }, { lookup, selfId: 'c-ana' })).toEqual([]);
    expect(errorsOf({ name: 'Ana', email: 'INFO@shop.example' }, { lookup, selfId: 'c-ana' })).toEqual([
      { field: 'email', code: 'email-taken', params: { id: 'c-2', name: 'info@shop.example' } },
    ]);
  });

  it('excludes the edited contact even when a lookup ignores excludeId', () => {
    const careless: UniquenessLookup = {
      findByEmail: () => ({ id: 'c-ana', name: 'Ana' }),
      findByPhone: () => undefined,
      findByIdentifier: () => undefined,
    };
    expect(errorsOf({ email: 'ana@example.com' }, { lookup: careless, selfId: 'c-ana' })).toEqual([]);
    expect(errorsOf({ email: 'ana@example.com' }, { lookup: careless, selfId: 'c-other' })).toHaveLength(1);
  });

  it('asks the lookup only about valid, normalised values', () => {
    const spy = lookupOver([]);
    validateContactFields(
      { name: 'x', email: 'bad email', phone: 'abc', identifier: 'i'.repeat(300) },
      { lookup: spy },
    );
    expect(spy.calls).toEqual([]);
    validateContactFields(
      { email: ' A@B.CO ', phone: '612345678', identifier: ' Id ' },
      { lookup: spy, defaultCountry: 'ES' },
    );
    expect(spy.calls.sort()).toEqual(['email:a@b.co', 'identifier:Id', 'phone:+34612345678']);
  });
});

describe('validateContactFields: every error at once', () => {
  it('reports all problems together, one per field', () => {
    const lookup = lookupOver([ana]);
    const errors = errorsOf(
      {
        name: 'n'.repeat(300),
        email: 'ana@example.com',
        phone: '+34 612 ABC 678',
        identifier: 'CRM-001',
        countryCode: 'ZZ',
        description: 'd'.repeat(20_001),
        socialProfiles: {
          facebook: 'javascript:alert(1)',
          twitter: 'ana garcia',
          myspace: 'ana',
        } as ContactInput['socialProfiles'],
        labels: ['ok', 'x', 'no,commas'],
        customAttributes: { email: 'dup', seats: Number.NaN },
      },
      { lookup },
    );
    expect(errors).toEqual([
      { field: 'name', code: 'too-long', params: { max: 255 } },
      { field: 'description', code: 'too-long', params: { max: 20_000 } },
      { field: 'identifier', code: 'identifier-taken', params: { id: 'c-ana', name: 'Ana García' } },
      { field: 'countryCode', code: 'country-invalid', params: { country: 'ZZ' } },
      { field: 'email', code: 'email-taken', params: { id: 'c-ana', name: 'Ana García' } },
      { field: 'phone', code: 'phone-letters' },
      { field: 'socialProfiles.facebook', code: 'url-invalid' },
      { field: 'socialProfiles.twitter', code: 'handle-invalid' },
      { field: 'socialProfiles.myspace', code: 'social-network-unknown', params: { network: 'myspace' } },
      { field: 'labels', code: 'label-invalid', params: { label: 'x' } },
      { field: 'labels', code: 'label-invalid', params: { label: 'no,commas' } },
      { field: 'customAttributes.email', code: 'attribute-key-reserved', params: { key: 'email' } },
      { field: 'customAttributes.seats', code: 'number-invalid' },
    ]);
  });
});

describe('normalizeSocialProfile', () => {
  it.each([
    ['ana.garcia', 'ana.garcia'],
    ['@ana_garcia', 'ana_garcia'],
    ['  anagarcía ', 'anagarcía'],
    ['https://github.com/ana', 'https://github.com/ana'],
    ['HTTP://Facebook.com/ana', 'http://facebook.com/ana'],
    ['facebook.com/ana', 'https://facebook.com/ana'],
    ['www.instagram.com/ana/', 'https://www.instagram.com/ana/'],
    ['', null],
  ])('%j → %j', (raw, value) => expect(normalizeSocialProfile(raw)).toEqual({ ok: true, value }));

  it.each([
    ['javascript:alert(1)', 'url-invalid'],
    ['ftp://example.com/ana', 'url-invalid'],
    ['https://facebook.com@evil.example/ana', 'url-invalid'],
    ['mailto:ana@example.com', 'url-invalid'],
    ['ana garcia', 'handle-invalid'],
    ['@', 'handle-invalid'],
    ['<script>', 'handle-invalid'],
    ['ana@example.com', 'handle-invalid'],
  ])('rejects %j as %s', (raw, code) => expect(normalizeSocialProfile(raw)).toEqual({ ok: false, code }));

  it('caps profiles at 255 characters', () => {
    expect(normalizeSocialProfile('a'.repeat(256))).toEqual({
      ok: false,
      code: 'too-long',
      params: { max: 255 },
    });
  });
});
