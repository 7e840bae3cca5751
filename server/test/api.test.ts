/** The Chatwoot-compatible API: contacts, labels, notes, attributes, segments, inboxes, auth, errors. */
import { describe, expect, test } from 'vitest';
import { parsePaging } from '../src/contacts/routes';
import type { client} from './helpers';
import { fileHarness, list } from './helpers';

const h = fileHarness();
const account = () => h.account();

async function createContact(api: ReturnType<typeof client>, body: Record<string, unknown>) {
  const reply = await api.post('/contacts', body);
  expect(reply.status, reply.raw).toBe(200);
  return reply.json.payload.contact;
}

describe('contacts: create, show, update, delete', () => {
  test('create returns Chatwoot shape with the email lower-cased and no contact_inbox', async () => {
    const { api } = await account();
    const reply = await api.post('/contacts', {
      name: 'Alice Doe',
      email: ' Alice@Acme.INC ',
      phone_number: '+4915112345678',
      identifier: 'crm-42',
      additional_attributes: { company_name: 'Acme', city: 'Berlin' },
      custom_attributes: { plan: 'gold' },
      unknown_key: 'ignored',
    });
    expect(reply.status).toBe(200);
    const contact = reply.json.payload.contact;
    expect(contact).toMatchObject({
      name: 'Alice Doe',
      email: 'alice@acme.inc',
      phone_number: '+4915112345678',
      identifier: 'crm-42',
      blocked: false,
      thumbnail: '',
      availability_status: 'offline',
      additional_attributes: { company_name: 'Acme', city: 'Berlin' },
      custom_attributes: { plan: 'gold' },
      contact_inboxes: [],
      version: 1,
    });
    expect(typeof contact.created_at).toBe('number');
    expect(Math.abs(Number(contact.created_at) - Date.now() / 1000)).toBeLessThan(120);
    expect('last_activity_at' in contact).toBe(false);
    expect('unknown_key' in contact).toBe(false);
    expect(reply.json.payload.contact_inbox).toEqual({ inbox: null, source_id: null });
    expect(reply.headers.etag).toBe('"1"');
  });

  test('create with an email inbox makes a contact_inbox whose source id is the email', async () => {
    const { api } = await account();
    const inbox = await api.post('/inboxes', { name: 'Mail', channel: { type: 'email' } });
    expect(inbox.status).toBe(200);
    const reply = await api.post('/contacts', { name: 'B', email: 'b@x.test', inbox_id: inbox.json.id });
    expect(reply.status).toBe(200);
    expect(reply.json.payload.contact_inbox.source_id).toBe('b@x.test');
    expect(reply.json.payload.contact_inbox.inbox).toMatchObject({ id: inbox.json.id, channel_type: 'Channel::Email' });
    expect(list(reply.json.payload.contact.contact_inboxes)).toHaveLength(1);
    const missing = await api.post('/contacts', { name: 'C', email: 'c@x.test', inbox_id: 999_999 });
    expect(missing.status).toBe(404);
    // The failed create left nothing behind.
    expect((await api.get('/contacts/search?q=c@x.test')).json.meta.count).toBe(0);
  });

  test('validation errors are 422 {message, attributes} with Chatwoot texts', async () => {
    const { api } = await account();
    const invalid = await api.post('/contacts', { name: 'x', email: 'not-an-email', phone_number: '+34 612 34 56 78' });
    expect(invalid.status).toBe(422);
    expect(invalid.json).toEqual({ message: 'Email Invalid email, Phone number should be in e164 format', attributes: ['email', 'phone_number'] });
    // Chatwoot's unanchored regex let this through (chatwoot#15415); here it is refused.
    const unanchored = await api.post('/contacts', { name: 'x', phone_number: 'abc+12312312321' });
    expect(unanchored.status).toBe(422);
    expect(unanchored.json.attributes).toEqual(['phone_number']);
    for (const phone of ['+0123456', '+1', '+1234567890123456', '12345678']) {
      expect((await api.post('/contacts', { name: 'x', phone_number: phone })).status, phone).toBe(422);
    }
    const long = await api.post('/contacts', { name: 'n'.repeat(256) });
    expect(long.json).toEqual({ message: 'Name is too long (maximum is 255 characters)', attributes: ['name'] });
    const wrongType = await api.post('/contacts', { name: 123 });
    expect(wrongType.status).toBe(422);
    expect(wrongType.json.attributes).toEqual(['name']);
  });

  test('email (any case), phone and identifier (case-sensitive) are unique per account', async () => {
    const { api } = await account();
    await createContact(api, { name: 'A', email: 'a@x.test', phone_number: '+34612345678', identifier: 'CRM-1' });
    const clash = await api.post('/contacts', { name: 'B', email: 'A@X.TEST', phone_number: '+34612345678', identifier: 'CRM-1' });
    expect(clash.status).toBe(422);
    expect(clash.json).toEqual({
      message: 'Email has already been taken, Phone number has already been taken, Identifier has already been taken',
      attributes: ['email', 'phone_number', 'identifier'],
    });
    await createContact(api, { name: 'C', identifier: 'crm-1' });
    // Another account may hold the same values.
    const other = await account();
    await createContact(other.api, { name: 'A2', email: 'a@x.test', phone_number: '+34612345678', identifier: 'CRM-1' });
  });

  test('phone uniqueness is a database constraint, not only a check in the handler', async () => {
    const { acct, api } = await account();
    await createContact(api, { name: 'A', phone_number: '+34600000001' });
    await expect(h.db.query("INSERT INTO contacts (account_id, name, phone_number) VALUES ($1, 'dup', '+34600000001')", [acct.accountId])).rejects.toThrow(
      /contacts_phone_number_unique/,
    );
  });

  test('show: 404 body for unknown or malformed ids; last_activity_at only when set', async () => {
    const { api } = await account();
    const contact = await createContact(api, { name: 'A', email: 'a@x.test' });
    for (const id of ['999999', 'abc', '0', '-1', '1e3', '99999999999999999999']) {
      const reply = await api.get(`/contacts/${id}`);
      expect(reply.status, id).toBe(404);
      expect(reply.json).toEqual({ error: 'Resource could not be found' });
    }
    await h.db.query("UPDATE contacts SET last_activity_at = '2026-01-19T10:00:00Z' WHERE id = $1", [contact.id]);
    const shown = await api.get(`/contacts/${contact.id}`);
    expect(shown.json.payload.last_activity_at).toBe(Date.UTC(2026, 0, 19, 10) / 1000);
    expect(shown.headers.etag).toBe('"1"');
    const slim = await api.get(`/contacts/${contact.id}?include_contact_inboxes=false`);
    expect('contact_inboxes' in slim.json.payload).toBe(false);
  });

  test('update shallow-merges attribute hashes (a nested hash is replaced whole), PATCH and PUT', async () => {
    const { api } = await account();
    const contact = await createContact(api, {
      name: 'A',
      additional_attributes: { company_name: 'Acme', social_profiles: { twitter: 'a', github: 'b' } },
      custom_attributes: { plan: 'gold', seats: 3 },
    });
    const patched = await api.patch(`/contacts/${contact.id}`, {
      additional_attributes: { city: 'Madrid', social_profiles: { linkedin: 'c' } },
      custom_attributes: { seats: 5 },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.payload.additional_attributes).toEqual({ company_name: 'Acme', city: 'Madrid', social_profiles: { linkedin: 'c' } });
    expect(patched.json.payload.custom_attributes).toEqual({ plan: 'gold', seats: 5 });
    expect(patched.json.payload.version).toBe(2);
    const put = await api.put(`/contacts/${contact.id}`, { name: 'Alicia', email: '' });
    expect(put.json.payload).toMatchObject({ name: 'Alicia', email: null, version: 3 });
    // Nothing changed: no new version.
    const same = await api.patch(`/contacts/${contact.id}`, { name: 'Alicia' });
    expect(same.json.payload.version).toBe(3);
    const removed = await api.post(`/contacts/${contact.id}/destroy_custom_attributes`, { custom_attributes: ['plan'] });
    expect(removed.json.payload.custom_attributes).toEqual({ seats: 5 });
    const clash = await createContact(api, { name: 'B', email: 'b@x.test' });
    const taken = await api.patch(`/contacts/${clash.id}`, { email: 'B@x.test' });
    expect(taken.status).toBe(200);
    const stolen = await api.patch(`/contacts/${contact.id}`, { email: 'b@x.test' });
    expect(stolen.json).toEqual({ message: 'Email has already been taken', attributes: ['email'] });
  });

  test('delete: administrators only; 200 with an empty body; then 404', async () => {
    const { acct, api } = await account();
    const contact = await createContact(api, { name: 'A', email: 'a@x.test' });
    const agent = await h.newAgent(acct.accountId);
    const denied = await h.request(h.app, 'DELETE', `${acct.base}/contacts/${contact.id}`, { token: agent.token });
    // 403 in the extension (never mistaken for a bad token); Chatwoot's 401 in strict mode; the same text.
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ error: 'You are not authorized to do this action' });
    const deniedStrict = await h.request(h.strictApp, 'DELETE', `${acct.base}/contacts/${contact.id}`, { token: agent.token });
    expect(deniedStrict.status).toBe(401);
    expect(deniedStrict.json).toEqual({ error: 'You are not authorized to do this action' });
    const deleted = await api.delete(`/contacts/${contact.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.raw).toBe('');
    expect((await api.get(`/contacts/${contact.id}`)).status).toBe(404);
    expect((await api.delete(`/contacts/${contact.id}`)).status).toBe(404);
  });
});

describe('contacts: list, paging, sort, search', () => {
  test('15 a page, meta.count total, current_page echoes the parameter as a string', async () => {
    const { api, strict } = await account();
    for (let i = 0; i < 20; i++) await createContact(api, { name: `C${String(i).padStart(2, '0')}`, email: `c${i}@x.test` });
    const first = await api.get('/contacts?sort=name');
    expect(first.json.meta).toEqual({ count: 20, current_page: 1 });
    expect(list(first.json.payload)).toHaveLength(15);
    const second = await api.get('/contacts?sort=name&page=2');
    expect(second.json.meta).toEqual({ count: 20, current_page: '2' });
    expect(list(second.json.payload).map((c) => c.name)).toEqual(['C15', 'C16', 'C17', 'C18', 'C19']);
    expect(list((await api.get('/contacts?page=9')).json.payload)).toEqual([]);
    expect(list((await api.get('/contacts?page=abc')).json.payload)).toHaveLength(15);
    expect(list((await api.get('/contacts?per_page=100')).json.payload)).toHaveLength(20);
    // Stock Chatwoot has no per_page.
    expect(list((await strict.get('/contacts?per_page=100')).json.payload)).toHaveLength(15);
    expect(parsePaging({ per_page: '5000' }, false).perPage).toBe(1000);
    expect(parsePaging({ per_page: '0' }, false).perPage).toBe(15);
    expect(parsePaging({ per_page: '50' }, true).perPage).toBe(15);
  });

  test('sort keys, directions and NULL placement as in Chatwoot', async () => {
    const { api } = await account();
    const a = await createContact(api, { name: 'beta', email: 'b@x.test', additional_attributes: { company_name: 'Zeta', city: 'Bonn' } });
    const b = await createContact(api, { name: 'Alpha', phone_number: '+34611111111', additional_attributes: { company_name: 'Acme' } });
    const c = await createContact(api, { name: 'gamma', email: 'a@x.test' });
    for (const [contact, day] of [[a, 1], [b, 2], [c, 3]] as const) {
      await h.db.query(`UPDATE contacts SET created_at = '2025-01-0${day}T00:00:00Z' WHERE id = $1`, [contact.id]);
    }
    await h.db.query("UPDATE contacts SET last_activity_at = '2026-01-01T00:00:00Z' WHERE id = $1", [a.id]);
    await h.db.query("UPDATE contacts SET last_activity_at = '2026-02-01T00:00:00Z' WHERE id = $1", [c.id]);
    const ids = async (sort: string) => list((await api.get(`/contacts?sort=${sort}`)).json.payload).map((contact) => contact.id);
    expect(await ids('name')).toEqual([b.id, a.id, c.id]);
    expect(await ids('-name')).toEqual([c.id, a.id, b.id]);
    expect(await ids('email')).toEqual([c.id, a.id, b.id]);
    // PostgreSQL's default: NULLs first when descending.
    expect(await ids('-email')).toEqual([b.id, a.id, c.id]);
    expect(await ids('last_activity_at')).toEqual([a.id, c.id, b.id]);
    expect(await ids('-last_activity_at')).toEqual([c.id, a.id, b.id]);
    expect(await ids('-company')).toEqual([a.id, b.id, c.id]);
    expect(await ids('company_name')).toEqual([b.id, a.id, c.id]);
    expect(await ids('city')).toEqual([a.id, b.id, c.id]);
    expect(await ids('-created_at')).toEqual([c.id, b.id, a.id]);
    expect(await ids('bogus')).toEqual([a.id, b.id, c.id]);
  });

  test('active contacts: nobody is online on this server', async () => {
    const { api } = await account();
    await createContact(api, { name: 'A', email: 'a@x.test' });
    expect((await api.get('/contacts/active')).json).toEqual({ meta: { count: 0, current_page: 1 }, payload: [] });
  });

  test('strict mode lists only resolved contacts; the extension lists all', async () => {
    const { api, strict } = await account();
    const nameless = await createContact(api, { name: 'No identifiers' });
    await createContact(api, { name: 'With email', email: 'w@x.test' });
    expect(list((await api.get('/contacts')).json.payload).map((c) => c.id)).toContain(nameless.id);
    const strictList = await strict.get('/contacts');
    expect(strictList.json.meta.count).toBe(1);
    expect(list(strictList.json.payload).map((c) => c.id)).not.toContain(nameless.id);
    // Still reachable by id, as in Chatwoot.
    expect((await strict.get(`/contacts/${nameless.id}`)).status).toBe(200);
  });

  test('labels[] on the list is an OR over labels', async () => {
    const { api } = await account();
    const a = await createContact(api, { name: 'A', email: 'a@x.test' });
    const b = await createContact(api, { name: 'B', email: 'b@x.test' });
    await createContact(api, { name: 'C', email: 'c@x.test' });
    await api.post(`/contacts/${a.id}/labels`, { labels: ['vip'] });
    await api.post(`/contacts/${b.id}/labels`, { labels: ['lead'] });
    const reply = await api.get('/contacts?labels[]=vip&labels[]=lead&sort=name');
    expect(list(reply.json.payload).map((c) => c.id)).toEqual([a.id, b.id]);
  });

  test('search: q required; case/accent-insensitive on name, email, phone, company; identifier as typed', async () => {
    const { api } = await account();
    const munoz = await createContact(api, { name: 'José Muñoz', email: 'jose@acme.test', identifier: 'CRM-7' });
    const phone = await createContact(api, { name: 'P', phone_number: '+34699887766', additional_attributes: { company_name: 'Ñandú SL' } });
    const percent = await createContact(api, { name: '100% real', email: 'p@x.test' });
    const missing = await api.get('/contacts/search');
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({ error: 'Specify search string with parameter q' });
    expect((await api.get('/contacts/search?q=%20%20')).status).toBe(422);
    const ids = async (q: string) => list((await api.get(`/contacts/search?q=${encodeURIComponent(q)}`)).json.payload).map((c) => c.id);
    expect(await ids('munoz')).toEqual([munoz.id]);
    expect(await ids('JOSÉ')).toEqual([munoz.id]);
    expect(await ids('ACME')).toEqual([munoz.id]);
    expect(await ids('99887')).toEqual([phone.id]);
    expect(await ids('nandu')).toEqual([phone.id]);
    expect(await ids('CRM-7')).toEqual([munoz.id]);
    expect(await ids('crm-7')).toEqual([]);
    expect(await ids('%')).toEqual([percent.id]);
    expect(await ids('_')).toEqual([]);
  });
});

describe('labels', () => {
  test('get and replace: lower-case, split on commas, no duplicates; 404 for others', async () => {
    const { api } = await account();
    const contact = await createContact(api, { name: 'A', email: 'a@x.test' });
    expect((await api.get(`/contacts/${contact.id}/labels`)).json).toEqual({ payload: [] });
    const set = await api.post(`/contacts/${contact.id}/labels`, { labels: ['VIP', 'lead, vip', ' ', 'Soporte'] });
    expect(set.json).toEqual({ payload: ['vip', 'lead', 'soporte'] });
    const replaced = await api.post(`/contacts/${contact.id}/labels`, { labels: ['churn-risk'] });
    expect(replaced.json).toEqual({ payload: ['churn-risk'] });
    expect((await api.get(`/contacts/${contact.id}/labels`)).json).toEqual({ payload: ['churn-risk'] });
    expect((await api.post(`/contacts/${contact.id}/labels`, { labels: [] })).json).toEqual({ payload: [] });
    expect((await api.post(`/contacts/${contact.id}/labels`, {})).status).toBe(422);
    expect((await api.get(`/contacts/999999/labels`)).status).toBe(404);
  });
});

describe('auth and account isolation', () => {
  test('missing, unknown and foreign tokens get 401; foreign records 404', async () => {
    const one = await account();
    const two = await account();
    const contact = await createContact(one.api, { name: 'Secret', email: 's@x.test' });
    const path = `${one.acct.base}/contacts/${contact.id}`;
    const none = await h.request(h.app, 'GET', path);
    expect(none.status).toBe(401);
    const bad = await h.request(h.app, 'GET', path, { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ error: 'Invalid Access Token' });
    const foreign = await h.request(h.app, 'GET', path, { token: two.acct.token });
    expect(foreign.status).toBe(401);
    expect(foreign.json).toEqual({ error: 'You are not authorized to access this account' });
    // Through its own account path, account two cannot reach account one's records.
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { name: 'x' }],
      ['DELETE', '', undefined],
      ['GET', '/labels', undefined],
      ['POST', '/labels', { labels: ['x'] }],
      ['GET', '/notes', undefined],
      ['POST', '/notes', { content: 'x' }],
      ['GET', '/contactable_inboxes', undefined],
    ] as const) {
      const reply = await h.request(h.app, method, `${two.acct.base}/contacts/${contact.id}${suffix}`, { token: two.acct.token, body });
      expect(reply.status, `${method} ${suffix}`).toBe(404);
    }
    expect((await one.api.get(`/contacts/${contact.id}`)).json.payload.name).toBe('Secret');
    expect(list((await two.api.get('/contacts')).json.payload)).toEqual([]);
    expect((await h.request(h.app, 'GET', '/api/v1/accounts/987654/contacts', { token: one.acct.token })).status).toBe(404);
  });
});

describe('request bodies', () => {
  test('malformed JSON, wrong shapes, poisoned keys and oversized bodies are 4xx, never a crash', async () => {
    const { api } = await account();
    const malformed = await api.post('/contacts', undefined, { payload: '{"name": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: 'Malformed JSON in request body' });
    expect((await api.post('/contacts', undefined, { payload: '[1,2]' })).status).toBe(422);
    expect((await api.post('/contacts', undefined, { payload: '"text"' })).status).toBe(422);
    expect((await api.post('/contacts', undefined, { payload: '{"name":"x","__proto__":{"admin":true}}' })).status).toBe(400);
    const huge = await api.post('/contacts', undefined, { payload: JSON.stringify({ name: 'x', custom_attributes: { blob: 'a'.repeat(1_100_000) } }) });
    expect(huge.status).toBe(413);
    const text = await api.post('/contacts', undefined, { payload: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    // A JSON content type with no body is an empty request.
    expect((await api.delete('/contacts/999999', { headers: { 'content-type': 'application/json' } })).status).toBe(404);
    // Still serving.
    expect((await api.post('/contacts', { name: 'after' })).status).toBe(200);
  });
});

describe('CORS', () => {
  test('a preflight is answered without a token; responses allow any origin and expose ETag', async () => {
    const { acct, api } = await account();
    const preflight = await h.request(h.app, 'OPTIONS', `${acct.base}/contacts`, {
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'api_access_token, idempotency-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('idempotency-key');
    const reply = await api.get('/contacts');
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(String(reply.headers['access-control-expose-headers'])).toContain('etag');
  });
});

describe('notes', () => {
  test('create (nested or flat), list newest first as a bare array, show, update, delete', async () => {
    const { acct, api } = await account();
    const contact = await createContact(api, { name: 'A', email: 'a@x.test' });
    const first = await api.post(`/contacts/${contact.id}/notes`, { note: { content: '**First**' } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ content: '**First**', contact_id: contact.id, account_id: acct.accountId, user: { id: acct.userId, name: 'Admin Tester' }, version: 1 });
    expect(typeof first.json.created_at).toBe('number');
    await h.db.query("UPDATE notes SET created_at = now() - interval '1 minute' WHERE id = $1", [first.json.id]);
    const second = await api.post(`/contacts/${contact.id}/notes`, { content: 'Second' });
    const notes = await api.get(`/contacts/${contact.id}/notes`);
    expect(Array.isArray(notes.body)).toBe(true);
    expect(list(notes.json).map((note) => note.id)).toEqual([second.json.id, first.json.id]);
    expect((await api.get(`/contacts/${contact.id}/notes/${first.json.id}`)).json.content).toBe('**First**');
    const updated = await api.patch(`/contacts/${contact.id}/notes/${first.json.id}`, { content: 'Edited' });
    expect(updated.json).toMatchObject({ content: 'Edited', version: 2 });
    expect((await api.put(`/contacts/${contact.id}/notes/${first.json.id}`, { note: { content: '' } })).status).toBe(422);
    expect((await api.delete(`/contacts/${contact.id}/notes/${first.json.id}`)).status).toBe(200);
    expect((await api.get(`/contacts/${contact.id}/notes/${first.json.id}`)).status).toBe(404);
    // A note id under the wrong contact is not found.
    const other = await createContact(api, { name: 'B', email: 'b@x.test' });
    expect((await api.get(`/contacts/${other.id}/notes/${second.json.id}`)).status).toBe(404);
  });

  test('blank or over-long content is 422; unknown contact 404', async () => {
    const { api } = await account();
    const contact = await createContact(api, { name: 'A', email: 'a@x.test' });
    const blank = await api.post(`/contacts/${contact.id}/notes`, { content: '   ' });
    expect(blank.json).toEqual({ message: "Content can't be blank", attributes: ['content'] });
    const long = await api.post(`/contacts/${contact.id}/notes`, { content: 'x'.repeat(20_001) });
    expect(long.status).toBe(422);
    expect((await api.post(`/contacts/${contact.id}/notes`, { content: 'x'.repeat(20_000) })).status).toBe(200);
    expect((await api.post('/contacts/999999/notes', { content: 'x' })).status).toBe(404);
  });
});

describe('custom attribute definitions', () => {
  test('create, list by model, show, update, delete; reserved and duplicate keys refused', async () => {
    const { api } = await account();
    const created = await api.post('/custom_attribute_definitions', {
      custom_attribute_definition: { attribute_display_name: 'Plan', attribute_key: 'plan', attribute_display_type: 'list', attribute_model: 'contact_attribute', attribute_values: ['free', 'gold'] },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ attribute_key: 'plan', attribute_display_type: 'list', attribute_model: 'contact_attribute', attribute_values: ['free', 'gold'] });
    expect(created.json.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const flat = await api.post('/custom_attribute_definitions', { attribute_display_name: 'Topic', attribute_key: 'topic', attribute_display_type: 0, attribute_model: 0 });
    expect(flat.json).toMatchObject({ attribute_display_type: 'text', attribute_model: 'conversation_attribute' });
    expect(list((await api.get('/custom_attribute_definitions')).json)).toHaveLength(2);
    expect(list((await api.get('/custom_attribute_definitions?attribute_model=contact_attribute')).json).map((d) => d.attribute_key)).toEqual(['plan']);
    expect(list((await api.get('/custom_attribute_definitions?attribute_model=0')).json).map((d) => d.attribute_key)).toEqual(['topic']);
    const reserved = await api.post('/custom_attribute_definitions', { attribute_display_name: 'E', attribute_key: 'email', attribute_model: 1 });
    expect(reserved.status).toBe(422);
    expect(reserved.json.attributes).toEqual(['attribute_key']);
    const duplicate = await api.post('/custom_attribute_definitions', { attribute_display_name: 'P', attribute_key: 'plan', attribute_model: 1 });
    expect(duplicate.json).toEqual({ message: 'Attribute key has already been taken', attributes: ['attribute_key'] });
    const blank = await api.post('/custom_attribute_definitions', { attribute_key: 'k' });
    expect(blank.json.attributes).toEqual(['attribute_display_name']);
    expect((await api.post('/custom_attribute_definitions', { attribute_display_name: 'X', attribute_key: 'x', attribute_display_type: 'colour' })).status).toBe(422);
    const updated = await api.patch(`/custom_attribute_definitions/${created.json.id}`, { attribute_values: ['free', 'gold', 'pro'] });
    expect(updated.json).toMatchObject({ attribute_values: ['free', 'gold', 'pro'], attribute_key: 'plan', version: 2 });
    expect((await api.get(`/custom_attribute_definitions/${created.json.id}`)).json.attribute_values).toEqual(['free', 'gold', 'pro']);
    expect((await api.delete(`/custom_attribute_definitions/${created.json.id}`)).status).toBe(204);
    expect((await api.get(`/custom_attribute_definitions/${created.json.id}`)).status).toBe(404);
  });
});

describe('custom filters (segments)', () => {
  test('per user; listing defaults to conversation filters; delete 204', async () => {
    const { acct, api } = await account();
    const query = { payload: [{ attribute_key: 'city', filter_operator: 'contains', values: ['berlin'], query_operator: null }] };
    const created = await api.post('/custom_filters', { custom_filter: { name: 'Berlin', filter_type: 'contact', query } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'Berlin', filter_type: 'contact', query });
    const numeric = await api.post('/custom_filters', { name: 'Numeric type', filter_type: 1, query });
    expect(numeric.json.filter_type).toBe('contact');
    expect(list((await api.get('/custom_filters')).json)).toEqual([]);
    expect(list((await api.get('/custom_filters?filter_type=contact')).json).map((s) => s.name)).toEqual(['Berlin', 'Numeric type']);
    expect((await api.post('/custom_filters', { name: '', filter_type: 'contact', query })).status).toBe(422);
    const agent = await h.newAgent(acct.accountId);
    const asAgent = (method: string, path: string, body?: unknown) => h.request(h.app, method, `${acct.base}${path}`, { token: agent.token, body });
    expect((await asAgent('GET', `/custom_filters/${created.json.id}`)).status).toBe(404);
    expect((await asAgent('DELETE', `/custom_filters/${created.json.id}`)).status).toBe(404);
    expect(list((await asAgent('GET', '/custom_filters?filter_type=contact')).json)).toEqual([]);
    const renamed = await api.patch(`/custom_filters/${created.json.id}`, { name: 'Berlín' });
    expect(renamed.json).toMatchObject({ name: 'Berlín', query, version: 2 });
    expect((await api.delete(`/custom_filters/${created.json.id}`)).status).toBe(204);
    expect((await api.get(`/custom_filters/${created.json.id}`)).status).toBe(404);
  });
});

describe('inboxes, contactable inboxes and conversations', () => {
  async function withInboxes() {
    const ctx = await account();
    const inboxes: Record<string, number> = {};
    for (const type of ['email', 'sms', 'whatsapp', 'website', 'api']) {
      const reply = await ctx.api.post('/inboxes', { name: `In ${type}`, channel: { type } });
      expect(reply.status).toBe(200);
      inboxes[type] = reply.json.id as unknown as number;
    }
    return { ...ctx, inboxes };
  }

  test('inboxes list their channel types; only administrators create them', async () => {
    const { acct, api } = await withInboxes();
    const reply = await api.get('/inboxes');
    expect(list(reply.json.payload).map((inbox) => inbox.channel_type)).toEqual([
      'Channel::Email',
      'Channel::Sms',
      'Channel::Whatsapp',
      'Channel::WebWidget',
      'Channel::Api',
    ]);
    const agent = await h.newAgent(acct.accountId);
    const denied = await h.request(h.app, 'POST', `${acct.base}/inboxes`, { token: agent.token, body: { name: 'x', channel: { type: 'api' } } });
    expect(denied.status).toBe(403);
    expect((await api.post('/inboxes', { name: 'x', channel: { type: 'telegram' } })).status).toBe(422);
  });

  test('contactable inboxes follow the channel rules', async () => {
    const { api, inboxes } = await withInboxes();
    const emailOnly = await createContact(api, { name: 'E', email: 'e@x.test' });
    const phoneOnly = await createContact(api, { name: 'P', phone_number: '+34612345678' });
    const offered = async (id: unknown) =>
      list((await api.get(`/contacts/${id}/contactable_inboxes`)).json.payload).map((item) => [item.inbox.channel_type, item.source_id]);
    const forEmail = await offered(emailOnly.id);
    expect(forEmail.map(([type]) => type)).toEqual(['Channel::Email', 'Channel::Api']);
    expect(forEmail[0][1]).toBe('e@x.test');
    const forPhone = await offered(phoneOnly.id);
    expect(forPhone.slice(0, 2)).toEqual([
      ['Channel::Sms', '+34612345678'],
      ['Channel::Whatsapp', '34612345678'],
    ]);
    expect(forPhone.map(([type]) => type)).not.toContain('Channel::WebWidget');
    expect(inboxes.website).toBeGreaterThan(0);
  });

  test('POST /conversations stores the conversation and its first message, delivering nothing', async () => {
    const { acct, api, inboxes } = await withInboxes();
    const contact = await createContact(api, { name: 'Alice', email: 'alice@x.test' });
    const reply = await api.post('/conversations', {
      inbox_id: inboxes.email,
      contact_id: contact.id,
      message: { content: 'Hi Alice', cc_emails: 'b@x.test, c@x.test' },
      additional_attributes: { mail_subject: 'Renewal' },
    });
    expect(reply.status, reply.raw).toBe(200);
    expect(reply.json).toMatchObject({ id: 1, account_id: acct.accountId, inbox_id: inboxes.email, status: 'open', meta: { sender: { id: contact.id } } });
    expect(reply.json.messages[0]).toMatchObject({ content: 'Hi Alice', message_type: 1, content_attributes: { cc_emails: ['b@x.test', 'c@x.test'] } });
    const again = await api.post('/conversations', { inbox_id: inboxes.api, contact_id: contact.id, message: { content: 'Second' } });
    expect(again.json.id).toBe(2);
    const stored = await h.db.query<{ count: number }>('SELECT count(*)::int AS count FROM messages WHERE account_id = $1', [acct.accountId]);
    expect(stored.rows[0].count).toBe(2);
    const listed = await api.get(`/contacts/${contact.id}/conversations`);
    expect(list(listed.json.payload).map((conversation) => conversation.id).sort()).toEqual([1, 2]);
    expect(list(listed.json.payload).find((conversation) => conversation.id === (1 as unknown))?.messages[0].content).toBe('Hi Alice');
    expect((await api.get('/contacts/999999/conversations')).status).toBe(404);
    const noPhone = await api.post('/conversations', { inbox_id: inboxes.sms, contact_id: contact.id, message: { content: 'x' } });
    expect(noPhone.status).toBe(422);
    expect((await api.post('/conversations', { inbox_id: 999_999, contact_id: contact.id })).status).toBe(404);
    expect((await api.post('/conversations', { inbox_id: inboxes.email })).status).toBe(422);
    const other = await account();
    const foreign = await h.request(h.app, 'POST', `${other.acct.base}/conversations`, {
      token: other.acct.token,
      body: { inbox_id: inboxes.email, contact_id: contact.id },
    });
    expect(foreign.status).toBe(404);
  });
});
