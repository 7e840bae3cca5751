/**
 * Issue 17 on the server: bounded filters, roles for labels and attribute definitions, text that
 * cannot be stored, prototype-named keys, security headers, logs without personal data, idempotency
 * keys per user with expiry, attribute size limits and the page byte budget.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildServer, LOG_SERIALIZERS } from '../src/app';
import { STATEMENT_TIMEOUT_MS, type Database } from '../src/db/database';
import { FILTER_LIMITS, filterLimitError } from '../src/filters/sql';
import { ATTRIBUTE_LIMITS } from '../src/contacts/validate';
import { countWithinBudget } from '../src/http/page-budget';
import { findForbiddenText } from '../src/http/text-guard';
import { fileHarness, list, type Loose } from './helpers';

const h = fileHarness();
const account = () => h.account();

const FORBIDDEN = { error: 'You are not authorized to do this action' };

/** `count` AND-ed (or OR-ed) `contains` conditions on the name, as the audit sent them. */
function containsChain(count: number, join: 'and' | 'or' = 'and', valuesEach = 1) {
  return Array.from({ length: count }, (_, index) => ({
    attribute_key: 'name',
    filter_operator: 'contains',
    values: Array.from({ length: valuesEach }, (__, value) => `zz${index}-${value}`),
    query_operator: index < count - 1 ? join : null,
  }));
}

describe('bounded filters', () => {
  test('the 550-condition filter that froze the server is a quick 422 in Chatwoot’s shape, and the server keeps answering', async () => {
    const { api, strict } = await account();
    const started = Date.now();
    const reply = await api.post('/contacts/filter', { payload: containsChain(550) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ error: `Too many filter conditions: 550. The maximum is ${FILTER_LIMITS.conditions}.` });
    expect((await strict.post('/contacts/filter', { payload: containsChain(5000, 'or') })).status).toBe(422);
    expect((await h.request(h.app, 'GET', '/health')).status).toBe(200);
  });

  test('at the limits a filter runs; one condition, value or character past them is refused', async () => {
    const { api } = await account();
    await api.post('/contacts', { name: 'zz0-0 match', email: 'm@x.test' });
    const atLimit = await api.post('/contacts/filter', { payload: containsChain(FILTER_LIMITS.conditions, 'or', FILTER_LIMITS.values / FILTER_LIMITS.conditions) });
    expect(atLimit.status, atLimit.raw).toBe(200);
    expect(atLimit.json.meta.count).toBe(1);

    const tooMany = await api.post('/contacts/filter', { payload: containsChain(FILTER_LIMITS.conditions + 1) });
    expect(tooMany.status).toBe(422);
    const oneCondition = [{ attribute_key: 'name', filter_operator: 'contains', values: Array.from({ length: FILTER_LIMITS.valuesPerCondition + 1 }, (_, i) => `v${i}`) }];
    expect((await api.post('/contacts/filter', { payload: oneCondition })).json.error).toMatch(/Too many values in filter condition 1/);
    const total = containsChain(3, 'or', Math.ceil((FILTER_LIMITS.values + 1) / 3));
    expect((await api.post('/contacts/filter', { payload: total })).json.error).toMatch(/Too many filter values/);
    const long = [{ attribute_key: 'name', filter_operator: 'contains', values: ['x'.repeat(FILTER_LIMITS.valueLength + 1)] }];
    expect((await api.post('/contacts/filter', { payload: long })).json.error).toMatch(/too long/);
  });

  test('the limit check accepts anything the limits allow and names the first one crossed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 8 }), (conditions, valuesEach) => {
        const error = filterLimitError(containsChain(conditions, 'or', valuesEach));
        const within = conditions <= FILTER_LIMITS.conditions && conditions * valuesEach <= FILTER_LIMITS.values;
        expect(error === null).toBe(within);
      }),
    );
    expect(filterLimitError('not a list')).toBeNull();
    expect(filterLimitError([{ values: 'one' }])).toBeNull();
  });
});

describe('statement time budget', () => {
  test('a statement stopped by the budget (57014) is a 503 with Retry-After, not a 500', async () => {
    const canceled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const stuck: Database = {
      kind: 'postgres',
      query: () => Promise.reject(canceled),
      exec: () => Promise.reject(canceled),
      transaction: () => Promise.reject(canceled),
      close: () => Promise.resolve(),
    };
    const app = buildServer({ db: stuck });
    try {
      const reply = await h.request(app, 'GET', '/api/v1/accounts/1/contacts', { token: 'any' });
      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      expect(reply.json.error).toMatch(/took too long/);
      expect((await h.request(app, 'GET', '/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  test.skipIf(!process.env.DATABASE_URL)('PostgreSQL connections carry the statement timeout', async () => {
    const { rows } = await h.db.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0].statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS / 1000}s`);
  });
});

describe('roles: labels and attribute definitions are for administrators', () => {
  test('an agent cannot create, rename or delete a label (403, Chatwoot’s text; 401 in strict mode), and nothing changes', async () => {
    const { acct, api } = await account();
    const agent = await h.newAgent(acct.accountId);
    const asAgent = (method: string, path: string, body?: unknown, strict = false) =>
      h.request(strict ? h.strictApp : h.app, method, `${acct.base}${path}`, { token: agent.token, body });
    const label = await api.post('/labels', { title: 'vip' });
    const contact = await api.post('/contacts', { name: 'Tagged' });
    const contactId = Number(contact.json.payload.contact.id);
    expect((await api.post(`/contacts/${contactId}/labels`, { labels: ['vip'] })).status).toBe(200);

    for (const [method, path, body] of [
      ['POST', '/labels', { title: 'lead' }],
      ['PATCH', `/labels/${label.json.id}`, { title: 'renamed' }],
      ['PUT', `/labels/${label.json.id}`, { title: 'renamed' }],
      ['DELETE', `/labels/${label.json.id}`, undefined],
    ] as const) {
      const reply = await asAgent(method, path, body);
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.json).toEqual(FORBIDDEN);
      expect((await asAgent(method, path, body, true)).status).toBe(401);
    }
    expect(list((await api.get('/labels')).json.payload).map((row) => row.title)).toEqual(['vip']);
    expect((await api.get(`/contacts/${contactId}/labels`)).json.payload).toEqual(['vip']);
    // Reading labels and tagging contacts stay open to agents, as in Chatwoot.
    expect((await asAgent('GET', '/labels')).status).toBe(200);
    expect((await asAgent('POST', `/contacts/${contactId}/labels`, { labels: ['vip', 'lead'] })).status).toBe(200);
  });

  test('an agent cannot create, change or delete an attribute definition; an administrator can', async () => {
    const { acct, api } = await account();
    const agent = await h.newAgent(acct.accountId);
    const asAgent = (method: string, path: string, body?: unknown) => h.request(h.app, method, `${acct.base}${path}`, { token: agent.token, body });
    const definition = { attribute_display_name: 'Plan', attribute_key: 'plan', attribute_display_type: 'text', attribute_model: 'contact_attribute' };
    expect((await asAgent('POST', '/custom_attribute_definitions', definition)).status).toBe(403);
    const created = await api.post('/custom_attribute_definitions', definition);
    expect(created.status, created.raw).toBe(200);
    expect((await asAgent('PATCH', `/custom_attribute_definitions/${created.json.id}`, { attribute_display_name: 'X' })).status).toBe(403);
    expect((await asAgent('DELETE', `/custom_attribute_definitions/${created.json.id}`)).status).toBe(403);
    expect((await asAgent('GET', '/custom_attribute_definitions')).status).toBe(200);
    expect((await api.get(`/custom_attribute_definitions/${created.json.id}`)).json.attribute_display_name).toBe('Plan');
    const promoted = await h.newAgent(acct.accountId, 'administrator');
    const renamed = await h.request(h.app, 'PATCH', `${acct.base}/custom_attribute_definitions/${created.json.id}`, { token: promoted.token, body: { attribute_display_name: 'Tier' } });
    expect(renamed.status).toBe(200);
  });
});

describe('text that cannot be stored', () => {
  const NUL = '\u0000';
  const LONE_HIGH = '\ud800';
  const LONE_LOW = '\udc00';

  test.each([
    ['a NUL in the name', { name: `Ana${NUL}` }, 'name'],
    ['an unpaired high surrogate in the name', { name: `Ana${LONE_HIGH}` }, 'name'],
    ['an unpaired low surrogate in an email', { email: `a${LONE_LOW}@x.test` }, 'email'],
    ['a NUL in a custom attribute value', { name: 'A', custom_attributes: { plan: `pro${NUL}` } }, 'custom_attributes'],
    ['a NUL in a custom attribute key', { name: 'A', custom_attributes: { [`pl${NUL}an`]: 'pro' } }, 'custom_attributes'],
    ['a surrogate deep in additional attributes', { name: 'A', additional_attributes: { social_profiles: { twitter: LONE_HIGH } } }, 'additional_attributes'],
  ])('%s is a 422 naming the field, and nothing is stored', async (_case, body, attribute) => {
    const { api } = await account();
    const reply = await api.post('/contacts', body);
    expect(reply.status, reply.raw).toBe(422);
    expect(reply.json.attributes).toEqual([attribute]);
    expect(String(reply.json.message)).toMatch(/cannot be stored/);
    expect((await api.get('/contacts')).json.meta.count).toBe(0);
  });

  test('notes, labels, label titles, search and sort parameters refuse it too; paired surrogates (emoji) are fine', async () => {
    const { api } = await account();
    const contact = await api.post('/contacts', { name: 'Emoji 😀 ok' });
    expect(contact.status).toBe(200);
    const id = Number(contact.json.payload.contact.id);
    expect((await api.post(`/contacts/${id}/notes`, { content: `x${NUL}` })).status).toBe(422);
    expect((await api.post(`/contacts/${id}/labels`, { labels: [`vip${LONE_HIGH}`] })).status).toBe(422);
    expect((await api.post('/labels', { title: `t${NUL}` })).status).toBe(422);
    expect((await api.get('/contacts/search?q=%00')).status).toBe(422);
    expect((await api.get('/contacts?sort=%00name')).status).toBe(422);
    expect((await api.get(`/contacts/search?q=${encodeURIComponent('😀')}`)).json.meta.count).toBe(1);
  });

  test('the scan finds NUL and unpaired surrogates wherever they are, and nothing else', () => {
    // The oracle reads code points (an unpaired surrogate is a code point of one UTF-16 unit), not the scan's pattern.
    const badText = (text: string) => Array.from(text).some((point) => point === NUL || (point.length === 1 && point.charCodeAt(0) >= 0xd800 && point.charCodeAt(0) <= 0xdfff));
    const anyBad = (value: unknown): boolean => {
      if (typeof value === 'string') return badText(value);
      if (Array.isArray(value)) return value.some(anyBad);
      if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, item]) => badText(key) || anyBad(item));
      return false;
    };
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), (value) => {
        expect(findForbiddenText(value) !== null).toBe(anyBad(value));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(findForbiddenText({ a: [text] }) !== null).toBe(text.includes(NUL));
      }),
    );
    expect(findForbiddenText({ a: [1, { b: `x${LONE_LOW}` }] })).toEqual(['a', 1, 'b']);
  });
});

describe('keys named like Object’s own members', () => {
  test.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '-constructor', 'name,__proto__'])('sort=%s lists (unknown keys are ignored)', async (sort) => {
    const { api } = await account();
    await api.post('/contacts', { name: 'B' });
    await api.post('/contacts', { name: 'A' });
    const reply = await api.get(`/contacts?sort=${encodeURIComponent(sort)}`);
    expect(reply.status, reply.raw).toBe(200);
    expect(reply.json.meta.count).toBe(2);
  });

  test('custom attributes named constructor, toString… are stored, listed, synced and filtered as plain keys', async () => {
    const { api } = await account();
    const definition = await api.post('/custom_attribute_definitions', {
      attribute_display_name: 'Constructor',
      attribute_key: 'constructor',
      attribute_display_type: 'text',
      attribute_model: 'contact_attribute',
    });
    expect(definition.status, definition.raw).toBe(200);
    const attributes = { constructor: 'builder', toString: 'text', valueOf: 3, hasOwnProperty: true };
    const created = await api.post('/contacts', { name: 'Proto', custom_attributes: attributes });
    expect(created.status, created.raw).toBe(200);
    expect(created.json.payload.contact.custom_attributes).toEqual(attributes);
    const feed = await api.get('/sync/changes?limit=1000');
    const synced = list(feed.json.changes).find((change) => String(change.entity) === 'contact');
    expect(synced?.data.custom_attributes).toEqual(attributes);
    const filtered = await api.post('/contacts/filter', { payload: [{ attribute_key: 'constructor', filter_operator: 'contains', values: ['build'] }] });
    expect(filtered.status, filtered.raw).toBe(200);
    expect(filtered.json.meta.count).toBe(1);
    const absent = await api.post('/contacts/filter', { payload: [{ attribute_key: 'constructor', filter_operator: 'is_not_present', values: [] }] });
    expect(absent.json.meta.count).toBe(0);
  });
});

describe('security headers', () => {
  test('nosniff and no-store on answers of every kind', async () => {
    const { api } = await account();
    const replies = [
      await api.get('/contacts'),
      await api.get('/contacts/999999'),
      await api.post('/contacts', { email: 'bad' }),
      await api.get('/contacts', { token: 'wrong' }),
      await h.request(h.app, 'GET', '/health'),
      await h.request(h.app, 'GET', '/nowhere'),
    ];
    for (const reply of replies) {
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['cache-control']).toBe('no-store');
    }
    expect(replies.map((reply) => reply.status)).toEqual([200, 404, 422, 401, 200, 404]);
  });
});

describe('logs', () => {
  test('request lines carry the path without its query', async () => {
    const lines: string[] = [];
    const app = buildServer({ db: h.db, logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
    try {
      const acct = await h.newAccount();
      const reply = await h.request(app, 'GET', `${acct.base}/contacts/search?q=${encodeURIComponent('secret.person@example.test')}`, { token: acct.token });
      expect(reply.status).toBe(200);
    } finally {
      await app.close();
    }
    const text = lines.join('');
    expect(text).toContain('/contacts/search');
    expect(text).not.toContain('secret.person');
    expect(text).not.toContain('q=');
  });

  test('a database error is logged by its code, without the statement, its parameters or the quoted value', async () => {
    const failure = await h.db.query('SELECT $1::int AS n', ['secret-value-42']).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).not.toBeNull();
    const logged = JSON.stringify(LOG_SERIALIZERS.err(failure));
    expect(logged).toContain('22P02');
    expect(logged).not.toContain('secret-value-42');
    expect(logged).not.toContain('SELECT');
    const plain = LOG_SERIALIZERS.err(new Error('handler bug'));
    expect(plain).toMatchObject({ type: 'Error', message: 'handler bug' });
  });
});

describe('idempotency keys: per user, for 24 hours', () => {
  test('two users of one account may use the same key for different requests', async () => {
    const { acct, api } = await account();
    const agent = await h.newAgent(acct.accountId);
    const headers = { 'idempotency-key': 'same-key' };
    const mine = await api.post('/contacts', { name: 'Mine' }, { headers });
    const theirs = await h.request(h.app, 'POST', `${acct.base}/contacts`, { token: agent.token, body: { name: 'Theirs' }, headers });
    expect(mine.status).toBe(200);
    expect(theirs.status, theirs.raw).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json.payload.contact.name).toBe('Theirs');
    // Each user's retry replays that user's own answer.
    const retry = await h.request(h.app, 'POST', `${acct.base}/contacts`, { token: agent.token, body: { name: 'Theirs' }, headers });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json.payload.contact.id).toBe(theirs.json.payload.contact.id);
    expect((await api.get('/contacts')).json.meta.count).toBe(2);
  });

  test('a key older than 24 hours is forgotten: reused, it is a new request, and expired keys are swept', async () => {
    const { acct, api } = await account();
    const headers = { 'idempotency-key': 'old-key' };
    expect((await api.post('/contacts', { name: 'First' }, { headers })).status).toBe(200);
    expect((await api.post('/contacts', { name: 'Second' }, { headers })).status).toBe(422);
    await h.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = $1", [acct.accountId]);
    await h.db.query("INSERT INTO idempotency_keys (account_id, user_id, key, request_hash, status, body, created_at) VALUES ($1, $2, 'stale', 'h', 200, 'null', now() - interval '30 hours')", [
      acct.accountId,
      acct.userId,
    ]);
    const reused = await api.post('/contacts', { name: 'Second' }, { headers });
    expect(reused.status, reused.raw).toBe(200);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    expect((await api.get('/contacts')).json.meta.count).toBe(2);
    const { rows } = await h.db.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE account_id = $1 ORDER BY key', [acct.accountId]);
    expect(rows.map((row) => row.key)).toEqual(['old-key']);
  });
});

describe('attribute size limits', () => {
  const big = (length: number) => 'x'.repeat(length);

  test('a value at the limit is stored; one character more is a 422 naming the attribute', async () => {
    const { api } = await account();
    expect((await api.post('/contacts', { name: 'At', custom_attributes: { notes: big(ATTRIBUTE_LIMITS.valueCharacters) } })).status).toBe(200);
    expect((await api.post('/contacts', { name: 'At', additional_attributes: { description: big(ATTRIBUTE_LIMITS.valueCharacters) } })).status).toBe(200);
    const over = await api.post('/contacts', { name: 'Over', custom_attributes: { notes: big(ATTRIBUTE_LIMITS.valueCharacters + 1) } });
    expect(over.status).toBe(422);
    expect(over.json).toEqual({ message: `Custom attributes notes is too long (maximum is ${ATTRIBUTE_LIMITS.valueCharacters} characters)`, attributes: ['custom_attributes'] });
    const nested = await api.post('/contacts', { name: 'Over', additional_attributes: { social_profiles: { a: big(ATTRIBUTE_LIMITS.valueCharacters) } } });
    expect(nested.json.attributes).toEqual(['additional_attributes']);
    const key = await api.post('/contacts', { name: 'Key', custom_attributes: { [big(ATTRIBUTE_LIMITS.keyCharacters + 1)]: 1 } });
    expect(key.status).toBe(422);
  });

  test('the attributes of one contact together are capped, also when a PATCH adds to them', async () => {
    const { api } = await account();
    const perValue = ATTRIBUTE_LIMITS.valueCharacters - 100;
    const count = Math.floor(ATTRIBUTE_LIMITS.recordCharacters / perValue);
    const fits = Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, big(perValue)]));
    const created = await api.post('/contacts', { name: 'Full', custom_attributes: fits });
    expect(created.status, created.raw).toBe(200);
    const id = Number(created.json.payload.contact.id);
    const more = await api.patch(`/contacts/${id}`, { custom_attributes: { extra: big(perValue) } });
    expect(more.status).toBe(422);
    expect(String(more.json.message)).toMatch(/too large together/);
    expect((await api.patch(`/contacts/${id}`, { name: 'Renamed' })).status).toBe(200);
  });

  test('a contact stored larger than the limits stays editable while an edit does not grow it', async () => {
    const { acct, api } = await account();
    const created = await api.post('/contacts', { name: 'Legacy' });
    const id = Number(created.json.payload.contact.id);
    const legacy = { old: big(ATTRIBUTE_LIMITS.recordCharacters + 10) };
    await h.db.query('UPDATE contacts SET custom_attributes = $2::jsonb WHERE id = $1 AND account_id = $3', [id, JSON.stringify(legacy), acct.accountId]);
    expect((await api.patch(`/contacts/${id}`, { name: 'Still editable' })).status).toBe(200);
    expect((await api.patch(`/contacts/${id}`, { custom_attributes: { plan: 'pro' } })).status).toBe(422);
    const shrunk = await api.post(`/contacts/${id}/destroy_custom_attributes`, { custom_attributes: ['old'] });
    expect(shrunk.status).toBe(200);
  });
});

describe('page byte budget', () => {
  test('large records make shorter list and feed pages; paging on by cursor loses none', async () => {
    const app = buildServer({ db: h.db, pageByteBudget: 60_000 });
    try {
      const acct = await h.newAccount();
      const call = (method: string, path: string, body?: unknown) => h.request(app, method, `${acct.base}${path}`, { token: acct.token, body });
      for (let i = 0; i < 8; i += 1) {
        const reply = await call('POST', '/contacts', { name: `Big ${i}`, custom_attributes: { blob: 'y'.repeat(19_000) } });
        expect(reply.status).toBe(200);
      }
      await call('POST', '/contacts', { name: 'Small' });
      const listed = await call('GET', '/contacts?per_page=100');
      expect(list(listed.json.payload)).toHaveLength(3);
      expect(listed.json.meta).toMatchObject({ count: 9, truncated: true });
      expect(Buffer.byteLength(listed.raw)).toBeLessThan(60_000 + 20_000);

      const seen: Loose[] = [];
      let cursor = '';
      for (let pages = 0; pages < 20; pages += 1) {
        const page = await call('GET', `/sync/changes?since=${cursor}&limit=1000`);
        expect(page.status).toBe(200);
        expect(page.headers['content-type']).toMatch(/^application\/json/);
        expect(Buffer.byteLength(page.raw)).toBeLessThan(60_000 + 20_000);
        seen.push(...list(page.json.changes));
        cursor = String(page.json.cursor);
        if (!(page.body as { has_more?: boolean }).has_more) break;
      }
      expect(seen.filter((change) => String(change.entity) === 'contact')).toHaveLength(9);
    } finally {
      await app.close();
    }
  });

  test('a page always holds its first record, and ordinary pages are never cut', () => {
    expect(countWithinBudget([{ big: 'z'.repeat(100) }], 10)).toBe(1);
    expect(countWithinBudget([], 10)).toBe(0);
    const ordinary = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `Contact ${i}`, email: `c${i}@example.test`, custom_attributes: { plan: 'pro' } }));
    expect(countWithinBudget(ordinary)).toBe(1000);
  });
});
