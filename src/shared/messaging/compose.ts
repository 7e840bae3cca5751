import { emailProblem, normalizeEmail } from '../validation/normalize';
import { needsTemplate, renderTemplate, sendableTemplates, templateParams, type InboxOption } from './eligibility';
import type { OutgoingMessage } from './records';

/**
 * The composer's validation (issue 9). Decisions where Chatwoot leaves it open:
 * - An email subject may be empty: Chatwoot sends it with the inbox's default subject, and the
 *   agent may mean that. It is capped at 255 characters (a mail header line, folded, stays sane).
 * - CC and BCC are lists of addresses separated by commas, semicolons or line breaks (what people
 *   paste from mail clients); each must pass the contact form's email rule.
 * - The message must have visible text, except for a WhatsApp template, whose text is the template.
 * - Every template placeholder needs a value.
 */

/** The server's message limit (Chatwoot validates `content` at 150,000 characters). */
export const MESSAGE_MAX_LENGTH = 150_000;
export const SUBJECT_MAX_LENGTH = 255;
/** Each of CC and BCC; Chatwoot has no limit, mail servers commonly refuse more than 100 recipients. */
export const MAX_RECIPIENTS = 50;

export interface ComposeDraft {
  inboxId: number | null;
  content: string;
  subject: string;
  cc: string;
  bcc: string;
  /** `name|language` of the chosen template, or null. */
  templateKey: string | null;
  templateParams: Record<string, string>;
}

export function emptyDraft(inboxId: number | null = null): ComposeDraft {
  return { inboxId, content: '', subject: '', cc: '', bcc: '', templateKey: null, templateParams: {} };
}

export type ComposeField = 'inbox' | 'content' | 'subject' | 'cc' | 'bcc' | 'template' | `param:${string}`;

export type ComposeErrorCode =
  | 'inbox-required'
  | 'inbox-unavailable'
  | 'content-required'
  | 'content-too-long'
  | 'subject-too-long'
  | 'email-invalid'
  | 'too-many-recipients'
  | 'template-required'
  | 'param-required';

export interface ComposeError {
  field: ComposeField;
  code: ComposeErrorCode;
  /** The offending address for `email-invalid`. */
  value?: string;
}

export type ComposeResult = { ok: true; message: OutgoingMessage } | { ok: false; errors: ComposeError[] };

export const templateKey = (template: { name: string; language: string }) => `${template.name}|${template.language}`;

/** Splits a CC/BCC field into normalised addresses (empty parts dropped, duplicates kept once). */
export function splitRecipients(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[,;\n\r]+/)) {
    const email = normalizeEmail(part);
    if (email && !out.includes(email)) out.push(email);
  }
  return out;
}

/** Whether the draft holds anything the user typed (Esc then asks before throwing it away). */
export function draftHasText(draft: ComposeDraft): boolean {
  return [draft.content, draft.subject, draft.cc, draft.bcc, ...Object.values(draft.templateParams)].some((text) => text.trim() !== '');
}

function visible(text: string): boolean {
  // Zero-width and other format characters alone are not a message.
  return text.replace(/[\s\p{Cf}]/gu, '') !== '';
}

export function validateDraft(option: InboxOption | undefined, draft: ComposeDraft): ComposeResult {
  const errors: ComposeError[] = [];
  if (draft.inboxId === null || !option) return { ok: false, errors: [{ field: 'inbox', code: 'inbox-required' }] };
  if (!option.eligible || option.inbox.id !== draft.inboxId) return { ok: false, errors: [{ field: 'inbox', code: 'inbox-unavailable' }] };

  let content = draft.content;
  let template: OutgoingMessage['template'] = null;
  if (needsTemplate(option)) {
    const chosen = sendableTemplates(option.inbox.messageTemplates ?? []).find((candidate) => templateKey(candidate) === draft.templateKey);
    if (!chosen) errors.push({ field: 'template', code: 'template-required' });
    else {
      const params: Record<string, string> = {};
      for (const name of templateParams(chosen.body)) {
        const value = (Object.hasOwn(draft.templateParams, name) ? draft.templateParams[name]! : '').trim();
        if (!visible(value)) errors.push({ field: `param:${name}`, code: 'param-required' });
        params[name] = value;
      }
      template = { name: chosen.name, language: chosen.language, category: chosen.category, params };
      content = renderTemplate(chosen.body, params);
    }
  } else if (!visible(content)) errors.push({ field: 'content', code: 'content-required' });
  if (content.length > MESSAGE_MAX_LENGTH) errors.push({ field: 'content', code: 'content-too-long' });

  let subject = '';
  let cc: string[] = [];
  let bcc: string[] = [];
  if (option.channel === 'email') {
    subject = draft.subject.trim();
    if (subject.length > SUBJECT_MAX_LENGTH) errors.push({ field: 'subject', code: 'subject-too-long' });
    for (const [field, raw] of [['cc', draft.cc], ['bcc', draft.bcc]] as const) {
      const list = splitRecipients(raw);
      for (const email of list) if (emailProblem(email)) errors.push({ field, code: 'email-invalid', value: email });
      if (list.length > MAX_RECIPIENTS) errors.push({ field, code: 'too-many-recipients' });
      if (field === 'cc') cc = list;
      else bcc = list;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, message: { inboxId: option.inbox.id, content: template ? content : content.trim(), subject, cc, bcc, template } };
}

/** The body of `POST /conversations` for a message (notes §6), once the contact has its server id. */
export function conversationRequest(contactServerId: number, message: OutgoingMessage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    inbox_id: message.inboxId,
    contact_id: contactServerId,
    message: {
      content: message.content,
      ...(message.cc.length > 0 ? { cc_emails: message.cc.join(',') } : {}),
      ...(message.bcc.length > 0 ? { bcc_emails: message.bcc.join(',') } : {}),
      ...(message.template
        ? {
            template_params: {
              name: message.template.name,
              category: message.template.category,
              language: message.template.language,
              processed_params: message.template.params,
            },
          }
        : {}),
    },
  };
  if (message.subject) body.additional_attributes = { mail_subject: message.subject };
  return body;
}
