/**
 * The one country model of the app (import, contact form, grid, filters, export, sync).
 *
 * A contact keeps a known country as its ISO 3166-1 alpha-2 code (`countryCode`, Chatwoot's
 * `additional_attributes.country_code`) and shows it by that code, named in the UI language with
 * `Intl.DisplayNames`; the name it stores beside it (`country`, Chatwoot's
 * `additional_attributes.country`) is the English one, as Chatwoot's own country picker stores it,
 * never the language the user happened to type in. A value that is no known country is kept as the
 * text it was (`country`, no code): shown as written, found by a Country filter on that text.
 * docs/data-model.md "Countries".
 */
import { COUNTRY_ROWS } from './table';

export interface Country {
  /** ISO 3166-1 alpha-2, upper case: what is stored and synced. */
  code: string;
  alpha3: string;
  /** CLDR's English name: the `country` text stored beside the code. */
  en: string;
  es: string;
}

/**
 * Names people and other systems use that CLDR does not give (Chatwoot's older ISO-style list,
 * abbreviations, former names, the parts of the United Kingdom). Keys are folded by `foldCountry`.
 */
const ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ['US', ['EE. UU.', 'EEUU', 'USA', 'U.S.A.', 'U.S.', 'United States of America', 'Estados Unidos de América', 'Estados Unidos de Norteamérica', 'America']],
  ['GB', ['UK', 'U.K.', 'Great Britain', 'Britain', 'Gran Bretaña', 'England', 'Inglaterra', 'Scotland', 'Escocia', 'Wales', 'Gales', 'Northern Ireland', 'Irlanda del Norte', 'United Kingdom of Great Britain and Northern Ireland']],
  ['AE', ['UAE', 'EAU', 'Emiratos']],
  ['NL', ['Holland', 'Holanda', 'The Netherlands', 'Netherlands, The']],
  ['CZ', ['Czech Republic', 'República Checa']],
  ['CI', ['Ivory Coast', 'Costa de Marfil', "Cote D'Ivoire"]],
  ['CD', ['Democratic Republic of the Congo', 'DR Congo', 'RD Congo', 'Congo, The Democratic Republic of the', 'Congo-Kinshasa']],
  ['CG', ['Republic of the Congo', 'República del Congo', 'Congo-Brazzaville']],
  ['TR', ['Turkey', 'Turquia', 'Türkiye']],
  ['MM', ['Myanmar', 'Burma', 'Birmania']],
  ['MK', ['Macedonia', 'Macedonia, The Former Yugoslav Republic of']],
  ['SZ', ['Swaziland', 'Suazilandia']],
  ['CV', ['Cape Verde']],
  ['TL', ['East Timor', 'Timor Oriental']],
  ['VA', ['Vatican', 'Vatican City', 'Vaticano', 'Holy See', 'Holy See (Vatican City State)', 'Santa Sede']],
  ['HK', ['Hong Kong', 'Hong Kong SAR']],
  ['MO', ['Macao', 'Macau']],
  ['PS', ['Palestine', 'Palestina', 'Palestine, State of']],
  ['RU', ['Russian Federation', 'Federación Rusa']],
  ['KR', ['Korea', 'Korea, Republic of', 'Republic of Korea', 'Corea', 'Corea del Sur']],
  ['KP', ["Korea, Democratic People's Republic of", 'Corea del Norte']],
  ['VN', ['Viet Nam']],
  ['IR', ['Iran, Islamic Republic of']],
  ['SY', ['Syrian Arab Republic']],
  ['LA', ["Lao People's Democratic Republic"]],
  ['BO', ['Bolivia, Plurinational State of']],
  ['VE', ['Venezuela, Bolivarian Republic of']],
  ['TZ', ['Tanzania, United Republic of']],
  ['MD', ['Moldova, Republic of']],
  ['FM', ['Micronesia, Federated States of']],
  ['BN', ['Brunei Darussalam']],
  ['LY', ['Libyan Arab Jamahiriya']],
  ['FK', ['Falkland Islands (Malvinas)', 'Malvinas', 'Islas Malvinas']],
  ['VG', ['Virgin Islands, British']],
  ['VI', ['Virgin Islands, U.S.']],
  ['TW', ['Taiwan, Province of China']],
  ['DO', ['República Dominicana']],
];

const COUNTRIES: readonly Country[] = COUNTRY_ROWS.map(([code, alpha3, en, es]) => ({ code, alpha3, en, es }));
const BY_CODE = new Map(COUNTRIES.map((country) => [country.code, country]));

/**
 * Lower case, no accents, no spaces or punctuation: "EE. UU." → "eeuu", "Perú" → "peru",
 * "Côte d’Ivoire" → "cotedivoire". Letters of other scripts are kept.
 */
export function foldCountry(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Folded codes, names and aliases → country. Codes go first: a name never shadows a code. */
const BY_FOLDED = ((): Map<string, Country> => {
  const map = new Map<string, Country>();
  const add = (text: string, country: Country): void => {
    const key = foldCountry(text);
    if (key !== '' && !map.has(key)) map.set(key, country);
  };
  for (const country of COUNTRIES) add(country.code, country);
  for (const country of COUNTRIES) add(country.alpha3, country);
  for (const country of COUNTRIES) {
    add(country.en, country);
    add(country.es, country);
  }
  // CLDR's qualified forms ("Myanmar (Burma)", "Congo - Kinshasa") also match by their first part
  // when that part names no other country ("Congo" is the Spanish name of CG, not CD).
  for (const country of COUNTRIES) {
    for (const name of [country.en, country.es]) {
      const head = name.split(/ \(| - /)[0]!;
      if (head !== name) add(head, country);
    }
  }
  for (const [code, aliases] of ALIASES) for (const alias of aliases) add(alias, BY_CODE.get(code)!);
  return map;
})();

/** Every country, in code order. */
export function allCountries(): readonly Country[] {
  return COUNTRIES;
}

/** The country of an alpha-2 code (any case, trimmed), else undefined. */
export function countryByCode(code: string): Country | undefined {
  return BY_CODE.get(code.trim().toUpperCase());
}

/**
 * Texts already resolved. Folding costs ~2.7 µs a text here (NFD and two Unicode regexes): a
 * Country filter over 100k demo contacts, half keeping only a name, took ~110 ms per evaluation
 * without this memo and 10–18 ms with it, against 3–21 ms when all have a code (medians of 7 on
 * this shared 2-core machine, three runs of `npx tsx bench/countries.ts`).
 */
const RESOLVED = new Map<string, Country | null>();
const RESOLVED_MAX = 10_000;

/**
 * The country a text names: an alpha-2 or alpha-3 code, or a name or common alias in English or
 * Spanish, ignoring case, accents, spaces and punctuation. Undefined when it names none.
 */
export function resolveCountry(text: string): Country | undefined {
  let resolved = RESOLVED.get(text);
  if (resolved === undefined) {
    resolved = BY_FOLDED.get(foldCountry(text)) ?? null;
    // Contacts repeat a few hundred country texts; a runaway set of distinct ones starts over.
    if (RESOLVED.size >= RESOLVED_MAX) RESOLVED.clear();
    RESOLVED.set(text, resolved);
  }
  return resolved ?? undefined;
}


type CountryOfContact = { country: string | null; countryCode: string | null };

/**
 * The contact's country code: the stored one, else the one its stored name resolves to (older rows
 * and servers that keep only a name), else null.
 */
export function contactCountryCode(contact: CountryOfContact): string | null {
  if (contact.countryCode) {
    // Stored codes are already upper case: look them up as they are before normalising.
    if (BY_CODE.has(contact.countryCode)) return contact.countryCode;
    return countryByCode(contact.countryCode)?.code ?? contact.countryCode.trim().toUpperCase();
  }
  if (!contact.country) return null;
  return resolveCountry(contact.country)?.code ?? null;
}

/**
 * What a Country filter compares: the code (upper case) of a known country, else the folded text
 * of an unknown one (lower case, so it never equals a code), else ''.
 */
export function contactCountryKey(contact: CountryOfContact): string {
  const code = contactCountryCode(contact);
  if (code !== null) return code;
  return contact.country ? foldCountry(contact.country) : '';
}

/** A filter value in the same terms as `contactCountryKey`: a country's code, else the folded text. */
export function countryFilterKey(value: string): string {
  return resolveCountry(value)?.code ?? foldCountry(value);
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** The name of a country code in `language` ("ES", "es" → "España"); the English name where Intl cannot say. */
export function countryNameIn(code: string, language: string): string {
  let names = displayNames.get(language);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([language], { type: 'region' });
    } catch {
      names = null;
    }
    displayNames.set(language, names);
  }
  const upper = code.toUpperCase();
  return names?.of(upper) ?? BY_CODE.get(upper)?.en ?? upper;
}

/** What the UI shows as the contact's country: the code's name in `language`, else the unknown text as kept. */
export function contactCountryName(contact: CountryOfContact, language: string): string {
  const code = contactCountryCode(contact);
  if (code !== null) return countryNameIn(code, language);
  return contact.country ?? '';
}

export type CountryReading =
  | { kind: 'none' }
  | { kind: 'known'; country: Country }
  /** No known country: `text` is kept as the contact's country name, without a code. */
  | { kind: 'unknown'; text: string }
  /** A country code field holding something that is no code, alpha-3 code or country name. */
  | { kind: 'bad-code'; text: string };

/**
 * Reads a contact's country from its two inputs (Chatwoot's `country` and `country_code`, or a CSV
 * País column): a code (or a resolvable value in the code field) wins over the name, and a known
 * name gives its code. Both inputs are trimmed text or null.
 */
export function readCountry(name: string | null, code: string | null): CountryReading {
  if (code) {
    const country = resolveCountry(code);
    return country ? { kind: 'known', country } : { kind: 'bad-code', text: code };
  }
  if (!name) return { kind: 'none' };
  const country = resolveCountry(name);
  return country ? { kind: 'known', country } : { kind: 'unknown', text: name };
}
