/**
 * What the app keeps of the server's inboxes and a contact's conversations (issue 9), for offline
 * use. Stored in the `inboxes` and `conversations` tables (schema version 2).
 */

/** Chatwoot's `channel_type` values the contact screen can start a conversation in. */
export type ChannelType =
  | 'Channel::Email'
  | 'Channel::Sms'
  | 'Channel::TwilioSms'
  | 'Channel::Whatsapp'
  | 'Channel::WebWidget'
  | 'Channel::Api'
  | (string & {});

/** One of the account's inboxes, as last read from the server. Keyed by the server's id. */
export interface CachedInbox {
  id: number;
  name: string;
  channelType: ChannelType;
  provider: string | null;
  /**
   * Chatwoot's inbox setting: a new message goes into the contact's last conversation there.
   * Optional (like `messageTemplates`): rows cached before these fields existed lack them.
   */
  lockToSingleConversation?: boolean;
  /** WhatsApp inboxes: the message templates (Chatwoot's `message_templates`); else empty. */
  messageTemplates?: MessageTemplate[];
  /** When this list was read from the server (epoch ms). */
  fetchedAt: number;
}

/**
 * A WhatsApp message template as Chatwoot exposes it on the inbox (`message_templates`, Meta's
 * format). Only what composing needs is kept: the body text holds `{{1}}`, `{{2}}`… placeholders.
 */
export interface MessageTemplate {
  name: string;
  language: string;
  category: string;
  /** Meta's review state; only `APPROVED` templates can be sent. */
  status: string;
  /** The BODY component's text. */
  body: string;
}

/**
 * How a contact is known in one inbox (Chatwoot's contact_inbox): for a website inbox, whether the
 * widget identified it with HMAC (the user guide's condition for writing to it from here).
 */
export interface ContactInboxLink {
  inboxId: number;
  sourceId: string;
  hmacVerified: boolean;
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

/**
 * A conversation of a contact: one read from the server (`serverId` set), or one started here and
 * waiting to be sent (its outbox row is entity `message`, op `create`, entityId = this id).
 */
export interface ConversationRecord {
  id: string;
  /** The contact's client UUID. */
  contactId: string;
  /** The server's conversation (display) id once created there. */
  serverId: number | null;
  inboxId: number;
  status: ConversationStatus;
  /** The last message's text, plain. */
  lastMessage: string | null;
  /** When the contact last wrote in it (epoch ms): WhatsApp's 24-hour window runs from here. */
  lastIncomingAt: number | null;
  /**
   * A message started here: what was typed, kept until the server has the conversation (and for
   * "Not sent" after a rejection). Null for conversations read from the server.
   */
  outgoing: OutgoingMessage | null;
  lastActivityAt: number;
  createdAt: number;
  updatedAt: number;
}

/** What the composer hands to the repository and the outbox row carries (op `create`, entity `message`). */
export interface OutgoingMessage {
  inboxId: number;
  content: string;
  /** Email only; empty means the server's default subject. */
  subject: string;
  /** Email only: normalised addresses. */
  cc: string[];
  bcc: string[];
  /** WhatsApp outside the 24-hour window. */
  template: { name: string; language: string; category: string; params: Record<string, string> } | null;
}
