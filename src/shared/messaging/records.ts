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
  /** When this list was read from the server (epoch ms). */
  fetchedAt: number;
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
  lastActivityAt: number;
  createdAt: number;
  updatedAt: number;
}
