/**
 * The SQL filter and the shared evaluator must agree: the same filters run through
 * `filterToSql` over the stored rows and through `compileFilter` over the same rows read back as
 * `Contact`s, and the matching ids must be identical. Also the filter endpoint's 422s.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileFilter } from '../../src/shared/filters/evaluate';
import { TEST_DEFINITIONS, TEST_NOW } from '../../src/shared/filters/test-helpers';
import { validateFilter } from '../../src/shared/filters/validate';
import type { FilterAttribute } from '../../src/shared/filters/model';
import { ChangeRecorder } from '../src/changes';
import { CONTACT_COLUMNS, type ContactRow } from '../src/contacts/model';
import { insertContact } from '../src/contacts/routes';
import type { ContactValues } from '../src/contacts/validate';
import { rowToContact } from '../src/contacts/wire';
import { filterAttributes, filterToSql } from '../src/filters/sql';
import { client, createHarness, list, type Harness, type TestAccount } from './helpers';

let h: Harness;
let acct: TestAccount;
let attributes: FilterAttribute[];

const DISPLAY_TYPE = { text: 0, number: 1, link: 4, date: 5, list: 6, checkbox: 7 } as const;
const HOUR = 3_600_000;

const pools = {
  name: ['Ana', 'ana', 'Ána Pérez', 'José Muñoz', 'MUNOZ', '', '  ', 'Zoë', 'İpek', 'straße', 'Ñandú'],
  email: ['ana@acme.test', 'ANA@ACME.TEST', 'jose@muñoz.es', 'z@x.test', null],
  phone: ['+34612345678', '+4915112345678', '+34600000000', null],
  identifier: ['CRM-1', 'crm-1', 'ext-9', null],
  city: ['Berlín', 'berlin', 'MADRID', 'São Paulo', '', null],
  company: ['Acme', 'ACME S.L.', 'Ñandú SL', null],
  countryCode: ['ES', 'es', ' de ', 'BR', '', null],
  // Names without a code (older data, other clients) and a country kept as text.
  country: ['España', 'Brasil', 'Españia', 'Atlantis', null],
  labels: ['vip', 'lead', 'soporte', 'b2b'],
  plan: ['Gold', 'gold', 'ÑANDÚ', 'Free', 'Other', 3, null],
  score: [1, '1,5', 1.5, '1e3', 'abc', -2, true, null, '  7 ', 0],
  birthday: ['2025-06-01', '2025-06-15T23:30:00', '2025-02-30', '15/06/2025', null, 20250601, '2024-12-31'],
  vip: [true, false, 'true', 'TRUE ', 'yes', null, 1],
  note: ['Hola Ana', 'MUÑOZ', '', 42, null, { nested: 'ana' }],
  site: ['https://acme.test', 'HTTPS://ACME.TEST/x', null],
  times: [
    TEST_NOW,
    TEST_NOW - 24 * HOUR,
    Date.UTC(2025, 5, 14, 22, 0),
    Date.UTC(2025, 5, 14, 21, 59, 59, 999),
    Date.UTC(2025, 5, 15, 0, 0),
    Date.UTC(2025, 5, 15, 3, 59, 59, 999),
    Date.UTC(2025, 4, 16, 12),
    Date.UTC(2024, 0, 1),
  ],
};

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const contactArb = fc.record({
  name: pick(pools.name),
  email: pick(pools.email),
  phone: pick(pools.phone),
  identifier: pick(pools.identifier),
  city: pick(pools.city),
  company: pick(pools.company),
  countryCode: pick(pools.countryCode),
  country: pick(pools.country),
  labels: fc.subarray(pools.labels),
  blocked: fc.boolean(),
  plan: pick(pools.plan),
  score: pick(pools.score),
  birthday: pick(pools.birthday),
  vip: pick(pools.vip),
  note: pick(pools.note),
  site: pick(pools.site),
  createdAt: pick(pools.times),
  lastActivityAt: fc.option(pick(pools.times), { nil: null }),
});

const CONTACT_COUNT = 160;

async function seedContacts(): Promise<void> {
  const generated = fc.sample(contactArb, { numRuns: CONTACT_COUNT, seed: 42 });
  const seen = { email: new Set<string>(), phone: new Set<string>(), identifier: new Set<string>() };
  const once = (kind: keyof typeof seen, value: string | null) => {
    if (value === null || seen[kind].has(value.toLowerCase())) return null;
    seen[kind].add(value.toLowerCase());
    return value;
  };
  await h.db.transaction(async (tx) => {
    const changes = await ChangeRecorder.lock(tx, acct.accountId);
    for (const item of generated) {
      const additional: Record<string, unknown> = {};
      if (item.city !== null) additional.city = item.city;
      if (item.company !== null) additional.company_name = item.company;
      if (item.countryCode !== null) additional.country_code = item.countryCode;
      if (item.country !== null) additional.country = item.country;
      const custom: Record<string, unknown> = {};
      for (const key of ['plan', 'score', 'birthday', 'vip', 'note', 'site'] as const) if (item[key] !== null) custom[key] = item[key];
      const values: ContactValues = {
        name: item.name,
        email: once('email', item.email),
        phone_number: once('phone', item.phone),
        identifier: once('identifier', item.identifier),
        avatar_url: null,
        blocked: item.blocked,
        additional_attributes: additional,
        custom_attributes: custom,
      };
      const row = await insertContact(tx, acct.accountId, values, {
        labels: item.labels,
        createdAt: new Date(item.createdAt),
        lastActivityAt: item.lastActivityAt === null ? null : new Date(item.lastActivityAt),
      });
      await changes.record('contact', row.id, 'upsert', row.version);
    }
    await changes.flush();
  });
}

beforeAll(async () => {
  h = await createHarness();
  acct = await h.newAccount();
  const api = client(h, acct);
  for (const definition of TEST_DEFINITIONS) {
    const reply = await api.post('/custom_attribute_definitions', {
      attribute_display_name: definition.displayName,
      attribute_key: definition.key,
      attribute_display_type: DISPLAY_TYPE[definition.type],
      attribute_model: 'contact_attribute',
      attribute_values: definition.listValues,
    });
    expect(reply.status, reply.raw).toBe(200);
  }
  const definitions = await h.db.query<{ attribute_key: string; attribute_display_name: string; attribute_display_type: number; attribute_values: unknown }>(
    'SELECT attribute_key, attribute_display_name, attribute_display_type, attribute_values FROM custom_attribute_definitions WHERE account_id = $1 ORDER BY id',
    [acct.accountId],
  );
  attributes = filterAttributes(definitions.rows);
  await seedContacts();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const filterValues: Record<string, readonly string[]> = {
  text: ['ana', 'ÁNA', 'muñoz', 'munoz', '@acme', '+34', '612', 'berlin', 'acme', 'crm-1', 'CRM-1', 'zoe', 'i̇pek', 'ipek', 'strasse', 'straße', '1', '42', 'https://acme.test'],
  country: ['ES', 'es', 'DE', 'BR', 'FR', 'Spain', 'españia', 'Atlantis', 'Narnia'],
  labels: ['vip', 'VIP', 'lead', 'none'],
  boolean: ['true', 'false'],
  list: ['gold', 'GOLD', 'ñandú', 'Free', 'nandu'],
  number: ['1', '1,5', '-2', '1e3', '0', '7', '1000'],
  date: ['2025-06-01', '2025-06-15', '2025-06-14', '2024-12-31', '2025-05-16'],
  days: ['1', '30', '400'],
};

const conditionArb = (attributeList: readonly FilterAttribute[]) =>
  pick(attributeList).chain((attribute) =>
    fc.record({
      attribute_key: fc.constant(attribute.key),
      filter_operator: pick(attribute.operators),
      values: fc.subarray([...filterValues[attribute.dataType], ...filterValues.days], { minLength: 1, maxLength: 3 }),
      query_operator: pick(['and', 'OR', 'AND', 'or']),
    }),
  );

async function sqlIds(filter: Parameters<typeof filterToSql>[0], timeZone: string): Promise<number[]> {
  const sql = filterToSql(filter, { firstParam: 2, now: TEST_NOW, timeZone });
  const { rows } = await h.db.query<{ id: number }>(`SELECT c.id FROM contacts c WHERE c.account_id = $1 AND (${sql.where}) ORDER BY c.id`, [
    acct.accountId,
    ...sql.params,
  ]);
  return rows.map((row) => row.id);
}

describe('SQL filter agrees with the shared evaluator', () => {
  test('on generated filters over generated contacts, in several time zones', async () => {
    const { rows } = await h.db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.account_id = $1 ORDER BY c.id`, [acct.accountId]);
    expect(rows).toHaveLength(CONTACT_COUNT);
    const contacts = rows.map(rowToContact);
    let nonTrivial = 0;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(conditionArb(attributes), { minLength: 1, maxLength: 3 }),
        pick(['UTC', 'Europe/Madrid', 'America/New_York', 'Pacific/Kiritimati']),
        async (payload, timeZone) => {
          const validation = validateFilter(payload, attributes);
          if (!validation.ok) return;
          checked += 1;
          const predicate = compileFilter(validation.filter, { now: TEST_NOW, timeZone });
          const expected = contacts.filter(predicate).map((contact) => contact.serverId);
          if (expected.length > 0 && expected.length < contacts.length) nonTrivial += 1;
          expect(await sqlIds(validation.filter, timeZone)).toEqual(expected);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
    // The generator must exercise the filters, not only reject them or match all/nothing.
    expect(checked).toBeGreaterThan(200);
    expect(nonTrivial).toBeGreaterThan(100);
  });

  test('every attribute and operator, one condition at a time', async () => {
    const { rows } = await h.db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.account_id = $1 ORDER BY c.id`, [acct.accountId]);
    const contacts = rows.map(rowToContact);
    for (const attribute of attributes) {
      for (const operator of attribute.operators) {
        const values = operator === 'days_before' ? ['30'] : [filterValues[attribute.dataType][0]];
        const validation = validateFilter([{ attribute_key: attribute.key, filter_operator: operator, values, query_operator: null }], attributes);
        if (!validation.ok) throw new Error(`${attribute.key} ${operator}: ${JSON.stringify(validation.errors)}`);
        const expected = contacts.filter(compileFilter(validation.filter, { now: TEST_NOW, timeZone: 'Europe/Madrid' })).map((c) => c.serverId);
        expect(await sqlIds(validation.filter, 'Europe/Madrid'), `${attribute.key} ${operator}`).toEqual(expected);
      }
    }
  });
});

describe('POST /contacts/filter', () => {
  test('returns the matching contacts with Chatwoot paging', async () => {
    const api = client(h, acct);
    const payload = [
      { attribute_key: 'name', filter_operator: 'contains', values: ['ana'], query_operator: 'OR' },
      { attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: 'AND' },
      { attribute_key: 'blocked', filter_operator: 'equal_to', values: ['true'], query_operator: null },
    ];
    const validation = validateFilter(payload, attributes);
    if (!validation.ok) throw new Error('invalid');
    const expected = await sqlIds(validation.filter, 'UTC');
    expect(expected.length).toBeGreaterThan(0);
    const reply = await api.post('/contacts/filter?per_page=1000&include_contact_inboxes=false', { payload });
    expect(reply.status).toBe(200);
    expect(reply.json.meta.count).toBe(expected.length);
    expect(list(reply.json.payload).map((contact) => contact.id)).toEqual(expected);
    const paged = await api.post('/contacts/filter?page=2', { payload });
    expect(paged.json.meta.current_page).toBe('2');
  });

  test('invalid filters are 422 {error} with Chatwoot texts', async () => {
    const api = client(h, acct);
    const cases: [unknown, string][] = [
      [
        [{ attribute_key: 'country_code', filter_operator: 'contains', values: ['es'], query_operator: null }],
        'Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to,is_present,is_not_present].',
      ],
      [[{ attribute_key: 'shoe_size', filter_operator: 'equal_to', values: ['9'], query_operator: null }], 'Invalid attribute key - [shoe_size].'],
      [
        [
          { attribute_key: 'name', filter_operator: 'equal_to', values: ['a'], query_operator: 'XOR' },
          { attribute_key: 'name', filter_operator: 'equal_to', values: ['b'], query_operator: null },
        ],
        'Query operator must be either "AND" or "OR".',
      ],
      [[{ attribute_key: 'country_code', filter_operator: 'equal_to', values: ['¿?'], query_operator: null }], 'Invalid value. The values provided for country_code are invalid'],
      ['not a list', 'Invalid filter payload'],
    ];
    for (const [payload, message] of cases) {
      const reply = await api.post('/contacts/filter', { payload });
      expect(reply.status).toBe(422);
      expect(String(reply.json.error)).toContain(message);
    }
    const strict = client(h, acct, true);
    const strictReply = await strict.post('/contacts/filter', { payload: 'x' });
    expect(strictReply.json).toEqual({ error: 'Invalid filter payload' });
    expect((await api.post('/contacts/filter?time_zone=Mars/Olympus', { payload: cases[0][0] })).status).toBe(422);
  });
});
