/**
 * Normalisation of what people type (or paste, or import) into contact fields. Pure functions, no
 * DOM and no Node: the contact form, the CSV import worker and the server all run them, so a value
 * means the same thing everywhere. The decisions, and where they differ from Chatwoot, are written
 * out in docs/validation.md.
 */
import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberFromString,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { COUNTRY_ROWS } from '../countries/table';

export type { CountryCode };

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Invisible characters that carry no meaning in a contact's fields but can hide a difference
 * ("ana" vs "an\u200ba") or spoof how a value is displayed ("\u202Egnp.exe"): zero-width space,
 * word joiner and invisible operators, BOM / zero-width no-break space, soft hyphen, Mongolian
 * vowel separator, Hangul fillers (used to make "blank" names), and every bidirectional control
 * (embeddings, overrides U+202A–U+202E, isolates U+2066–U+2069, LRM, RLM, ALM).
 * Zero-width joiner and non-joiner are handled apart (see `JOINER_NEXT_TO_ASCII`).
 */
const INVISIBLE =
  /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]/g;
/** Half of a surrogate pair with no other half: it cannot be displayed nor encoded as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/gu;
const JOINER_RUN = /([\u200c\u200d])[\u200c\u200d]+/g;
/**
 * ZWJ / ZWNJ mean something between two non-ASCII characters (emoji sequences such as 👩‍💻,
 * Persian and Indic spelling); beside ASCII, or at either end, they only hide a difference.
 */
const JOINER_NEXT_TO_ASCII = /(?<!\P{ASCII})[\u200c\u200d]|[\u200c\u200d](?!\P{ASCII})/gu;
/** Any run of white space or control characters (tab, newline, C1 controls…) in a one-line field. */
const SPACE_OR_CONTROL_RUN = /[\s\p{Cc}]+/gu;
/** Control characters a multi-line field drops: every C0/C1 control but tab and newline. */
const CONTROL_BUT_TAB_NEWLINE = /[^\P{Cc}\t\n]/gu;
const LINE_BREAK = /\r\n?|[\u2028\u2029\u0085]/g;
const MAX_NORMALIZE_ROUNDS = 8;

export interface NormalizeTextOptions {
  /** Keep line breaks and tabs (the description); otherwise every space/control run becomes one space. */
  multiline?: boolean;
}

/**
 * Trims; drops invisible and bidi-control characters and lone surrogates; in one-line fields turns
 * every run of white space and control characters into a single space; in multi-line fields keeps
 * `\n` and `\t` (line breaks normalised to `\n`) and drops other controls; composes to NFC so that
 * "José" typed two ways is one value. Idempotent. Returns '' for nothing.
 */
export function normalizeText(raw: string | null | undefined, options: NormalizeTextOptions = {}): string {
  if (raw == null || raw === '') return '';
  // Most values are already normal: words of printable Latin-1 (no controls, no soft hyphen, no
  // NBSP, all NFC as they are) separated by single spaces. Returned as they are — every step below
  // would leave them unchanged — which saves most of an import's normalisation time.
  if (PLAIN_TEXT.test(raw)) return raw;
  return normalizeSlowly(raw, options);
}

/**
 * Only the invisible and bidi-control characters of {@link normalizeText} (and zero-width joiners
 * beside ASCII), nothing else: for values that arrive already stored elsewhere (the server's copy of
 * a contact), where trimming or re-spacing would make them differ from the server's without reason,
 * but a U+202E must not turn "exe.gpj" around in the grid (issue 17).
 */
export function stripInvisible(raw: string): string {
  if (PLAIN_TEXT.test(raw)) return raw;
  return raw.replace(INVISIBLE, '').replace(JOINER_NEXT_TO_ASCII, '');
}

/** Words of printable Latin-1 separated by single spaces: already normal (see `normalizeText`). */
const PLAIN_TEXT = /^[!-~\u00a1-\u00ac\u00ae-\u00ff]+(?: [!-~\u00a1-\u00ac\u00ae-\u00ff]+)*$/;

/** `normalizeText` without its fast path (exported for the test that checks the two agree). */
export function normalizeSlowly(raw: string, options: NormalizeTextOptions = {}): string {
  // NFC first, so that compatibility singletons (KELVIN SIGN → "K") are settled before the
  // ASCII-adjacency rule for joiners looks at their neighbours.
  let text = raw.normalize('NFC').replace(LONE_SURROGATE, '').replace(INVISIBLE, '');
  // Each step can expose work for another (dropping a joiner leaves two spaces side by side,
  // collapsing a control run puts an ASCII space beside a joiner, trimming exposes a joiner at
  // the end), so repeat until nothing changes: that makes the function idempotent, which the
  // property tests check. Every round only removes or replaces characters.
  for (let round = 0; round < MAX_NORMALIZE_ROUNDS; round++) {
    const before = text;
    text = options.multiline
      ? text.replace(LINE_BREAK, '\n').replace(CONTROL_BUT_TAB_NEWLINE, '')
      : text.replace(SPACE_OR_CONTROL_RUN, ' ');
    text = text.replace(JOINER_RUN, '$1').replace(JOINER_NEXT_TO_ASCII, '').trim().normalize('NFC');
    if (text === before) break;
  }
  return text;
}

/** Length as a person counts it (code points, as Chatwoot's Ruby does), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Email

const ASCII_UPPER = /[A-Z]/g;
const NON_ASCII = /\P{ASCII}/u;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** RFC 5321 §4.5.3.1. */
export const EMAIL_LOCAL_PART_MAX = 64;
export const EMAIL_DOMAIN_MAX = 253;

/**
 * Trims, drops invisible characters, lower-cases ASCII letters; null when nothing is left.
 * Only ASCII is lower-cased on purpose: `"\u212A".toLowerCase()` is "k", which would turn a
 * confusable (KELVIN SIGN) into a valid-looking address; non-ASCII is rejected by `emailProblem`.
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const email = raw
    .replace(INVISIBLE, '')
    .replace(/[\u200c\u200d]/g, '')
    .trim()
    .replace(ASCII_UPPER, (c) => c.toLowerCase());
  return email === '' ? null : email;
}

export type EmailProblem = 'email-invalid' | 'email-non-ascii';

/**
 * What is wrong with a normalised email, or null. ASCII only: no internationalised local parts,
 * and IDN domains only in their `xn--` form, so a Cyrillic "а" cannot pass for a Latin "a".
 * No quoted local parts, no IP-literal domains, at least one dot in the domain.
 */
export function emailProblem(email: string): EmailProblem | null {
  if (NON_ASCII.test(email)) return 'email-non-ascii';
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return 'email-invalid';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > EMAIL_LOCAL_PART_MAX || !LOCAL_PART.test(local)) return 'email-invalid';
  if (domain.length > EMAIL_DOMAIN_MAX) return 'email-invalid';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return 'email-invalid';
  if (!TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] ?? '')) return 'email-invalid';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Phone

export type PhoneProblem =
  'phone-invalid' | 'phone-letters' | 'phone-too-short' | 'phone-too-long' | 'phone-needs-country';
/**
 * `unverified`: libphonenumber does not know the number as valid for its country (a new range, a
 * drama number like +447700900123), but it has the E.164 shape Chatwoot accepts, so it is kept and
 * shown with a warning rather than refused.
 */
export type PhoneResult = { ok: true; e164: string; unverified?: true } | { ok: false; code: PhoneProblem };

/** Chatwoot's own phone rule (`contact.rb`, `phone_number` format): "+", then 2 to 15 digits, not starting with 0. */
export const E164_SHAPE = /^\+[1-9]\d{1,14}$/;
const PHONE_PUNCTUATION = /[ \u00a0().\-/\u2010-\u2015\u2212]/g;

/** No real number, however punctuated, is longer: refuse before parsing hostile megabytes. */
export const PHONE_INPUT_MAX = 64;
const LETTER = /\p{L}/u;
/**
 * What a phone may contain: an optional leading plus, then digits (ASCII and Arabic-Indic, which
 * libphonenumber reads; fullwidth forms are folded to ASCII first) and the usual punctuation.
 * libphonenumber itself *extracts* a number from any text ("abc+12312312321" parses), so this
 * check comes first.
 */
const PHONE_SHAPE = /^\+?[0-9\u0660-\u0669\u06f0-\u06f9 \u00a0().\-/\u2010-\u2015\u2212]*$/;
const DIGIT = /[0-9\u0660-\u0669\u06f0-\u06f9]/;
const FULLWIDTH_ASCII = /[\uff01-\uff5e]/g;

/** The country as libphonenumber knows it, or undefined (unknown, malformed, or none given). */
export function phoneCountry(country: string | null | undefined): CountryCode | undefined {
  if (!country) return undefined;
  const upper = country.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/**
 * Parses a phone number into E.164 with libphonenumber's full ("max") metadata, so validity is
 * real (number ranges per country), not only length. National numbers need `defaultCountry`
 * ("612 345 678" + ES → +34612345678); international ones start with "+" or the default
 * country's international prefix ("0034…" with ES). With no default country a leading "00" is
 * read as "+", as it is almost everywhere but North America.
 * Letters are rejected, vanity numbers ("1-800-FLOWERS") and extensions ("x123") included:
 * the contact keeps one E.164 number and nothing may be silently dropped from it.
 */
export function normalizePhone(raw: string, defaultCountry?: CountryCode | string): PhoneResult {
  const text = raw
    .replace(INVISIBLE, '')
    .replace(/[\u200c\u200d]/g, '')
    .trim();
  if (text.length > PHONE_INPUT_MAX) return { ok: false, code: 'phone-too-long' };
  if (LETTER.test(text)) return { ok: false, code: 'phone-letters' };
  // Fullwidth forms (an East Asian keyboard's "＋３４…") read as their ASCII twins.
  const halfwidth = text.replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!PHONE_SHAPE.test(halfwidth) || !DIGIT.test(halfwidth)) return { ok: false, code: 'phone-invalid' };
  const country = phoneCountry(defaultCountry);
  const input = !halfwidth.startsWith('+') && !country ? halfwidth.replace(/^00/, '+') : halfwidth;
  const international = input.startsWith('+');
  if (!international && !country) return { ok: false, code: 'phone-needs-country' };
  // A number written internationally is the E.164 number its digits spell, whatever libphonenumber
  // knows of its ranges (Chatwoot's rule); a national one needs libphonenumber to place it.
  const written = international ? asciiDigits(input).replace(PHONE_PUNCTUATION, '') : null;
  const unverified = (e164: string | null): PhoneResult | null =>
    e164 !== null && E164_SHAPE.test(e164) ? { ok: true, e164, unverified: true } : null;
  try {
    const phone = parsePhoneNumberWithError(input, country);
    if (phone.isValid()) return { ok: true, e164: phone.number };
    const kept = unverified(written) ?? (validatePhoneNumberLength(input, country) ? null : unverified(phone.number));
    if (kept) return kept;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return unverified(written) ?? { ok: false, code: phoneParseProblem(error.message, international) };
  }
  const length = validatePhoneNumberLength(input, country);
  return { ok: false, code: length ? phoneParseProblem(length, international) : 'phone-invalid' };
}

/** Arabic-Indic and extended Arabic-Indic digits as ASCII ones. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (c) => String((c.charCodeAt(0) - 0x0660) % 0x90));
}

function phoneParseProblem(reason: string, international: boolean): PhoneProblem {
  switch (reason) {
    case 'TOO_SHORT':
      return 'phone-too-short';
    case 'TOO_LONG':
      return 'phone-too-long';
    case 'INVALID_COUNTRY':
      // With a "+", the calling code itself is unknown ("+999…"): the number is wrong, not the country choice.
      return international ? 'phone-invalid' : 'phone-needs-country';
    default:
      return 'phone-invalid';
  }
}

// ---------------------------------------------------------------------------------------------
// Labels

/** Chatwoot's label title rule (lib/regex_helper.rb): a letter or digit, then at least one more letter, digit, "_" or "-". */
const LABEL_TITLE = /^[\p{L}\p{N}][\p{L}\p{N}_-]+$/u;

/**
 * Trims, drops invisibles, lower-cases (Chatwoot stores titles lower-case) and turns inner white
 * space into "-": Chatwoot refuses spaces (and commas) in a title, so "VIP  customer" becomes
 * "vip-customer" rather than a label the server would reject.
 */
export function normalizeLabel(raw: string): string {
  return normalizeText(raw).toLowerCase().replace(/ +/g, '-');
}

export function isValidLabel(label: string): boolean {
  return LABEL_TITLE.test(label);
}

// ---------------------------------------------------------------------------------------------
// Country code

/**
 * ISO 3166-1 alpha-2 officially assigned codes (249), plus XK (Kosovo), which the EU, Unicode CLDR
 * and libphonenumber use: the country model's table (src/shared/countries), a fixed list rather than
 * `Intl.DisplayNames`, whose answer depends on the ICU build and which also names non-countries
 * ("EU", "UN", "ZZ").
 */
const COUNTRY_CODES = new Set(COUNTRY_ROWS.map(([code]) => code));

/** The upper-case code when `raw` (trimmed, any case) is an assigned ISO 3166-1 alpha-2 code, else null. */
export function normalizeCountryCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) && COUNTRY_CODES.has(code) ? code : null;
}

export function countryCodes(): readonly string[] {
  return [...COUNTRY_CODES];
}

// ---------------------------------------------------------------------------------------------
// URLs

/**
 * The normalised `href` of an absolute http(s) URL with a host and no user name or password
 * ("https://bank.com@evil.example" is a classic disguise), else null. `href` shows an IDN host in
 * its `xn--` form, so a confusable host is visible for what it is.
 */
export function normalizeHttpUrl(raw: string): string | null {
  const text = raw.trim();
  if (text === '' || /[\s\p{Cc}]/u.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}

/**
 * A stored E.164 number as people write it (+34612345678 → +34 612 34 56 78): the list, the contact
 * panel and the import preview show a phone the same way. One libphonenumber cannot read is shown as stored.
 */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
