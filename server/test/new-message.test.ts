/** New outbound conversations (issue 9; notes §6): channel rules, lock to one conversation, WhatsApp templates, idempotency. */
import { describe, expect, test } from 'vitest';
import { client, fileHarness, list } from './helpers';

const h = fileHarness();

const TEMPLATES = [
  { name: 'renewal', language: 'es', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}, tu plan {{2}} vence pronto.' }] },
  { name: 'promo', language: 'es', category: 'MARKETING', status: 'REJECTED', components: [{ type: 'BODY', text: 'Oferta' }] },
];

async function setup() {
  const acct = await h.newAccount();
  const api = client(h, acct);
  const inboxes: Record<string, number> = {};
  for (const type of ['email', 'sms', 'whatsapp', 'website', 'api']) {
    const reply = await api.post('/inboxes', { name: `In ${type}`, channel: { type } });
    expect(reply.status, reply.raw).toBe(200);
    inboxes[type] = reply.json.id as unknown as number;
  }
  const contact = async (body: Record<string, unknown>) => {
    const reply = await api.post('/contacts', body);
    expect(reply.status, reply.raw).toBe(200);
    return reply.json.payload.contact.id as unknown as number;
  };
  return { acct, api, inboxes, contact };
}

describe('POST /conversations follows notes §6', () => {
  test('422 with Chatwoot’s words when the channel needs an email or a phone the contact lacks', async () => {
    const { api, inboxes, contact } = await setup();
    const nobody = await contact({ name: 'N', identifier: 'n-1' });
    const email = await api.post('/conversations', { inbox_id: inboxes.email, contact_id: nobody, message: { content: 'x' } });
    expect(email.status).toBe(422);
    expect(email.json.message ?? email.json.error).toMatch(/contact email/);
    for (const channel of ['sms', 'whatsapp']) {
      const reply = await api.post('/conversations', { inbox_id: inboxes[channel], contact_id: nobody, message: { content: 'x' } });
      expect(reply.status).toBe(422);
      expect(reply.raw).toMatch(/contact phone number/);
    }
    // Nothing was stored by the refusals.
    expect(list((await api.get(`/contacts/${nobody}/conversations`)).json.payload)).toEqual([]);
    // API always works; WhatsApp's source id is the phone without "+".
    expect((await api.post('/conversations', { inbox_id: inboxes.api, contact_id: nobody, message: { content: 'x' } })).status).toBe(200);
  });

  test('unsupported channel types are refused', async () => {
    const { acct, api, contact } = await setup();
    const id = await contact({ name: 'T', email: 't@x.test' });
    const { rows } = await h.db.query<{ id: number }>(`INSERT INTO inboxes (account_id, name, channel_type) VALUES ($1, 'Telegram', 'Channel::Telegram') RETURNING id`, [acct.accountId]);
    const reply = await api.post('/conversations', { inbox_id: rows[0].id, contact_id: id, message: { content: 'x' } });
    expect(reply.status).toBe(422);
    expect(reply.raw).toContain('Unsupported operation for this channel');
  });

  test('lock_to_single_conversation reuses the last conversation; the message is stored there', async () => {
    const { api, inboxes, contact } = await setup();
    const id = await contact({ name: 'L', email: 'l@x.test' });
    const patched = await api.patch(`/inboxes/${inboxes.email}`, { lock_to_single_conversation: true });
    expect(patched.status, patched.raw).toBe(200);
    expect(patched.json.lock_to_single_conversation).toBe(true);
    const first = await api.post('/conversations', { inbox_id: inboxes.email, contact_id: id, message: { content: 'one' } });
    const second = await api.post('/conversations', { inbox_id: inboxes.email, contact_id: id, message: { content: 'two', cc_emails: 'a@x.test, ,b@x.test' } });
    expect(second.json.id).toBe(first.json.id);
    expect(list(second.json.messages).map((m) => m.content)).toEqual(['one', 'two']);
    expect(list(second.json.messages)[1].content_attributes).toEqual({ cc_emails: ['a@x.test', 'b@x.test'] });
    // Not locked: a new one each time.
    const other = await api.post('/conversations', { inbox_id: inboxes.api, contact_id: id, message: { content: 'three' } });
    const fourth = await api.post('/conversations', { inbox_id: inboxes.api, contact_id: id, message: { content: 'four' } });
    expect(fourth.json.id).not.toBe(other.json.id);
  });

  test('WhatsApp outside the 24-hour window needs an approved template with every parameter', async () => {
    const { acct, api, inboxes, contact } = await setup();
    const id = await contact({ name: 'W', phone_number: '+34612345678' });
    const inbox = await api.patch(`/inboxes/${inboxes.whatsapp}`, { channel: { message_templates: TEMPLATES } });
    expect(list(inbox.json.message_templates).map((t) => t.name)).toEqual(['renewal', 'promo']);
    // Only WhatsApp inboxes expose templates.
    expect(list((await api.get('/inboxes')).json.payload).filter((i) => 'message_templates' in i).map((i) => i.id)).toEqual([inboxes.whatsapp]);

    const free = await api.post('/conversations', { inbox_id: inboxes.whatsapp, contact_id: id, message: { content: 'hola' } });
    expect(free.status).toBe(422);
    expect(free.raw).toContain('template is required');
    const rejected = await api.post('/conversations', { inbox_id: inboxes.whatsapp, contact_id: id, message: { content: 'x', template_params: { name: 'promo', processed_params: {} } } });
    expect(rejected.status).toBe(422);
    const partial = await api.post('/conversations', {
      inbox_id: inboxes.whatsapp,
      contact_id: id,
      message: { content: 'Hola Ana, tu plan  vence pronto.', template_params: { name: 'renewal', language: 'es', processed_params: { '1': 'Ana', '2': ' ' } } },
    });
    expect(partial.status).toBe(422);
    expect(partial.raw).toContain('parameters are missing: 2');
    const ok = await api.post('/conversations', {
      inbox_id: inboxes.whatsapp,
      contact_id: id,
      message: { content: 'Hola Ana, tu plan Oro vence pronto.', template_params: { name: 'renewal', category: 'UTILITY', language: 'es', processed_params: { '1': 'Ana', '2': 'Oro' } } },
    });
    expect(ok.status, ok.raw).toBe(200);
    expect(list(ok.json.messages)[0].content_attributes).toMatchObject({ template_params: { name: 'renewal', processed_params: { '2': 'Oro' } } });

    // The contact writes: for 24 hours free text is fine.
    const { rows } = await h.db.query<{ id: number }>('SELECT id FROM conversations WHERE account_id = $1 AND display_id = $2', [acct.accountId, ok.json.id]);
    await h.db.query(`INSERT INTO messages (account_id, conversation_id, content, message_type, created_at) VALUES ($1, $2, 'gracias', 0, now() - interval '23 hours')`, [acct.accountId, rows[0].id]);
    expect((await api.post('/conversations', { inbox_id: inboxes.whatsapp, contact_id: id, message: { content: 'de nada' } })).status).toBe(200);
    await h.db.query(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE conversation_id = $1 AND message_type = 0`, [rows[0].id]);
    expect((await api.post('/conversations', { inbox_id: inboxes.whatsapp, contact_id: id, message: { content: 'otra vez' } })).status).toBe(422);
  });

  test('website: contact_inboxes with hmac_verified, listed as contactable with the flag', async () => {
    const { api, inboxes, contact } = await setup();
    const id = await contact({ name: 'V', email: 'v@x.test' });
    let offered = list((await api.get(`/contacts/${id}/contactable_inboxes`)).json.payload);
    expect(offered.map((item) => item.inbox.id)).not.toContain(inboxes.website);
    const link = await api.post(`/contacts/${id}/contact_inboxes`, { inbox_id: inboxes.website, source_id: 'visitor-1', hmac_verified: true });
    expect(link.status, link.raw).toBe(200);
    expect(link.json).toMatchObject({ source_id: 'visitor-1', hmac_verified: true });
    offered = list((await api.get(`/contacts/${id}/contactable_inboxes`)).json.payload);
    expect(offered.find((item) => item.inbox.id === (inboxes.website as unknown))).toMatchObject({ source_id: 'visitor-1', hmac_verified: true });
    const sent = await api.post('/conversations', { inbox_id: inboxes.website, contact_id: id, message: { content: 'hi' } });
    expect(sent.status, sent.raw).toBe(200);
    // Still offered after a conversation: the guide's HMAC rule, not Chatwoot's "no conversation yet".
    offered = list((await api.get(`/contacts/${id}/contactable_inboxes`)).json.payload);
    expect(offered.map((item) => item.inbox.id)).toContain(inboxes.website);
    // Another contact cannot take the same widget identity.
    const other = await contact({ name: 'O', email: 'o@x.test' });
    expect((await api.post(`/contacts/${other}/contact_inboxes`, { inbox_id: inboxes.website, source_id: 'visitor-1' })).status).toBe(422);
  });

  test('an Idempotency-Key replays the first answer and stores one conversation', async () => {
    const { acct, api, inboxes, contact } = await setup();
    const id = await contact({ name: 'I', email: 'i@x.test' });
    const body = { inbox_id: inboxes.email, contact_id: id, message: { content: 'once' }, additional_attributes: { mail_subject: 'S' } };
    const first = await api.post('/conversations', body, { headers: { 'idempotency-key': 'k-1' } });
    const again = await api.post('/conversations', body, { headers: { 'idempotency-key': 'k-1' } });
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const stored = await h.db.query<{ count: number }>('SELECT count(*)::int AS count FROM conversations WHERE account_id = $1', [acct.accountId]);
    expect(stored.rows[0].count).toBe(1);
    expect(first.json.additional_attributes).toEqual({ mail_subject: 'S' });
  });

  test('a message moves the contact’s last_activity_at and version, and the feed carries it', async () => {
    const { api, inboxes, contact } = await setup();
    const id = await contact({ name: 'Active', email: 'active@x.test' });
    const before = (await api.get(`/contacts/${id}`)).json.payload;
    expect(before.last_activity_at).toBeUndefined();
    const cursor = String((await api.get('/sync/changes?limit=1000')).json.cursor);
    const startedAt = Math.floor(Date.now() / 1000);
    expect((await api.post('/conversations', { inbox_id: inboxes.email, contact_id: id, message: { content: 'Hello' } })).status).toBe(200);
    const after = (await api.get(`/contacts/${id}`)).json.payload;
    expect(Number(after.last_activity_at)).toBeGreaterThanOrEqual(startedAt);
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    const changes = list((await api.get(`/sync/changes?since=${cursor}`)).json.changes);
    const change = changes.find((entry) => String(entry.entity) === 'contact' && Number(entry.id) === id);
    expect(change?.data).toMatchObject({ id, last_activity_at: after.last_activity_at, version: after.version });
  });

  test('only administrators change inboxes; templates must have names', async () => {
    const { acct, api, inboxes } = await setup();
    const agent = await h.newAgent(acct.accountId);
    const denied = await h.request(h.app, 'PATCH', `${acct.base}/inboxes/${inboxes.whatsapp}`, { token: agent.token, body: { lock_to_single_conversation: true } });
    expect(denied.status).toBe(403);
    expect((await api.patch(`/inboxes/${inboxes.whatsapp}`, { channel: { message_templates: [{ language: 'es' }] } })).status).toBe(422);
    expect((await api.patch('/inboxes/999999', { lock_to_single_conversation: true })).status).toBe(404);
  });
});
