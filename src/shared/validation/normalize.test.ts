import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countryCodes,
  E164_SHAPE,
  emailProblem,
  isValidLabel,
  normalizeCountryCode,
  normalizeEmail,
  normalizeHttpUrl,
  normalizeLabel,
  normalizePhone,
  normalizeText,
  characterCount,
} from './normalize';

describe('normalizeEmail', () => {
  it('trims, lower-cases and turns blank into null', () => {
    expect(normalizeEmail('  Ana.Garcia@Example.COM \n')).toBe('ana.garcia@example.com');
    expect(normalizeEmail('')).toBeNull();
    expect(normalizeEmail('   \t ')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
    expect(normalizeEmail(undefined)).toBeNull();
  });

  it('drops zero-width and bidi characters pasted along with the address', () => {
    expect(normalizeEmail('\u200bana@example.com\ufeff')).toBe('ana@example.com');
    expect(normalizeEmail('an\u200ba@exa\u202emple.com')).toBe('ana@example.com');
  });

  it('lower-cases ASCII only, so KELVIN SIGN does not become a Latin k', () => {
    expect(normalizeEmail('ana@\u212Aexample.com')).toBe('ana@\u212Aexample.com');
    expect(emailProblem(normalizeEmail('ana@\u212Aexample.com')!)).toBe('email-non-ascii');
  });
});

describe('emailProblem', () => {
  it.each([
    'ana@example.com',
    'ana.garcia+news@mail.example.co.uk',
    "o'brien@example.ie",
    'a_b-c@sub-domain.example.org',
    'x@xn--bcher-kva.example',
    'ana@example.xn--p1ai',
  ])('accepts %s', (email) => expect(emailProblem(email)).toBeNull());

  it.each([
    ['ana garcia@example.com', 'email-invalid'],
    ['ana@exa mple.com', 'email-invalid'],
    ['ana@example', 'email-invalid'],
    ['@example.com', 'email-invalid'],
    ['ana@', 'email-invalid'],
    ['ana', 'email-invalid'],
    ['ana@@example.com', 'email-invalid'],
    ['ana@b@example.com', 'email-invalid'],
    ['.ana@example.com', 'email-invalid'],
    ['ana.@example.com', 'email-invalid'],
    ['an..a@example.com', 'email-invalid'],
    ['ana@-example.com', 'email-invalid'],
    ['ana@example-.com', 'email-invalid'],
    ['ana@example..com', 'email-invalid'],
    ['ana@example.c', 'email-invalid'],
    ['ana@example.123', 'email-invalid'],
    ['ana@[192.168.0.1]', 'email-invalid'],
    ['"ana garcia"@example.com', 'email-invalid'],
    ['ana@example.com\n', 'email-invalid'],
    [`${'a'.repeat(65)}@example.com`, 'email-invalid'],
    [`ana@${'a'.repeat(64)}.com`, 'email-invalid'],
    // Cyrillic "а" (U+0430) in the domain and in the local part: confusables.
    ['ana@ex\u0430mple.com', 'email-non-ascii'],
    ['\u0430na@example.com', 'email-non-ascii'],
    ['josé@example.com', 'email-non-ascii'],
    ['ana@bücher.example', 'email-non-ascii'],
    ['ana@example.com\u200b', 'email-non-ascii'],
  ])('rejects %j as %s', (email, code) => expect(emailProblem(email)).toBe(code));
});

describe('normalizePhone', () => {
  it.each([
    ['612 345 678', 'ES', '+34612345678'],
    ['+34 612 345 678', 'ES', '+34612345678'],
    ['+34 612 345 678', undefined, '+34612345678'],
    ['+34 612 345 678', 'US', '+34612345678'],
    ['0034612345678', 'ES', '+34612345678'],
    ['0034 612-345-678', undefined, '+34612345678'],
    ['(541) 754-3010', 'US', '+15417543010'],
    ['+1 541-754-3010', undefined, '+15417543010'],
    ['541.754.3010', 'us', '+15417543010'],
    ['91 234 56 78', 'ES', '+34912345678'],
    ['\u200b+34\u00a0612\u00a0345\u00a0678 ', undefined, '+34612345678'],
    ['＋３４６１２３４５６７８', undefined, '+34612345678'],
    ['+1 800 356 9377', undefined, '+18003569377'],
    ['٦١٢ ٣٤٥ ٦٧٨', 'ES', '+34612345678'],
  ])('%j with %s becomes %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+34 612 ABC 678', 'ES', 'phone-letters'],
    ['1-800-FLOWERS', 'US', 'phone-letters'],
    ['+34 612 345 678 ext. 12', 'ES', 'phone-letters'],
    ['+34612345678x123', 'ES', 'phone-letters'],
    ['tel:+34612345678', 'ES', 'phone-letters'],
    ['abc+12312312321', undefined, 'phone-letters'],
    ['+34 612 345 678 #', 'ES', 'phone-invalid'],
    ['34+612345678', 'ES', 'phone-invalid'],
    ['++34612345678', 'ES', 'phone-invalid'],
    ['☎ 612 345 678', 'ES', 'phone-invalid'],
    ['---', 'ES', 'phone-invalid'],
    ['', 'ES', 'phone-invalid'],
    ['612', 'ES', 'phone-too-short'],
    ['6123456789012345678', 'ES', 'phone-too-long'],
    ['+34 612 345 678 901 234 567', undefined, 'phone-too-long'],
    [`+34${'6'.repeat(10_000)}`, 'ES', 'phone-too-long'],
    ['612 345 678', undefined, 'phone-needs-country'],
    ['612 345 678', 'XX', 'phone-needs-country'],
    ['+0 612 345 678', undefined, 'phone-invalid'],
    ['+1', undefined, 'phone-too-short'],
    ['+1234 5678 9012 3456', undefined, 'phone-too-long'],
  ])('rejects %j with %s as %s', (raw, country, code) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: false, code });
  });

  it('checks real number ranges (max metadata), not only the length, and says so without refusing', () => {
    // Nine digits like a Spanish mobile, but Spanish numbers never start with 1.
    expect(normalizePhone('123 456 789', 'ES')).toEqual({ ok: true, e164: '+34123456789', unverified: true });
    expect(normalizePhone('612 345 678', 'ES')).toEqual({ ok: true, e164: '+34612345678' });
  });

  it.each([
    // Ofcom's drama range: E.164-shaped, refused by libphonenumber's UK ranges, accepted by Chatwoot.
    ['+447700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['+34 123 456 789', '+34123456789'],
    // An unassigned calling code still has Chatwoot's shape (`^\+[1-9]\d{1,14}$`).
    ['+999 612 345 678', '+999612345678'],
    ['+12', '+12'],
    ['+123456789012345', '+123456789012345'],
    ['+٤٤ ٧٧٠٠ ٩٠٠١٢٣', '+447700900123'],
  ])('keeps %j, which Chatwoot accepts, as %s with a warning', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164, unverified: true });
  });

  it('accepts every E.164-shaped number Chatwoot accepts, as itself unless libphonenumber knows it better (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{1,14}$/), (first, rest) => {
        const e164 = `+${first}${rest}`;
        const result = normalizePhone(e164);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.e164).toMatch(E164_SHAPE);
        // Only a number libphonenumber knows as valid may be rewritten (a trunk prefix after the
        // calling code: "+1 1 500 700 0000" is +15007000000); an unverified one is kept digit for digit.
        if (result.unverified) expect(result.e164).toBe(e164);
        else expect(result.e164.length).toBeLessThanOrEqual(e164.length);
      }),
    );
  });
});

describe('normalizeText', () => {
  it('trims and collapses white space and control characters in one-line fields', () => {
    expect(normalizeText('  Ana \t García\n')).toBe('Ana García');
    expect(normalizeText('Ana\u0000\u0007García')).toBe('Ana García');
    expect(normalizeText('Ana\u0085\u009bGarcía')).toBe('Ana García');
    expect(normalizeText('Ana\u00a0\u3000García')).toBe('Ana García');
    expect(normalizeText(null)).toBe('');
  });

  it('keeps line breaks and tabs in multi-line fields and drops other controls', () => {
    expect(normalizeText(' line 1\r\nline 2\rline\t3\u0000\u001b \n', { multiline: true })).toBe(
      'line 1\nline 2\nline\t3',
    );
  });

  it('strips zero-width and bidi control characters', () => {
    expect(normalizeText('An\u200ba')).toBe('Ana');
    expect(normalizeText('\u202eAna García')).toBe('Ana García');
    expect(normalizeText('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(normalizeText('\u2066Ana\u2069\u200e\u200f')).toBe('Ana');
    expect(normalizeText('\ufeffAna\u00ad')).toBe('Ana');
    expect(normalizeText('\u3164')).toBe('');
  });

  it('keeps joiners where they mean something and drops them beside ASCII', () => {
    const womanTechnologist = '\u{1F469}\u200d\u{1F4BB}';
    expect(normalizeText(`Ana ${womanTechnologist}`)).toBe(`Ana ${womanTechnologist}`);
    expect(normalizeText('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(normalizeText('A\u200dna\u200c')).toBe('Ana');
    expect(normalizeText('\u{1F469}\u200d\u200d\u200c\u{1F4BB}')).toBe(womanTechnologist);
  });

  it('reaches a fixed point when one step exposes work for another (found by fast-check)', () => {
    // Dropping the joiner leaves two spaces; they must become one.
    expect(normalizeText('\u{10000} \u200c \u{10000}')).toBe('\u{10000} \u{10000}');
    // Trimming the no-break space leaves the joiner at the start, where it must go too.
    expect(normalizeText('\u00a0\u200c\u{10000}', { multiline: true })).toBe('\u{10000}');
    // The NEL control becomes a space, which puts an ASCII character beside the joiner.
    expect(normalizeText('\u00e9\u200d\u0085x')).toBe('\u00e9 x');
  });

  it('composes to NFC, so one name typed two ways is one value', () => {
    expect(normalizeText('Jose\u0301')).toBe('José');
    expect(normalizeText('e\u200d\u0301')).toBe('é');
  });

  it('drops lone surrogates', () => {
    expect(normalizeText('Ana\ud800 García\udc00')).toBe('Ana García');
  });

  it('counts characters as code points', () => {
    expect(characterCount('😀😀')).toBe(2);
    expect(characterCount('ñ')).toBe(1);
  });
});

describe('labels', () => {
  it('normalises like Chatwoot stores them: lower-case, spaces to "-"', () => {
    expect(normalizeLabel('  VIP  Customer ')).toBe('vip-customer');
    expect(normalizeLabel('Atención\u200b')).toBe('atención');
    expect(normalizeLabel('\t')).toBe('');
  });

  it.each(['vip', 'lead_2024', 'atención', '日本', 'b2b-lead', '42'])('accepts %s', (label) =>
    expect(isValidLabel(label)).toBe(true),
  );
  it.each(['a', '-vip', '_vip', 'vip,lead', 'vip lead', 'vip!', 'vip.lead', ''])('rejects %j', (label) =>
    expect(isValidLabel(label)).toBe(false),
  );
});

describe('normalizeCountryCode', () => {
  it('accepts assigned ISO 3166-1 alpha-2 codes in any case', () => {
    expect(normalizeCountryCode(' es ')).toBe('ES');
    expect(normalizeCountryCode('Us')).toBe('US');
    expect(normalizeCountryCode('XK')).toBe('XK');
  });

  it.each(['XX', 'ZZ', 'EU', 'UN', 'UK', 'ESP', 'E', '', '34', 'Е\u0421'])('rejects %j', (code) =>
    expect(normalizeCountryCode(code)).toBeNull(),
  );

  it('lists 249 ISO codes plus Kosovo, each with a name in the ICU data', () => {
    expect(countryCodes()).toHaveLength(250);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (const code of countryCodes()) expect(names.of(code), code).toBeTruthy();
  });
});

describe('normalizeHttpUrl', () => {
  it('accepts http(s) URLs and returns the normalised href', () => {
    expect(normalizeHttpUrl(' https://Example.com/ana ')).toBe('https://example.com/ana');
    expect(normalizeHttpUrl('http://example.com')).toBe('http://example.com/');
    expect(normalizeHttpUrl('https://exаmple.com/')).toBe('https://xn--exmple-4nf.com/');
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.com',
    'https://bank.example@evil.example/',
    'https://user:pass@example.com/',
    'https://exa mple.com',
    '//example.com',
    'example.com',
    'https://',
    '',
  ])('rejects %j', (raw) => expect(normalizeHttpUrl(raw)).toBeNull());
});
