import fc from 'fast-check';
import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../contact';
import {
  CHATWOOT_CSV_COLUMNS,
  DEMO_ATTRIBUTE_DEFINITIONS,
  DEMO_COUNTRIES,
  DEMO_LABELS,
  DEMO_MAX_UNIQUE_ROWS,
  DEMO_NOW,
  csvField,
  csvHeader,
  csvRows,
  generateContacts,
  toChatwootCsv,
} from './contacts';

const SAMPLE_SIZE = 20_000;
const THREE_YEARS_MS = 3 * 365 * 24 * 60 * 60 * 1000;
const customAttributeKeys = DEMO_ATTRIBUTE_DEFINITIONS.map((definition) => definition.key);

let sample: Contact[];
beforeAll(() => {
  sample = generateContacts(SAMPLE_SIZE, { seed: 1 });
});

function share(predicate: (contact: Contact) => boolean): number {
  return sample.filter(predicate).length / sample.length;
}

describe('generateContacts determinism', () => {
  it('gives identical contacts for the same seed and different ones for another seed', () => {
    const again = generateContacts(2_000, { seed: 1 });
    expect(again).toEqual(sample.slice(0, 2_000));
    const other = generateContacts(2_000, { seed: 2 });
    expect(other.filter((contact, i) => contact.id === again[i].id)).toHaveLength(0);
    expect(other.map((contact) => contact.name)).not.toEqual(again.map((contact) => contact.name));
  });

  it('gives the same rows in chunks as in one call', () => {
    const chunks = [1, 999, 1_000, 3_000, 7].reduce<Contact[]>(
      (all, size) => all.concat(generateContacts(size, { seed: 1, startIndex: all.length })),
      [],
    );
    expect(chunks).toEqual(sample.slice(0, chunks.length));
  });

  it('makes row i depend only on seed and i, anywhere in the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: DEMO_MAX_UNIQUE_ROWS - 2 }), fc.integer(), (index, seed) => {
        const [alone] = generateContacts(1, { seed, startIndex: index });
        const window = generateContacts(3, { seed, startIndex: index - 1 });
        expect(window[1]).toEqual(alone);
        expect(window[0].id).not.toBe(alone.id);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects counts it cannot keep unique', () => {
    expect(() => generateContacts(-1)).toThrow(RangeError);
    expect(() => generateContacts(1.5)).toThrow(RangeError);
    expect(() => generateContacts(2, { startIndex: DEMO_MAX_UNIQUE_ROWS - 1 })).toThrow(RangeError);
    expect(generateContacts(0)).toEqual([]);
  });
});

describe('generateContacts uniqueness and shape', () => {
  it('gives unique UUID v4-shaped ids, emails, phones and identifiers', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(sample.every((contact) => uuid.test(contact.id))).toBe(true);
    for (const field of ['id', 'email', 'phone', 'identifier'] as const) {
      const values = sample.map((contact) => contact[field]).filter((value) => value !== null);
      expect(new Set(values).size, field).toBe(values.length);
    }
  });

  it('gives phones that libphonenumber (max metadata) accepts, of the contact’s country', () => {
    const wrong = sample.filter((contact) => {
      if (contact.phone === null) return false;
      if (!isValidPhoneNumber(contact.phone)) return true;
      return parsePhoneNumber(contact.phone).country !== contact.countryCode;
    });
    expect(wrong.map((contact) => `${contact.countryCode} ${contact.phone}`)).toEqual([]);
    expect(new Set(sample.map((contact) => contact.countryCode)).size).toBe(DEMO_COUNTRIES.length);
  });

  it('gives valid phones far into the range too (every number block of every country)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DEMO_MAX_UNIQUE_ROWS - 50 }), (startIndex) => {
        for (const contact of generateContacts(50, { startIndex })) {
          if (contact.phone === null) continue;
          expect(isValidPhoneNumber(contact.phone), contact.phone).toBe(true);
          expect(parsePhoneNumber(contact.phone).country, contact.phone).toBe(contact.countryCode);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never leaves a contact without name, email and phone all at once', () => {
    expect(sample.filter((contact) => !contact.name && !contact.email && !contact.phone)).toEqual([]);
    expect(share((contact) => contact.name === '')).toBeGreaterThan(0.01);
  });

  it('uses names with accents, ñ and apostrophes', () => {
    const names = sample.map((contact) => contact.name).join('\n');
    for (const fragment of ['ñ', 'Á', 'é', 'ë', 'ü', "'"]) expect(names).toContain(fragment);
    expect(names).toMatch(/Núñez|Muñoz/);
  });

  it('derives lower-case ASCII emails from the name', () => {
    const withBoth = sample.filter((contact) => contact.email !== null && contact.name !== '');
    for (const contact of withBoth) {
      expect(contact.email).toMatch(/^[a-z._]+\d+@[a-z0-9.-]+\.[a-z]+$/);
    }
    const nunez = withBoth.find((contact) => contact.name.startsWith('Ángel Núñez'));
    expect(nunez?.email).toMatch(/^(angel\.?_?nunez|anunez|angel\.n)\d+@/);
  });

  it('keeps empty fields at about the intended rates', () => {
    expect(share((contact) => contact.email === null)).toBeCloseTo(0.1, 1);
    expect(share((contact) => contact.phone === null)).toBeCloseTo(0.15, 1);
    expect(share((contact) => contact.company === null)).toBeCloseTo(0.2, 1);
    expect(share((contact) => contact.city === null)).toBeCloseTo(0.2, 1);
    expect(share((contact) => contact.lastActivityAt === null)).toBeCloseTo(0.25, 1);
    expect(share((contact) => contact.identifier !== null)).toBeCloseTo(0.4, 1);
  });

  it('keeps city and country consistent with the country code', () => {
    const byCode = new Map(DEMO_COUNTRIES.map((country) => [country.code, country]));
    for (const contact of sample) {
      const country = byCode.get(contact.countryCode ?? '');
      expect(country, contact.countryCode ?? 'null').toBeDefined();
      expect(contact.country).toBe(country?.name);
      if (contact.city !== null) expect(country?.cities).toContain(contact.city);
    }
  });

  it('uses 0–3 distinct labels from DEMO_LABELS and the demo attributes', () => {
    const counts = new Set<number>();
    for (const contact of sample) {
      counts.add(contact.labels.length);
      expect(new Set(contact.labels).size).toBe(contact.labels.length);
      for (const label of contact.labels) expect(DEMO_LABELS).toContain(label);
      const { plan, seats } = contact.customAttributes;
      expect(DEMO_ATTRIBUTE_DEFINITIONS[0].values).toContain(plan);
      expect(Number.isInteger(seats) && (seats as number) >= 1).toBe(true);
      if (plan === 'free') expect(seats).toBe(1);
    }
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
  });

  it('spreads createdAt over three years and puts lastActivityAt after it', () => {
    const now = Date.UTC(2030, 0, 1);
    const contacts = generateContacts(5_000, { now });
    for (const contact of contacts) {
      expect(contact.createdAt).toBeGreaterThanOrEqual(now - THREE_YEARS_MS);
      expect(contact.createdAt).toBeLessThanOrEqual(now);
      if (contact.lastActivityAt !== null) {
        expect(contact.lastActivityAt).toBeGreaterThan(contact.createdAt);
        expect(contact.lastActivityAt).toBeLessThanOrEqual(now);
      }
      expect(contact.updatedAt).toBeGreaterThanOrEqual(contact.createdAt);
      expect(contact.updatedAt).toBeLessThanOrEqual(now);
    }
    const oldest = Math.min(...contacts.map((contact) => contact.createdAt));
    expect(now - oldest).toBeGreaterThan(THREE_YEARS_MS * 0.99);
    expect(sample.every((contact) => contact.createdAt <= DEMO_NOW)).toBe(true);
  });
});

type CsvRecord = Record<string, string>;

function parseCsv(text: string): { fields: string[]; rows: CsvRecord[] } {
  const parsed = Papa.parse<CsvRecord>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}

function expectedRecord(contact: Contact): CsvRecord {
  return {
    name: contact.name,
    email: contact.email ?? '',
    identifier: contact.identifier ?? '',
    phone_number: contact.phone ?? '',
    company: contact.company ?? '',
    city: contact.city ?? '',
    country: contact.country ?? '',
    labels: contact.labels.join(','),
    plan: contact.customAttributes.plan === undefined ? '' : String(contact.customAttributes.plan ?? ''),
    seats: contact.customAttributes.seats === undefined ? '' : String(contact.customAttributes.seats ?? ''),
  };
}

describe('Chatwoot CSV', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvHeader({ customAttributeKeys: ['plan', 'seats'] })).toBe(
      `${CHATWOOT_CSV_COLUMNS.join(',')},plan,seats\r\n`,
    );
  });

  it('round-trips generated contacts through papaparse', () => {
    const contacts = sample.slice(0, 3_000);
    const csv = toChatwootCsv(contacts, { customAttributeKeys });
    expect(csv).toContain('"Fabrikam, Inc.');
    expect(csv).toContain('"""La Esquina"" Bar');
    const { fields, rows } = parseCsv(csv);
    expect(fields).toEqual([...CHATWOOT_CSV_COLUMNS, 'plan', 'seats']);
    expect(rows).toEqual(contacts.map(expectedRecord));
  });

  it('writes the same file in chunks as at once', () => {
    const contacts = sample.slice(0, 1_000);
    const chunked =
      csvHeader({ customAttributeKeys }) +
      csvRows(contacts.slice(0, 333), { customAttributeKeys }) +
      csvRows(contacts.slice(333), { customAttributeKeys });
    expect(chunked).toBe(toChatwootCsv(contacts, { customAttributeKeys }));
  });

  it('round-trips hostile text (quotes, commas, CR, LF, accents) through papaparse', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'ñ', 'É', ' ', ',', '"', '\r', '\n', ';', "'", '😀'),
      maxLength: 12,
    });
    const optionalText = fc.option(text, { nil: null });
    const hostileContact = fc.record({
      name: text,
      email: optionalText,
      phone: optionalText,
      identifier: optionalText,
      company: optionalText,
      city: optionalText,
      country: optionalText,
      labels: fc.uniqueArray(fc.constantFrom(...DEMO_LABELS), { maxLength: 3 }),
      plan: fc.option(text, { nil: null }),
      seats: fc.option(fc.integer(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(hostileContact, { minLength: 1, maxLength: 8 }), (records) => {
        const contacts: Contact[] = records.map(({ plan, seats, ...fields }, i) => ({
          ...emptyContactFields(),
          ...fields,
          customAttributes: { plan, seats },
          id: `id-${i}`,
          serverId: null,
          createdAt: 0,
          lastActivityAt: null,
          updatedAt: 0,
          version: null,
          base: null,
        }));
        // A line of only empty cells is still a row: every row has at least the commas between cells.
        const { rows } = parseCsv(toChatwootCsv(contacts, { customAttributeKeys }));
        expect(rows).toEqual(contacts.map(expectedRecord));
      }),
      { numRuns: 300 },
    );
  });
});
