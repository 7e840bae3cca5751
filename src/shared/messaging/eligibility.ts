import type { CachedInbox, ChannelType, ContactInboxLink, ConversationRecord, MessageTemplate } from './records';

/**
 * Which of the account's inboxes can start a conversation with a contact, and why the others
 * cannot (issue 9; docs/messages.md).
 *
 * Website follows the user guide ("solo para contactos identificados por HMAC"), not Chatwoot's
 * code: the code offers a widget inbox to any visitor of it without a conversation yet and never
 * looks at HMAC; the issue asks for the guide's rule, so a website inbox is offered only when the
 * contact's contact_inbox there is HMAC-verified.
 */

export type Channel = 'email' | 'whatsapp' | 'sms' | 'website' | 'api' | 'unsupported';

/** 24 hours: WhatsApp accepts free text only this long after the contact's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The order the compose dialog lists inboxes in (Chatwoot v4's NewConversation). */
const CHANNEL_ORDER: readonly Channel[] = ['email', 'whatsapp', 'sms', 'website', 'api', 'unsupported'];

export function channelOf(channelType: ChannelType, provider: string | null = null): Channel {
  switch (channelType) {
    case 'Channel::Email':
      return 'email';
    case 'Channel::Whatsapp':
      return 'whatsapp';
    case 'Channel::Sms':
      return 'sms';
    case 'Channel::TwilioSms':
      // Twilio's `medium` is its provider here: a Twilio WhatsApp number follows WhatsApp's rules.
      return provider === 'whatsapp' ? 'whatsapp' : 'sms';
    case 'Channel::WebWidget':
      return 'website';
    case 'Channel::Api':
      return 'api';
    default:
      return 'unsupported';
  }
}

export type IneligibleReason = 'no-email' | 'no-phone' | 'not-identified' | 'unsupported-channel';

export interface WhatsappWindow {
  /** Free text allowed (the contact wrote within 24 hours). */
  open: boolean;
  /** When the window closes (epoch ms); null when the contact never wrote. */
  closesAt: number | null;
}

export type InboxOption =
  | { inbox: CachedInbox; channel: Channel; eligible: true; whatsapp: WhatsappWindow | null }
  | { inbox: CachedInbox; channel: Channel; eligible: false; reason: IneligibleReason };

export interface Reachability {
  email: string | null;
  phone: string | null;
}

/** The window of one WhatsApp inbox: the newest incoming message among the contact's conversations there. */
export function whatsappWindow(inboxId: number, conversations: readonly Pick<ConversationRecord, 'inboxId' | 'lastIncomingAt'>[], now: number): WhatsappWindow {
  let last: number | null = null;
  for (const conversation of conversations) {
    if (conversation.inboxId !== inboxId || conversation.lastIncomingAt === null) continue;
    if (last === null || conversation.lastIncomingAt > last) last = conversation.lastIncomingAt;
  }
  if (last === null) return { open: false, closesAt: null };
  const closesAt = last + WHATSAPP_WINDOW_MS;
  return { open: now < closesAt, closesAt };
}

export function inboxOption(
  inbox: CachedInbox,
  contact: Reachability,
  links: readonly ContactInboxLink[],
  conversations: readonly Pick<ConversationRecord, 'inboxId' | 'lastIncomingAt'>[],
  now: number,
): InboxOption {
  const channel = channelOf(inbox.channelType, inbox.provider);
  const no = (reason: IneligibleReason): InboxOption => ({ inbox, channel, eligible: false, reason });
  switch (channel) {
    case 'email':
      return contact.email ? { inbox, channel, eligible: true, whatsapp: null } : no('no-email');
    case 'sms':
      return contact.phone ? { inbox, channel, eligible: true, whatsapp: null } : no('no-phone');
    case 'whatsapp':
      return contact.phone ? { inbox, channel, eligible: true, whatsapp: whatsappWindow(inbox.id, conversations, now) } : no('no-phone');
    case 'website':
      return links.some((link) => link.inboxId === inbox.id && link.hmacVerified) ? { inbox, channel, eligible: true, whatsapp: null } : no('not-identified');
    case 'api':
      return { inbox, channel, eligible: true, whatsapp: null };
    case 'unsupported':
      return no('unsupported-channel');
  }
}

/** Every inbox, offered ones first in Chatwoot's channel order, then by name; the rest after with their reason. */
export function inboxOptions(
  inboxes: readonly CachedInbox[],
  contact: Reachability,
  links: readonly ContactInboxLink[],
  conversations: readonly Pick<ConversationRecord, 'inboxId' | 'lastIncomingAt'>[],
  now: number,
): InboxOption[] {
  const options = inboxes.map((inbox) => inboxOption(inbox, contact, links, conversations, now));
  const rank = (option: InboxOption) => (option.eligible ? 0 : 1) * 100 + CHANNEL_ORDER.indexOf(option.channel);
  return options.sort((a, b) => rank(a) - rank(b) || a.inbox.name.localeCompare(b.inbox.name) || a.inbox.id - b.inbox.id);
}

/** Whether the composer needs a template for this option (WhatsApp with the window closed). */
export function needsTemplate(option: InboxOption): boolean {
  return option.eligible && option.whatsapp !== null && !option.whatsapp.open;
}

// ---------------------------------------------------------------------------------------------
// Templates

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholders of a template body, in first-appearance order, each once (`{{1}}`, `{{name}}`). */
export function templateParams(body: string): string[] {
  const seen: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!seen.includes(name)) seen.push(name);
  }
  return seen;
}

/** The body with each placeholder replaced by its value; a placeholder without one stays as written. */
export function renderTemplate(body: string, params: Readonly<Record<string, string>>): string {
  // A replacer function, not a replacement string: `$&` or `$1` typed by the user stay literal.
  return body.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? params[name]! : whole));
}

/** Templates that can be sent: approved ones (Meta rejects the rest). */
export function sendableTemplates(templates: readonly MessageTemplate[]): MessageTemplate[] {
  return templates.filter((template) => template.status.toUpperCase() === 'APPROVED');
}
