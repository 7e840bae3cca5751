/**
 * Inboxes, the inboxes a contact can be written to (`contactable_inboxes`, notes §6) and new outbound
 * conversations. The conversation and its first message are stored; nothing is delivered.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findInbox } from '../contacts/routes';
import { findContact, findContacts, serializeContact, unixSeconds, type ContactRow } from '../contacts/model';
import type { ChangeRecorder } from '../changes';
import { returnedRow, type Queryable } from '../db/database';
import { principalOf, type ServerContext } from '../http/context';
import { requireAdministrator, invalidRecord, notFound, parseBody, parseId, unprocessable } from '../http/errors';
import { performWrite, sendWrite } from '../http/write';
import { CHANNEL_TYPES, INBOX_COLUMNS, serializeInbox, serializeInboxSlim, type ChannelKind, type InboxRow } from './model';

export async function createInbox(db: Queryable, accountId: number, name: string, kind: ChannelKind): Promise<InboxRow> {
  const { rows } = await db.query<InboxRow>(
    `INSERT INTO inboxes AS i (account_id, name, channel_type) VALUES ($1, $2, $3) RETURNING ${INBOX_COLUMNS}`,
    [accountId, name, CHANNEL_TYPES[kind]],
  );
  const row = returnedRow(rows, 'INSERT INTO inboxes');
  return row;
}

export interface ContactableInbox {
  inbox: InboxRow;
  sourceId: string;
  /** Website inboxes: whether the widget identified the contact with HMAC (this server's addition to the JSON). */
  hmacVerified: boolean;
}

interface ExistingContactInbox {
  id: number;
  inbox_id: number;
  source_id: string;
  hmac_verified: boolean;
  conversations: number;
}

async function contactInboxesOf(db: Queryable, contactId: number): Promise<ExistingContactInbox[]> {
  const { rows } = await db.query<ExistingContactInbox>(
    `SELECT ci.id, ci.inbox_id, ci.source_id, ci.hmac_verified,
            (SELECT count(*)::int FROM conversations cv WHERE cv.contact_inbox_id = ci.id) AS conversations
       FROM contact_inboxes ci WHERE ci.contact_id = $1 ORDER BY ci.id`,
    [contactId],
  );
  return rows;
}

/**
 * Which inboxes can start a conversation with `contact`, and the source id each would use (notes
 * §6). Website: Chatwoot's code offers a widget visitor without a conversation yet; the user guide
 * offers HMAC-identified contacts. Both are listed, with `hmac_verified` so clients can apply the
 * guide's rule (the app does, docs/messages.md).
 */
export async function contactableInboxes(db: Queryable, contact: ContactRow): Promise<ContactableInbox[]> {
  const inboxes = await db.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inboxes i WHERE i.account_id = $1 ORDER BY i.id`, [contact.account_id]);
  const existing = await contactInboxesOf(db, contact.id);
  const result: ContactableInbox[] = [];
  for (const inbox of inboxes.rows) {
    const own = existing.find((row) => row.inbox_id === inbox.id);
    const offer = (sourceId: string) => result.push({ inbox, sourceId, hmacVerified: own?.hmac_verified ?? false });
    switch (inbox.channel_type) {
      case 'Channel::Email':
        if (contact.email) offer(contact.email);
        break;
      case 'Channel::Sms':
        if (contact.phone_number) offer(contact.phone_number);
        break;
      case 'Channel::Whatsapp':
        if (contact.phone_number) offer(contact.phone_number.replace('+', ''));
        break;
      case 'Channel::Api':
        offer(own?.source_id ?? randomUUID());
        break;
      case 'Channel::WebWidget': {
        const verified = existing.find((row) => row.inbox_id === inbox.id && row.hmac_verified);
        if (verified) result.push({ inbox, sourceId: verified.source_id, hmacVerified: true });
        // Chatwoot's service carries a FIXME for more than one conversation.
        else if (own && own.conversations === 0) offer(own.source_id);
        break;
      }
    }
  }
  return result;
}

const inboxBodySchema = z.object({
  name: z.string().min(1).max(255),
  channel: z.object({ type: z.enum(Object.keys(CHANNEL_TYPES) as [ChannelKind, ...ChannelKind[]]) }),
});

const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

const inboxPatchSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  lock_to_single_conversation: z.boolean().optional(),
  channel: z
    .object({
      // Meta's template objects; stored as given (only `name`, `status` and the BODY text are read).
      message_templates: z.array(z.object({ name: z.string().min(1).max(512) }).loose()).max(500).optional(),
    })
    .optional(),
});

const contactInboxBodySchema = z.object({
  inbox_id: idSchema,
  source_id: z.string().min(1).max(255).optional(),
  hmac_verified: z.boolean().optional(),
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
      template_params: z
        .object({
          name: z.string().min(1),
          category: z.string().nullable().optional(),
          language: z.string().nullable().optional(),
          processed_params: z.record(z.string(), z.string()).nullable().optional(),
        })
        .nullable()
        .optional(),
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
    requireAdministrator(principal, context.strict);
    const body = parseBody(inboxBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx }) => {
      const inbox = await createInbox(tx, principal.accountId, body.name, body.channel.type);
      return { status: 200, body: serializeInbox(inbox) };
    });
    return sendWrite(reply, result);
  });

  /** Chatwoot's inbox update, reduced to the settings new messages depend on; administrators only. */
  app.patch('/inboxes/:id', async (request, reply) => {
    const principal = principalOf(request);
    requireAdministrator(principal, context.strict);
    const id = parseId((request.params as { id: string }).id);
    const body = parseBody(inboxPatchSchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx }) => {
      const inbox = await findInbox(tx, principal.accountId, id);
      const { rows } = await tx.query<InboxRow>(
        `UPDATE inboxes AS i SET name = $2, lock_to_single_conversation = $3, message_templates = $4::jsonb
          WHERE i.id = $1 RETURNING ${INBOX_COLUMNS}`,
        [
          inbox.id,
          body.name ?? inbox.name,
          body.lock_to_single_conversation ?? inbox.lock_to_single_conversation,
          JSON.stringify(body.channel?.message_templates ?? inbox.message_templates),
        ],
      );
      return { status: 200, body: serializeInbox(returnedRow(rows, 'UPDATE inboxes')) };
    });
    return sendWrite(reply, result);
  });

  app.get('/contacts/:id/contactable_inboxes', async (request) => {
    const principal = principalOf(request);
    const contact = await findContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    if (!contact) throw notFound();
    const inboxes = await contactableInboxes(db, contact);
    return {
      payload: inboxes.map(({ inbox, sourceId, hmacVerified }) => ({ source_id: sourceId, hmac_verified: hmacVerified, inbox: serializeInboxSlim(inbox) })),
    };
  });

  /**
   * Chatwoot's `POST /contacts/:id/contact_inboxes` (swagger contact_inboxes/create.yml): how a
   * contact is known in an inbox; `hmac_verified` as `HmacConcern` sets it for identified widget users.
   */
  app.post('/contacts/:id/contact_inboxes', async (request, reply) => {
    const principal = principalOf(request);
    const contactId = parseId((request.params as { id: string }).id);
    const body = parseBody(contactInboxBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx }) => {
      const contact = await findContact(tx, principal.accountId, contactId);
      if (!contact) throw notFound();
      const inbox = await findInbox(tx, principal.accountId, body.inbox_id);
      const id = await contactInboxFor(tx, inbox, contact, body.source_id ?? null);
      if (body.hmac_verified !== undefined) await tx.query('UPDATE contact_inboxes SET hmac_verified = $2 WHERE id = $1', [id, body.hmac_verified]);
      const { rows } = await tx.query<{ source_id: string; hmac_verified: boolean }>('SELECT source_id, hmac_verified FROM contact_inboxes WHERE id = $1', [id]);
      const link = returnedRow(rows, 'SELECT … FROM contact_inboxes');
      return { status: 200, body: { source_id: link.source_id, hmac_verified: link.hmac_verified, inbox: serializeInboxSlim(inbox) } };
    });
    return sendWrite(reply, result);
  });

  /** At most 20, newest activity first, as Chatwoot's contacts/conversations_controller. */
  app.get('/contacts/:id/conversations', async (request) => {
    const principal = principalOf(request);
    const contact = await findContact(db, principal.accountId, parseId((request.params as { id: string }).id));
    if (!contact) throw notFound();
    return { payload: await conversationsJson(db, context.strict, principal.accountId, { contactId: contact.id }) };
  });

  /**
   * A new outbound conversation (notes §6): the contact_inbox by ContactInboxBuilder's rules (422
   * when the channel needs an email or phone the contact lacks, "Unsupported operation for this
   * channel" for the rest), the inbox's last conversation when it is locked to one, and the message.
   * WhatsApp outside the 24-hour window needs an approved template with every parameter.
   */
  app.post('/conversations', async (request, reply) => {
    const principal = principalOf(request);
    const body = parseBody(conversationBodySchema, request.body);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const inbox = await findInbox(tx, principal.accountId, body.inbox_id);
      const contact = await findContact(tx, principal.accountId, body.contact_id);
      if (!contact) throw notFound();
      const contactInboxId = await contactInboxFor(tx, inbox, contact, body.source_id ?? null);
      const content = body.message?.content ?? '';
      if (inbox.channel_type === CHANNEL_TYPES.whatsapp) await checkWhatsappWindow(tx, inbox, contactInboxId, body.message?.template_params ?? null);
      let conversationId: number | null = null;
      if (inbox.lock_to_single_conversation) {
        const { rows } = await tx.query<{ id: number }>('SELECT id FROM conversations WHERE contact_inbox_id = $1 ORDER BY id DESC LIMIT 1', [contactInboxId]);
        conversationId = rows[0]?.id ?? null;
        if (conversationId !== null) await tx.query('UPDATE conversations SET updated_at = now() WHERE id = $1', [conversationId]);
      }
      if (conversationId === null) {
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
            returnedRow(next, 'SELECT max(display_id)').display_id,
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
        conversationId = returnedRow(rows, 'INSERT INTO conversations').id;
      }
      if (content) {
        const contentAttributes: Record<string, unknown> = {};
        if (body.message?.cc_emails) contentAttributes.cc_emails = splitEmails(body.message.cc_emails);
        if (body.message?.bcc_emails) contentAttributes.bcc_emails = splitEmails(body.message.bcc_emails);
        if (body.message?.template_params) contentAttributes.template_params = body.message.template_params;
        await tx.query(
          `INSERT INTO messages (account_id, conversation_id, sender_user_id, content, message_type, content_attributes)
           VALUES ($1, $2, $3, $4, 1, $5::jsonb)`,
          [principal.accountId, conversationId, principal.user.id, content, JSON.stringify(contentAttributes)],
        );
      }
      await touchContactActivity(tx, changes, contact.id);
      const [json] = await conversationsJson(tx, context.strict, principal.accountId, { conversationId });
      return { status: 200, body: json };
    });
    return sendWrite(reply, result);
  });
}

/**
 * A conversation started with the contact is activity: its `last_activity_at` moves to now, as the
 * contact's "Last activity" in Chatwoot moves with its conversations (issue 16). The version moves
 * too and the change is recorded, so the feed carries the new time to every client.
 */
async function touchContactActivity(tx: Queryable, changes: ChangeRecorder, contactId: number): Promise<void> {
  const { rows } = await tx.query<{ version: number }>(
    'UPDATE contacts SET last_activity_at = now(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING version',
    [contactId],
  );
  const [row] = rows;
  if (row) await changes.record('contact', contactId, 'upsert', row.version);
}

function splitEmails(list: string): string[] {
  return list
    .split(',')
    .map((email) => email.trim())
    .filter((email) => email !== '');
}

/** WhatsApp accepts free text only within 24 hours of the contact's last message (Meta's rule). */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const storedTemplateSchema = z.object({
  name: z.string(),
  language: z.string().optional(),
  status: z.string().optional(),
  components: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).optional(),
});

/** Outside the window: 422 unless `template_params` names an approved template and fills every placeholder. */
async function checkWhatsappWindow(
  tx: Queryable,
  inbox: InboxRow,
  contactInboxId: number,
  template: { name: string; language?: string | null; processed_params?: Record<string, string> | null } | null,
): Promise<void> {
  const { rows } = await tx.query<{ last: Date | null }>(
    `SELECT max(m.created_at) AS last FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
      WHERE cv.contact_inbox_id = $1 AND m.message_type = 0`,
    [contactInboxId],
  );
  const last = rows[0]?.last ? new Date(rows[0].last).getTime() : null;
  const open = last !== null && Date.now() - last < WHATSAPP_WINDOW_MS;
  if (open && !template) return;
  if (!template) throw unprocessable('A message template is required: the contact has not written in the last 24 hours');
  const stored = (inbox.message_templates ?? [])
    .map((item) => storedTemplateSchema.safeParse(item).data)
    .find((item) => item !== undefined && item.name === template.name && (!template.language || !item.language || item.language === template.language));
  if (!stored || (stored.status ?? 'APPROVED').toUpperCase() !== 'APPROVED') throw unprocessable(`Message template not found or not approved: ${template.name}`);
  const body = stored.components?.find((component) => component.type.toUpperCase() === 'BODY')?.text ?? '';
  const params = template.processed_params ?? {};
  const missing = [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))].filter((name) => !(params[name] ?? '').trim());
  if (missing.length > 0) throw unprocessable(`Message template parameters are missing: ${missing.join(', ')}`);
}

/** Finds or creates the contact's contact_inbox, with the per-channel source id rules of ContactInboxBuilder. */
async function contactInboxFor(tx: Queryable, inbox: InboxRow, contact: ContactRow, given: string | null): Promise<number> {
  let sourceId = given;
  if (sourceId === null) {
    const existing = (await contactInboxesOf(tx, contact.id)).filter((row) => row.inbox_id === inbox.id);
    switch (inbox.channel_type) {
      case 'Channel::Email':
        if (!contact.email) throw unprocessable('param is missing or the value is empty: contact email');
        sourceId = contact.email;
        break;
      case 'Channel::Sms':
        if (!contact.phone_number) throw unprocessable('param is missing or the value is empty: contact phone number');
        sourceId = contact.phone_number;
        break;
      case 'Channel::Whatsapp':
        if (!contact.phone_number) throw unprocessable('param is missing or the value is empty: contact phone number');
        sourceId = contact.phone_number.replace('+', '');
        break;
      case 'Channel::Api':
      case 'Channel::WebWidget':
        // The contact's own (an HMAC-verified widget identity first), else a new one as Chatwoot's builder does.
        sourceId = (existing.find((row) => row.hmac_verified) ?? existing[0])?.source_id ?? randomUUID();
        break;
      default:
        throw unprocessable('Unsupported operation for this channel');
    }
  }
  const { rows } = await tx.query<{ id: number; contact_id: number }>('SELECT id, contact_id FROM contact_inboxes WHERE inbox_id = $1 AND source_id = $2', [
    inbox.id,
    sourceId,
  ]);
  const [existing] = rows;
  if (existing) {
    if (existing.contact_id !== contact.id) throw invalidRecord([{ attribute: 'source_id', message: 'Source has already been taken' }]);
    return existing.id;
  }
  const created = await tx.query<{ id: number }>('INSERT INTO contact_inboxes (contact_id, inbox_id, source_id) VALUES ($1, $2, $3) RETURNING id', [
    contact.id,
    inbox.id,
    sourceId,
  ]);
  return returnedRow(created.rows, 'INSERT INTO contact_inboxes').id;
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
