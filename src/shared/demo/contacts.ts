/**
 * Deterministic demo contacts: the "fill with demo contacts" start option, the benchmarks and the
 * CSV fixtures all use the same rows.
 *
 * Every row draws its randomness from its own PRNG, seeded by (seed, index) through a bijection, so
 * row `i` is the same whether it is generated alone, in a chunk (`startIndex`) or among a million.
 * Ids, emails, phones and identifiers are unique by construction (each embeds the row index through
 * an injective mapping), not by luck, so no set of already-used values has to be kept.
 */
import type { Contact, CustomAttributeValue, SocialNetwork } from '../contact';
import { CHATWOOT_CSV_COLUMNS, csvField } from '../csv/export';
import { ownValue } from '../own';
import { COUNTRIES, pad, type CountryProfile } from './countries';
import { COMPANY_STEMS, DESCRIPTIONS, FIRST_NAMES, LAST_NAMES, type NamePool } from './words';

export interface GenerateContactsOptions {
  /** PRNG seed; the same seed gives the same contacts. Default 1. */
  seed?: number;
  /**
   * "Now" in epoch ms: createdAt spreads over the three years before it. Defaults to a fixed instant
   * ({@link DEMO_NOW}) so that output depends on the seed alone; the app may pass `Date.now()`.
   */
  now?: number;
  /** Index of the first row, to generate a large set in chunks. Default 0. */
  startIndex?: number;
}

/** The default "now": fixed so that the default output never changes from one day to the next. */
export const DEMO_NOW = Date.UTC(2026, 10, 1, 12, 0, 0);

export const DEMO_LABELS = [
  'vip',
  'lead',
  'cliente',
  'soporte',
  'churn-risk',
  'newsletter',
  'b2b',
  'b2c',
  'partner',
  'prospecto',
  'billing',
  'onboarding',
] as const;

export const DEMO_PLANS = ['free', 'pro', 'enterprise'] as const;
export type DemoPlan = (typeof DEMO_PLANS)[number];

/** The custom attribute definitions the demo contacts use (Chatwoot's display types `list` and `number`). */
export interface DemoAttributeDefinition {
  key: string;
  displayName: string;
  type: 'list' | 'number';
  /** The allowed values of a list attribute; empty for other types. */
  values: readonly string[];
}

export const DEMO_ATTRIBUTE_DEFINITIONS: readonly DemoAttributeDefinition[] = [
  { key: 'plan', displayName: 'Plan', type: 'list', values: DEMO_PLANS },
  { key: 'seats', displayName: 'Seats', type: 'number', values: [] },
];

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a small, fast 32-bit PRNG, plenty for demo data. Returns floats in [0, 1). */
function mulberry32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** MurmurHash3's finaliser: a bijection on 32-bit integers that scrambles every bit. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Distinct for distinct indexes (below 2^32) under one seed: fmix32 of a sum that is injective in index. */
function rowState(seed: number, index: number): number {
  return fmix32((fmix32(seed ^ 0x5bd1e995) + index) | 0);
}

type Random = () => number;

/** One of `items`, which are never empty (the generator's own word lists). */
function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function lastOf<T>(items: readonly T[]): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error('the last of an empty list');
  return item;
}

function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function randomWord(random: Random): number {
  return Math.floor(random() * 4294967296) >>> 0;
}

/** UUID v4-shaped; the first 8 hex digits are a bijection of the row state, hence unique per row. */
function demoUuid(state: number, random: Random): string {
  const a = hex8(fmix32(state ^ 0x27d4eb2f));
  const b = hex8(randomWord(random));
  const c = hex8((randomWord(random) & 0x3fffffff) | 0x80000000);
  const d = hex8(randomWord(random));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

// ---------------------------------------------------------------------------------------------
// Rows (countries: countries.ts; names, companies, notes: words.ts)

/**
 * Phones stay unique for row indexes below this: the smallest per-country number space (Canada's:
 * 5 area codes × 791 exchanges × 10,000 lines, ~39.5M).
 */
export const DEMO_MAX_UNIQUE_ROWS = Math.min(...COUNTRIES.map((country) => country.phoneSpace));

/** The countries the demo contacts come from, with the cities each may have. */
export const DEMO_COUNTRIES: readonly { code: string; name: string; cities: readonly string[] }[] =
  COUNTRIES.map(({ code, name, cities }) => ({ code, name, cities }));

const TOTAL_COUNTRY_WEIGHT = COUNTRIES.reduce((sum, country) => sum + country.weight, 0);

function pickCountry(random: Random): CountryProfile {
  let roll = random() * TOTAL_COUNTRY_WEIGHT;
  for (const country of COUNTRIES) {
    roll -= country.weight;
    if (roll < 0) return country;
  }
  // Rounding can leave the roll at 0 past the last weight: that is the last country.
  return lastOf(COUNTRIES);
}

/**
 * Spreads row indexes over a country's number space: an affine map whose multiplier, the prime
 * 1,000,003, divides no space size, so it is injective below the space size, and consecutive rows
 * do not get consecutive numbers.
 */
const PHONE_MULTIPLIER = 1_000_003;
function phonePosition(index: number, country: CountryProfile): number {
  const offset = fmix32(country.code.charCodeAt(0) * 256 + country.code.charCodeAt(1)) % country.phoneSpace;
  // (index mod space) × multiplier < 4·10^8 × 10^6 < 2^53: exact in a double.
  return (
    ((((index % country.phoneSpace) * PHONE_MULTIPLIER) % country.phoneSpace) + offset) % country.phoneSpace
  );
}


/** Lower-case ASCII letters only: "Núñez" → "nunez", "O'Brien" → "obrien", "de la Fuente" → "delafuente". */
function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
}

function emailFor(index: number, first: string, last: string, domain: string, random: Random): string {
  const f = asciiSlug(first);
  const l = asciiSlug(last);
  // The suffix is the row number: local parts end with it and their stems are letters only, so no
  // two rows can share an email.
  const suffix = index + 1;
  const stem = pick(random, [
    `${f}.${l}`,
    `${f}${l}`,
    `${f.charAt(0)}${l}`,
    `${f}_${l}`,
    `${f}.${l.charAt(0)}`,
  ]);
  return `${stem}${suffix}@${domain}`;
}

function pickLabels(random: Random): string[] {
  const roll = random();
  const count = roll < 0.35 ? 0 : roll < 0.7 ? 1 : roll < 0.9 ? 2 : 3;
  const labels: string[] = [];
  while (labels.length < count) {
    const label = pick(random, DEMO_LABELS);
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

function pickPlan(random: Random): { plan: DemoPlan; seats: number } {
  const roll = random();
  if (roll < 0.55) return { plan: 'free', seats: 1 };
  if (roll < 0.9) return { plan: 'pro', seats: intBetween(random, 2, 50) };
  return { plan: 'enterprise', seats: intBetween(random, 50, 2000) };
}

const THREE_YEARS_MS = 3 * 365 * 24 * 60 * 60 * 1000;

function generateContact(index: number, seed: number, now: number): Contact {
  const state = rowState(seed, index);
  const random = mulberry32(state);
  const id = demoUuid(state, random);

  const country = pickCountry(random);
  const pool: NamePool = random() < 0.15 ? pick(random, ['es', 'en', 'de'] as const) : country.namePool;
  const first = pick(random, FIRST_NAMES[pool]);
  const last = pick(random, LAST_NAMES[pool]);
  const secondLast = pool === 'es' && random() < 0.5 ? ` ${pick(random, LAST_NAMES.es)}` : '';

  const hasEmail = random() >= 0.1;
  const hasPhone = random() >= 0.15;
  // A few contacts are known only by their email or phone, as Chatwoot allows; never by nothing.
  const hasName = !(random() < 0.03 && (hasEmail || hasPhone));
  const hasCompany = random() >= 0.2;
  const hasCity = random() >= 0.2;

  const companyName = hasCompany
    ? `${pick(random, COMPANY_STEMS)} ${pick(random, country.companySuffixes)}`.trim()
    : null;
  const domain =
    companyName && random() < 0.3
      ? `${asciiSlug(companyName).slice(0, 20) || 'empresa'}.${country.code.toLowerCase()}`
      : pick(random, country.emailDomains);
  const email = emailFor(index, first, last, domain, random);

  const createdAt = Math.floor(now - random() * THREE_YEARS_MS);
  const lastActivityAt =
    random() < 0.25 ? null : Math.floor(createdAt + 1 + random() * (now - createdAt - 1));
  const updatedAt = Math.max(createdAt, lastActivityAt ?? createdAt) + Math.floor(random() * 86_400_000);

  const { plan, seats } = pickPlan(random);
  const customAttributes: Record<string, CustomAttributeValue> = { plan, seats };
  const labels = pickLabels(random);

  const socialProfiles: Partial<Record<SocialNetwork, string>> = {};
  if (random() < 0.1) {
    const network = pick(random, ['linkedin', 'twitter', 'github'] as const);
    socialProfiles[network] = `${asciiSlug(first)}${asciiSlug(last)}${index + 1}`;
  }

  return {
    id,
    serverId: null,
    name: hasName ? `${first} ${last}${secondLast}` : '',
    email: hasEmail ? email : null,
    phone: hasPhone ? country.phoneAt(phonePosition(index, country)) : null,
    identifier: random() < 0.4 ? `crm-${pad(index + 1, 6)}` : null,
    company: companyName,
    city: hasCity ? pick(random, country.cities) : null,
    country: country.name,
    countryCode: country.code,
    description: random() < 0.1 ? pick(random, DESCRIPTIONS) : null,
    socialProfiles,
    labels,
    customAttributes,
    blocked: random() < 0.01,
    createdAt,
    lastActivityAt,
    updatedAt: Math.min(updatedAt, now),
    version: null,
    base: null,
  };
}

/**
 * `count` demo contacts, rows `startIndex` … `startIndex + count - 1` of the sequence for `seed`.
 * Generating 0…n in one call or in chunks gives identical contacts.
 */
export function generateContacts(count: number, options: GenerateContactsOptions = {}): Contact[] {
  const seed = options.seed ?? 1;
  const now = options.now ?? DEMO_NOW;
  const startIndex = options.startIndex ?? 0;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(startIndex) || startIndex < 0)
    throw new RangeError(`startIndex must be a non-negative integer`);
  if (startIndex + count > DEMO_MAX_UNIQUE_ROWS) {
    throw new RangeError(`at most ${DEMO_MAX_UNIQUE_ROWS} demo contacts stay unique`);
  }
  const contacts: Contact[] = new Array<Contact>(count);
  for (let offset = 0; offset < count; offset++)
    contacts[offset] = generateContact(startIndex + offset, seed, now);
  return contacts;
}

// ---------------------------------------------------------------------------------------------
// Chatwoot CSV

export { CHATWOOT_CSV_COLUMNS };

export interface ChatwootCsvOptions {
  /** Custom attribute keys, one column each after the standard columns, in this order. */
  customAttributeKeys: readonly string[];
}

// The quoting is the export's (demo files must read back exactly like exported ones).
export { csvField };

function attributeText(value: CustomAttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The header line, CRLF-terminated. */
export function csvHeader(options: ChatwootCsvOptions): string {
  return [...CHATWOOT_CSV_COLUMNS, ...options.customAttributeKeys].map(csvField).join(',') + '\r\n';
}

/** The data lines for these contacts, each CRLF-terminated: append to {@link csvHeader}, chunk by chunk. */
export function csvRows(contacts: readonly Contact[], options: ChatwootCsvOptions): string {
  let out = '';
  for (const contact of contacts) {
    const cells = [
      contact.name,
      contact.email ?? '',
      contact.identifier ?? '',
      contact.phone ?? '',
      contact.company ?? '',
      contact.city ?? '',
      contact.country ?? '',
      contact.labels.join(','),
    ];
    for (const key of options.customAttributeKeys) cells.push(attributeText(ownValue(contact.customAttributes, key)));
    out += cells.map(csvField).join(',') + '\r\n';
  }
  return out;
}

/** The contacts as a CSV file Chatwoot's import accepts (plus a `labels` column, as upstream #13313). */
export function toChatwootCsv(contacts: readonly Contact[], options: ChatwootCsvOptions): string {
  return csvHeader(options) + csvRows(contacts, options);
}
