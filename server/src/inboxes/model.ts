/** Inboxes: the channels a conversation can start in. This server stores them; it delivers nothing. */

export const CHANNEL_TYPES = {
  email: 'Channel::Email',
  sms: 'Channel::Sms',
  whatsapp: 'Channel::Whatsapp',
  website: 'Channel::WebWidget',
  api: 'Channel::Api',
} as const;
export type ChannelKind = keyof typeof CHANNEL_TYPES;
export type ChannelType = (typeof CHANNEL_TYPES)[ChannelKind];

export interface InboxRow {
  id: number;
  account_id: number;
  name: string;
  channel_type: ChannelType;
  provider: string | null;
  created_at: Date;
  /** Chatwoot's inbox setting: a new outbound message goes into the contact's last conversation. */
  lock_to_single_conversation: boolean;
  /** WhatsApp: Meta-format templates (`{name, language, category, status, components}`). */
  message_templates: unknown[];
}

/** The inbox as embedded in a contact's `contact_inboxes` (swagger `contact_inbox.inbox`). */
export interface InboxSlimJson {
  id: number;
  avatar_url: string;
  channel_id: number;
  name: string;
  channel_type: ChannelType;
  provider: string | null;
}

export function serializeInboxSlim(row: InboxRow): InboxSlimJson {
  // Chatwoot has one channel record per inbox; here the inbox is its own channel.
  return { id: row.id, avatar_url: '', channel_id: row.id, name: row.name, channel_type: row.channel_type, provider: row.provider };
}

/** The inbox as `GET /inboxes` and contact creation return it (swagger `inbox`), trimmed to what applies. */
export function serializeInbox(row: InboxRow): InboxSlimJson & Record<string, unknown> {
  return {
    ...serializeInboxSlim(row),
    website_url: '',
    widget_color: '',
    enable_auto_assignment: false,
    greeting_enabled: false,
    greeting_message: '',
    working_hours_enabled: false,
    enable_email_collect: false,
    csat_survey_enabled: false,
    allow_messages_after_resolved: true,
    lock_to_single_conversation: row.lock_to_single_conversation ?? false,
    timezone: 'UTC',
    // Chatwoot exposes the templates on WhatsApp inboxes only (`inbox.json.jbuilder`).
    ...(row.channel_type === CHANNEL_TYPES.whatsapp ? { message_templates: row.message_templates ?? [] } : {}),
  };
}

export const INBOX_COLUMNS = 'i.id, i.account_id, i.name, i.channel_type, i.provider, i.created_at, i.lock_to_single_conversation, i.message_templates';
