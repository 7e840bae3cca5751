import { z } from 'zod';
import type { CachedInbox, ContactInboxLink, ConversationStatus, MessageTemplate } from './records';

/**
 * Chatwoot's inbox, conversation and contactable-inbox JSON, parsed at the boundary (STYLE.md
 * "Parse at every boundary"). Unknown fields are ignored; a malformed item is dropped, not fatal.
 */

const templateSchema = z.object({
  name: z.string().min(1),
  language: z.string().default(''),
  category: z.string().default(''),
  status: z.string().default('APPROVED'),
  components: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).default([]),
});

const inboxSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  channel_type: z.string(),
  provider: z.string().nullable().optional(),
  // Twilio's inbox carries its medium here (`sms` | `whatsapp`).
  medium: z.string().nullable().optional(),
  lock_to_single_conversation: z.boolean().optional(),
  message_templates: z.array(z.unknown()).nullable().optional(),
});

export function parseTemplates(raw: readonly unknown[] | null | undefined): MessageTemplate[] {
  const templates: MessageTemplate[] = [];
  for (const item of raw ?? []) {
    const parsed = templateSchema.safeParse(item);
    if (!parsed.success) continue;
    const body = parsed.data.components.find((component) => component.type.toUpperCase() === 'BODY')?.text;
    if (body === undefined) continue;
    templates.push({ name: parsed.data.name, language: parsed.data.language, category: parsed.data.category, status: parsed.data.status, body });
  }
  return templates;
}

/** `GET /inboxes` → the cached inboxes (`{payload: [...]}`; a bare array is accepted too). */
export function parseInboxList(body: unknown, fetchedAt: number): CachedInbox[] | null {
  const list = Array.isArray(body) ? body : z.object({ payload: z.array(z.unknown()) }).safeParse(body).data?.payload;
  if (!list) return null;
  const inboxes: CachedInbox[] = [];
  for (const item of list) {
    const parsed = inboxSchema.safeParse(item);
    if (!parsed.success) continue;
    const inbox = parsed.data;
    inboxes.push({
      id: inbox.id,
      name: inbox.name,
      channelType: inbox.channel_type,
      provider: inbox.channel_type === 'Channel::TwilioSms' ? (inbox.medium ?? inbox.provider ?? null) : (inbox.provider ?? null),
      lockToSingleConversation: inbox.lock_to_single_conversation ?? false,
      messageTemplates: parseTemplates(inbox.message_templates),
      fetchedAt,
    });
  }
  return inboxes;
}

const STATUSES = ['open', 'resolved', 'pending', 'snoozed'] as const;

const messageSchema = z.object({
  content: z.string().nullable().optional(),
  message_type: z.union([z.number(), z.string()]),
  created_at: z.number(),
  private: z.boolean().optional(),
});

const conversationSchema = z.object({
  id: z.number().int().positive(),
  inbox_id: z.number().int().positive(),
  status: z.string(),
  messages: z.array(z.unknown()).default([]),
  created_at: z.number().optional(),
  timestamp: z.number().optional(),
  last_activity_at: z.number().optional(),
});

/** What a server conversation tells the sidebar; times in epoch ms. */
export interface ServerConversation {
  serverId: number;
  inboxId: number;
  status: ConversationStatus;
  lastMessage: string | null;
  lastIncomingAt: number | null;
  lastActivityAt: number;
  createdAt: number;
}

const isIncoming = (type: number | string) => type === 0 || type === 'incoming';
const isActivity = (type: number | string) => type === 2 || type === 'activity';

/** One conversation (Chatwoot's partial: `id` is the display id, times in Unix seconds). */
export function parseConversation(body: unknown): ServerConversation | null {
  const parsed = conversationSchema.safeParse(body);
  if (!parsed.success) return null;
  const conversation = parsed.data;
  const messages = conversation.messages.map((item) => messageSchema.safeParse(item).data).filter((item) => item !== undefined);
  let lastIncomingAt: number | null = null;
  let last: { content: string; at: number } | null = null;
  for (const message of messages) {
    const at = message.created_at * 1000;
    if (isIncoming(message.message_type) && (lastIncomingAt === null || at > lastIncomingAt)) lastIncomingAt = at;
    if (message.private || isActivity(message.message_type) || !message.content) continue;
    if (!last || at >= last.at) last = { content: message.content, at };
  }
  const createdAt = (conversation.created_at ?? conversation.timestamp ?? 0) * 1000;
  return {
    serverId: conversation.id,
    inboxId: conversation.inbox_id,
    status: (STATUSES as readonly string[]).includes(conversation.status) ? (conversation.status as ConversationStatus) : 'open',
    lastMessage: last?.content ?? null,
    lastIncomingAt,
    lastActivityAt: (conversation.last_activity_at ?? conversation.timestamp ?? conversation.created_at ?? 0) * 1000,
    createdAt,
  };
}

/** `GET /contacts/:id/conversations` → `{payload: [...]}`. */
export function parseConversationList(body: unknown): ServerConversation[] | null {
  const parsed = z.object({ payload: z.array(z.unknown()) }).safeParse(body);
  if (!parsed.success) return null;
  return parsed.data.payload.map(parseConversation).filter((item): item is ServerConversation => item !== null);
}

const contactableSchema = z.object({
  source_id: z.string().nullable().optional(),
  hmac_verified: z.boolean().optional(),
  inbox: z.object({ id: z.number().int().positive() }).loose(),
});

/** `GET /contacts/:id/contactable_inboxes` → how the contact is known per inbox (`hmac_verified` is this server's addition). */
export function parseContactableInboxes(body: unknown): ContactInboxLink[] | null {
  const parsed = z.object({ payload: z.array(z.unknown()) }).safeParse(body);
  if (!parsed.success) return null;
  const links: ContactInboxLink[] = [];
  for (const item of parsed.data.payload) {
    const link = contactableSchema.safeParse(item);
    if (link.success) links.push({ inboxId: link.data.inbox.id, sourceId: link.data.source_id ?? '', hmacVerified: link.data.hmac_verified ?? false });
  }
  return links;
}
