/**
 * Inboxes, the inboxes a contact can be written to (`contactable_inboxes`, notes §6) and new outbound
 * conversations. The conversation and its first message are stored; nothing is delivered.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findInbox } from '../contacts/routes';
import { findContact, findContacts, serializeContact, unixSeconds, type ContactRow } from '../contacts/model';
import type { Queryable } from '../db/database';
import { principalOf, type ServerContext } from '../http/context';
import { forbidden, invalidRecord, notFound, parseBody, parseId, unprocessable } from '../http/errors';
import { performWrite, sendWrite } from '../http/write';
import { CHANNEL_TYPES, INBOX_COLUMNS, serializeInbox, serializeInboxSlim, type ChannelKind, type InboxRow } from './model';

export async function createInbox(db: Queryable, accountId: number, name: string, kind: ChannelKind): Promise<InboxRow> {
  const { rows } = await db.query<InboxRow>(
    `INSERT INTO inboxes AS i (account_id, name, channel_type) VALUES ($1, $2, $3) RETURNING ${INBOX_COLUMNS}`,
    [accountId, name, CHANNEL_TYPES[kind]],
  );
  return rows[0];
}

export interface ContactableInbox {
  inbox: InboxRow;
  sourceId: string;
}

/** Which inboxes can start a conversation with `contact`, and the source id each would use. */
export async function contactableInboxes(db: Queryable, contact: ContactRow): Promise<ContactableInbox[]> {
  const inboxes = await db.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = $1 ORDER BY i.id`, [contact.account_id]);
  const existing = await db.query<{ inbox_id: number; source_id: string; conversations: number }>(
    `SELECT ci.inbox_id, ci.source_id, (SELECT count(*)::int FROM conversations cv WHERE cv.contact_inbox_id = ci.id) AS conversations
       FROM contact_inboxes ci WHERE ci.contact_id = $1 ORDER BY ci.id`,
    [contact.id],
  );
  const result: ContactableInbox[] = [];
  for (const inbox of inboxes.rows) {
    const own = existing.rows.find((row) => row.inbox_id === inbox.id);
    switch (inbox.channel_type) {
      case 'Channel::Email':
        if (contact.email) result.push({ inbox, sourceId: contact.email });
        break;
      case 'Channel::Sms':
        if (contact.phone_number) result.push({ inbox, sourceId: contact.phone_number });
        break;
      case 'Channel::Whatsapp':
        if (contact.phone_number) result.push({ inbox, sourceId: contact.phone_number.replace('+', '') });
        break;
      case 'Channel::Api':
        result.push({ inbox, sourceId: own?.source_id ?? randomUUID() });
        break;
      case 'Channel::WebWidget':
        // Only a widget visitor without a conversation yet (Chatwoot's service carries a FIXME for more).
        if (own && own.conversations === 0) result.push({ inbox, sourceId: own.source_id });
        break;
    }
  }
  return result;
}

const inboxBodySchema = z.object({
  name: z.string().min(1).max(255),
  channel: z.object({ type: z.enum(Object.keys(CHANNEL_TYPES) as [ChannelKind, ...ChannelKind[]]) }),
});

const conversationBodySchema = z.object({
  inbox_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  contact_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  source_id: z.string().min(1).max(255).nullable().optional(),
  message: z
    .object({
      content: z.string().max(150_000).nullable().optional(),
      cc_emails: z.string().nullable().optional(),
      bcc_emails: z.string().nullable().optional(),
      template_params: z.record(z.string(), z.unknown()).nullable().optional(),
    })
    .nullable()
    .optional(),
  additional_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
  status: z.enum(['open', 'resolved', 'pending']).optional(),
  assignee_id: z.number().int().positive().nullable().optional(),
  team_id: z.number().int().positive().nullable().optional(),
});

export function registerInboxRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;

  app.get('/inboxes', async (request) => {
    const principal = principalOf(request);
    const { rows } = await db.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = $1 ORDER BY i.id`, [principal.accountId]);
    return { payload: rows.map(serializeInbox) };
  });

  /** Chatwoot's `{name, channel: {type}}`, reduced to the channel kinds this server knows; administrators only. */
  app.post('/inboxes', async (request, reply) => {
    const principal = principalOf(request);
    if (principal.role !== 'administrator') throw forbidden();
    const body = parseBody(inboxBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx }) => {
      const inbox = await createInbox(tx, principal.accountId, body.name, body.channel.type);
      return { status: 200, body: serializeInbox(inbox) };
    });
    return sendWrite(reply, result);
  });

  app.get('/contacts/:id/contactable_inboxes', async (request) => {
    const principal = principalOf(request);
    const contact = await findContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    if (!contact) throw notFound();
    const inboxes = await contactableInboxes(db, contact);
    return { payload: inboxes.map(({ inbox, sourceId }) => ({ source_id: sourceId, inbox: serializeInboxSlim(inbox) })) };
  });

  /** At most 20, newest activity first, as Chatwoot's contacts/conversations_controller. */
  app.get('/contacts/:id/conversations', async (request) => {
    const principal = principalOf(request);
    const contact = await findContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    if (!contact) throw notFound();
    return { payload: await conversationsJson(db, context.strict, principal.accountId, { contactId: contact.id }) };
  });

  app.post('/conversations', async (request, reply) => {
    const principal = principalOf(request);
    const body = parseBody(conversationBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx }) => {
      const inbox = await findInbox(tx, principal.accountId, body.inbox_id);
      const contact = await findContact(tx, principal.accountId, body.contact_id);
      if (!contact) throw notFound();
      const contactInboxId = await contactInboxFor(tx, inbox, contact, body.source_id ?? null);
      const { rows: next } = await tx.query<{ display_id: number }>(
        'SELECT coalesce(max(display_id), 0) + 1 AS display_id FROM conversations WHERE account_id = $1',
        [principal.accountId],
      );
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO conversations (account_id, display_id, inbox_id, contact_id, contact_inbox_id, status, assignee_id, team_id,
                                    additional_attributes, custom_attributes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb) RETURNING id`,
        [
          principal.accountId,
          next[0].display_id,
          inbox.id,
          contact.id,
          contactInboxId,
          body.status ?? 'open',
          body.assignee_id ?? null,
          body.team_id ?? null,
          JSON.stringify(body.additional_attributes ?? {}),
          JSON.stringify(body.custom_attributes ?? {}),
        ],
      );
      const conversation = rows[0];
      const content = body.message?.content;
      if (content) {
        const contentAttributes: Record<string, unknown> = {};
        if (body.message?.cc_emails) contentAttributes.cc_emails = body.message.cc_emails.split(',').map((email) => email.trim());
        if (body.message?.bcc_emails) contentAttributes.bcc_emails = body.message.bcc_emails.split(',').map((email) => email.trim());
        if (body.message?.template_params) contentAttributes.template_params = body.message.template_params;
        await tx.query(
          `INSERT INTO messages (account_id, conversation_id, sender_user_id, content, message_type, content_attributes)
           VALUES ($1, $2, $3, $4, 1, $5::jsonb)`,
          [principal.accountId, conversation.id, principal.user.id, content, JSON.stringify(contentAttributes)],
        );
      }
      const [json] = await conversationsJson(tx, context.strict, principal.accountId, { conversationId: conversation.id });
      return { status: 200, body: json };
    });
    return sendWrite(reply, result);
  });
}

/** Finds or creates the contact's contact_inbox, with the per-channel source id rules of ContactInboxBuilder. */
async function contactInboxFor(tx: Queryable, inbox: InboxRow, contact: ContactRow, given: string | null): Promise<number> {
  let sourceId = given;
  if (sourceId === null) {
    const offered = (await contactableInboxes(tx, contact)).find((item) => item.inbox.id === inbox.id);
    if (!offered) {
      if (inbox.channel_type === 'Channel::Email') throw unprocessable('param is missing or the value is empty: contact email');
      if (inbox.channel_type === 'Channel::Sms' || inbox.channel_type === 'Channel::Whatsapp') {
        throw unprocessable('param is missing or the value is empty: contact phone number');
      }
      throw unprocessable('Unsupported operation for this channel');
    }
    sourceId = offered.sourceId;
  }
  const { rows } = await tx.query<{ id: number; contact_id: number }>('SELECT id, contact_id FROM contact_inboxes WHERE inbox_id = $1 AND source_id = $2', [
    inbox.id,
    sourceId,
  ]);
  if (rows[0]) {
    if (rows[0].contact_id !== contact.id) throw invalidRecord([{ attribute: 'source_id', message: 'Source has already been taken' }]);
    return rows[0].id;
  }
  const created = await tx.query<{ id: number }>('INSERT INTO contact_inboxes (contact_id, inbox_id, source_id) VALUES ($1, $2, $3) RETURNING id', [
    contact.id,
    inbox.id,
    sourceId,
  ]);
  return created.rows[0].id;
}

interface ConversationRow {
  id: number;
  display_id: number;
  account_id: number;
  inbox_id: number;
  contact_id: number;
  status: string;
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

interface MessageRow {
  id: number;
  conversation_id: number;
  content: string;
  message_type: number;
  content_attributes: Record<string, unknown>;
  sender_user_id: number | null;
  sender_name: string | null;
  created_at: Date;
}

/** Conversations in Chatwoot's shape (`id` is the per-account display id, `meta.sender` the contact). */
async function conversationsJson(
  db: Queryable,
  strict: boolean,
  accountId: number,
  which: { conversationId: number } | { contactId: number },
): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<ConversationRow>(
    'conversationId' in which
      ? 'SELECT * FROM conversations WHERE account_id = $1 AND id = $2'
      : 'SELECT * FROM conversations WHERE account_id = $1 AND contact_id = $2 ORDER BY updated_at DESC, id DESC LIMIT 20',
    [accountId, 'conversationId' in which ? which.conversationId : which.contactId],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const messages = await db.query<MessageRow>(
    `SELECT m.id, m.conversation_id, m.content, m.message_type, m.content_attributes, m.sender_user_id, u.name AS sender_name, m.created_at
       FROM messages m LEFT JOIN users u ON u.id = m.sender_user_id WHERE m.conversation_id = ANY($1::bigint[]) ORDER BY m.id`,
    [ids],
  );
  const contacts = new Map((await findContacts(db, accountId, [...new Set(rows.map((row) => row.contact_id))])).map((row) => [row.id, row]));
  const inboxes = await db.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inboxes i WHERE i.id = ANY($1::bigint[])`, [[...new Set(rows.map((row) => row.inbox_id))]]);
  const inboxById = new Map(inboxes.rows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const contact = contacts.get(row.contact_id);
    const created = unixSeconds(row.created_at);
    return {
      id: row.display_id,
      account_id: row.account_id,
      inbox_id: row.inbox_id,
      status: row.status,
      messages: messages.rows
        .filter((message) => message.conversation_id === row.id)
        .map((message) => ({
          id: message.id,
          content: message.content,
          account_id: row.account_id,
          inbox_id: row.inbox_id,
          conversation_id: row.display_id,
          message_type: message.message_type,
          created_at: unixSeconds(message.created_at),
          private: false,
          // Stored only: this server has no channels to deliver through.
          status: 'sent',
          source_id: null,
          content_type: 'text',
          content_attributes: message.content_attributes,
          sender_type: 'User',
          sender_id: message.sender_user_id,
          sender: message.sender_user_id === null ? null : { id: message.sender_user_id, name: message.sender_name, type: 'user' },
        })),
      meta: {
        sender: contact ? serializeContact(contact, { strict }) : null,
        assignee: null,
        team: null,
        channel: inboxById.get(row.inbox_id)?.channel_type ?? null,
        hmac_verified: false,
      },
      additional_attributes: row.additional_attributes,
      custom_attributes: row.custom_attributes,
      labels: [],
      muted: false,
      can_reply: true,
      snoozed_until: null,
      unread_count: 0,
      agent_last_seen_at: 0,
      contact_last_seen_at: 0,
      timestamp: created,
      created_at: created,
      updated_at: unixSeconds(row.updated_at),
      last_activity_at: unixSeconds(row.updated_at),
      priority: null,
      waiting_since: 0,
    };
  });
}
