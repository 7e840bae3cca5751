/** The sync extension: change feed, idempotency keys, versions and If-Match, capabilities, strict mode. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { generateContacts } from '../../src/shared/demo/contacts';
import { findContactFeedJson, findContacts, serializeContact } from '../src/contacts/model';
import { seedDemo } from '../src/demo';
import { MAX_CHANGES_LIMIT, MAX_WAIT_SECONDS, parseCursor, parseLimit, parseWait } from '../src/sync/routes';
import { buildServer } from '../src/app';
import { client, fileHarness, list, openTestDatabase, type Loose } from './helpers';

const h = fileHarness();
const account = () => h.account();

type Api = ReturnType<typeof client>;

/** Reads the whole feed from `since` in pages of `limit`, checking the paging contract on the way. */
async function readFeed(api: Api, since = '', limit = 1000): Promise<{ changes: Loose[]; cursor: string }> {
  const changes: Loose[] = [];
  let cursor = since;
  for (let page = 0; page < 100; page++) {
    const reply = await api.get(`/sync/changes?since=${cursor}&limit=${limit}`);
    expect(reply.status, reply.raw).toBe(200);
    const batch = list(reply.json.changes);
    expect(batch.length).toBeLessThanOrEqual(limit);
    changes.push(...batch);
    cursor = String(reply.json.cursor);
    if (!reply.json.has_more) return { changes, cursor };
  }
  throw new Error('feed did not end');
}

describe('capabilities and strict mode', () => {
  test('the extension announces itself; strict mode answers 404 like stock Chatwoot', async () => {
    const { api, strict } = await account();
    const caps = await api.get('/sync/capabilities');
    expect(caps.status).toBe(200);
    expect(caps.json.sync).toMatchObject({ version: 1, idempotency_keys: true, max_per_page: 1000, changes: { max_limit: MAX_CHANGES_LIMIT, max_wait: MAX_WAIT_SECONDS } });
    expect((await strict.get('/sync/capabilities')).status).toBe(404);
    expect((await strict.get('/sync/changes')).status).toBe(404);
  });

  test('strict mode: no versions, ETags, labels inline, idempotency or If-Match', async () => {
    const { api, strict } = await account();
    const created = await strict.post('/contacts', { name: 'S', email: 's@x.test' });
    const contact = created.json.payload.contact;
    expect('version' in contact || 'updated_at' in contact || 'labels' in contact).toBe(false);
    expect(created.headers.etag).toBeUndefined();
    const stale = await strict.patch(`/contacts/${contact.id}`, { name: 'S2' }, { headers: { 'if-match': '"99"' } });
    expect(stale.status).toBe(200);
    const key = { headers: { 'idempotency-key': 'strict-key' } };
    const one = await strict.post('/contacts', { name: 'twice' }, key);
    const two = await strict.post('/contacts', { name: 'twice' }, key);
    expect(one.json.payload.contact.id).not.toBe(two.json.payload.contact.id);
    // The same records, seen through the extension, do have versions.
    expect((await api.get(`/contacts/${contact.id}`)).json.payload.version).toBe(2);
  });
});

describe('change feed', () => {
  test('every kind of change, once per record, in commit order, with tombstones and a cursor', async () => {
    const { api } = await account();
    const empty = await api.get('/sync/changes');
    expect(empty.json).toEqual({ changes: [], cursor: '0', has_more: false });

    const a = (await api.post('/contacts', { name: 'A', email: 'a@x.test' })).json.payload.contact;
    const b = (await api.post('/contacts', { name: 'B', email: 'b@x.test' })).json.payload.contact;
    await api.patch(`/contacts/${a.id}`, { name: 'A2' });
    await api.post(`/contacts/${b.id}/labels`, { labels: ['vip'] });
    const note = (await api.post(`/contacts/${a.id}/notes`, { content: 'hello' })).json;
    const bNote = (await api.post(`/contacts/${b.id}/notes`, { content: 'gone soon' })).json;
    const definition = (await api.post('/custom_attribute_definitions', { attribute_display_name: 'Plan', attribute_key: 'plan', attribute_model: 1 })).json;
    const segment = (await api.post('/custom_filters', { name: 'Seg', filter_type: 'contact', query: { payload: [] } })).json;
    await api.delete(`/contacts/${b.id}`);

    const { changes, cursor } = await readFeed(api, '', 2);
    const seqs = changes.map((change) => Number(change.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    const summary = changes.map((change) => `${change.entity}:${change.id}:${change.op}`);
    expect(summary).toEqual([
      `contact:${a.id}:upsert`,
      `note:${note.id}:upsert`,
      `custom_attribute_definition:${definition.id}:upsert`,
      `custom_filter:${segment.id}:upsert`,
      `note:${bNote.id}:delete`,
      // B's labels changed and were deleted with it, but B's own change is in the same range: its
      // contact_labels change is left out (readChanges).
      `contact:${b.id}:delete`,
    ]);
    const contactA = changes[0];
    expect(contactA.version).toBe(2);
    expect(contactA.data).toMatchObject({ id: a.id, name: 'A2', version: 2, labels: [] });
    expect(changes[1].data).toMatchObject({ id: note.id, content: 'hello', contact_id: a.id });
    expect(changes[5].data).toBeNull();
    expect(cursor).toBe(String(seqs[seqs.length - 1]));

    // Nothing new: the same cursor back, nothing more.
    expect((await api.get(`/sync/changes?since=${cursor}`)).json).toEqual({ changes: [], cursor, has_more: false });
    // Later changes only.
    await api.post(`/contacts/${a.id}/labels`, { labels: ['lead'] });
    const later = await readFeed(api, cursor);
    expect(later.changes.map((change) => `${change.entity}:${change.id}`)).toEqual([`contact_labels:${a.id}`]);
    expect(later.changes[0].data).toEqual({ contact_id: a.id, labels: ['lead'], version: 2 });
  });

  test("a contact's labels change is left out where the contact's own change, carrying the labels, is read too", async () => {
    const { api } = await account();
    const a = (await api.post('/contacts', { name: 'A', email: 'a@x.test' })).json.payload.contact;
    const b = (await api.post('/contacts', { name: 'B', email: 'b@x.test' })).json.payload.contact;
    const start = (await readFeed(api)).cursor;
    // A: labels, then the contact (its change comes after its labels'). B: labels only.
    await api.post(`/contacts/${a.id}/labels`, { labels: ['vip'] });
    await api.post(`/contacts/${b.id}/labels`, { labels: ['lead'] });
    await api.patch(`/contacts/${a.id}`, { name: 'A2' });
    for (const limit of [1, 2, 1000]) {
      const { changes } = await readFeed(api, start, limit);
      expect(changes.map((change) => `${change.entity}:${change.id}`)).toEqual([`contact_labels:${b.id}`, `contact:${a.id}`]);
      expect(changes[1].data).toMatchObject({ name: 'A2', labels: ['vip'] });
    }
    // From the start in one page, each contact comes once, with its labels.
    const whole = await readFeed(api, '', 1000);
    expect(whole.changes.map((change) => `${change.entity}:${change.id}`)).toEqual([`contact:${b.id}`, `contact:${a.id}`]);
    expect(whole.changes.map((change) => change.data.labels)).toEqual([['lead'], ['vip']]);
    // A page ending after B's change: the next read cannot know what that page said of B's labels,
    // so it sends B's labels change (B's own change is before its cursor).
    const paged = await readFeed(api, '', 1);
    expect(paged.changes.map((change) => `${change.entity}:${change.id}`)).toEqual([`contact:${b.id}`, `contact_labels:${b.id}`, `contact:${a.id}`]);
  });

  test('segments of other users stay out of the feed; other accounts never appear', async () => {
    const { acct, api } = await account();
    const agent = await h.newAgent(acct.accountId);
    const asAgent = client(h, { ...acct, token: agent.token });
    await asAgent.post('/custom_filters', { name: 'Mine', filter_type: 'contact', query: {} });
    await api.post('/contacts', { name: 'Shared', email: 'shared@x.test' });
    const adminFeed = await readFeed(api);
    expect(adminFeed.changes.map((change) => change.entity)).toEqual(['contact']);
    const agentFeed = await readFeed(asAgent);
    expect(agentFeed.changes.map((change) => change.entity)).toEqual(['custom_filter', 'contact']);
    const other = await account();
    expect((await readFeed(other.api)).changes).toEqual([]);
  });

  test('cursor and limit are validated; a cursor ahead of the server is 410', async () => {
    const { api } = await account();
    await api.post('/contacts', { name: 'x' });
    for (const bad of ['since=abc', 'since=-1', 'since=1.5', 'limit=0', 'limit=abc', 'limit=-3']) {
      const reply = await api.get(`/sync/changes?${bad}`);
      expect(reply.status, bad).toBe(422);
      expect(typeof reply.json.error).toBe('string');
    }
    expect((await api.get('/sync/changes?since=999999')).status).toBe(410);
    expect(parseLimit('5000')).toBe(5000);
    expect(parseLimit('50000')).toBe(MAX_CHANGES_LIMIT);
    expect(parseLimit(undefined)).toBe(500);
    expect(parseCursor('')).toBe(0);
  });

  test('concurrent writes get distinct, gap-free sequence numbers', async () => {
    const { acct, api } = await account();
    const created = await Promise.all(Array.from({ length: 25 }, (_, i) => api.post('/contacts', { name: `N${i}`, email: `n${i}@x.test` })));
    expect(created.every((reply) => reply.status === 200)).toBe(true);
    const ids = created.map((reply) => reply.json.payload.contact.id);
    await Promise.all(ids.map((id, i) => api.patch(`/contacts/${id}`, { name: `M${i}` })));
    const { changes, cursor } = await readFeed(api, '', 7);
    expect(changes).toHaveLength(25);
    expect(changes.every((change) => Number(change.version) === 2)).toBe(true);
    const head = await h.db.query<{ change_seq: number }>('SELECT change_seq FROM accounts WHERE id = $1', [acct.accountId]);
    expect(Number(cursor)).toBe(head.rows[0].change_seq);
    expect(head.rows[0].change_seq).toBe(50);
  });
});

describe('several server processes on one database', () => {
  test('a client polling while two servers write never misses a change', async () => {
    // On PostgreSQL (server/ci-postgres.sh) the second server has its own connection pool, as a
    // second process would; on PGlite both share the one embedded database.
    const secondDb = process.env.DATABASE_URL ? await openTestDatabase() : h.db;
    const second = buildServer({ db: secondDb });
    try {
      const { acct, api } = await account();
      const other = { ...acct };
      const writers = [h.app, second].map((app, server) =>
        (async () => {
          const ids: number[] = [];
          await Promise.all(
            Array.from({ length: 4 }, async (_, lane) => {
              for (let i = 0; i < 8; i++) {
                const reply = await h.request(app, 'POST', `${other.base}/contacts`, { token: acct.token, body: { name: `S${server}-${lane}-${i}` } });
                expect(reply.status).toBe(200);
                ids.push(Number(reply.json.payload.contact.id));
              }
            }),
          );
          return ids;
        })(),
      );
      const seen = new Set<number>();
      let cursor = '';
      let done = false;
      const all = Promise.all(writers).finally(() => {
        done = true;
      });
      // Bounded: a failing writer ends the loop too, and a stuck one cannot keep it spinning.
      let polls = 0;
      for (; !done && polls < 2_000; polls++) {
        const reply = await api.get(`/sync/changes?since=${cursor}&limit=5`);
        for (const change of list(reply.json.changes)) seen.add(Number(change.id));
        cursor = String(reply.json.cursor);
        // A client polls now and then, not in a tight loop that would starve the writers.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const created = (await all).flat();
      const rest = await readFeed(api, cursor);
      for (const change of rest.changes) seen.add(Number(change.id));
      expect(created).toHaveLength(64);
      // The poller did read while the writers wrote.
      expect(polls).toBeGreaterThan(3);
      expect([...seen].sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
    } finally {
      await second.close();
      if (secondDb !== h.db) await secondDb.close();
    }
  });
});

describe('the feed’s contacts, written by the database', () => {
  test('are what serializeContact writes (GET), for every kind of value', async () => {
    const { acct, api } = await account();
    await seedDemo(h.db, acct.accountId, acct.userId, 30, 5);
    // Values the demo does not make: no email or phone, an avatar, blocked, nested and odd JSON,
    // texts that JSON escapes, a never-written contact, times with microseconds and before 1970.
    const odd = [
      { name: '', email: null, phone: null, avatar: 'https://x.test/a.png', blocked: true, additional: {}, custom: {}, labels: [], activity: null, created: '1969-07-20 20:17:40.123456+00' },
      {
        name: 'Quote " back\\slash \u2028 tab\t ñ 😀',
        email: 'o@x.test',
        phone: '+34600000000',
        avatar: null,
        blocked: false,
        additional: { company_name: 'A "B"', social_profiles: { twitter: 'x' }, nested: { deep: [1, 2.5, null, true, 'ü'] } },
        custom: { seats: 12, price: 1.5, zero: 0, negative: -7, big: 9007199254740991, yes: true, nothing: null, text: '</script>' },
        labels: ['vip', 'ñandú', 'with space'],
        activity: '2026-12-07 10:11:12.999999+00',
        created: '2026-01-01 00:00:00.000001+00',
      },
    ];
    for (const c of odd) {
      await h.db.query(
        `INSERT INTO contacts (account_id, name, email, phone_number, avatar_url, blocked, additional_attributes, custom_attributes, labels, last_activity_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::text[], $10::timestamptz, $11::timestamptz)`,
        [acct.accountId, c.name, c.email, c.phone, c.avatar, c.blocked, JSON.stringify(c.additional), JSON.stringify(c.custom), c.labels, c.activity, c.created],
      );
    }
    const ids = (await h.db.query<{ id: number }>('SELECT id FROM contacts WHERE account_id = $1', [acct.accountId])).rows.map((row) => Number(row.id));
    expect(ids).toHaveLength(32);
    const rows = new Map((await findContacts(h.db, acct.accountId, ids)).map((row) => [Number(row.id), row]));
    const feed = await findContactFeedJson(h.db, acct.accountId, ids);
    expect(feed).toHaveLength(32);
    for (const written of feed) {
      const row = rows.get(Number(written.id))!;
      expect(JSON.parse(written.contact), `contact ${row.id}`).toEqual(serializeContact(row, { strict: false }));
      expect(JSON.parse(written.labels)).toEqual({ contact_id: row.id, labels: row.labels, version: row.labels_version });
    }
    // And through the route: every contact of the feed is what GET returns for it, but for the
    // inboxes, which the feed leaves out (the two inserted above by SQL wrote no change, so the
    // feed has the 30 of the demo).
    const { changes } = await readFeed(api, '', 7);
    const contacts = changes.filter((change) => String(change.entity) === 'contact');
    expect(contacts).toHaveLength(30);
    for (const change of contacts) {
      const { contact_inboxes: inboxes, ...got } = (await api.get(`/contacts/${String(change.id)}`)).json.payload as Loose;
      expect(inboxes).toBeDefined();
      expect(change.data).toEqual(got);
    }
  });
});

describe('a replica built from the feed', () => {
  type Op =
    | { kind: 'create'; name: string }
    | { kind: 'rename'; target: number; name: string }
    | { kind: 'label'; target: number; labels: string[] }
    | { kind: 'delete'; target: number }
    | { kind: 'poll' };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('Ana', 'Bea', 'Carla', 'Dani') }),
    fc.record({ kind: fc.constant('rename' as const), target: fc.nat(20), name: fc.constantFrom('Eva', 'Fran', 'Gus') }),
    fc.record({ kind: fc.constant('label' as const), target: fc.nat(20), labels: fc.subarray(['vip', 'lead', 'b2b']) }),
    fc.record({ kind: fc.constant('delete' as const), target: fc.nat(20) }),
    fc.constant({ kind: 'poll' as const }),
  );

  test('equals the server after any interleaving of writes and partial reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 4 }), async (ops, pageSize) => {
        const { api } = await account();
        const replica = new Map<number, { name: string; labels: string[] }>();
        const ids: number[] = [];
        let cursor = '';
        const poll = async () => {
          const read = await readFeed(api, cursor, pageSize);
          cursor = read.cursor;
          for (const change of read.changes) {
            const id = Number(change.id);
            const [entity, op] = [String(change.entity), String(change.op)];
            if (entity === 'contact') {
              if (op === 'delete') replica.delete(id);
              else replica.set(id, { name: String(change.data.name), labels: list(change.data.labels).map(String) });
            } else if (entity === 'contact_labels' && op === 'upsert') {
              const entry = replica.get(id);
              if (entry) entry.labels = list(change.data.labels).map(String);
            }
          }
        };
        for (const op of ops) {
          const target = ids.length > 0 && op.kind !== 'create' && op.kind !== 'poll' ? ids[op.target % ids.length] : null;
          if (op.kind === 'create') ids.push(Number((await api.post('/contacts', { name: op.name })).json.payload.contact.id));
          else if (op.kind === 'poll') await poll();
          else if (target !== null && op.kind === 'rename') await api.patch(`/contacts/${target}`, { name: op.name });
          else if (target !== null && op.kind === 'label') await api.post(`/contacts/${target}/labels`, { labels: op.labels });
          else if (target !== null && op.kind === 'delete') await api.delete(`/contacts/${target}`);
        }
        await poll();
        const server = list((await api.get('/contacts?per_page=1000')).json.payload);
        const expected = new Map(server.map((contact) => [Number(contact.id), { name: String(contact.name), labels: list(contact.labels).map(String) }]));
        expect(new Map([...replica].sort(([a], [b]) => a - b))).toEqual(new Map([...expected].sort(([a], [b]) => a - b)));
      }),
      { numRuns: 25, seed: 11 },
    );
  }, 60_000);
});

describe('idempotency keys', () => {
  test('a retried create returns the first result and creates nothing more', async () => {
    const { acct, api } = await account();
    const options = { headers: { 'idempotency-key': 'create-1' } };
    const first = await api.post('/contacts', { name: 'Once', email: 'once@x.test' }, options);
    const retry = await api.post('/contacts', { name: 'Once', email: 'once@x.test' }, options);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const count = await h.db.query<{ count: number }>('SELECT count(*)::int AS count FROM contacts WHERE account_id = $1', [acct.accountId]);
    expect(count.rows[0].count).toBe(1);
    expect((await readFeed(api)).changes).toHaveLength(1);
    const reused = await api.post('/contacts', { name: 'Different' }, options);
    expect(reused.status).toBe(422);
    // Keys belong to an account.
    const other = await account();
    expect((await other.api.post('/contacts', { name: 'Once', email: 'once@x.test' }, options)).status).toBe(200);
  });

  test('concurrent requests with one key make one contact', async () => {
    const { acct, api } = await account();
    const options = { headers: { 'idempotency-key': 'race' } };
    const replies = await Promise.all(Array.from({ length: 6 }, () => api.post('/contacts', { name: 'Race' }, options)));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(new Set(replies.map((reply) => reply.json.payload.contact.id)).size).toBe(1);
    const count = await h.db.query<{ count: number }>('SELECT count(*)::int AS count FROM contacts WHERE account_id = $1', [acct.accountId]);
    expect(count.rows[0].count).toBe(1);
  });

  test('retried update, labels, note and delete change nothing twice', async () => {
    const { api } = await account();
    const contact = (await api.post('/contacts', { name: 'A', email: 'a@x.test' })).json.payload.contact;
    const key = (value: string) => ({ headers: { 'idempotency-key': value } });
    await api.patch(`/contacts/${contact.id}`, { custom_attributes: { n: 1 } }, key('u1'));
    await api.patch(`/contacts/${contact.id}`, { custom_attributes: { n: 1 } }, key('u1'));
    expect((await api.get(`/contacts/${contact.id}`)).json.payload.version).toBe(2);
    const notes = [await api.post(`/contacts/${contact.id}/notes`, { content: 'n' }, key('n1')), await api.post(`/contacts/${contact.id}/notes`, { content: 'n' }, key('n1'))];
    expect(notes[1].json.id).toBe(notes[0].json.id);
    expect(list((await api.get(`/contacts/${contact.id}/notes`)).json)).toHaveLength(1);
    await api.post(`/contacts/${contact.id}/labels`, { labels: ['a'] }, key('l1'));
    expect((await api.get(`/contacts/${contact.id}/labels`)).headers.etag).toBe('"2"');
    const deleted = await api.delete(`/contacts/${contact.id}`, key('d1'));
    const again = await api.delete(`/contacts/${contact.id}`, key('d1'));
    expect(deleted.status).toBe(200);
    expect(again.status).toBe(200);
    expect((await api.delete(`/contacts/${contact.id}`, key('d2'))).status).toBe(404);
  });

  test('a failed request is not stored under its key', async () => {
    const { api } = await account();
    const options = { headers: { 'idempotency-key': 'fails' } };
    expect((await api.post('/contacts', { name: 'x', email: 'bad' }, options)).status).toBe(422);
    expect((await api.post('/contacts', { name: 'x', email: 'bad' }, options)).status).toBe(422);
    expect((await api.post('/contacts', { name: 'x' }, { headers: { 'idempotency-key': '' } })).status).toBe(422);
    expect((await api.post('/contacts', { name: 'x' }, { headers: { 'idempotency-key': 'k'.repeat(256) } })).status).toBe(422);
  });
});

describe('versions and If-Match', () => {
  test('a stale If-Match gets 412 with the current record; the current one succeeds', async () => {
    const { api } = await account();
    const contact = (await api.post('/contacts', { name: 'A', email: 'a@x.test' })).json.payload.contact;
    await api.patch(`/contacts/${contact.id}`, { name: 'B' }, { headers: { 'if-match': '"1"' } });
    const stale = await api.patch(`/contacts/${contact.id}`, { name: 'C' }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.json.payload).toMatchObject({ id: contact.id, name: 'B', version: 2 });
    expect(stale.headers.etag).toBe('"2"');
    expect((await api.get(`/contacts/${contact.id}`)).json.payload.name).toBe('B');
    const ok = await api.patch(`/contacts/${contact.id}`, { name: 'C' }, { headers: { 'if-match': '"2"' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"3"');
    const weak = await api.patch(`/contacts/${contact.id}`, { name: 'C2' }, { headers: { 'if-match': 'W/"3"' } });
    expect(weak.status).toBe(200);
    expect((await api.patch(`/contacts/${contact.id}`, { name: 'D' }, { headers: { 'if-match': 'garbage' } })).status).toBe(400);
    expect((await api.patch(`/contacts/${contact.id}`, { name: 'D' }, { headers: { 'if-match': '*' } })).status).toBe(200);
    const staleDelete = await api.delete(`/contacts/${contact.id}`, { headers: { 'if-match': '"1"' } });
    expect(staleDelete.status).toBe(412);
    const version = (await api.get(`/contacts/${contact.id}`)).headers.etag as string;
    expect((await api.delete(`/contacts/${contact.id}`, { headers: { 'if-match': version } })).status).toBe(200);
  });

  test('a PATCH that changes nothing keeps the version, whatever the order of its attributes', async () => {
    const { api } = await account();
    const contact = (
      await api.post('/contacts', { name: 'A', email: 'a@x.test', custom_attributes: { plan: 'pro', seats: 3 }, additional_attributes: { city: 'Lima', company_name: 'Acme' } })
    ).json.payload.contact;
    const feedBefore = await readFeed(api);
    // The same values, keys in another order (the database keeps JSON objects in its own order).
    const same = await api.patch(`/contacts/${contact.id}`, { custom_attributes: { seats: 3, plan: 'pro' }, additional_attributes: { company_name: 'Acme', city: 'Lima' } });
    expect(same.status).toBe(200);
    expect(same.headers.etag).toBe('"1"');
    expect((await readFeed(api, feedBefore.cursor)).changes).toEqual([]);
    const changed = await api.patch(`/contacts/${contact.id}`, { custom_attributes: { seats: 4, plan: 'pro' } });
    expect(changed.headers.etag).toBe('"2"');
  });

  test('labels, notes, definitions and segments carry their own versions', async () => {
    const { api } = await account();
    const contact = (await api.post('/contacts', { name: 'A', email: 'a@x.test' })).json.payload.contact;
    await api.post(`/contacts/${contact.id}/labels`, { labels: ['a'] });
    const staleLabels = await api.post(`/contacts/${contact.id}/labels`, { labels: ['b'] }, { headers: { 'if-match': '"1"' } });
    expect(staleLabels.status).toBe(412);
    expect(staleLabels.json.payload).toEqual(['a']);
    // Labels have their own version: the contact's did not move.
    expect((await api.get(`/contacts/${contact.id}`)).json.payload.version).toBe(1);
    const note = (await api.post(`/contacts/${contact.id}/notes`, { content: 'x' })).json;
    await api.patch(`/contacts/${contact.id}/notes/${note.id}`, { content: 'y' });
    const staleNote = await api.patch(`/contacts/${contact.id}/notes/${note.id}`, { content: 'z' }, { headers: { 'if-match': '"1"' } });
    expect(staleNote.status).toBe(412);
    expect(staleNote.json.payload).toMatchObject({ content: 'y', version: 2 });
    const definition = (await api.post('/custom_attribute_definitions', { attribute_display_name: 'P', attribute_key: 'p', attribute_model: 1 })).json;
    await api.patch(`/custom_attribute_definitions/${definition.id}`, { attribute_display_name: 'Q' });
    expect((await api.delete(`/custom_attribute_definitions/${definition.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(412);
    const segment = (await api.post('/custom_filters', { name: 'S', filter_type: 'contact', query: {} })).json;
    expect((await api.patch(`/custom_filters/${segment.id}`, { name: 'T' }, { headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect((await api.patch(`/custom_filters/${segment.id}`, { name: 'U' }, { headers: { 'if-match': '"1"' } })).status).toBe(412);
  });
});

describe('long-poll (wait)', () => {
  test('a waiting read answers as soon as a change is committed, with that change', async () => {
    const { api } = await account();
    const { cursor } = await readFeed(api);
    const started = Date.now();
    const waiting = api.get(`/sync/changes?since=${cursor}&wait=20`);
    // Let the request reach its wait before the write.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = await api.post('/contacts', { name: 'Arrives live' });
    const reply = await waiting;
    expect(reply.status, reply.raw).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const changes = list(reply.json.changes);
    expect(changes.map((change) => change.id)).toContain(created.json.payload.contact.id);
    expect(Number(reply.json.cursor)).toBeGreaterThan(Number(cursor));
  });

  test('with changes already after the cursor, a waiting read does not wait', async () => {
    const { api } = await account();
    await api.post('/contacts', { name: 'Already there' });
    const started = Date.now();
    const reply = await api.get('/sync/changes?since=&wait=20');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(list(reply.json.changes)).toHaveLength(1);
  });

  test('nothing new: the read ends after the wait with the same cursor and no changes', async () => {
    const { api } = await account();
    await api.post('/contacts', { name: 'Old' });
    const { cursor } = await readFeed(api);
    const started = Date.now();
    const reply = await api.get(`/sync/changes?since=${cursor}&wait=1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(reply.json).toEqual({ changes: [], cursor, has_more: false });
  });

  test('another user’s segment moves the counter but does not end this user’s wait early', async () => {
    const { acct, api } = await account();
    const other = await h.newAgent(acct.accountId);
    const otherApi = client(h, { ...acct, token: other.token });
    const { cursor } = await readFeed(api);
    const waiting = api.get(`/sync/changes?since=${cursor}&wait=1`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await otherApi.post('/custom_filters', { name: 'Mine only', filter_type: 'contact', query: {} })).status).toBe(200);
    const reply = await waiting;
    expect(list(reply.json.changes)).toEqual([]);
    // The cursor moves past what this user cannot see, so the next wait does not answer at once.
    expect(Number(reply.json.cursor)).toBeGreaterThan(Number(cursor));
  });

  test('wait is bounded and checked: seconds from 0 to the maximum', () => {
    expect(parseWait(undefined)).toBe(0);
    expect(parseWait('')).toBe(0);
    expect(parseWait('7')).toBe(7);
    expect(parseWait('3600')).toBe(MAX_WAIT_SECONDS);
    for (const bad of ['-1', '1.5', 'x', '1e3']) expect(() => parseWait(bad)).toThrow(/wait must be/);
  });
});

describe('--demo', () => {
  test('seeds contacts with labels, notes, attribute definitions and inboxes, all in the feed; only into an empty account', async () => {
    const { acct, api } = await account();
    const result = await seedDemo(h.db, acct.accountId, acct.userId, 40, 3);
    expect(result).toEqual({ contacts: 40, notes: 8, inboxes: 5 });
    const listed = await api.get('/contacts?per_page=100');
    expect(listed.json.meta.count).toBe(40);
    const contacts = list(listed.json.payload);
    expect(contacts.some((contact) => list(contact.labels).length > 0)).toBe(true);
    const generated = generateContacts(40, { seed: 3 });
    expect(contacts.map((contact) => contact.name).sort()).toEqual(generated.map((contact) => contact.name).sort());
    expect(contacts.map((contact) => contact.phone_number).sort()).toEqual(generated.map((contact) => contact.phone).sort());
    const inboxes = list((await api.get('/inboxes')).json.payload).map((inbox) => inbox.channel_type);
    expect(inboxes).toEqual(['Channel::Email', 'Channel::Sms', 'Channel::Whatsapp', 'Channel::WebWidget', 'Channel::Api']);
    const { changes } = await readFeed(api);
    const count = (entity: string) => changes.filter((change) => String(change.entity) === entity).length;
    expect(count('contact')).toBe(40);
    expect(count('note')).toBe(8);
    expect(count('custom_attribute_definition')).toBe(2);
    // Each contact's change carries its labels, so their own changes are left out (readChanges).
    expect(count('contact_labels')).toBe(0);
    const labelsById = new Map(contacts.map((contact) => [Number(contact.id), list(contact.labels)]));
    for (const change of changes.filter((change) => String(change.entity) === 'contact')) expect(change.data.labels).toEqual(labelsById.get(Number(change.id)));
    // The same seed gives the same contacts; a second run adds nothing.
    expect(await seedDemo(h.db, acct.accountId, acct.userId, 40, 3)).toEqual({ contacts: 0, notes: 0, inboxes: 0 });
  });
});
