/**
 * The messages participant against the real server (server/src on in-memory PGlite) in both modes:
 * a message waits for its contact, is created once even when the answer is lost, a refusal is kept
 * with the server's words and blocks nothing, and inboxes/conversations/links are cached.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../../../shared/messaging/records';
import { createMessagesRepository, type MessagesRepository } from '../../store/messages-repository';
import { createRepositoryCore } from '../../store/records-repository';
import { createRepository, type Repository } from '../../store/repository';
import { WintookDb } from '../../store/schema';
import { createSyncEngine, type SyncEngine } from '../engine';
import type { SyncTransport } from '../transport';
import { createContactsParticipant } from './contacts';
import { createMessagesParticipant } from './messages';
import { startServers, type ServerHarness } from '../../../../../../tests/support/sync-harness';
import type { FastifyInstance } from 'fastify';

let server: ServerHarness;

beforeAll(async () => {
  server = await startServers();
}, 120_000);

afterAll(async () => {
  await server?.close();
});

let counter = 0;

/** Requests straight into Fastify; `dropAnswerOf` loses the answer (after the server committed) of matching requests once. */
function transportFor(app: FastifyInstance, accountId: number, token: string, faults: { dropAnswerOf?: RegExp; offline?: boolean } = {}): SyncTransport & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    async request(request) {
      if (faults.offline) throw new TypeError('Failed to fetch');
      const url = new URL(`http://x/api/v1/accounts/${accountId}/${request.path}`);
      for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));
      const headers: Record<string, string> = { api_access_token: token };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
      const response = await app.inject({ method: request.method, url: url.pathname + url.search, headers, payload: request.body === undefined ? undefined : JSON.stringify(request.body) });
      log.push(`${request.method} ${request.path} ${response.statusCode}`);
      if (faults.dropAnswerOf?.test(`${request.method} ${request.path}`)) {
        faults.dropAnswerOf = undefined;
        throw new TypeError('network connection was lost');
      }
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) out[key.toLowerCase()] = String(value);
      let body: unknown = null;
      if (response.body !== '') {
        try {
          body = JSON.parse(response.body);
        } catch {
          body = response.body;
        }
      }
      return { status: response.statusCode, headers: out, body };
    },
  };
}

interface Setup {
  accountId: number;
  token: string;
  db: WintookDb;
  repository: Repository;
  messages: MessagesRepository;
  engine: SyncEngine;
  transport: ReturnType<typeof transportFor>;
  inboxes: Record<string, number>;
  watched: string[];
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

async function setup(mode: 'extension' | 'strict', faults: { dropAnswerOf?: RegExp; offline?: boolean } = {}): Promise<Setup> {
  counter += 1;
  const { accountId, token } = await server.newAccount();
  const app = mode === 'strict' ? server.strictApp : server.app;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await app.inject({
      method,
      url: `/api/v1/accounts/${accountId}/${path}`,
      headers: { api_access_token: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, json: response.body ? (JSON.parse(response.body) as unknown) : null };
  };
  const inboxes: Record<string, number> = {};
  for (const type of ['email', 'sms', 'whatsapp', 'website']) {
    const reply = await api('POST', 'inboxes', { name: `In ${type}`, channel: { type } });
    inboxes[type] = (reply.json as { id: number }).id;
  }
  const db = new WintookDb(`messages-${counter}-${crypto.randomUUID()}`);
  const repository = createRepository(db, { channelName: null });
  const messages = createMessagesRepository(db, createRepositoryCore(db, () => undefined));
  const watched: string[] = [];
  const transport = transportFor(app, accountId, token, faults);
  const engine = createSyncEngine({ sync: repository.sync, transport, participants: [createContactsParticipant(repository.sync), createMessagesParticipant(db, messages, { watched: () => watched })] });
  return { accountId, token, db, repository, messages, engine, transport, inboxes, watched, api };
}

const message = (inboxId: number, content: string, patch: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ inboxId, content, subject: '', cc: [], bcc: [], template: null, ...patch });

async function serverConversations(s: Setup, contactServerId: number) {
  const reply = await s.api('GET', `contacts/${contactServerId}/conversations`);
  return (reply.json as { payload: { id: number; inbox_id: number; messages: { content: string }[] }[] }).payload;
}

describe.each(['extension', 'strict'] as const)('messages participant (%s)', (mode) => {
  it('a message written for a contact not yet on the server waits for it, then goes once', async () => {
    const s = await setup(mode);
    const contact = await s.repository.contacts.create({ name: 'Alice', email: 'alice@x.test' });
    const queued = await s.messages.send(contact.id, message(s.inboxes.email, 'Hola Alice', { subject: 'Renovación', cc: ['b@x.test'] }));
    expect((await s.messages.conversationsOf(contact.id))[0]).toMatchObject({ sendState: 'waiting', serverId: null, lastMessage: 'Hola Alice' });
    const result = await s.engine.syncNow();
    expect(result.ok, JSON.stringify(result.failure)).toBe(true);
    const synced = (await s.repository.contacts.get(contact.id))!;
    expect(synced.serverId).not.toBeNull();
    const [local] = await s.messages.conversationsOf(contact.id);
    expect(local).toMatchObject({ id: queued.id, sendState: null, outgoing: null, status: 'open' });
    expect(local.serverId).toBeGreaterThan(0);
    const onServer = await serverConversations(s, synced.serverId!);
    expect(onServer).toHaveLength(1);
    expect(onServer[0]).toMatchObject({ id: local.serverId, inbox_id: s.inboxes.email, additional_attributes: { mail_subject: 'Renovación' } });
    expect(onServer[0].messages.map((m) => m.content)).toEqual(['Hola Alice']);
    expect(await s.messages.entries({ includeRejected: true })).toEqual([]);
    // Nothing left: a second run sends nothing.
    await s.engine.syncNow();
    expect(await serverConversations(s, synced.serverId!)).toHaveLength(1);
  });

  it('a refusal keeps the server’s words, shows as rejected, and does not block the next message', async () => {
    const s = await setup(mode);
    const contact = await s.repository.contacts.create({ name: 'Bob', email: 'bob@x.test' });
    // The composer would not offer SMS without a phone; the server has the last word anyway.
    const refused = await s.messages.send(contact.id, message(s.inboxes.sms, 'por SMS'));
    await s.messages.send(contact.id, message(s.inboxes.email, 'por email'));
    await s.engine.syncNow();
    const views = await s.messages.conversationsOf(contact.id);
    const bad = views.find((view) => view.id === refused.id)!;
    expect(bad).toMatchObject({ sendState: 'rejected', serverId: null });
    expect(bad.sendError).toContain('contact phone number');
    expect(views.filter((view) => view.serverId !== null)).toHaveLength(1);
    expect(s.engine.status()).toMatchObject({ rejected: 1, waiting: 0 });
    // Discard (Sync problems deletes the row): the local conversation goes on the next run.
    await s.repository.sync.discardRejected(bad.outboxSeq!);
    await s.engine.syncNow();
    expect((await s.messages.conversationsOf(contact.id)).map((view) => view.id)).not.toContain(refused.id);
    expect(await s.db.conversations.get(refused.id)).toBeUndefined();
  });

  it('a lost answer does not send the message twice', async () => {
    const s = await setup(mode, { dropAnswerOf: /^POST conversations$/ });
    const contact = await s.repository.contacts.create({ name: 'Carla', phone: '+34612345678' });
    await s.engine.syncNow();
    await s.messages.send(contact.id, message(s.inboxes.sms, 'una vez'));
    const first = await s.engine.syncNow();
    expect(first.ok).toBe(false);
    expect((await s.messages.conversationsOf(contact.id))[0].sendState).toBe('sending');
    const second = await s.engine.syncNow();
    expect(second.ok, JSON.stringify(second.failure)).toBe(true);
    const serverId = (await s.repository.contacts.get(contact.id))!.serverId!;
    expect((await serverConversations(s, serverId)).flatMap((c) => c.messages.map((m) => m.content))).toEqual(['una vez']);
    expect((await s.messages.conversationsOf(contact.id))[0].sendState).toBeNull();
  });

  it('pulls inboxes (with templates), and the watched contact’s conversations and HMAC links', async () => {
    const s = await setup(mode);
    await s.api('PATCH', `inboxes/${s.inboxes.whatsapp}`, {
      lock_to_single_conversation: true,
      channel: { message_templates: [{ name: 'hello', language: 'es', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}' }] }] },
    });
    const contact = await s.repository.contacts.create({ name: 'Dana', email: 'dana@x.test', phone: '+34699999999' });
    await s.engine.syncNow();
    const serverId = (await s.repository.contacts.get(contact.id))!.serverId!;
    await s.api('POST', `contacts/${serverId}/contact_inboxes`, { inbox_id: s.inboxes.website, source_id: 'v-dana', hmac_verified: true });
    const created = await s.api('POST', 'conversations', { inbox_id: s.inboxes.email, contact_id: serverId, message: { content: 'desde el servidor' } });
    const displayId = (created.json as { id: number }).id;
    const { rows } = (await server.db.query('SELECT id FROM conversations WHERE account_id = $1 AND display_id = $2', [s.accountId, displayId])) as { rows: { id: number }[] };
    await server.db.query(`INSERT INTO messages (account_id, conversation_id, content, message_type, created_at) VALUES ($1, $2, 'respuesta', 0, now() + interval '1 second')`, [s.accountId, rows[0].id]);

    s.watched.push(contact.id);
    await s.engine.syncNow();
    const inboxes = await s.messages.inboxes();
    expect(inboxes.map((inbox) => inbox.channelType)).toEqual(['Channel::Email', 'Channel::Sms', 'Channel::Whatsapp', 'Channel::WebWidget']);
    expect(inboxes[2]).toMatchObject({ lockToSingleConversation: true, messageTemplates: [{ name: 'hello', body: 'Hola {{1}}' }] });
    const [conversation] = await s.messages.conversationsOf(contact.id);
    expect(conversation).toMatchObject({ serverId: displayId, inboxId: s.inboxes.email, lastMessage: 'respuesta', sendState: null });
    expect(conversation.lastIncomingAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await s.messages.linksOf(contact.id)).toContainEqual({ inboxId: s.inboxes.website, sourceId: 'v-dana', hmacVerified: true });
    // A second pull does not duplicate the cached conversation.
    await s.engine.syncNow();
    expect(await s.messages.conversationsOf(contact.id)).toHaveLength(1);
  });
});

it('offline: the message stays queued and the run reports the network, nothing is lost', async () => {
  const faults = { offline: true };
  const s = await setup('extension', faults);
  const contact = await s.repository.contacts.create({ name: 'Eva', email: 'eva@x.test' });
  await s.messages.send(contact.id, message(s.inboxes.email, 'sin red'));
  const result = await s.engine.syncNow();
  expect(result.failure?.kind).toBe('network');
  expect((await s.messages.conversationsOf(contact.id))[0].sendState).toBe('waiting');
  faults.offline = false;
  expect((await s.engine.syncNow()).ok).toBe(true);
  expect((await s.messages.conversationsOf(contact.id))[0].sendState).toBeNull();
});
